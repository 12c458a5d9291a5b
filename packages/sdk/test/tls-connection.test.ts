// Checks that TcpConnection and IggyClient speak the protocol over TLS, and refuse an untrusted certificate, using a TLS fake server with a self-signed test certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CommandCode, ErrorCode, IggyError } from '@iggy-node/protocol';
import { TcpConnection } from '../src/transport/tcp-connection.js';
import { IggyClient } from '../src/iggy-client.js';
import { startFakeServer } from './helpers/fake-server.js';

// Compiled to dist/test; the PEM files stay in test/fixtures (valid until 2125, CN/SAN localhost + 127.0.0.1).
const cert = readFileSync(new URL('../../test/fixtures/test-cert.pem', import.meta.url));
const key = readFileSync(new URL('../../test/fixtures/test-key.pem', import.meta.url));

test('TLS: requests round-trip when the CA is trusted', async (t) => {
  const server = await startFakeServer((frame) => ({ payload: frame.payload }), { tls: { key, cert } });
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port, tls: { ca: cert, servername: 'localhost' } });
  t.after(() => connection.close());
  assert.equal((await connection.send(1, Buffer.from('over tls'))).toString(), 'over tls');
});

test('TLS: an untrusted certificate fails connect with CannotEstablishConnection', async (t) => {
  const server = await startFakeServer(() => ({}), { tls: { key, cert } });
  t.after(() => server.close());
  await assert.rejects(TcpConnection.connect({ host: '127.0.0.1', port: server.port, tls: {} }), (error: unknown) =>
    IggyError.is(error, ErrorCode.CannotEstablishConnection),
  );
});

test('TLS: IggyClient logs in over TLS', async (t) => {
  const userId = Buffer.alloc(4);
  const server = await startFakeServer((frame) => (frame.code === CommandCode.LoginUser ? { payload: userId } : {}), { tls: { key, cert } });
  t.after(() => server.close());
  const client = new IggyClient({
    port: server.port,
    tls: { ca: cert, servername: 'localhost' },
    credentials: { username: 'iggy', password: 'iggy' },
    heartbeatIntervalMs: 0,
  });
  t.after(() => client.close());
  await client.connect();
  await client.ping();
  assert.deepEqual(server.received.map((frame) => frame.code), [CommandCode.LoginUser, CommandCode.Ping]);
});
