// iggy-mcp with TLS on both sides: [iggy.tls] to a server that requires TLS on TCP, and
// [http.tls] on its own HTTP endpoint, spoken to as an MCP client would (JSON-RPC over HTTPS).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startIggyServer, type IggyTestServer } from './helpers/iggy-server.js';
import { startMcpHttp } from './helpers/mcp-process.js';

let certDir: string;
let certFile: string;
let keyFile: string;
let server: IggyTestServer;

before(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'iggy-mcp-tls-'));
  certFile = join(certDir, 'cert.pem');
  keyFile = join(certDir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  server = await startIggyServer({
    IGGY_TCP_TLS_ENABLED: 'true',
    IGGY_TCP_TLS_SELF_SIGNED: 'false',
    IGGY_TCP_TLS_CERT_FILE: certFile,
    IGGY_TCP_TLS_KEY_FILE: keyFile,
  });
});

after(async () => {
  await server?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

function postJsonRpc(url: URL, body: unknown, ca: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('TLS to the Iggy server and on the MCP HTTP endpoint', async () => {
  const mcp = await startMcpHttp({
    IGGY_MCP_IGGY_ADDRESS: server.tcpAddress,
    IGGY_MCP_IGGY_TLS_ENABLED: 'true',
    IGGY_MCP_IGGY_TLS_CA_FILE: certFile,
    IGGY_MCP_IGGY_TLS_DOMAIN: 'localhost',
    IGGY_MCP_HTTP_TLS_ENABLED: 'true',
    IGGY_MCP_HTTP_TLS_CERT_FILE: certFile,
    IGGY_MCP_HTTP_TLS_KEY_FILE: keyFile,
  });
  try {
    assert.equal(mcp.url.protocol, 'https:');
    const ca = readFileSync(certFile);
    const initialize = await postJsonRpc(mcp.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'tls-test', version: '0' } } }, ca);
    assert.equal(initialize.status, 200, initialize.text);
    assert.equal((JSON.parse(initialize.text) as { result: { serverInfo: { name: string } } }).result.serverInfo.name, 'iggy-mcp');
    const me = await postJsonRpc(mcp.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_me', arguments: {} } }, ca);
    assert.equal(me.status, 200, me.text);
    const result = (JSON.parse(me.text) as { result: { isError?: boolean; content: { text: string }[] } }).result;
    assert.notEqual(result.isError, true, result.content[0]?.text);
    // The MCP server's own Iggy connection is a TLS one (transport 1 = TCP, over TLS here).
    assert.ok(JSON.parse(result.content[0]!.text), 'get_me answered through the TLS connection');
  } finally {
    await mcp.stop();
  }
});
