import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConnectionString } from '../src/connection-string.js';

test('connection strings choose transport, address, credentials and TLS', () => {
  assert.deepEqual(parseConnectionString('iggy://iggy:secret@example.com:9000'), {
    transport: 'tcp',
    host: 'example.com',
    port: 9000,
    credentials: { username: 'iggy', password: 'secret' },
    tls: false,
  });
  assert.deepEqual(parseConnectionString('iggy+ws://127.0.0.1?tls=true'), { transport: 'ws', host: '127.0.0.1', port: 8092, credentials: undefined, tls: true });
  assert.equal(parseConnectionString('iggy+tcp://[::1]').host, '::1');
  assert.equal(parseConnectionString('iggy+tcp://[::1]').port, 8090);
  assert.throws(() => parseConnectionString('http://x:1'), /unsupported connection string scheme/);
  assert.throws(() => parseConnectionString('not a url'), /invalid connection string/);
});
