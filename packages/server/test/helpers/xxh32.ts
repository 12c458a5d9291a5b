// XXH32 (seed 0 by default), written here from the xxHash specification so tests can predict the
// server's messages_key partition choice (wire-protocol.md §7.5) without using the server's code.
const PRIME1 = 2654435761;
const PRIME2 = 2246822519;
const PRIME3 = 3266489917;
const PRIME4 = 668265263;
const PRIME5 = 374761393;

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

function round(accumulator: number, lane: number): number {
  return Math.imul(rotl((accumulator + Math.imul(lane, PRIME2)) >>> 0, 13), PRIME1) >>> 0;
}

export function xxh32Reference(bytes: Uint8Array, seed = 0): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let hash: number;
  if (bytes.length >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) >>> 0;
    let v2 = (seed + PRIME2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - PRIME1) >>> 0;
    for (; at + 16 <= bytes.length; at += 16) {
      v1 = round(v1, view.getUint32(at, true));
      v2 = round(v2, view.getUint32(at + 4, true));
      v3 = round(v3, view.getUint32(at + 8, true));
      v4 = round(v4, view.getUint32(at + 12, true));
    }
    hash = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    hash = (seed + PRIME5) >>> 0;
  }
  hash = (hash + bytes.length) >>> 0;
  for (; at + 4 <= bytes.length; at += 4) {
    hash = Math.imul(rotl((hash + Math.imul(view.getUint32(at, true), PRIME3)) >>> 0, 17), PRIME4) >>> 0;
  }
  for (; at < bytes.length; at++) {
    hash = Math.imul(rotl((hash + Math.imul(bytes[at]!, PRIME5)) >>> 0, 11), PRIME1) >>> 0;
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, PRIME2) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, PRIME3) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
