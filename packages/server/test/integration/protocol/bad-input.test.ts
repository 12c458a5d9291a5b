// bad-input: malformed frames and payloads (unknown code, hostile or short length fields,
// truncated frames, bad names, inconsistent SendMessages batches, bad identifiers, garbage) get
// the exact reaction (close, or the error code with the connection kept open) and never disturb
// the server or other connections; method: one server for the file, each case over a raw socket
// or the SDK's sendRaw, then an observer connection opened at the start must still ping and poll
// and a new connection must still log in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CommandCode,
  ErrorCode,
  IggyError,
  encodeLoginUserRequest,
  encodeRequestHeader,
  encodeSendMessagesRequest,
  type SendMessage,
} from '@iggy-node/protocol';
import { Consumer, IggyClient, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { RawConnection, seededBytes } from './raw-connection.js';

const STREAM_NAME = 'bad-input';
const TOPIC_NAME = 'events';
const SEED_MESSAGES = buildMessages(5, 200, { prefix: 'seed' });
/** A command code no Iggy version defines. */
const UNKNOWN_CODE = 9999;
/** The server's frame bound is 128 MiB; a memory blow-up from one hostile header would be far above this. */
const RSS_GROWTH_BYTES_MAX = 100 * 1024 * 1024;
const GARBAGE_SIZE_BYTES = 64 * 1024;
const GARBAGE_CONNECTIONS_COUNT = 50;
const GOOD_BATCHES_COUNT = 100;
const GOOD_BATCH_MESSAGES_COUNT = 10;

let server: TestServer;
/** Opened before any bad input and kept open: it must keep working through every case. */
let observer: IggyClient;
let streamId: number;
let topicId: number;

before(async () => {
  server = await startTestServer();
  observer = await server.binaryClient();
  streamId = (await observer.createStream(STREAM_NAME)).id;
  topicId = (await observer.createTopic({ streamId, name: TOPIC_NAME, partitionsCount: 1 })).id;
  await observer.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(0), messages: SEED_MESSAGES });
});

after(async () => {
  assert.equal(await server.stop(), 0, 'clean exit on SIGTERM');
});

/** The observer still pings and polls the seed messages, and a brand-new connection logs in. */
async function assertServerHealthy(): Promise<void> {
  await observer.ping();
  const polled = await observer.pollMessages({
    consumer: Consumer.single(1),
    streamId,
    topicId,
    partitionId: 0,
    strategy: PollingStrategy.offset(0),
    count: SEED_MESSAGES.length,
    autoCommit: false,
  });
  assertPolledMatch(polled.messages, SEED_MESSAGES, { firstOffset: 0n });
  const fresh = new IggyClient({ host: server.host, port: server.port, credentials: { username: 'iggy', password: 'iggy' }, heartbeatIntervalMs: 0 });
  try {
    await fresh.connect();
    const me = await fresh.getMe();
    assert.equal(me.userId, 0, 'the new connection is logged in as root');
  } finally {
    await fresh.close();
  }
}

/** An SDK client that is logged in and never reconnects, so a closed connection stays visible. */
function probeClient(): Promise<IggyClient> {
  return server.binaryClient({ reconnect: { enabled: false, retries: 0, intervalMs: 0 }, heartbeatIntervalMs: 0 });
}

async function openRaw(): Promise<RawConnection> {
  return RawConnection.open(server.host, server.port);
}

