/**
 * Bad input over QUIC gets Iggy's QUIC behaviour: an error status on that request's stream and the
 * connection kept (wire-protocol.md §18), where TCP would close. A client opening 100,000 streams
 * is served within the stream limit and the server's memory stays bounded.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CommandCode, ErrorCode, encodeRequestHeader } from '@iggy-node/protocol';
import { QuicClientEndpoint, STOCK_CLIENT_TRANSPORT } from '@iggy-node/quic-native';
import { quicUnavailable, startQuicTestServer, type QuicTestServer } from '../../helpers/quic-test-server.js';

const unavailable = quicUnavailable();
const STREAMS_COUNT = 100_000;
/** Generous: the server holds at most its in-flight budget of payloads plus quinn's per-connection windows. */
const SERVER_RSS_BYTES_MAX = 1024 * 1024 * 1024;

let quic: QuicTestServer;

before(async () => {
  if (!unavailable) quic = await startQuicTestServer();
});

after(async () => {
  await quic?.server.stop();
});

function frame(length: number, code: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(code, 4);
  return Buffer.concat([header, payload]);
}

function statusOf(response: Buffer | void): number {
  assert.ok(response && response.length >= 8, `expected a response header, got ${response?.length ?? 'nothing'}`);
  return response.readUInt32LE(0);
}

function serverRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  assert.ok(match, 'VmRSS in /proc status');
  return Number(match[1]) * 1024;
}

test('an unknown command code is answered with invalid_command and the connection stays', { skip: unavailable ?? false }, async () => {
  const client = await quic.quicClient();
  const response = await client.sendRaw(9_999, Buffer.from('abc'));
  assert.equal(response.status, ErrorCode.InvalidCommand);
  await client.ping();
});

test('a huge or too small declared length gets an error status without reading the payload', { skip: unavailable ?? false }, async () => {
  const client = await quic.quicClient();
  assert.notEqual(statusOf(await client.sendRawBytes(frame(0xffff_fff0, CommandCode.SendMessages, Buffer.alloc(1000)))), 0);
  assert.notEqual(statusOf(await client.sendRawBytes(frame(2, CommandCode.Ping))), 0);
  await client.ping();
});

test('garbage on a stream gets an error or no answer, and the connection stays', { skip: unavailable ?? false }, async () => {
  const client = await quic.quicClient();
  // Shorter than a header: the stream is dropped unanswered, as Iggy does.
  const short = await client.sendRawBytes(Buffer.from([0xde, 0xad, 0xbe]));
  assert.equal(short?.length ?? 0, 0);
  // A header whose payload does not parse: an error status on that stream.
  const garbage = Buffer.alloc(64);
  for (let at = 0; at < garbage.length; at++) garbage[at] = (at * 73 + 11) & 0xff;
  assert.notEqual(statusOf(await client.sendRawBytes(frame(4 + garbage.length, CommandCode.CreateStream, garbage))), 0);
  await client.ping();
  const me = await client.getMe();
  assert.ok(me.clientId > 0);
});

test('a client opening 100,000 streams is answered on every one with bounded server memory', { skip: unavailable ?? false }, async () => {
  const endpoint = await QuicClientEndpoint.connect({
    host: '127.0.0.1',
    port: quic.quicPort,
    transport: STOCK_CLIENT_TRANSPORT,
    maxResponseBytes: 1024 * 1024,
  });
  try {
    const ping = Buffer.concat([encodeRequestHeader(CommandCode.Ping, 0)]);
    let answered = 0;
    const requests: Promise<void>[] = [];
    for (let index = 0; index < STREAMS_COUNT; index++) {
      requests.push(
        endpoint.request(ping).then((response) => {
          assert.equal(statusOf(response), 0);
          answered++;
        }),
      );
    }
    await Promise.all(requests);
    assert.equal(answered, STREAMS_COUNT);
    const rssBytes = serverRssBytes(quic.server.pid);
    assert.ok(rssBytes < SERVER_RSS_BYTES_MAX, `server memory stays bounded (RSS ${rssBytes} bytes)`);
  } finally {
    endpoint.close();
  }
  // The server still serves new connections afterwards.
  const client = await quic.quicClient();
  await client.ping();
});

test('before login a request over 1 MiB is refused unread; the connection stays and can log in', { skip: unavailable ?? false }, async () => {
  const endpoint = await QuicClientEndpoint.connect({ host: '127.0.0.1', port: quic.quicPort, transport: STOCK_CLIENT_TRANSPORT, maxResponseBytes: 1024 * 1024 });
  try {
    const big = Buffer.alloc(2 * 1024 * 1024);
    assert.notEqual(statusOf(await endpoint.request(frame(4 + big.length, CommandCode.SendMessages, big))), 0);
    assert.equal(statusOf(await endpoint.request(encodeRequestHeader(CommandCode.Ping, 0))), 0);
  } finally {
    endpoint.close();
  }
});
