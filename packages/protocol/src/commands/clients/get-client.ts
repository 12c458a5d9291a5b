import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, checkU32 } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { IggyError } from '../../errors/iggy-error.js';
import { type ClientDetails, readClientDetails, writeClientDetails } from '../../models/client-record.js';

/** GetClient (21): exactly 4 bytes, u32 client id. */
export interface GetClientRequest {
  clientId: number;
}

/** null = no such client (empty OK). */
export type GetClientResponse = ClientDetails | null;

export function encodeGetClientRequest(request: GetClientRequest): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32LE(checkU32(request.clientId, 'client id'), 0);
  return payload;
}

export function decodeGetClientRequest(payload: Buffer): GetClientRequest {
  if (payload.length !== 4) throw new IggyError(ErrorCode.InvalidCommand, `GetClient payload of ${payload.length} bytes`);
  return { clientId: payload.readUInt32LE(0) };
}

export function encodeGetClientResponse(response: GetClientResponse): Buffer {
  if (response === null) return EMPTY_PAYLOAD;
  const writer = new BufferWriter(64);
  writeClientDetails(writer, response);
  return writer.view();
}

export function decodeGetClientResponse(payload: Buffer): GetClientResponse {
  if (payload.length === 0) return null;
  return readClientDetails(new BufferReader(payload));
}
