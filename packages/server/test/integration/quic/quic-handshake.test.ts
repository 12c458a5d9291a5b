/**
 * The QUIC handshake facts of issue 11: clients that offer no ALPN (the stock SDK) and clients
 * that offer one are both accepted; the stock client offers only ECDSA P-256 signatures, so a
 * server configured with an RSA certificate fails its handshake and says so at start-up.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CommandCode, encodeRequestHeader } from '@iggy-node/protocol';
import { QuicClientEndpoint, STOCK_CLIENT_TRANSPORT } from '@iggy-node/quic-native';
import { quicUnavailable, startQuicTestServer, type QuicTestServer } from '../../helpers/quic-test-server.js';

const unavailable = quicUnavailable();
let quic: QuicTestServer;

before(async () => {
  if (!unavailable) quic = await startQuicTestServer();
});

after(async () => {
  await quic?.server.stop();
});

async function pingOver(port: number, alpn?: string): Promise<number> {
  const endpoint = await QuicClientEndpoint.connect({ host: '127.0.0.1', port, alpn, transport: STOCK_CLIENT_TRANSPORT, maxResponseBytes: 1024 });
  try {
    const response = await endpoint.request(encodeRequestHeader(CommandCode.Ping, 0));
    return response.readUInt32LE(0);
  } finally {
    endpoint.close();
  }
}

test('clients without ALPN and with any ALPN are accepted', { skip: unavailable ?? false }, async () => {
  assert.equal(await pingOver(quic.quicPort), 0);
  assert.equal(await pingOver(quic.quicPort, 'iggy'), 0);
  assert.equal(await pingOver(quic.quicPort, 'h3'), 0);
});

test('an RSA certificate fails the stock client handshake, with a start-up warning', { skip: unavailable ?? false }, async () => {
  const directory = mkdtempSync(join(tmpdir(), 'iggy-quic-rsa-'));
  const certFile = join(directory, 'cert.pem');
  const keyFile = join(directory, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const rsa = await startQuicTestServer({
    env: { IGGY_QUIC_CERTIFICATE_SELF_SIGNED: 'false', IGGY_QUIC_CERTIFICATE_CERT_FILE: certFile, IGGY_QUIC_CERTIFICATE_KEY_FILE: keyFile },
  });
  try {
    assert.ok(rsa.server.stdout().includes('not ECDSA P-256'), 'start-up warning about the key type');
    await assert.rejects(pingOver(rsa.quicPort), /QUIC connection failed/);
  } finally {
    await rsa.server.stop();
    rmSync(directory, { recursive: true, force: true });
  }
});

test('with two shards the certificate is generated once, so every shard presents the same one', { skip: unavailable ?? false }, async () => {
  const twoShards = await startQuicTestServer({ shardCount: 2 });
  try {
    // Each shard that generated its own would log its own line with a different fingerprint.
    const generated = twoShards.server.stdout().split('\n').filter((line) => line.includes('QUIC: using a generated self-signed'));
    assert.equal(generated.length, 1, generated.join('\n'));
    assert.match(generated[0]!, /"thread":"coordinator"/);
    for (let i = 0; i < 4; i++) assert.equal(await pingOver(twoShards.quicPort), 0);
  } finally {
    await twoShards.server.stop();
  }
});
