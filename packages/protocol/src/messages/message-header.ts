import { MESSAGE_HEADER_SIZE } from '../limits.js';

/**
 * Field offsets inside the fixed 64-byte message header (§15.3), identical in SendMessages,
 * PollMessages and segment files. The payload starts at SIZE, the user headers after it.
 */
export const MESSAGE_HEADER = {
  CHECKSUM: 0,
  ID: 8,
  OFFSET: 24,
  TIMESTAMP: 32,
  ORIGIN_TIMESTAMP: 40,
  USER_HEADERS_LENGTH: 48,
  PAYLOAD_LENGTH: 52,
  RESERVED: 56,
  SIZE: MESSAGE_HEADER_SIZE,
} as const;

/** Start of the bytes the checksum covers (everything after the checksum field). */
export const MESSAGE_CHECKSUM_COVERAGE_START = MESSAGE_HEADER.ID;

const U64_MASK = 0xffff_ffff_ffff_ffffn;

export interface MessageHeaderFields {
  checksum: bigint;
  id: bigint;
  offset: bigint;
  timestamp: bigint;
  originTimestamp: bigint;
  userHeadersLength: number;
  payloadLength: number;
}

/** Writes a full header at `at`; reserved is always 0 (Rust SDK consumers reject anything else). */
export function writeMessageHeader(target: Buffer, at: number, fields: MessageHeaderFields): void {
  target.writeBigUInt64LE(fields.checksum, at + MESSAGE_HEADER.CHECKSUM);
  writeMessageId(target, at, fields.id);
  target.writeBigUInt64LE(fields.offset, at + MESSAGE_HEADER.OFFSET);
  target.writeBigUInt64LE(fields.timestamp, at + MESSAGE_HEADER.TIMESTAMP);
  target.writeBigUInt64LE(fields.originTimestamp, at + MESSAGE_HEADER.ORIGIN_TIMESTAMP);
  target.writeUInt32LE(fields.userHeadersLength, at + MESSAGE_HEADER.USER_HEADERS_LENGTH);
  target.writeUInt32LE(fields.payloadLength, at + MESSAGE_HEADER.PAYLOAD_LENGTH);
  target.writeBigUInt64LE(0n, at + MESSAGE_HEADER.RESERVED);
}

/** The caller guarantees 64 bytes at `at`. */
export function readMessageHeader(source: Buffer, at: number): MessageHeaderFields {
  return {
    checksum: source.readBigUInt64LE(at + MESSAGE_HEADER.CHECKSUM),
    id: readMessageId(source, at),
    offset: source.readBigUInt64LE(at + MESSAGE_HEADER.OFFSET),
    timestamp: source.readBigUInt64LE(at + MESSAGE_HEADER.TIMESTAMP),
    originTimestamp: source.readBigUInt64LE(at + MESSAGE_HEADER.ORIGIN_TIMESTAMP),
    userHeadersLength: source.readUInt32LE(at + MESSAGE_HEADER.USER_HEADERS_LENGTH),
    payloadLength: source.readUInt32LE(at + MESSAGE_HEADER.PAYLOAD_LENGTH),
  };
}

/** u128 little-endian id of the message whose header starts at `at`. */
export function readMessageId(source: Buffer, at: number): bigint {
  const low = source.readBigUInt64LE(at + MESSAGE_HEADER.ID);
  const high = source.readBigUInt64LE(at + MESSAGE_HEADER.ID + 8);
  return (high << 64n) | low;
}

export function writeMessageId(target: Buffer, at: number, id: bigint): void {
  target.writeBigUInt64LE(id & U64_MASK, at + MESSAGE_HEADER.ID);
  target.writeBigUInt64LE((id >> 64n) & U64_MASK, at + MESSAGE_HEADER.ID + 8);
}

/** True when the 16 id bytes are zero: the server must assign an id. */
export function isMessageIdZero(source: Buffer, at: number): boolean {
  return (
    source.readBigUInt64LE(at + MESSAGE_HEADER.ID) === 0n && source.readBigUInt64LE(at + MESSAGE_HEADER.ID + 8) === 0n
  );
}

/** Total record size of the message whose header starts at `at`: 64 + payload + user headers. */
export function messageRecordSize(source: Buffer, at: number): number {
  return (
    MESSAGE_HEADER_SIZE +
    source.readUInt32LE(at + MESSAGE_HEADER.PAYLOAD_LENGTH) +
    source.readUInt32LE(at + MESSAGE_HEADER.USER_HEADERS_LENGTH)
  );
}
