// Goal: the server's answers are byte-for-byte what wire-protocol.md says (§3, §4, §6, §7.8,
// §10-§15), independent of our codec: the SDK and the server share @iggy-node/protocol, so a
// layout bug in a shared record (e.g. compression and message_expiry swapped in the topic record)
// passes every SDK test but breaks every other SDK. Method: one server for the file, one raw TCP
// socket; each request frame is written by hand as hex, each response compared with a hand-
// written pattern in which only fields that legitimately vary are masked (XX / masked()):
// created_at and message timestamps, checksums (they cover the timestamp), client ids, PAT text.
// All 47 commands are sent at least once; those with empty answers are checked by their effect.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { RawConnection } from '../protocol/raw-connection.js';
import { assertBytes, literal, masked, pattern, str32, str8, u16, u32, type BytePattern } from './byte-pattern.js';

/** §3 request frame: u32 length (4 + payload), u32 code, payload; `code` and payload as hex text. */
function frame(code: string, ...payload: Array<string | BytePattern>): Buffer {
  const body = pattern(code, ...payload);
  assert.ok(body.fixed.every(Boolean), 'a request has no masked bytes');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.bytes.length, 0); // code (4 bytes) + payload
  return Buffer.concat([length, body.bytes]);
}

/** §4 success response: status 0, u32 payload length, payload. */
function ok(...payload: Array<string | BytePattern>): BytePattern {
  const body = pattern(...payload);
  return pattern('00 00 00 00', u32(body.bytes.length), body);
}

/** §4 error response: status = code, length 0, no payload. */
function error(code: string): BytePattern {
  return pattern(code, '00 00 00 00');
}

const CREATED_AT = masked(8); // µs since epoch: varies
const STREAM_0 = '01 04 00 00 00 00'; // §7.1 numeric id 0
const TOPIC_0 = '01 04 00 00 00 00';
const U64_MAX = 'FF FF FF FF FF FF FF FF';
const LOGIN_ROOT = frame('26 00 00 00', str8('iggy'), str8('iggy'), '00 00 00 00', '00 00 00 00'); // §6.2, empty version/context

