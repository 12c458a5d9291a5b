// Checks the CLI's value parsers (sizes, durations, expiries, headers, identifiers, polling and
// partitioning choices) against Iggy's accepted spellings, valid and invalid inputs alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderKind, U64_MAX } from '@iggy-node/sdk';
import { CliArgsError } from '../src/args/cli-args-error.js';
import { formatByteSize, parseByteSize, parseMaxTopicSize } from '../src/args/parse-byte-size.js';
import { parseDurationMicros } from '../src/args/parse-duration.js';
import { formatExpiry, parseExpiryMicros } from '../src/args/parse-expiry.js';
import { parseHeaders } from '../src/args/parse-header.js';
import { parseIdentifier } from '../src/args/parse-identifier.js';
import { parseInteger, parseU64 } from '../src/args/parse-integer.js';
import { parsePartitioning } from '../src/args/parse-partitioning.js';
import { parseGlobalPermissions, parsePermissions, parseUserStatus } from '../src/args/parse-permissions.js';
import { humanizeRecord } from '../src/output/humanize.js';
import { summarizePermissions } from '../src/output/summarize-permissions.js';
import { parsePollingStrategy } from '../src/args/parse-polling-strategy.js';
import { parseServerAddress } from '../src/parse-server-address.js';

const S = 1_000_000n;

test('byte sizes: decimal and binary units, fractions, unlimited and server default', () => {
  assert.equal(parseByteSize('1 GiB'), 1024n ** 3n);
  assert.equal(parseByteSize('1GB'), 1_000_000_000n);
  assert.equal(parseByteSize('500mb'), 500_000_000n);
  assert.equal(parseByteSize('1.5 KiB'), 1536n);
  assert.equal(parseByteSize('42'), 42n);
  assert.equal(parseMaxTopicSize('unlimited'), U64_MAX);
  assert.equal(parseMaxTopicSize('server_default'), 0n);
  assert.equal(parseMaxTopicSize('0'), 0n);
  assert.equal(parseMaxTopicSize('10 MiB'), 10n * 1024n * 1024n);
  for (const bad of ['', 'GiB', '1 GiBs', '-1 MB', '1,5 MB', 'lots']) {
    assert.throws(() => parseByteSize(bad), CliArgsError, bad);
  }
  assert.equal(formatByteSize(U64_MAX), 'unlimited');
  assert.equal(formatByteSize(1024n ** 3n), '1.00 GiB');
});

test('durations: humantime units, combined components, units required', () => {
  assert.equal(parseDurationMicros('1h'), 3600n * S);
  assert.equal(parseDurationMicros('15days'), 15n * 86_400n * S);
  assert.equal(parseDurationMicros('1day 1hour 1min 1sec'), (86_400n + 3600n + 60n + 1n) * S);
  assert.equal(parseDurationMicros('1h30m'), 5400n * S);
  assert.equal(parseDurationMicros('250ms'), 250_000n);
  assert.equal(parseDurationMicros('1M'), 2_630_016n * S);
  for (const bad of ['', '10', '1 fortnight', 'h', '1h x']) assert.throws(() => parseDurationMicros(bad), CliArgsError, bad);
});

test('expiry: none/unlimited never expire, server_default is 0, durations capped at u32::MAX seconds', () => {
  assert.equal(parseExpiryMicros('none'), U64_MAX);
  assert.equal(parseExpiryMicros('unlimited'), U64_MAX);
  assert.equal(parseExpiryMicros('never_expire'), U64_MAX);
  assert.equal(parseExpiryMicros('server_default'), 0n);
  assert.equal(parseExpiryMicros('1h'), 3600n * S);
  assert.throws(() => parseExpiryMicros('200years'), CliArgsError);
  assert.throws(() => parseExpiryMicros('never'), CliArgsError);
  assert.equal(formatExpiry(U64_MAX), 'never');
  assert.equal(formatExpiry(5400n * S), '1h 30m');
});

test('headers: key:kind:value, comma separated, typed values', () => {
  const headers = parseHeaders(['trace:string:abc:def,n:uint32:7', 'flag:bool:true', 'big:int64:-5', 'f:Float64:1.5']);
  assert.deepEqual(Object.keys(headers), ['trace', 'n', 'flag', 'big', 'f']);
  assert.equal(headers['trace']!.kind, HeaderKind.String);
  assert.equal(headers['trace']!.value.toString(), 'abc:def');
  assert.equal(headers['n']!.kind, HeaderKind.Uint32);
  assert.equal(headers['n']!.value.readUInt32LE(0), 7);
  assert.equal(headers['flag']!.value[0], 1);
  assert.equal(headers['big']!.value.readBigInt64LE(0), -5n);
  assert.equal(headers['f']!.value.readDoubleLE(0), 1.5);
  for (const bad of ['nokind', 'k:string', ':string:x', 'k:uint8:256', 'k:int8:x', 'k:bool:yes', 'k:nosuch:1', 'k:string:']) {
    assert.throws(() => parseHeaders([bad]), CliArgsError, bad);
  }
});

test('identifiers: digits within u32 are numeric, anything else a name', () => {
  assert.equal(parseIdentifier('7'), 7);
  assert.equal(parseIdentifier('prod'), 'prod');
  assert.equal(parseIdentifier('4294967296'), '4294967296');
  assert.throws(() => parseIdentifier(''), CliArgsError);
  assert.throws(() => parseIdentifier('x'.repeat(256)), CliArgsError);
});

