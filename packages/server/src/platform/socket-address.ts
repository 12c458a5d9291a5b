import { isIPv4, isIPv6 } from 'node:net';
import { LINUX } from './libc.js';

/**
 * sockaddr_in / sockaddr_in6 as bytes, for bind() and getsockname() through FFI. The family is
 * in host byte order (little-endian on every Linux target Node ships for), port and address in
 * network byte order.
 */
export interface SocketAddress {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
/** Large enough for either family (sizeof(struct sockaddr_storage) is 128). */
export const SOCKADDR_STORAGE_SIZE = 128;

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** 16 bytes of an IPv6 literal, including '::' compression and a trailing dotted IPv4 part. */
export function ipv6Bytes(address: string): Uint8Array {
  if (!isIPv6(address)) throw new Error(`Not an IPv6 address: '${address}'`);
  let text = address.split('%')[0]!;
  const lastColon = text.lastIndexOf(':');
  const dotted = text.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // "::ffff:1.2.3.4": rewrite the dotted part as two hex groups, then parse as usual.
    const [a, b, c, d] = ipv4Bytes(dotted) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [headText, tailText] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const parseGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parseGroups(headText);
  const rest = tailText === null ? [] : parseGroups(tailText);
  const zeros = tailText === null ? 0 : 8 - head.length - rest.length;
  const groups = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** RFC 5952 text of 16 address bytes: lower case, longest run of two or more zero groups as '::'. */
export function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, index) => (bytes[index * 2]! << 8) | bytes[index * 2 + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) [bestStart, bestLength] = [start, end - start];
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Encodes an IP literal and port; host names are refused because bind() needs an address. */
export function encodeSocketAddress(host: string, port: number): Uint8Array {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Invalid port ${port}`);
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv4(bare)) {
    const bytes = new Uint8Array(SOCKADDR_IN_SIZE);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, LINUX.AF_INET, true);
    view.setUint16(2, port, false);
    bytes.set(ipv4Bytes(bare), 4);
    return bytes;
  }
  if (isIPv6(bare)) {
    const bytes = new Uint8Array(SOCKADDR_IN6_SIZE);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, LINUX.AF_INET6, true);
    view.setUint16(2, port, false);
    bytes.set(ipv6Bytes(bare), 8);
    return bytes;
  }
  throw new Error(`Listener address must be an IPv4 or IPv6 literal, got '${host}'`);
}

/** Decodes what getsockname() wrote. */
export function decodeSocketAddress(bytes: Uint8Array): SocketAddress {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const family = view.getUint16(0, true);
  const port = view.getUint16(2, false);
  if (family === LINUX.AF_INET) return { address: Array.from(bytes.subarray(4, 8)).join('.'), port, family: 'IPv4' };
  if (family === LINUX.AF_INET6) return { address: formatIpv6(bytes.subarray(8, 24)), port, family: 'IPv6' };
  throw new Error(`Unsupported socket address family ${family}`);
}