describe('server responses match the reference bytes', () => {
  let server: TestServer;
  let raw: RawConnection;
  let clientId: Buffer;

  before(async () => {
    server = await startTestServer();
    raw = await RawConnection.open(server.host, server.port);
  });
  after(async () => {
    raw?.destroy();
    await server?.stop();
  });

  async function expect(request: Buffer, expected: BytePattern, what: string): Promise<Buffer> {
    const response = await raw.exchange(request, what);
    assertBytes(response, expected, what);
    return response;
  }

  it('Ping before login, then unauthenticated commands answer 40', async () => {
    await expect(frame('01 00 00 00'), ok(), 'Ping (§6.5)');
    await expect(frame('C9 00 00 00'), error('28 00 00 00'), 'GetStreams before login (§6.1)');
  });

  it('LoginUser answers the user id', async () => {
    await expect(frame('26 00 00 00', str8('iggy'), str8('wrong')), error('2A 00 00 00'), 'wrong password: 42');
    await expect(LOGIN_ROOT, ok('00 00 00 00'), 'LoginUser root (§6.2)');
  });

  it('stream record (§7.8, §10.3) and getters answering empty OK when absent (§4)', async () => {
    await expect(
      frame('CA 00 00 00', str8('s1')),
      ok('00 00 00 00', CREATED_AT, '00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00', str8('s1')),
      'CreateStream',
    );
    await expect(frame('CA 00 00 00', str8('s1')), error('F4 03 00 00'), 'CreateStream duplicate: 1012');
    await expect(frame('C8 00 00 00', '01 04 07 00 00 00'), ok(), 'GetStream of a missing stream: empty OK');
  });

  it('topic and partition records (§7.8, §11.3): expiry at offset 16, compression at 24', async () => {
    const partition = (id: string) => pattern(id, CREATED_AT, '00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00');
    await expect(
      frame(
        '2E 01 00 00', // 302 CreateTopic
        STREAM_0,
        '02 00 00 00', // 2 partitions
        '02', // gzip
        '00 87 93 03 00 00 00 00', // message_expiry 60 s
        U64_MAX, // max_topic_size unlimited
        '00', // replication not set
        str8('t1'),
      ),
      ok(
        '00 00 00 00', // id 0
        CREATED_AT,
        '02 00 00 00', // partitions_count
        '00 87 93 03 00 00 00 00', // 16: message_expiry
        '02', // 24: compression
        U64_MAX, // 25: max_topic_size
        '01', // 33: replication_factor stored as 1
        '00 00 00 00 00 00 00 00', // size
        '00 00 00 00 00 00 00 00', // messages
        str8('t1'),
        partition('00 00 00 00'),
        partition('01 00 00 00'),
      ),
      'CreateTopic',
    );
  });

  it('SendMessages then PollMessages: message layout (§15.1-§15.6)', async () => {
    await expect(
      frame(
        '65 00 00 00', // 101
        '16 00 00 00', // metadata length 22
        STREAM_0,
        TOPIC_0,
        '02 04 01 00 00 00', // §7.5 partition_id 1
        '02 00 00 00', // 2 messages
        '00 00 00 00 | 41 00 00 00 | 00 00 00 00 00 00 00 00', // ends at 65
        '00 00 00 00 | 83 00 00 00 | 00 00 00 00 00 00 00 00', // ends at 131
        '00 00 00 00 00 00 00 00 | 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', // checksum, id 1
        '00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 | 0B 00 00 00 00 00 00 00', // offset, timestamp, origin 11
        '00 00 00 00 | 01 00 00 00 | 00 00 00 00 00 00 00 00', // headers 0, payload 1, reserved
        '61', // "a"
        '00 00 00 00 00 00 00 00 | 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
        '00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 | 16 00 00 00 00 00 00 00', // origin 22
        '00 00 00 00 | 02 00 00 00 | 00 00 00 00 00 00 00 00',
        '62 63', // "bc"
      ),
      ok(),
      'SendMessages',
    );
    const message = (id: string, offset: string, origin: string, payloadLength: string, payload: string) =>
      pattern(masked(8) /* checksum covers the timestamp */, id, offset, masked(8) /* server timestamp */, origin, '00 00 00 00', payloadLength, '00 00 00 00 00 00 00 00', payload);
    const response = await expect(
      frame(
        '64 00 00 00', // 100
        '01 | 01 04 01 00 00 00', // consumer 1
        STREAM_0,
        TOPIC_0,
        '01 | 01 00 00 00', // partition 1
        '01 | 00 00 00 00 00 00 00 00', // offset 0
        '0A 00 00 00', // count 10
        '00', // no auto commit
      ),
      ok(
        '01 00 00 00', // partition
        '01 00 00 00 00 00 00 00', // current offset 1
        '02 00 00 00', // count
        message('01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00', '0B 00 00 00 00 00 00 00', '01 00 00 00', '61'),
        message('02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', '01 00 00 00 00 00 00 00', '16 00 00 00 00 00 00 00', '02 00 00 00', '62 63'),
      ),
      'PollMessages',
    );
    // §15.5: one timestamp per batch, written into every message.
    assert.deepEqual(response.subarray(8 + 16 + 32, 8 + 16 + 40), response.subarray(8 + 16 + 65 + 32, 8 + 16 + 65 + 40));
    await expect(
      frame('64 00 00 00', '01 | 01 04 01 00 00 00', STREAM_0, TOPIC_0, '01 | 00 00 00 00', '01 | 00 00 00 00 00 00 00 00', '0A 00 00 00', '00'),
      ok('00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 00 00'),
      'PollMessages on an empty partition: the 16-byte header with count 0',
    );
  });

  it('GetTopic, GetTopics, GetStream, GetStreams carry sizes and counts (§10.1, §11.1)', async () => {
    // Two messages of 64 + 1 and 64 + 2 bytes in partition 1.
    const topicRecord = pattern(
      '00 00 00 00', CREATED_AT, '02 00 00 00', '00 87 93 03 00 00 00 00', '02', U64_MAX, '01',
      '83 00 00 00 00 00 00 00', // size 131
      '02 00 00 00 00 00 00 00', // 2 messages
      str8('t1'),
    );
    await expect(
      frame('2C 01 00 00', STREAM_0, TOPIC_0),
      ok(
        topicRecord,
        '00 00 00 00', CREATED_AT, masked(4) /* segments_count */, '00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00',
        '01 00 00 00', CREATED_AT, masked(4), '01 00 00 00 00 00 00 00', '83 00 00 00 00 00 00 00', '02 00 00 00 00 00 00 00',
      ),
      'GetTopic',
    );
    await expect(frame('2D 01 00 00', STREAM_0), ok(topicRecord), 'GetTopics');
    const streamRecord = pattern('00 00 00 00', CREATED_AT, '01 00 00 00', '83 00 00 00 00 00 00 00', '02 00 00 00 00 00 00 00', str8('s1'));
    await expect(frame('C8 00 00 00', STREAM_0), ok(streamRecord, topicRecord), 'GetStream');
    await expect(frame('C9 00 00 00'), ok(streamRecord), 'GetStreams');
  });

  it('consumer offsets (§14.6, §14.7)', async () => {
    await expect(frame('79 00 00 00', '01 | 01 04 05 00 00 00', STREAM_0, TOPIC_0, '01 | 01 00 00 00', '01 00 00 00 00 00 00 00'), ok(), 'StoreConsumerOffset');
    await expect(
      frame('78 00 00 00', '01 | 01 04 05 00 00 00', STREAM_0, TOPIC_0, '01 | 01 00 00 00'),
      ok('01 00 00 00', '01 00 00 00 00 00 00 00', '01 00 00 00 00 00 00 00'),
      'GetConsumerOffset',
    );
    await expect(frame('78 00 00 00', '01 | 01 04 06 00 00 00', STREAM_0, TOPIC_0, '01 | 01 00 00 00'), ok(), 'GetConsumerOffset with nothing stored: empty OK');
  });

  it('consumer group and member records (§7.8, §14.1-§14.5)', async () => {
    await expect(frame('5A 02 00 00', STREAM_0, TOPIC_0, str8('g1')), ok('00 00 00 00', '02 00 00 00', '00 00 00 00', str8('g1')), 'CreateConsumerGroup');
    await expect(frame('5C 02 00 00', STREAM_0, TOPIC_0, '01 04 00 00 00 00'), ok(), 'JoinConsumerGroup');
    await expect(
      frame('58 02 00 00', STREAM_0, TOPIC_0, '02 02 67 31'),
      ok('00 00 00 00', '02 00 00 00', '01 00 00 00', str8('g1'), '00 00 00 00', '02 00 00 00', '00 00 00 00 | 01 00 00 00'),
      'GetConsumerGroup: one member holding both partitions',
    );
    await expect(frame('59 02 00 00', STREAM_0, TOPIC_0), ok('00 00 00 00', '02 00 00 00', '01 00 00 00', str8('g1')), 'GetConsumerGroups');
  });

  it('client records (§7.8, §12.2)', async () => {
    const address = str32(`127.0.0.1:${raw.socket.localPort}`);
    const me = await expect(frame('14 00 00 00'), ok(masked(4), '00 00 00 00', '01', address, '01 00 00 00', '00 00 00 00 | 00 00 00 00 | 00 00 00 00' /* stream 0, topic 0, group 0 */), 'GetMe');
    clientId = me.subarray(8, 12);
    await expect(frame('16 00 00 00'), ok(literal(clientId), '00 00 00 00', '01', address, '01 00 00 00'), 'GetClients: records without group entries');
    await expect(frame('15 00 00 00', literal(clientId)), ok(literal(clientId), '00 00 00 00', '01', address, '01 00 00 00', '00 00 00 00 | 00 00 00 00 | 00 00 00 00'), 'GetClient');
    await expect(frame('15 00 00 00', 'FE FF FF FF'), ok(), 'GetClient of an unknown id: empty OK');
  });

  it('user records and permissions (§7.7, §7.8, §13.1-§13.3)', async () => {
    // Stream 0: read_stream and poll; its topic 0: send.
    const blob = pattern('00 00 00 00 00 00 00 00 00 00', '01', '00 00 00 00', '00 01 00 00 01 00', '01', '00 00 00 00', '00 00 00 01', '00', '00');
    const details = pattern('01 00 00 00', CREATED_AT, '01', str8('user1'), '01', u32(blob.bytes.length), blob);
    await expect(frame('21 00 00 00', str8('user1'), str8('pass1'), '01', '01', u32(blob.bytes.length), blob), ok(details), 'CreateUser');
    await expect(frame('1F 00 00 00', '01 04 01 00 00 00'), ok(details), 'GetUser by id');
    await expect(frame('1F 00 00 00', '02 05 75 73 65 72 31'), ok(details), 'GetUser by name');
    await expect(frame('1F 00 00 00', '02 04 6E 6F 6E 65'), ok(), 'GetUser unknown: empty OK');
    await expect(frame('20 00 00 00'), ok('00 00 00 00', CREATED_AT, '01', str8('iggy'), '01 00 00 00', CREATED_AT, '01', str8('user1')), 'GetUsers');
    await expect(frame('21 00 00 00', str8('user2'), str8('pass2'), '02', '00'), ok('02 00 00 00', CREATED_AT, '02', str8('user2'), '00 00 00 00'), 'CreateUser without permissions: u32 0');
  });

  it('personal access tokens (§6.3, §7.8, §13.8, §13.9)', async () => {
    const created = await expect(frame('2A 00 00 00', str8('tok1'), '00 00 00 00 00 00 00 00'), ok('44', masked(68)), 'CreatePersonalAccessToken: str8 of 68 characters');
    const token = created.subarray(9).toString('latin1');
    assert.match(token, /^[A-Za-z0-9+/]{67}=$/, 'standard Base64 of 50 bytes (one = of padding)');
    await expect(frame('29 00 00 00'), ok(str8('tok1'), '00 00 00 00 00 00 00 00'), 'GetPersonalAccessTokens: expiry 0 = never');
    const other = await RawConnection.open(server.host, server.port);
    try {
      const response = await other.exchange(frame('2C 00 00 00', str8(token)), 'LoginWithPersonalAccessToken');
      assertBytes(response, ok('00 00 00 00'), 'LoginWithPersonalAccessToken');
      const unknown = await other.exchange(frame('2C 00 00 00', str8('not-a-token')), 'unknown token');
      assertBytes(unknown, error('14 00 00 00'), 'LoginWithPersonalAccessToken unknown: 20');
    } finally {
      other.destroy();
    }
  });

  it('GetStats (§12.1)', async () => {
    const response = await raw.exchange(frame('0A 00 00 00'), 'GetStats');
    const fixedPart = pattern(
      u32(server.pid), // 0: process_id
      masked(4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 + 8), // cpu, total cpu, memory, total, available, run_time, start_time, read, written
      '83 00 00 00 00 00 00 00', // 68: messages_size_bytes
      '01 00 00 00 | 01 00 00 00 | 02 00 00 00', // 76: streams, topics, partitions
      masked(4), // 88: segments_count
      '02 00 00 00 00 00 00 00', // 92: messages_count
      masked(4), // 100: clients_count (the other test connection may still be listed)
      '01 00 00 00', // 104: consumer groups
      str32(os.hostname()),
      str32(os.type()),
      str32(os.release()),
      str32(os.version()),
      str32('0.7.0'),
      '58 1B 00 00', // semver 7000
      '00 00 00 00', // cache metrics count
    );
    assertBytes(response, ok(fixedPart), 'GetStats');
    // start_time (44) is in the past and run_time (36) is not longer than the time since then.
    const payload = response.subarray(8);
    const nowMicros = BigInt(Date.now()) * 1000n;
    const startTime = payload.readBigUInt64LE(44);
    assert.ok(startTime > 0n && startTime <= nowMicros, `start_time ${startTime}`);
    assert.ok(payload.readBigUInt64LE(36) <= nowMicros - startTime + 1_000_000n, 'run_time');
    assert.ok(payload.readBigUInt64LE(20) >= payload.readBigUInt64LE(28), 'total memory >= available memory');
  });

  it('GetClusterMetadata (§12.4)', async () => {
    await expect(
      frame('0C 00 00 00'),
      ok(str32('single-node'), '01 00 00 00', str32('iggy-node'), str32('127.0.0.1'), u16(server.port), masked(6) /* quic, http, websocket: disabled here */, '00', '00'),
      'GetClusterMetadata',
    );
  });

  it('LogoutUser keeps the connection, unauthenticated (§6.4)', async () => {
    await expect(frame('27 00 00 00'), ok(), 'LogoutUser');
    await expect(frame('14 00 00 00'), error('28 00 00 00'), 'GetMe after logout: 40');
    await expect(LOGIN_ROOT, ok('00 00 00 00'), 'login again');
  });

  it('commands with empty responses (§4), checked by their effect and their error codes', async () => {
    // §11.5 UpdateTopic: compression none, expiry 120 s, unlimited, replication not set, same name.
    await expect(frame('30 01 00 00', STREAM_0, TOPIC_0, '01', '00 0E 27 07 00 00 00 00', U64_MAX, '00', str8('t1')), ok(), 'UpdateTopic');
    await expect(
      frame('2D 01 00 00', STREAM_0),
      ok('00 00 00 00', CREATED_AT, '02 00 00 00', '00 0E 27 07 00 00 00 00', '01', U64_MAX, '01', '83 00 00 00 00 00 00 00', '02 00 00 00 00 00 00 00', str8('t1')),
      'GetTopics after UpdateTopic',
    );
    await expect(frame('CC 00 00 00', STREAM_0, str8('s2')), ok(), 'UpdateStream');
    await expect(frame('92 01 00 00', STREAM_0, TOPIC_0, '01 00 00 00'), ok(), 'CreatePartitions 1');
    await expect(frame('93 01 00 00', STREAM_0, TOPIC_0, '01 00 00 00'), ok(), 'DeletePartitions 1');
    await expect(frame('93 01 00 00', STREAM_0, TOPIC_0, '05 00 00 00'), error('E3 07 00 00'), 'DeletePartitions more than exist: 2019');
    await expect(frame('66 00 00 00', STREAM_0, TOPIC_0, '01 00 00 00', '01'), ok(), 'FlushUnsavedBuffer with fsync');
    await expect(frame('F7 01 00 00', STREAM_0, TOPIC_0, '01 00 00 00', '01 00 00 00'), ok(), 'DeleteSegments (nothing sealed: still OK)');
    await expect(frame('7A 00 00 00', '01 | 01 04 05 00 00 00', STREAM_0, TOPIC_0, '01 | 01 00 00 00'), ok(), 'DeleteConsumerOffset');
    await expect(frame('7A 00 00 00', '01 | 01 04 05 00 00 00', STREAM_0, TOPIC_0, '01 | 01 00 00 00'), error('CD 0B 00 00'), 'DeleteConsumerOffset again: 3021');
    await expect(frame('5D 02 00 00', STREAM_0, TOPIC_0, '01 04 00 00 00 00'), ok(), 'LeaveConsumerGroup');
    await expect(frame('5D 02 00 00', STREAM_0, TOPIC_0, '01 04 00 00 00 00'), error('8E 13 00 00'), 'LeaveConsumerGroup again: 5006');
    await expect(frame('5B 02 00 00', STREAM_0, TOPIC_0, '01 04 00 00 00 00'), ok(), 'DeleteConsumerGroup');
    await expect(frame('59 02 00 00', STREAM_0, TOPIC_0), ok(), 'GetConsumerGroups: none left');
    await expect(frame('31 01 00 00', STREAM_0, TOPIC_0), ok(), 'PurgeTopic');
    await expect(frame('CD 00 00 00', STREAM_0), ok(), 'PurgeStream');
    await expect(
      frame('C9 00 00 00'),
      ok('00 00 00 00', CREATED_AT, '01 00 00 00', '00 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00', str8('s2')),
      'GetStreams: renamed, purged',
    );
    // Users: user2 (id 2) renamed, password changed, permissions removed, deleted.
    await expect(frame('23 00 00 00', '01 04 02 00 00 00', '01', str8('user3'), '01', '01'), ok(), 'UpdateUser');
    await expect(frame('25 00 00 00', '01 04 02 00 00 00', str8('pass2'), str8('pass3')), ok(), 'ChangePassword');
    await expect(frame('25 00 00 00', '01 04 02 00 00 00', str8('wrong'), str8('pass4')), error('2A 00 00 00'), 'ChangePassword with a wrong current one: 42');
    await expect(frame('24 00 00 00', '01 04 02 00 00 00', '00'), ok(), 'UpdatePermissions: none');
    await expect(frame('1F 00 00 00', '01 04 02 00 00 00'), ok('02 00 00 00', CREATED_AT, '01', str8('user3'), '00 00 00 00'), 'GetUser after the updates');
    await expect(frame('22 00 00 00', '01 04 02 00 00 00'), ok(), 'DeleteUser');
    await expect(frame('22 00 00 00', '01 04 00 00 00 00'), error('30 00 00 00'), 'DeleteUser root: 48');
    await expect(frame('1F 00 00 00', '01 04 02 00 00 00'), ok(), 'GetUser deleted: empty OK');
    await expect(frame('2B 00 00 00', str8('tok1')), ok(), 'DeletePersonalAccessToken');
    await expect(frame('2B 00 00 00', str8('tok1')), error('14 00 00 00'), 'DeletePersonalAccessToken unknown: 20');
    await expect(frame('2F 01 00 00', STREAM_0, TOPIC_0), ok(), 'DeleteTopic');
    await expect(frame('2C 01 00 00', STREAM_0, TOPIC_0), ok(), 'GetTopic deleted: empty OK');
    await expect(frame('CB 00 00 00', STREAM_0), ok(), 'DeleteStream');
    await expect(frame('CB 00 00 00', STREAM_0), error('F1 03 00 00'), 'DeleteStream again: 1009');
    await expect(frame('C9 00 00 00'), ok(), 'GetStreams: none');
  });

  it('GetSnapshot answers a ZIP archive (§12.3)', async () => {
    const response = await raw.exchange(frame('0B 00 00 00', '01', '01', '04'), 'GetSnapshot'); // stored, 1 type: test
    assertBytes(response.subarray(0, 8), pattern('00 00 00 00', masked(4)), 'GetSnapshot header');
    const zip = response.subarray(8);
    assert.equal(zip.length, response.readUInt32LE(4));
    assert.deepEqual([...zip.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'starts with a local file header');
    const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    assert.ok(endOfDirectory >= 0 && endOfDirectory + 22 <= zip.length, 'ends with an end-of-central-directory record');
    assert.ok(zip.includes(Buffer.from('test.txt')), 'one file per requested type, named <type>.txt');
  });
});

