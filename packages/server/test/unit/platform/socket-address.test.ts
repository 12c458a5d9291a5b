// Checks the sockaddr_in / sockaddr_in6 byte encoding used for bind() and getsockname() against hand-written bytes, IPv6 compression both ways, and rejection of host names and bad ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeSocketAddress,
  encodeSocketAddress,
  formatIpv6,
  ipv6Bytes,
} from '../../../src/platform/socket-address.js';

test('encodes sockaddr_in: family LE, port BE, address, 8 zero bytes', () => {
  assert.deepEqual(
    Array.from(encodeSocketAddress('127.0.0.1', 8090)),
    [2, 0, 0x1f, 0x9a, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  );
});

test('encodes sockaddr_in6: family LE, port BE, flowinfo, 16 address bytes, scope id', () => {
  const bytes = encodeSocketAddress('[::1]', 1);
  assert.equal(bytes.byteLength, 28);
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), [10, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(bytes.subarray(8, 24)), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(Array.from(bytes.subarray(24)), [0, 0, 0, 0]);
});

test('parses and formats IPv6 literals', () => {
  assert.deepEqual(Array.from(ipv6Bytes('2001:db8::ff00:42:8329')), [
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29,
  ]);
  assert.deepEqual(Array.from(ipv6Bytes('::ffff:192.0.2.1').subarray(10)), [0xff, 0xff, 192, 0, 2, 1]);
  for (const text of ['::', '::1', '2001:db8::1', '2001:db8:0:1:1:1:1:1', 'fe80::1:0:0:1', '1::']) {
    assert.equal(formatIpv6(ipv6Bytes(text)), text);
  }
  // RFC 5952: the longest zero run is compressed, a single zero group is not.
  assert.equal(formatIpv6(ipv6Bytes('1:0:0:2:0:0:0:3')), '1:0:0:2::3');
});

test('decodes what it encodes', () => {
  assert.deepEqual(decodeSocketAddress(encodeSocketAddress('10.1.2.3', 65535)), { address: '10.1.2.3', port: 65535, family: 'IPv4' });
  assert.deepEqual(decodeSocketAddress(encodeSocketAddress('::', 0)), { address: '::', port: 0, family: 'IPv6' });
});

test('refuses host names and bad ports', () => {
  assert.throws(() => encodeSocketAddress('localhost', 80), /IPv4 or IPv6 literal/);
  assert.throws(() => encodeSocketAddress('127.0.0.1', 65536), RangeError);
  assert.throws(() => encodeSocketAddress('127.0.0.1', -1), RangeError);
});
