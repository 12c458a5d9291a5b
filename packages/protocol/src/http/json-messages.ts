/**
 * Messages in the HTTP API's JSON (http-api.md §4.6, §5.8): SendMessages bodies, polled messages,
 * partitioning and user headers. The server builds the stored-record layout straight from the
 * JSON (one allocation, no binary frame in between) and renders polls straight from the stored
 * records; the SDK uses the reverse directions.
 */
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import { INDEX_ENTRY_SIZE, MESSAGE_HEADER_SIZE, MESSAGE_PAYLOAD_SIZE_MAX, USER_HEADERS_SIZE_MAX } from '../limits.js';
import type { Identifier } from '../models/identifier.js';
import { type Partitioning, MESSAGES_KEY_LENGTH_MAX } from '../models/partitioning.js';
import { MESSAGE_HEADER, readMessageHeader, writeMessageHeader } from '../messages/message-header.js';
import type { PolledMessage, PollMessagesResponse } from '../messages/poll-messages.js';
import type { SendMessage, SendMessagesBatch } from '../messages/send-messages.js';
import {
  type HeaderKind,
  type HeaderValue,
  type UserHeaderEntry,
  decodeUserHeaderEntries,
  decodeUserHeaders,
  encodeUserHeaderEntries,
  encodeUserHeaders,
} from '../messages/user-headers.js';
import { asArray, asObject, has, readString, readU32, readU64, readU128 } from './json-fields.js';
import { stringifyJson, type JsonObject, type JsonValue } from './json-value.js';

const KIND_TEXT = ['', 'raw', 'string', 'bool', 'int8', 'int16', 'int32', 'int64', 'int128', 'uint8', 'uint16', 'uint32', 'uint64', 'uint128', 'float32', 'float64'];
const U128_MAX = (1n << 128n) - 1n;

/**
 * Standard padded base64 (Rust's STANDARD engine). Node's decoder silently skips characters
 * outside the alphabet (and stops at a `=` inside), so such a text decodes to fewer bytes than
 * its length promises: comparing the two refuses it without re-encoding the data.
 */
export function decodeBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  // Node also reads the URL-safe alphabet (`-`, `_`) as base64: the standard engine does not.
  if (text.length % 4 !== 0 || bytes.length !== (text.length / 4) * 3 - padding || text.includes('-') || text.includes('_')) {
    throw new IggyError(ErrorCode.InvalidFormat, `${what} is not valid base64`);
  }
  return bytes;
}

// ---- user headers ----

function headerFieldToJson(item: HeaderValue): JsonObject {
  return { kind: KIND_TEXT[item.kind] ?? 'raw', value: item.value.toString('base64') };
}

function headerFieldFromJson(value: JsonValue, code: number, what: string): HeaderValue {
  const o = asObject(value, what);
  const kind = KIND_TEXT.indexOf(typeof o.kind === 'string' ? o.kind : '');
  if (kind < 1) throw new IggyError(code, `${what} kind ${JSON.stringify(o.kind)}`);
  return { kind: kind as HeaderKind, value: decodeBase64(readString(o, 'value'), `${what} value`) };
}

/** `[]` when there are no headers or they cannot be decoded (as Iggy's serializer). */
export function userHeadersToJson(block: Buffer): JsonValue[] {
  if (block.length === 0) return [];
  let entries: UserHeaderEntry[];
  try {
    entries = decodeUserHeaderEntries(block);
  } catch {
    return [];
  }
  return entries.map((entry) => ({ key: headerFieldToJson(entry.key), value: headerFieldToJson(entry.value) }));
}

/** The encoded block; kinds and sizes checked (4018 for a key, 4019 for a value). */
export function userHeadersFromJson(value: JsonValue | undefined): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  const entries = asArray(value, 'user_headers').map((entry) => {
    const o = asObject(entry, 'user_headers[]');
    return { key: headerFieldFromJson(o.key ?? null, ErrorCode.InvalidHeaderKey, 'header key'), value: headerFieldFromJson(o.value ?? null, ErrorCode.InvalidHeaderValue, 'header value') };
  });
  return encodeUserHeaderEntries(entries);
}

