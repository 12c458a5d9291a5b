// system.logging.level is Iggy's RUST_LOG-style directive list: a default and target=level parts
// that apply to a module and everything below it, the most specific winning. Method: parse
// directive strings and ask the level of module names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelForTarget, mostVerboseLevel, parseLogDirectives } from '../../../src/logging/log-level.js';

test('logging: a target directive applies to the module and its descendants only', () => {
  const directives = parseLogDirectives('warn,server::storage=debug');
  assert.equal(levelForTarget(directives, 'server::storage'), 'debug');
  assert.equal(levelForTarget(directives, 'server::storage::segment'), 'debug');
  assert.equal(levelForTarget(directives, 'server::storage2'), 'warn', 'a prefix that is not a path segment does not match');
  assert.equal(levelForTarget(directives, 'server::shard'), 'warn');
  assert.equal(mostVerboseLevel(directives), 'debug');
});

test('logging: the most specific target wins regardless of order; no default means info', () => {
  const directives = parseLogDirectives('server::storage=trace, server=error');
  assert.equal(levelForTarget(directives, 'server::storage'), 'trace');
  assert.equal(levelForTarget(directives, 'server::coordinator'), 'error');
  assert.equal(levelForTarget(directives, 'iggy'), 'info');
  assert.equal(levelForTarget(parseLogDirectives('off,server::tcp=WARN'), 'server::tcp'), 'warn');
  assert.equal(levelForTarget(parseLogDirectives('off'), 'server'), 'silent');
  assert.equal(mostVerboseLevel(parseLogDirectives('off')), 'fatal', 'a destination still needs a real level');
});

test('logging: bad directives are refused with the offending part named', () => {
  assert.throws(() => parseLogDirectives(''), /empty/);
  assert.throws(() => parseLogDirectives('loud'), /unknown log level "loud"/);
  assert.throws(() => parseLogDirectives('info,server=loud'), /for target "server"/);
  assert.throws(() => parseLogDirectives('=debug'), /no target/);
});
