import { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { checkU32, ensureMinPayload, readBool } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import { MESSAGE_HEADER_SIZE, POLL_RESPONSE_HEADER_SIZE } from '../limits.js';
import { type Consumer, readConsumer, writeConsumer } from '../models/consumer.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../models/identifier.js';
import { readOptionalPartitionId, writeOptionalPartitionId } from '../models/partition-id.js';
import { type PollingStrategy, readPollingStrategy, writePollingStrategy } from '../models/polling-strategy.js';
import { MESSAGE_HEADER, readMessageHeader, writeMessageHeader } from './message-header.js';
import { type UserHeaders, decodeUserHeaders, encodeUserHeaders } from './user-headers.js';

/** PollMessages (100) (§15.6). */
export interface PollMessagesRequest {
  consumer: Consumer;
  streamId: Identifier;
  topicId: Identifier;
  /** null: partition 0 for a consumer, server's choice for a consumer group. */
  partitionId: number | null;
  strategy: PollingStrategy;
  count: number;
  autoCommit: boolean;
}

/** One polled message; `payload` and `rawHeaders` are views into the response payload. */
export interface PolledMessage {
  checksum: bigint;
  id: bigint;
  offset: bigint;
  /** Server append time, µs since epoch. */
  timestamp: bigint;
  originTimestamp: bigint;
  /** null when the message has no user headers, or when they cannot be parsed (as the Rust SDK). */
  headers: UserHeaders | null;
  rawHeaders: Buffer;
  payload: Buffer;
}

export interface PollMessagesResponse {
  partitionId: number;
  /** The partition's last assigned offset (0 when empty). */
  currentOffset: bigint;
  count: number;
  messages: PolledMessage[];
}

export function encodePollMessagesRequest(request: PollMessagesRequest): Buffer {
  const writer = new BufferWriter(64);
  writeConsumer(writer, request.consumer);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writeOptionalPartitionId(writer, request.partitionId);
  writePollingStrategy(writer, request.strategy);
  writer.u32(checkU32(request.count, 'count')).u8(request.autoCommit ? 1 : 0);
  return writer.view();
}

/** Minimum 30 bytes (§8.1); unknown consumer or polling kind is 3; auto_commit is true only for 1. */
export function decodePollMessagesRequest(payload: Buffer): PollMessagesRequest {
  ensureMinPayload(payload, 30);
  const reader = new BufferReader(payload);
  const consumer = readConsumer(reader);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  const partitionId = readOptionalPartitionId(reader);
  const strategy = readPollingStrategy(reader);
  const count = reader.u32();
  const autoCommit = readBool(reader);
  return { consumer, streamId, topicId, partitionId, strategy, count, autoCommit };
}

/** The 16-byte response header; the server appends `count` stored records after it as they are. */
export function encodePollMessagesResponseHeader(partitionId: number, currentOffset: bigint, count: number): Buffer {
  const header = Buffer.allocUnsafe(POLL_RESPONSE_HEADER_SIZE);
  header.writeUInt32LE(partitionId, 0);
  header.writeBigUInt64LE(currentOffset, 4);
  header.writeUInt32LE(count, 12);
  return header;
}

/**
 * Writes the same 16 bytes in place at target[at...]: the server puts them in the room it left in
 * front of the polled records, so header and records go out as one buffer.
 */
export function writePollMessagesResponseHeader(target: Buffer, at: number, partitionId: number, currentOffset: bigint, count: number): void {
  target.writeUInt32LE(partitionId, at);
  target.writeBigUInt64LE(currentOffset, at + 4);
  target.writeUInt32LE(count, at + 12);
}

/** Builds a full response from message objects (tests, in-memory servers); `count` is taken from `messages`. */
export function encodePollMessagesResponse(response: PollMessagesResponse): Buffer {
  const blocks = response.messages.map((message) =>
    message.rawHeaders.length > 0 || message.headers === null ? message.rawHeaders : encodeUserHeaders(message.headers),
  );
  let size = POLL_RESPONSE_HEADER_SIZE;
  response.messages.forEach((message, index) => (size += MESSAGE_HEADER_SIZE + message.payload.length + blocks[index]!.length));
  const payload = Buffer.allocUnsafe(size);
  encodePollMessagesResponseHeader(response.partitionId, response.currentOffset, response.messages.length).copy(payload, 0);
  let at = POLL_RESPONSE_HEADER_SIZE;
  response.messages.forEach((message, index) => {
    const block = blocks[index]!;
    writeMessageHeader(payload, at, {
      checksum: message.checksum,
      id: message.id,
      offset: message.offset,
      timestamp: message.timestamp,
      originTimestamp: message.originTimestamp,
      userHeadersLength: block.length,
      payloadLength: message.payload.length,
    });
    message.payload.copy(payload, at + MESSAGE_HEADER_SIZE);
    block.copy(payload, at + MESSAGE_HEADER_SIZE + message.payload.length);
    at += MESSAGE_HEADER_SIZE + message.payload.length + block.length;
  });
  return payload;
}

function parseHeaders(block: Buffer): UserHeaders | null {
  if (block.length === 0) return null;
  try {
    return decodeUserHeaders(block);
  } catch (error) {
    if (IggyError.is(error)) return null;
    throw error;
  }
}

/**
 * Reads the 16-byte header and `count` messages. Truncation is 3; a non-zero reserved field is
 * 4101, as the Rust SDK rejects it. Bytes after the last message are ignored.
 */
export function decodePollMessagesResponse(payload: Buffer): PollMessagesResponse {
  const reader = new BufferReader(payload);
  const partitionId = reader.u32();
  const currentOffset = reader.u64();
  const count = reader.u32();
  // Every message needs at least its header: refuse an impossible count before allocating.
  reader.ensure(count * MESSAGE_HEADER_SIZE);
  const messages: PolledMessage[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const at = reader.offset;
    reader.ensure(MESSAGE_HEADER_SIZE);
    const header = readMessageHeader(payload, at);
    if (payload.readBigUInt64LE(at + MESSAGE_HEADER.RESERVED) !== 0n) {
      throw new IggyError(ErrorCode.InvalidReservedField, `message ${index}`);
    }
    reader.offset += MESSAGE_HEADER_SIZE;
    const messagePayload = reader.bytes(header.payloadLength);
    const rawHeaders = reader.bytes(header.userHeadersLength);
    messages[index] = {
      checksum: header.checksum,
      id: header.id,
      offset: header.offset,
      timestamp: header.timestamp,
      originTimestamp: header.originTimestamp,
      headers: parseHeaders(rawHeaders),
      rawHeaders,
      payload: messagePayload,
    };
  }
  return { partitionId, currentOffset, count, messages };
}