test('integers and u64 values reject fractions, signs and out-of-range values', () => {
  assert.equal(parseInteger('3', 'count', 1), 3);
  assert.throws(() => parseInteger('0', 'count', 1), CliArgsError);
  assert.throws(() => parseInteger('1.5', 'count'), CliArgsError);
  assert.throws(() => parseInteger('-1', 'count'), CliArgsError);
  assert.equal(parseU64('18446744073709551615', 'offset'), U64_MAX);
  assert.throws(() => parseU64('18446744073709551616', 'offset'), CliArgsError);
});

test('polling strategy: exactly one of the five flags', () => {
  assert.deepEqual(parsePollingStrategy({ offset: '5' }), { kind: 'offset', value: 5n });
  assert.deepEqual(parsePollingStrategy({ first: true }), { kind: 'first', value: 0n });
  assert.deepEqual(parsePollingStrategy({ next: true, first: false }), { kind: 'next', value: 0n });
  assert.deepEqual(parsePollingStrategy({ timestamp: '1000' }), { kind: 'timestamp', value: 1000n });
  assert.throws(() => parsePollingStrategy({}), CliArgsError);
  assert.throws(() => parsePollingStrategy({ offset: '0', last: true }), CliArgsError);
  assert.throws(() => parsePollingStrategy({ offset: 'x' }), CliArgsError);
});

test('partitioning: partition id, message key, balanced, not both', () => {
  assert.deepEqual(parsePartitioning('2', undefined), { kind: 'partition_id', partitionId: 2 });
  assert.deepEqual(parsePartitioning(undefined, 'k'), { kind: 'messages_key', key: Buffer.from('k') });
  assert.deepEqual(parsePartitioning(undefined, undefined), { kind: 'balanced' });
  assert.throws(() => parsePartitioning('1', 'k'), CliArgsError);
});

test('permissions, user status and server address', () => {
  assert.equal(parseGlobalPermissions(undefined), null);
  const some = parseGlobalPermissions('read_streams,poll_messages')!;
  assert.equal(some.global.readStreams, true);
  assert.equal(some.global.pollMessages, true);
  assert.equal(some.global.manageServers, false);
  assert.equal(Object.values(parseGlobalPermissions('all')!.global).every(Boolean), true);
  assert.throws(() => parseGlobalPermissions('read_everything'), CliArgsError);
  assert.equal(parseUserStatus('inactive'), 2);
  assert.throws(() => parseUserStatus('gone'), CliArgsError);
  assert.deepEqual(parseServerAddress('127.0.0.1:8090'), { host: '127.0.0.1', port: 8090 });
  assert.deepEqual(parseServerAddress('[::1]:9000'), { host: '::1', port: 9000 });
  for (const bad of ['localhost', 'h:0', 'h:70000', ':80']) assert.throws(() => parseServerAddress(bad), CliArgsError, bad);
});

test("stream and topic permissions in Iggy's STREAM_ID[:PERMS][#TOPIC_ID[:PERMS]] form, short and long names", () => {
  const permissions = parsePermissions('p_msg,s_msg', ['4:manage_stream,r_top#1:s_msg,p_msg#2', '7'])!;
  assert.equal(permissions.global.pollMessages, true);
  assert.equal(permissions.global.manageUsers, false);
  const stream = permissions.streams.get(4)!;
  assert.equal(stream.manageStream, true);
  assert.equal(stream.readTopics, true);
  assert.equal(stream.sendMessages, false);
  assert.deepEqual(stream.topics.get(1), { manageTopic: false, readTopic: false, pollMessages: true, sendMessages: true });
  assert.deepEqual(stream.topics.get(2), { manageTopic: false, readTopic: false, pollMessages: false, sendMessages: false });
  assert.equal(permissions.streams.get(7)!.readStream, false);
  assert.equal(summarizePermissions(permissions), 'global: p_msg,s_msg; stream 4: m_str,r_top (topic 1: p_msg,s_msg; topic 2: none); stream 7: none');
  assert.throws(() => parsePermissions(undefined, ['x:r_str']), /invalid stream ID "x"/);
  assert.throws(() => parsePermissions(undefined, ['1:r_str#2:fly']), /unknown topic permission "fly"/);
  assert.equal(parsePermissions(undefined, []), null);
});

test('table values are humanized: dates, sizes, expiry, enum names; raw values stay for JSON', () => {
  const createdAt = BigInt(Date.UTC(2026, 0, 2, 3, 4, 5)) * 1000n;
  const human = humanizeRecord({
    createdAt, sizeBytes: 1536n, maxTopicSize: 18446744073709551615n, messageExpiry: 5_400_000_000n,
    compressionAlgorithm: 2, status: 1, transport: 1, userId: null, partitions: [{ id: 1 }, { id: 2 }], count: 7n,
  });
  assert.match(String(human.createdAt), /^2026-01-0[12] \d\d:04:05$/);
  assert.equal(human.sizeBytes, '1.50 KiB');
  assert.equal(human.maxTopicSize, 'unlimited');
  assert.equal(human.messageExpiry, '1h 30m');
  assert.equal(human.compressionAlgorithm, 'gzip');
  assert.equal(human.status, 'active');
  assert.equal(human.transport, 'tcp');
  assert.equal(human.userId, '(not logged in)');
  assert.equal(human.partitions, '2 entries');
  assert.equal(human.count, 7n);
});