// ---- partitioning ----

export function partitioningToJson(partitioning: Partitioning): JsonObject {
  switch (partitioning.kind) {
    case 'balanced':
      return { kind: 'balanced', value: '' };
    case 'partition_id': {
      const value = Buffer.alloc(4);
      value.writeUInt32LE(partitioning.partitionId, 0);
      return { kind: 'partition_id', value: value.toString('base64') };
    }
    case 'messages_key':
      return { kind: 'messages_key', value: partitioning.key.toString('base64') };
  }
}

/** An empty value for a non-balanced kind, or more than 255 bytes, is 4028 (as Iggy's validate). */
export function partitioningFromJson(value: JsonValue | undefined): Partitioning {
  const o = asObject(value, 'partitioning');
  const kind = readString(o, 'kind');
  const raw = has(o, 'value') ? decodeBase64(readString(o, 'value'), 'partitioning value') : Buffer.alloc(0);
  if (raw.length > MESSAGES_KEY_LENGTH_MAX) throw new IggyError(ErrorCode.InvalidKeyValueLength, `${raw.length} bytes`);
  switch (kind) {
    case 'balanced':
      return { kind: 'balanced' };
    case 'partition_id':
      if (raw.length !== 4) throw new IggyError(ErrorCode.InvalidKeyValueLength, `partition_id value of ${raw.length} bytes`);
      return { kind: 'partition_id', partitionId: raw.readUInt32LE(0) };
    case 'messages_key':
      if (raw.length === 0) throw new IggyError(ErrorCode.InvalidKeyValueLength, 'empty messages_key');
      return { kind: 'messages_key', key: raw };
  }
  throw new IggyError(ErrorCode.InvalidFormat, `partitioning kind ${JSON.stringify(kind)}`);
}

// ---- SendMessages body ----

export interface SendMessagesBody {
  partitioning: Partitioning;
  messages: SendMessage[];
}

/** id: a u64 number, a decimal u128 string, or 32 hex digits (dashes allowed); absent = 0. */
export function messageIdFromJson(value: JsonValue | undefined): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' || typeof value === 'bigint') return readU64({ id: value }, 'id');
  if (typeof value === 'string') {
    if (/^\d{1,39}$/.test(value) && BigInt(value) <= U128_MAX) return BigInt(value);
    const hex = value.replaceAll('-', '');
    if (/^[0-9a-fA-F]{32}$/.test(hex)) return BigInt(`0x${hex}`);
  }
  throw new IggyError(ErrorCode.InvalidFormat, `message id ${JSON.stringify(value)}`);
}

export function sendMessagesBodyFromJson(value: JsonValue): SendMessagesBody {
  const o = asObject(value);
  const partitioning = partitioningFromJson(o.partitioning);
  const list = asArray(o.messages, 'messages');
  if (list.length === 0) throw new IggyError(ErrorCode.InvalidMessagesCount, 'no messages');
  const messages = list.map((entry, index): SendMessage => {
    const m = asObject(entry, `messages[${index}]`);
    const payload = decodeBase64(readString(m, 'payload'), `messages[${index}].payload`);
    if (payload.length === 0) throw new IggyError(ErrorCode.EmptyMessagePayload, `message ${index}`);
    if (payload.length > MESSAGE_PAYLOAD_SIZE_MAX) throw new IggyError(ErrorCode.TooBigMessagePayload, `message ${index}`);
    const headers = userHeadersFromJson(m.user_headers);
    if (headers.length > USER_HEADERS_SIZE_MAX) throw new IggyError(ErrorCode.TooBigUserHeaders, `message ${index}`);
    return { id: messageIdFromJson(m.id), payload, headers };
  });
  return { partitioning, messages };
}

