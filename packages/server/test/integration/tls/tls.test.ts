// Goal: TCP over TLS ([tcp.tls], wire-protocol.md §20): with self_signed and no certificate file
// the server generates one for localhost; with cert/key files it serves those; the SDK sends and
// polls over TLS; a plain-TCP client on the TLS port is dropped while the server keeps serving.
// Method: real servers started with IGGY_TCP_TLS_* variables, the SDK's TLS option and raw sockets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { CommandCode, encodeRequestFrame } from '@iggy-node/protocol';
import { IggyClient, Consumer, Partitioning, PollingStrategy, type TlsOptions } from '@iggy-node/sdk';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

function tlsClient(server: TestServer, options: TlsOptions): IggyClient {
  return new IggyClient({
    host: server.host,
    port: server.port,
    tls: options,
    credentials: { username: 'iggy', password: 'iggy' },
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
    heartbeatIntervalMs: 0,
  });
}

async function sendAndPoll(client: IggyClient, streamName: string): Promise<string[]> {
  const stream = await client.createStream(streamName);
  const topic = await client.createTopic({ streamId: stream.id, name: 'events', partitionsCount: 1 });
  const payloads = ['one', 'two', 'three'];
  await client.sendMessages({
    streamId: stream.id,
    topicId: topic.id,
    partitioning: Partitioning.partitionId(0),
    messages: payloads.map((text) => ({ payload: Buffer.from(text) })),
  });
  const polled = await client.pollMessages({
    consumer: Consumer.single(1),
    streamId: stream.id,
    topicId: topic.id,
    partitionId: 0,
    strategy: PollingStrategy.offset(0),
    count: 10,
    autoCommit: false,
  });
  return polled.messages.map((message) => message.payload.toString());
}

describe('TLS with a generated self-signed certificate', () => {
  let server: TestServer;
  let certDir: string;
  before(async () => {
    certDir = mkdtempSync(path.join(tmpdir(), 'iggy-tls-test-'));
    server = await startTestServer({
      env: {
        IGGY_TCP_TLS_ENABLED: 'true',
        IGGY_TCP_TLS_SELF_SIGNED: 'true',
        IGGY_TCP_TLS_CERT_FILE: path.join(certDir, 'missing-cert.pem'),
        IGGY_TCP_TLS_KEY_FILE: path.join(certDir, 'missing-key.pem'),
      },
    });
  });
  after(async () => {
    await server.stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  it('presents a certificate for localhost', async () => {
    const socket = tls.connect({ host: server.host, port: server.port, servername: 'localhost', rejectUnauthorized: false });
    await once(socket, 'secureConnect');
    const certificate = socket.getPeerCertificate();
    socket.destroy();
    assert.equal(certificate.subject.CN, 'localhost');
    assert.match(certificate.subjectaltname ?? '', /DNS:localhost/);
  });

  it('serves the SDK over TLS: send and poll', async () => {
    const client = tlsClient(server, { rejectUnauthorized: false, servername: 'localhost' });
    await client.connect();
    try {
      assert.deepEqual(await sendAndPoll(client, 'tls-generated'), ['one', 'two', 'three']);
      assert.equal((await client.getMe()).transport, 1);
    } finally {
      await client.close();
    }
  });

  it('drops a plain-TCP client without an answer and keeps serving', { timeout: 30_000 }, async () => {
    const plain = net.connect({ host: server.host, port: server.port });
    await once(plain, 'connect');
    const received: Buffer[] = [];
    plain.on('data', (chunk: Buffer) => received.push(chunk));
    plain.on('error', () => {}); // a reset is as good as a close here
    plain.write(encodeRequestFrame(CommandCode.Ping));
    await once(plain, 'close');
    // Whatever came back is at most a TLS alert, never an Iggy response header (status 0).
    const bytes = Buffer.concat(received);
    assert.ok(bytes.length === 0 || bytes[0] === 0x15, `unexpected answer ${bytes.toString('hex')}`);

    const client = tlsClient(server, { rejectUnauthorized: false, servername: 'localhost' });
    await client.connect();
    try {
      await client.ping();
      assert.ok((await client.getStreams()).length >= 0);
    } finally {
      await client.close();
    }
  });
});

describe('TLS with certificate files', () => {
  let server: TestServer;
  let certDir: string;
  let certPem: Buffer;
  before(async () => {
    certDir = mkdtempSync(path.join(tmpdir(), 'iggy-tls-test-'));
    const certFile = path.join(certDir, 'cert.pem');
    const keyFile = path.join(certDir, 'key.pem');
    // The test's own CA-less certificate, so the client can verify it by pinning it as CA.
    execFileSync('openssl', [
      'req', '-x509', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost',
    ], { stdio: 'ignore' });
    certPem = readFileSync(certFile);
    server = await startTestServer({
      env: {
        IGGY_TCP_TLS_ENABLED: 'true',
        IGGY_TCP_TLS_SELF_SIGNED: 'true',
        IGGY_TCP_TLS_CERT_FILE: certFile,
        IGGY_TCP_TLS_KEY_FILE: keyFile,
      },
    });
  });
  after(async () => {
    await server.stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  it('serves the configured certificate, which the SDK verifies', async () => {
    const client = tlsClient(server, { ca: certPem, servername: 'localhost' });
    await client.connect();
    try {
      assert.deepEqual(await sendAndPoll(client, 'tls-files'), ['one', 'two', 'three']);
    } finally {
      await client.close();
    }
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const client = tlsClient(server, { servername: 'localhost' });
    await assert.rejects(client.connect());
    await client.close();
  });
});
