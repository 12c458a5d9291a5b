import { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import { INDEX_ENTRY_SIZE, MESSAGE_HEADER_SIZE, MESSAGE_PAYLOAD_SIZE_MAX, USER_HEADERS_SIZE_MAX } from '../limits.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../models/identifier.js';
import { type Partitioning, readPartitioning, writePartitioning } from '../models/partitioning.js';
import { MESSAGE_HEADER, messageRecordSize, readMessageHeader, writeMessageHeader } from './message-header.js';
import { type UserHeaders, encodeUserHeaders } from './user-headers.js';

/**
 * SendMessages (101) (§15.1): u32 metadata length M, metadata (stream, topic, partitioning,
 * u32 count N), N 16-byte index entries, then N messages back to back.
 */

export interface SendMessagesMeta {
  streamId: Identifier;
  topicId: Identifier;
  partitioning: Partitioning;
}

/** One message to send. id 0 or absent lets the server assign one. */
export interface SendMessage {
  id?: bigint;
  payload: Buffer;
  /** Parsed headers, or an already encoded user-headers block. */
  headers?: UserHeaders | Buffer;
  /** Client-defined; the Rust SDK writes µs since epoch, which is the default here. */
  originTimestamp?: bigint;
}

export interface SendMessagesRequest extends SendMessagesMeta {
  messages: SendMessage[];
}

/** Decoded request: `indexes` and `messages` are views into the request payload (no copy). */
export interface SendMessagesBatch extends SendMessagesMeta {
  messagesCount: number;
  /** The 16·N index section. */
  indexes: Buffer;
  /** The messages section. */
  messages: Buffer;
}

/** A message read back from a batch; `payload`, `userHeaders` and `record` are views. */
export interface SendMessageView {
  id: bigint;
  originTimestamp: bigint;
  payload: Buffer;
  userHeaders: Buffer;
  /** The whole record (64-byte header, payload, user headers). */
  record: Buffer;
}

function writeMetadata(writer: BufferWriter, meta: SendMessagesMeta, messagesCount: number): void {
  const lengthAt = writer.length;
  writer.u32(0);
  writeIdentifier(writer, meta.streamId);
  writeIdentifier(writer, meta.topicId);
  writePartitioning(writer, meta.partitioning);
  writer.u32(messagesCount);
  writer.view().writeUInt32LE(writer.length - lengthAt - 4, lengthAt);
}

function nowMicros(): bigint {
  return BigInt(Date.now()) * 1000n;
}

function headersBlock(headers: UserHeaders | Buffer | undefined): Buffer {
  if (headers === undefined) return EMPTY;
  return Buffer.isBuffer(headers) ? headers : encodeUserHeaders(headers);
}

const EMPTY = Buffer.alloc(0);

/**
 * Builds the whole payload in one allocation. Index entries are written as the Rust SDK
 * writes them: offset 0, position = cumulative end of the message in the messages section,
 * timestamp 0. SDK-side checks: at least one message (4009), non-empty payload (4024),
 * payload ≤ 64 000 000 bytes (4022), user headers ≤ 100 000 bytes (4017).
 */
export function encodeSendMessagesRequest(request: SendMessagesRequest): Buffer {
  const count = request.messages.length;
  if (count === 0) throw new IggyError(ErrorCode.InvalidMessagesCount, 'no messages');
  const blocks: Buffer[] = new Array(count);
  let messagesSize = 0;
  for (let index = 0; index < count; index++) {
    const message = request.messages[index]!;
    if (message.payload.length === 0) throw new IggyError(ErrorCode.EmptyMessagePayload, `message ${index}`);
    if (message.payload.length > MESSAGE_PAYLOAD_SIZE_MAX) throw new IggyError(ErrorCode.TooBigMessagePayload, `message ${index}`);
    const block = headersBlock(message.headers);
    if (block.length > USER_HEADERS_SIZE_MAX) throw new IggyError(ErrorCode.TooBigUserHeaders, `message ${index}`);
    blocks[index] = block;
    messagesSize += MESSAGE_HEADER_SIZE + message.payload.length + block.length;
  }
  const metaWriter = new BufferWriter(64);
  writeMetadata(metaWriter, request, count);
  const meta = metaWriter.view();
  const payload = Buffer.allocUnsafe(meta.length + INDEX_ENTRY_SIZE * count + messagesSize);
  meta.copy(payload, 0);
  let indexAt = meta.length;
  const messagesStart = indexAt + INDEX_ENTRY_SIZE * count;
  let at = messagesStart;
  const originDefault = nowMicros();
  for (let index = 0; index < count; index++) {
    const message = request.messages[index]!;
    const block = blocks[index]!;
    writeMessageHeader(payload, at, {
      checksum: 0n,
      id: message.id ?? 0n,
      offset: 0n,
      timestamp: 0n,
      originTimestamp: message.originTimestamp ?? originDefault,
      userHeadersLength: block.length,
      payloadLength: message.payload.length,
    });
    message.payload.copy(payload, at + MESSAGE_HEADER_SIZE);
    block.copy(payload, at + MESSAGE_HEADER_SIZE + message.payload.length);
    at += MESSAGE_HEADER_SIZE + message.payload.length + block.length;
    payload.writeUInt32LE(0, indexAt);
    payload.writeUInt32LE(at - messagesStart, indexAt + 4);
    payload.writeBigUInt64LE(0n, indexAt + 8);
    indexAt += INDEX_ENTRY_SIZE;
  }
  return payload;
}

/**
 * Record end positions of an already built messages section, found by walking the headers.
 * Throws 4033 when a header claims more bytes than the section has.
 */
export function messageRecordEnds(rawMessages: Buffer, messagesCount: number): Uint32Array {
  const ends = new Uint32Array(messagesCount);
  let at = 0;
  for (let index = 0; index < messagesCount; index++) {
    if (rawMessages.length - at < MESSAGE_HEADER_SIZE) throw new IggyError(ErrorCode.MissingIndex, `message ${index}`);
    at += messageRecordSize(rawMessages, at);
    if (at > rawMessages.length) throw new IggyError(ErrorCode.MissingIndex, `message ${index}`);
    ends[index] = at;
  }
  return ends;
}

/**
 * Metadata and index sections for an already built messages section, so a sender can write
 * `[header][prefix][rawMessages]` without copying the messages (benchmarks, producers that
 * keep encoded batches). `recordEnds[i]` is the end of message i within the messages section.
 */
export function encodeSendMessagesPrefix(meta: SendMessagesMeta, recordEnds: ArrayLike<number>): Buffer {
  const count = recordEnds.length;
  const writer = new BufferWriter(64 + INDEX_ENTRY_SIZE * count);
  writeMetadata(writer, meta, count);
  for (let index = 0; index < count; index++) writer.u32(0).u32(recordEnds[index]!).u64(0n);
  return writer.view();
}

/** Whole payload from an already built messages section (one copy of the messages). */
export function encodeSendMessagesFromRaw(
  meta: SendMessagesMeta,
  rawMessages: Buffer,
  messagesCount: number,
  recordEnds: ArrayLike<number> = messageRecordEnds(rawMessages, messagesCount),
): Buffer {
  const prefix = encodeSendMessagesPrefix(meta, recordEnds);
  return Buffer.concat([prefix, rawMessages], prefix.length + rawMessages.length);
}

/**
 * Parses the metadata and slices the two sections without copying. Structural problems are 3
 * (metadata not adding up to M, index section past the payload) or 6 (identifiers); the batch
 * rules of §15.4 are checked by validateSendMessagesBatch.
 */
export function decodeSendMessagesRequest(payload: Buffer): SendMessagesBatch {
  const reader = new BufferReader(payload);
  const metadataLength = reader.u32();
  reader.ensure(metadataLength);
  const metadata = new BufferReader(payload, 4, 4 + metadataLength);
  const streamId = readIdentifier(metadata);
  const topicId = readIdentifier(metadata);
  const partitioning = readPartitioning(metadata);
  const messagesCount = metadata.u32();
  if (metadata.remaining !== 0) {
    throw new IggyError(ErrorCode.InvalidCommand, `metadata length ${metadataLength} leaves ${metadata.remaining} bytes`);
  }
  const indexesStart = 4 + metadataLength;
  const indexesLength = messagesCount * INDEX_ENTRY_SIZE;
  if (indexesLength > payload.length - indexesStart) {
    throw new IggyError(ErrorCode.InvalidCommand, `${messagesCount} index entries do not fit the payload`);
  }
  return {
    streamId,
    topicId,
    partitioning,
    messagesCount,
    indexes: payload.subarray(indexesStart, indexesStart + indexesLength),
    messages: payload.subarray(indexesStart + indexesLength),
  };
}

/**
 * Applies every batch rule of §15.4 by walking the index entries and the 64-byte headers
 * they point at. After it returns, message i occupies [end(i-1), end(i)) of `batch.messages`
 * with end(i) the position in index entry i, and each region is exactly one record.
 */
export function validateSendMessagesBatch(batch: SendMessagesBatch): void {
  const { indexes, messages, messagesCount } = batch;
  if (messagesCount === 0) throw new IggyError(ErrorCode.InvalidMessagesCount, 'no messages');
  if (indexes.length % INDEX_ENTRY_SIZE !== 0) throw new IggyError(ErrorCode.InvalidIndexesByteSize, `${indexes.length} bytes`);
  if (indexes.length / INDEX_ENTRY_SIZE !== messagesCount) {
    throw new IggyError(ErrorCode.InvalidIndexesCount, `${indexes.length / INDEX_ENTRY_SIZE} entries for ${messagesCount} messages`);
  }
  let start = 0;
  let sizeSum = 0;
  let previousOffset = 0n;
  for (let index = 0; index < messagesCount; index++) {
    const entryAt = index * INDEX_ENTRY_SIZE;
    if (indexes.readUInt32LE(entryAt) !== 0) throw new IggyError(ErrorCode.NonZeroOffset, `index entry ${index}`);
    if (indexes.readBigUInt64LE(entryAt + 8) !== 0n) throw new IggyError(ErrorCode.NonZeroTimestamp, `index entry ${index}`);
    const end = indexes.readUInt32LE(entryAt + 4);
    if (end < start) throw new IggyError(ErrorCode.CannotReadIndexPosition, `index entry ${index} position ${end} < ${start}`);
    if (end > messages.length) throw new IggyError(ErrorCode.MissingIndex, `index entry ${index} position ${end} past the section`);
    const regionLength = end - start;
    if (regionLength < MESSAGE_HEADER_SIZE) throw new IggyError(ErrorCode.MissingIndex, `message ${index} region of ${regionLength} bytes`);
    const payloadLength = messages.readUInt32LE(start + MESSAGE_HEADER.PAYLOAD_LENGTH);
    const headersLength = messages.readUInt32LE(start + MESSAGE_HEADER.USER_HEADERS_LENGTH);
    if (payloadLength > MESSAGE_PAYLOAD_SIZE_MAX) throw new IggyError(ErrorCode.TooBigMessagePayload, `message ${index}`);
    if (headersLength > USER_HEADERS_SIZE_MAX) throw new IggyError(ErrorCode.TooBigUserHeaders, `message ${index}`);
    const recordSize = MESSAGE_HEADER_SIZE + payloadLength + headersLength;
    if (recordSize > regionLength) throw new IggyError(ErrorCode.MissingIndex, `message ${index} needs ${recordSize} bytes, has ${regionLength}`);
    const offset = messages.readBigUInt64LE(start + MESSAGE_HEADER.OFFSET);
    if (offset < previousOffset) throw new IggyError(ErrorCode.InvalidOffset, `message ${index}`);
    previousOffset = offset;
    sizeSum += recordSize;
    start = end;
  }
  if (sizeSum !== messages.length) {
    throw new IggyError(ErrorCode.InvalidMessagesSize, `messages add up to ${sizeSum} bytes, section has ${messages.length}`);
  }
}

/** Views of every message of a validated batch. */
export function readSendMessagesBatch(batch: SendMessagesBatch): SendMessageView[] {
  const views: SendMessageView[] = [];
  let start = 0;
  for (let index = 0; index < batch.messagesCount; index++) {
    const end = batch.indexes.readUInt32LE(index * INDEX_ENTRY_SIZE + 4);
    const header = readMessageHeader(batch.messages, start);
    const payloadStart = start + MESSAGE_HEADER_SIZE;
    const headersStart = payloadStart + header.payloadLength;
    views.push({
      id: header.id,
      originTimestamp: header.originTimestamp,
      payload: batch.messages.subarray(payloadStart, headersStart),
      userHeaders: batch.messages.subarray(headersStart, headersStart + header.userHeadersLength),
      record: batch.messages.subarray(start, end),
    });
    start = end;
  }
  return views;
}
