import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../../limits.js';
import { type StreamRecord, readStreamRecord, writeStreamRecord } from '../../models/stream-record.js';

/** CreateStream (202): str8 name (1..=255, else 1013). The server assigns the id. */
export interface CreateStreamRequest {
  name: string;
}

/** The new stream's record. */
export type CreateStreamResponse = StreamRecord;

export function encodeCreateStreamRequest(request: CreateStreamRequest): Buffer {
  const writer = new BufferWriter(64);
  writeName(writer, request.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName);
  return writer.view();
}

export function decodeCreateStreamRequest(payload: Buffer): CreateStreamRequest {
  ensureMinPayload(payload, 2);
  const reader = new BufferReader(payload);
  return { name: readName(reader, 1, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName) };
}

export function encodeCreateStreamResponse(response: CreateStreamResponse): Buffer {
  const writer = new BufferWriter(96);
  writeStreamRecord(writer, response);
  return writer.view();
}

export function decodeCreateStreamResponse(payload: Buffer): CreateStreamResponse {
  return readStreamRecord(new BufferReader(payload));
}
