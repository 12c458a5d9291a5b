// Checks the size/duration/expiry parsers against tables of Iggy's spellings (byte-unit and humantime rules), including rejected inputs and format→parse round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatByteSize,
  formatDuration,
  parseByteSize,
  parseDuration,
  parseExpiry,
  parseMaxTopicSize,
} from '../../../src/config/units.js';

test('parseByteSize accepts Iggy spellings', () => {
  const cases: Array<[string | number, number]> = [
    [0, 0],
    [4096, 4096],
    ['4096', 4096],
    ['0', 0],
    ['none', 0],
    ['unlimited', 0],
    ['1 GiB', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['1 giB', 1024 ** 3],
    ['1 Gib', 1024 ** 3 / 8], // lower-case b: gibibits
    ['512 MiB', 512 * 1024 ** 2],
    ['1 MiB', 1024 ** 2],
    ['100 KB', 100_000],
    ['100 kB', 100_000],
    ['2 MB', 2_000_000],
    ['4 GB', 4_000_000_000],
    ['500 MB', 500_000_000],
    ['10M', 10_000_000],
    ['8 KiB', 8192],
    ['100 Kb', 12_500],
    ['8 b', 1],
    ['1.5 KiB', 1536],
    ['1 TiB', 1024 ** 4],
    ['7 B', 7],
  ];
  for (const [input, bytes] of cases) assert.equal(parseByteSize(input), bytes, `parseByteSize(${JSON.stringify(input)})`);
});

test('parseByteSize rejects malformed sizes', () => {
  for (const input of ['', 'abc', '1 XB', '-1', '1 GiBs', 'GiB', '1,5 GiB', -5, 1.5]) {
    assert.throws(() => parseByteSize(input), Error, `parseByteSize(${JSON.stringify(input)})`);
  }
});

test('parseDuration accepts humantime spellings and returns milliseconds', () => {
  const cases: Array<[string | number, number]> = [
    ['30 s', 30_000],
    ['30s', 30_000],
    ['5s', 5000],
    ['1 m', 60_000],
    ['1M', 60_000], // lower-cased first, so M is minutes here
    ['1 m 30 s', 90_000],
    ['1m30s', 90_000],
    ['1 h', 3_600_000],
    ['7 days', 7 * 86_400_000],
    ['2 days 4 hours 15 minutes', 2 * 86_400_000 + 4 * 3_600_000 + 15 * 60_000],
    ['100ms', 100],
    ['250 msec', 250],
    ['1 week', 604_800_000],
    ['500us', 0.5],
    ['0', 0],
    ['0 s', 0],
    ['none', 0],
    ['disabled', 0],
    ['unlimited', 0],
    ['NONE', 0],
    [0, 0],
  ];
  for (const [input, ms] of cases) assert.equal(parseDuration(input), ms, `parseDuration(${JSON.stringify(input)})`);
});

test('parseDuration rejects durations without units and unknown units', () => {
  for (const input of ['30', '', 'soon', '5 fortnights', '1.5 s', 's', 30]) {
    assert.throws(() => parseDuration(input), Error, `parseDuration(${JSON.stringify(input)})`);
  }
});

test('parseExpiry maps never/server_default and keeps case (M = months)', () => {
  assert.equal(parseExpiry('none'), null);
  assert.equal(parseExpiry('unlimited'), null);
  assert.equal(parseExpiry('never_expire'), null);
  assert.equal(parseExpiry('server_default'), 'server_default');
  assert.equal(parseExpiry('default'), 'server_default');
  assert.equal(parseExpiry('1 h'), 3_600_000);
  assert.equal(parseExpiry('7 days'), 7 * 86_400_000);
  assert.equal(parseExpiry('1M'), 2_630_016_000);
  assert.throws(() => parseExpiry('200 years'), /maximum/);
  assert.throws(() => parseExpiry(5), Error);
});

test('parseMaxTopicSize maps unlimited to null and 0 to server_default', () => {
  assert.equal(parseMaxTopicSize('unlimited'), null);
  assert.equal(parseMaxTopicSize('0'), 'server_default');
  assert.equal(parseMaxTopicSize(0), 'server_default');
  assert.equal(parseMaxTopicSize('server_default'), 'server_default');
  assert.equal(parseMaxTopicSize('10 GiB'), 10 * 1024 ** 3);
  assert.equal(parseMaxTopicSize(2048), 2048);
});

test('formatByteSize and formatDuration round-trip through the parsers', () => {
  for (const bytes of [0, 1, 511, 512, 4096, 100_000, 2_000_000, 1024 ** 3, 4 * 1024 ** 3, 4_000_000_000, 123_457]) {
    assert.equal(parseByteSize(formatByteSize(bytes)), bytes, formatByteSize(bytes));
  }
  assert.equal(formatByteSize(1024 ** 3), '1 GiB');
  assert.equal(formatByteSize(100_000), '100 KB');
  for (const ms of [0, 1, 100, 1000, 90_000, 3_600_000, 7 * 86_400_000 + 1, 0.5, 1234.567]) {
    assert.equal(parseDuration(formatDuration(ms)), ms, formatDuration(ms));
  }
  assert.equal(formatDuration(90_000), '1m 30s');
});