/** What the SDK sends; ids above u64 go as decimal strings (a JSON number must fit u64). */
export function sendMessagesBodyToJson(partitioning: Partitioning, messages: readonly SendMessage[]): JsonObject {
  return {
    partitioning: partitioningToJson(partitioning),
    messages: messages.map((message) => {
      const id = message.id ?? 0n;
      const block = message.headers === undefined ? Buffer.alloc(0) : Buffer.isBuffer(message.headers) ? message.headers : encodeUserHeaders(message.headers);
      const out: JsonObject = { id: id > 0xffff_ffff_ffff_ffffn ? id.toString() : id, payload: message.payload.toString('base64') };
      if (block.length > 0) out.user_headers = userHeadersToJson(block);
      return out;
    }),
  };
}

/**
 * The batch layout the append operation takes (16-byte index entries, then 64-byte-header
 * records back to back), built in one allocation straight from the parsed messages.
 */
export function buildMessagesBatch(streamId: Identifier, topicId: Identifier, partitioning: Partitioning, messages: readonly SendMessage[]): SendMessagesBatch {
  const count = messages.length;
  if (count === 0) throw new IggyError(ErrorCode.InvalidMessagesCount, 'no messages');
  const blocks = messages.map((message) => (message.headers === undefined ? Buffer.alloc(0) : Buffer.isBuffer(message.headers) ? message.headers : encodeUserHeaders(message.headers)));
  let messagesSize = 0;
  messages.forEach((message, index) => (messagesSize += MESSAGE_HEADER_SIZE + message.payload.length + blocks[index]!.length));
  // Each section owns its ArrayBuffer (no pool), so the messages can move to another thread as is.
  const indexes = Buffer.allocUnsafeSlow(INDEX_ENTRY_SIZE * count);
  const section = Buffer.allocUnsafeSlow(messagesSize);
  const originTimestamp = BigInt(Date.now()) * 1000n;
  let at = 0;
  messages.forEach((message, index) => {
    const block = blocks[index]!;
    writeMessageHeader(section, at, {
      checksum: 0n,
      id: message.id ?? 0n,
      offset: 0n,
      timestamp: 0n,
      originTimestamp: message.originTimestamp ?? originTimestamp,
      userHeadersLength: block.length,
      payloadLength: message.payload.length,
    });
    message.payload.copy(section, at + MESSAGE_HEADER_SIZE);
    block.copy(section, at + MESSAGE_HEADER_SIZE + message.payload.length);
    at += MESSAGE_HEADER_SIZE + message.payload.length + block.length;
    indexes.writeUInt32LE(0, index * INDEX_ENTRY_SIZE);
    indexes.writeUInt32LE(at, index * INDEX_ENTRY_SIZE + 4);
    indexes.writeBigUInt64LE(0n, index * INDEX_ENTRY_SIZE + 8);
  });
  return { streamId, topicId, partitioning, messagesCount: count, indexes, messages: section };
}

// ---- PolledMessages ----

/** One stored record (64-byte header, payload, user headers) at `at` as Iggy's IggyMessage JSON. */
function recordToJson(source: Buffer, at: number): { json: JsonObject; size: number } {
  const header = readMessageHeader(source, at);
  const payloadStart = at + MESSAGE_HEADER_SIZE;
  const headersStart = payloadStart + header.payloadLength;
  const json: JsonObject = {
    header: {
      checksum: header.checksum,
      id: header.id,
      offset: header.offset,
      timestamp: header.timestamp,
      origin_timestamp: header.originTimestamp,
      user_headers_length: header.userHeadersLength,
      payload_length: header.payloadLength,
      reserved: source.readBigUInt64LE(at + MESSAGE_HEADER.RESERVED),
    },
    payload: source.toString('base64', payloadStart, headersStart),
    user_headers: userHeadersToJson(source.subarray(headersStart, headersStart + header.userHeadersLength)),
  };
  return { json, size: MESSAGE_HEADER_SIZE + header.payloadLength + header.userHeadersLength };
}

