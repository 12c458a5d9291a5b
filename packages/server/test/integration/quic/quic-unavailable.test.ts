/**
 * Without the native QUIC endpoint the server still starts (TCP and everything else), with one
 * warning that says QUIC is not served and what to install.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../../helpers/test-server.js';

test('a server whose QUIC library is missing starts without QUIC and says what to install', async () => {
  const server = await startTestServer({
    // The harness clients use TCP: there is no QUIC to reach.
    transport: 'tcp',
    env: { IGGY_QUIC_ENABLED: 'true', IGGY_QUIC_ADDRESS: '127.0.0.1:0', QUIC_NATIVE_LIBRARY: '/nonexistent/libiggy_quic.so' },
  });
  try {
    const client = await server.client();
    await client.ping();
    const warnings = server
      .stdout()
      .split('\n')
      .filter((line) => line.includes('QUIC is enabled but not served'));
    assert.equal(warnings.length, 1, 'exactly one warning');
    assert.match(warnings[0]!, /apt-get install cargo librust-quinn-dev/);
    assert.match(warnings[0]!, /"level":40/, 'logged as a warning');
  } finally {
    await server.stop();
  }
});