async function openRawLoggedIn(): Promise<RawConnection> {
  const connection = await openRaw();
  const login = await connection.request(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy', version: null, context: null }));
  assert.equal(login.status, 0, 'raw login');
  return connection;
}

async function assertClosedWithoutResponse(connection: RawConnection, what: string): Promise<void> {
  await connection.waitClosed(`the server to close the connection after ${what}`);
  assert.equal(connection.received.length, 0, `no response to ${what}`);
}

/** A SendMessages payload with numeric ids; `count` overrides the messages_count field. */
function sendMessagesPayload(messages: SendMessage[], count = messages.length): Buffer {
  const payload = encodeSendMessagesRequest({ streamId, topicId, partitioning: Partitioning.partitionId(0), messages });
  const metadataLength = payload.readUInt32LE(0);
  // messages_count is the last field of the metadata section.
  payload.writeUInt32LE(count, 4 + metadataLength - 4);
  return payload;
}

/** Byte position of the index section and of the messages section in a SendMessages payload. */
function sendMessagesLayout(payload: Buffer, messagesCount: number): { indexesAt: number; messagesAt: number } {
  const indexesAt = 4 + payload.readUInt32LE(0);
  return { indexesAt, messagesAt: indexesAt + 16 * messagesCount };
}

test('an unknown command code closes the connection without a response', async () => {
  const unauthenticated = await openRaw();
  await unauthenticated.write(encodeRequestHeader(UNKNOWN_CODE, 0));
  await assertClosedWithoutResponse(unauthenticated, 'an unknown code before login');

  const loggedIn = await openRawLoggedIn();
  await loggedIn.write(Buffer.concat([encodeRequestHeader(UNKNOWN_CODE, 3), Buffer.from([1, 2, 3])]));
  await assertClosedWithoutResponse(loggedIn, 'an unknown code after login');

  // Over QUIC Iggy answers an unknown code on its stream and keeps the connection (quic-bad-input.test.ts).
  if (server.transport !== 'quic') {
    const client = await probeClient();
    await assert.rejects(client.sendRaw(UNKNOWN_CODE), (error: unknown) => IggyError.is(error) && error.code === ErrorCode.ConnectionClosed);
    assert.equal(client.connected, false);
    await client.close();
  }
  await assertServerHealthy();
});

test('a length field of 2^31 closes the connection at once and allocates nothing', async () => {
  const rssBefore = (await observer.getStats()).memoryUsage;
  for (const length of [2 ** 31, 0xffff_ffff]) {
    const connection = await openRawLoggedIn();
    const header = Buffer.alloc(8);
    header.writeUInt32LE(length, 0);
    header.writeUInt32LE(CommandCode.SendMessages, 4);
    await connection.write(header);
    // Some payload bytes behind the header, as a real sender would stream them.
    await connection.write(Buffer.alloc(1024 * 1024, 0xab));
    await assertClosedWithoutResponse(connection, `a length field of ${length}`);
  }
  const rssAfter = (await observer.getStats()).memoryUsage;
  assert.ok(rssAfter - rssBefore < BigInt(RSS_GROWTH_BYTES_MAX), `server RSS grew from ${rssBefore} to ${rssAfter} bytes`);
  await assertServerHealthy();
});

test('before login a frame over 1 MiB closes the connection; after login the same frame is read', async () => {
  // Only Ping and the two logins work before login, each under 1 KiB: an anonymous connection
  // must not make the server buffer a large frame.
  const anonymous = await openRaw();
  await anonymous.write(encodeRequestHeader(CommandCode.SendMessages, 2 * 1024 * 1024));
  await assertClosedWithoutResponse(anonymous, 'a 2 MiB frame before login');

  // After login the same size is read in full and answered (here: a topic that does not exist,
  // so the shared partition of this file is left as it is).
  const loggedIn = await openRawLoggedIn();
  const big = encodeSendMessagesRequest({
    streamId,
    topicId: 'no-such-topic',
    partitioning: Partitioning.partitionId(0),
    messages: [{ payload: Buffer.alloc(2 * 1024 * 1024, 0x62) }],
  });
  const response = await loggedIn.request(CommandCode.SendMessages, big);
  assert.equal(response.status, ErrorCode.TopicIdNotFound, 'a logged-in connection may send a 2 MiB frame');
  await assertServerHealthy();
});

test('a length field below 4 closes the connection', async () => {
  for (const length of [0, 1, 2, 3]) {
    const connection = await openRaw();
    const header = Buffer.alloc(8);
    header.writeUInt32LE(length, 0);
    header.writeUInt32LE(CommandCode.Ping, 4);
    await connection.write(header);
    await assertClosedWithoutResponse(connection, `a length field of ${length}`);
  }
  await assertServerHealthy();
});

test('a truncated frame then end of stream leaves the server and other connections unaffected', async () => {
  const connection = await openRawLoggedIn();
  // The header announces 100 payload bytes; only 10 follow.
  await connection.write(Buffer.concat([encodeRequestHeader(CommandCode.CreateStream, 100), Buffer.alloc(10, 0x61)]));
  // While the frame is incomplete the server waits for it (no answer, no close) and serves others.
  await assertServerHealthy();
  assert.equal(connection.isClosed, false, 'an incomplete frame is waited for');
  assert.equal(connection.received.length, 0, 'an incomplete frame is not answered');
  const address = `127.0.0.1:${connection.socket.localPort}`;
  assert.ok((await observer.getClients()).some((client) => client.address === address), `${address} is listed while open`);
  connection.socket.end();
  await assertClosedWithoutResponse(connection, 'a truncated frame and end of stream');
  assert.equal((await observer.getStreams()).length, 1, 'the partial CreateStream was never run');
  // The half-sent connection is forgotten: its address leaves the client list (removal can lag
  // the close by a moment when the list is gathered from several shards).
  for (let attempt = 0; ; attempt++) {
    const addresses = (await observer.getClients()).map((client) => client.address);
    if (!addresses.includes(address)) break;
    assert.ok(attempt < 100, `the truncated connection ${address} left the client list: [${addresses.join(', ')}]`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await assertServerHealthy();
});

test('invalid and oversize names are answered with their error codes and the connection stays open', async () => {
  const client = await probeClient();
  // CreateStream: below the 2-byte minimum payload (§8.1) is 3; a name of length 0 is 1013.
  assert.equal((await client.sendRaw(CommandCode.CreateStream, Buffer.from([0]))).status, ErrorCode.InvalidCommand);
  assert.equal((await client.sendRaw(CommandCode.CreateStream, Buffer.from([0, 0]))).status, ErrorCode.InvalidStreamName);
  // CreateTopic whose str8 name claims 200 bytes with 3 present: the length byte runs past the payload.
  const createTopic = Buffer.alloc(6 + 4 + 1 + 8 + 8 + 1 + 1 + 3);
  let at = 0;
  at = createTopic.writeUInt8(1, at); // numeric stream id
  at = createTopic.writeUInt8(4, at);
  at = createTopic.writeUInt32LE(streamId, at);
  at = createTopic.writeUInt32LE(1, at); // partitions
  at = createTopic.writeUInt8(1, at); // compression: none
  at += 16; // message expiry, max topic size: server defaults
  at = createTopic.writeUInt8(0, at); // replication factor
  at = createTopic.writeUInt8(200, at);
  createTopic.write('abc', at);
  assert.equal((await client.sendRaw(CommandCode.CreateTopic, createTopic)).status, ErrorCode.InvalidCommand);
  await client.ping();
  assert.equal((await client.getStreams()).length, 1, 'nothing was created');
  assert.equal((await client.getTopics(streamId)).length, 1, 'nothing was created');
  await client.close();

  // LoginUser before login, on a raw socket: 51-byte username is 43, 101-byte password is 44.
  const connection = await openRaw();
  const login = (username: Buffer, password: Buffer) =>
    Buffer.concat([Buffer.from([username.length]), username, Buffer.from([password.length]), password]);
  assert.equal((await connection.request(CommandCode.LoginUser, login(Buffer.alloc(51, 0x61), Buffer.from('iggy')))).status, ErrorCode.InvalidUsername);
  assert.equal((await connection.request(CommandCode.LoginUser, login(Buffer.from('iggy'), Buffer.alloc(101, 0x61)))).status, ErrorCode.InvalidPassword);
  assert.equal((await connection.request(CommandCode.Ping)).status, 0, 'the connection answers after the refused logins');
  assert.equal((await connection.request(CommandCode.LoginUser, login(Buffer.from('iggy'), Buffer.from('iggy')))).status, 0, 'and can log in');
  connection.destroy();
  await assertServerHealthy();
});

test('SendMessages with a wrong message count or a broken index is refused with the batch error code', async () => {
  const client = await probeClient();
  const messages = buildMessages(3, 100, { prefix: 'refused' });
  const expectStatus = async (payload: Buffer, code: number, what: string) => {
    assert.equal((await client.sendRaw(CommandCode.SendMessages, payload)).status, code, what);
    await client.ping(); // parse and validation errors keep the connection open
  };

  // The index section is messages_count × 16 bytes, so a wrong count moves the boundary between
  // the index and the messages sections rather than producing a separate count error (4035 can
  // only follow from a section that is not a multiple of 16, which this framing cannot express).
  await expectStatus(sendMessagesPayload(messages, 0), ErrorCode.InvalidMessagesCount, 'count 0 is 4009');
  // Fewer than present: the unclaimed index entries are read as messages; the records then do
  // not add up to the messages section.
  await expectStatus(sendMessagesPayload(messages, 2), ErrorCode.InvalidMessagesSize, 'count 2 with 3 messages is 4036');
  await expectStatus(sendMessagesPayload(messages, 1), ErrorCode.InvalidMessagesSize, 'count 1 with 3 messages is 4036');
  // One more than present: the extra index entry is taken from the first message, which shifts
  // every header by 16 bytes; the payload bytes 0x7f7f7f7f then read as a payload length.
  const filled = [1, 2, 3].map(() => ({ payload: Buffer.alloc(100, 0x7f) }));
  await expectStatus(sendMessagesPayload(filled, 4), ErrorCode.TooBigMessagePayload, 'count 4 with 3 messages is 4022');
  // So many that the index section cannot fit the payload: a structural error, 3.
  await expectStatus(sendMessagesPayload(messages, 1000), ErrorCode.InvalidCommand, 'count 1000 with 3 messages is 3');

  const nonZeroOffset = sendMessagesPayload(messages);
  nonZeroOffset.writeUInt32LE(7, sendMessagesLayout(nonZeroOffset, 3).indexesAt + 16);
  await expectStatus(nonZeroOffset, ErrorCode.NonZeroOffset, 'a non-zero index offset is 4031');

  // The last message's payload_length runs past the end of its region and of the payload.
  const pastEnd = sendMessagesPayload(messages);
  const layout = sendMessagesLayout(pastEnd, 3);
  const lastStart = pastEnd.readUInt32LE(layout.indexesAt + 16 + 4);
  pastEnd.writeUInt32LE(5000, layout.messagesAt + lastStart + 52);
  await expectStatus(pastEnd, ErrorCode.MissingIndex, 'payload_length past the end is 4033');

  // An index position past the messages section.
  const positionPastEnd = sendMessagesPayload(messages);
  positionPastEnd.writeUInt32LE(positionPastEnd.length, sendMessagesLayout(positionPastEnd, 3).indexesAt + 2 * 16 + 4);
  await expectStatus(positionPastEnd, ErrorCode.MissingIndex, 'an index position past the section is 4033');

  // None of the refused batches was appended: the partition still holds only the seed messages.
  const polled = await client.pollMessages({
    consumer: Consumer.single(1), streamId, topicId, partitionId: 0, strategy: PollingStrategy.offset(0), count: 100, autoCommit: false,
  });
  assert.equal(polled.count, SEED_MESSAGES.length);
  await client.close();
  await assertServerHealthy();
});

test('an identifier of kind 3 is 6 (invalid identifier)', async () => {
  const client = await probeClient();
  const kind3 = Buffer.from([3, 4, 0, 0, 0, 0]);
  assert.equal((await client.sendRaw(CommandCode.GetStream, kind3)).status, ErrorCode.InvalidIdentifier);
  assert.equal((await client.sendRaw(CommandCode.DeleteStream, kind3)).status, ErrorCode.InvalidIdentifier);
  const getTopic = Buffer.concat([Buffer.from([1, 4]), Buffer.alloc(4), kind3]);
  getTopic.writeUInt32LE(streamId, 2);
  assert.equal((await client.sendRaw(CommandCode.GetTopic, getTopic)).status, ErrorCode.InvalidIdentifier);
  await client.ping();
  await client.close();
  await assertServerHealthy();
});

test('64 KiB of random bytes close the connection, before and after login', async () => {
  const garbage = seededBytes(7, GARBAGE_SIZE_BYTES);
  const unauthenticated = await openRaw();
  await unauthenticated.write(garbage);
  await assertClosedWithoutResponse(unauthenticated, 'garbage before login');

  const loggedIn = await openRawLoggedIn();
  await loggedIn.write(garbage);
  await assertClosedWithoutResponse(loggedIn, 'garbage after login');

  // Over QUIC garbage stays on its own stream and the connection lives on (quic-bad-input.test.ts).
  if (server.transport !== 'quic') {
    const client = await probeClient();
    await client.sendRawBytes(garbage);
    await assert.rejects(client.ping(), (error: unknown) => IggyError.is(error));
    await client.close();
  }
  await assertServerHealthy();
});

test('50 connections sending garbage do not disturb a producer and consumer', { timeout: 120_000 }, async () => {
  const busyTopicId = (await observer.createTopic({ streamId, name: 'busy', partitionsCount: 1 })).id;
  let producing = true;
  let garbageConnections = 0;
  // Each noisy connection sends a different 64 KiB of garbage, ends its side and reconnects, until the producer is done.
  const noisyErrors: unknown[] = [];
  const noisy = Array.from({ length: GARBAGE_CONNECTIONS_COUNT }, async (_, slot) => {
    for (let round = 0; producing; round++) {
      const connection = await openRaw();
      garbageConnections++;
      await connection.write(seededBytes(slot * 10_000 + round, GARBAGE_SIZE_BYTES));
      connection.socket.end();
      await connection.waitClosed();
    }
  }).map((noise) => noise.catch((error: unknown) => noisyErrors.push(error)));

  const producer = await probeClient();
  const sent: SendMessage[] = [];
  try {
    for (let batch = 0; batch < GOOD_BATCHES_COUNT; batch++) {
      const messages = buildMessages(GOOD_BATCH_MESSAGES_COUNT, 300, { firstIndex: batch * GOOD_BATCH_MESSAGES_COUNT, prefix: 'busy' });
      await producer.sendMessages({ streamId, topicId: busyTopicId, partitioning: Partitioning.partitionId(0), messages });
      sent.push(...messages);
      const polled = await producer.pollMessages({
        consumer: Consumer.single('busy-reader'), streamId, topicId: busyTopicId, partitionId: 0,
        strategy: PollingStrategy.next(), count: GOOD_BATCH_MESSAGES_COUNT, autoCommit: true,
      });
      assertPolledMatch(polled.messages, messages, { firstOffset: BigInt(batch * GOOD_BATCH_MESSAGES_COUNT) });
    }
  } finally {
    producing = false;
    await Promise.all(noisy);
  }
  assert.deepEqual(noisyErrors, [], 'every noisy connection was closed by the server after its garbage');
  assert.ok(garbageConnections >= GARBAGE_CONNECTIONS_COUNT, 'every noisy connection sent garbage');
  const all = await producer.pollMessages({
    consumer: Consumer.single(1), streamId, topicId: busyTopicId, partitionId: 0,
    strategy: PollingStrategy.offset(0), count: GOOD_BATCHES_COUNT * GOOD_BATCH_MESSAGES_COUNT + 1, autoCommit: false,
  });
  assertPolledMatch(all.messages, sent, { firstOffset: 0n });
  await producer.close();
  await assertServerHealthy();
});