/** Renders stored records (any number of buffers holding whole records back to back). */
export function polledMessagesToJson(partitionId: number, currentOffset: bigint, records: readonly Buffer[]): JsonObject {
  const messages: JsonValue[] = [];
  for (const buffer of records) {
    let at = 0;
    while (at + MESSAGE_HEADER_SIZE <= buffer.length) {
      const { json, size } = recordToJson(buffer, at);
      messages.push(json);
      at += size;
    }
  }
  return { partition_id: partitionId, current_offset: currentOffset, count: messages.length, messages };
}

export function polledMessagesFromJson(value: JsonValue): PollMessagesResponse {
  const o = asObject(value, 'polled_messages');
  const messages = asArray(o.messages, 'messages').map((entry): PolledMessage => {
    const m = asObject(entry, 'message');
    const h = asObject(m.header, 'header');
    const rawHeaders = userHeadersFromJson(m.user_headers);
    let headers: PolledMessage['headers'] = null;
    if (rawHeaders.length > 0) {
      try {
        headers = decodeUserHeaders(rawHeaders);
      } catch {
        headers = null;
      }
    }
    return {
      checksum: readU64(h, 'checksum'),
      id: readU128(h, 'id'),
      offset: readU64(h, 'offset'),
      timestamp: readU64(h, 'timestamp'),
      originTimestamp: readU64(h, 'origin_timestamp'),
      headers,
      rawHeaders,
      payload: decodeBase64(readString(m, 'payload'), 'payload'),
    };
  });
  return { partitionId: readU32(o, 'partition_id'), currentOffset: readU64(o, 'current_offset'), count: readU32(o, 'count'), messages };
}

/**
 * The same text as `stringifyJson(polledMessagesToJson(...))`, written straight from the record
 * headers without building objects: a 1000-message poll is the hot path of HTTP consumers.
 * Numbers are read as bigints only where they can exceed 2^53.
 */
export function renderPolledMessagesJson(partitionId: number, currentOffset: bigint, records: readonly Buffer[]): string {
  const parts: string[] = [];
  let count = 0;
  for (const buffer of records) {
    let at = 0;
    while (at + MESSAGE_HEADER_SIZE <= buffer.length) {
      const payloadLength = buffer.readUInt32LE(at + MESSAGE_HEADER.PAYLOAD_LENGTH);
      const headersLength = buffer.readUInt32LE(at + MESSAGE_HEADER.USER_HEADERS_LENGTH);
      const payloadStart = at + MESSAGE_HEADER_SIZE;
      const headersStart = payloadStart + payloadLength;
      const id = (buffer.readBigUInt64LE(at + MESSAGE_HEADER.ID + 8) << 64n) | buffer.readBigUInt64LE(at + MESSAGE_HEADER.ID);
      const headers = headersLength === 0 ? '[]' : stringifyJson(userHeadersToJson(buffer.subarray(headersStart, headersStart + headersLength)));
      parts.push(
        `{"header":{"checksum":${buffer.readBigUInt64LE(at)},"id":${id},"offset":${buffer.readBigUInt64LE(at + MESSAGE_HEADER.OFFSET)},` +
          `"timestamp":${buffer.readBigUInt64LE(at + MESSAGE_HEADER.TIMESTAMP)},"origin_timestamp":${buffer.readBigUInt64LE(at + MESSAGE_HEADER.ORIGIN_TIMESTAMP)},` +
          `"user_headers_length":${headersLength},"payload_length":${payloadLength},"reserved":${buffer.readBigUInt64LE(at + MESSAGE_HEADER.RESERVED)}},` +
          `"payload":"${buffer.toString('base64', payloadStart, headersStart)}","user_headers":${headers}}`,
      );
      count++;
      at = headersStart + headersLength;
    }
  }
  return `{"partition_id":${partitionId},"current_offset":${currentOffset},"count":${count},"messages":[${parts.join(',')}]}`;
}
