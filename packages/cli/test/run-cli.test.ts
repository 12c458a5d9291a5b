// Runs the CLI in-process without a server: refused command lines exit 2 with a message and never
// connect, a refused connection exits 1 with "error <code> <name>", and the output formats render.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IggyError } from '@iggy-node/sdk';
import { runCli, formatIggyError } from '../src/run-cli.js';
import { Output } from '../src/output/output.js';
import { renderTable } from '../src/output/render-table.js';
import { collectIo } from './collect-io.js';

// Port 1 on loopback refuses connections, so any command that got past validation would exit 1.
const NO_SERVER = ['--tcp-server-address', '127.0.0.1:1'];

async function run(args: string[], stdin = '') {
  const io = collectIo(stdin);
  const code = await runCli([...args, ...NO_SERVER], io, {});
  return { code, out: io.out, err: io.err };
}

test('refused command lines exit 2 before connecting', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['topic', 'create', '1', 't', 'abc'], /invalid partitions count "abc"/],
    [['topic', 'create', '1', 't', '1', '--message-expiry', '5parsecs'], /unknown unit "parsecs"/],
    [['topic', 'create', '1', 't', '1', '--max-topic-size', 'huge'], /invalid size "huge"/],
    [['message', 'poll', '1', '1', '0'], /exactly one of --offset/],
    [['message', 'poll', '1', '1', '0', '--first', '--last'], /exactly one of --offset/],
    [['message', 'send', '1', '1', 'a', '--partition-id', '1', '--message-key', 'k'], /not both/],
    [['message', 'send', '1', '1', 'a', '--headers', 'broken'], /expected key:kind:value/],
    [['message', 'send', '1', '1'], /no messages to send/],
    [['user', 'create', 'u', 'p', '--global-permissions', 'everything'], /unknown global permission/],
    [['stream'], /choose a stream command/],
    [['nosuch'], /Unknown argument: nosuch/],
    [['stream', 'get'], /Not enough non-option arguments/],
    [['ping', '--output', 'xml'], /Invalid values/],
  ];
  for (const [args, pattern] of cases) {
    const result = await run(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.err}`);
    assert.match(result.err, pattern, args.join(' '));
  }
});

test('a refused connection exits 1 with the error code and name first', async () => {
  const result = await run(['stream', 'list']);
  assert.equal(result.code, 1);
  assert.match(result.err, /^error 9 cannot_establish_connection: /);
});

test('formatIggyError drops the repeated name and code from the message', () => {
  const text = formatIggyError(new IggyError(1009, 'stream 7'));
  assert.match(text, /^error 1009 stream_id_not_found: .*stream 7$/);
  assert.doesNotMatch(text, /\(stream_id_not_found, 1009\)/);
});

test('json output turns bigints into strings and Maps into objects; tables pad columns', () => {
  const io = collectIo();
  new Output(io, 'json', false).record({ offset: 18446744073709551615n, streams: new Map([[1, { a: 1n }]]) });
  assert.deepEqual(JSON.parse(io.out), { offset: '18446744073709551615', streams: { '1': { a: '1' } } });
  const table = renderTable(['id', 'name'], [[1, 'alpha'], [22n, 'b']]);
  assert.deepEqual(table.split('\n'), [
    '+----+-------+',
    '| id | name  |',
    '+----+-------+',
    '| 1  | alpha |',
    '| 22 | b     |',
    '+----+-------+',
  ]);
});

test('--quiet drops status lines; json mode sends them to stderr', () => {
  const quiet = collectIo();
  new Output(quiet, 'table', true).info('Stream created');
  assert.equal(quiet.out + quiet.err, '');
  const json = collectIo();
  new Output(json, 'json', false).info('Stream created');
  assert.equal(json.out, '');
  assert.equal(json.err, 'Stream created\n');
});
