import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkEnum, ensureMinPayload, readEnumU8 } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { IggyError } from '../../errors/iggy-error.js';
import { SNAPSHOT_COMPRESSIONS, SNAPSHOT_TYPES, SnapshotType, type SnapshotCompression } from '../../models/snapshot.js';

/** GetSnapshot (11): u8 compression, u8 types count, that many u8 types. */
export interface GetSnapshotRequest {
  compression: SnapshotCompression;
  types: SnapshotType[];
}

/** The raw bytes of a ZIP archive. */
export type GetSnapshotResponse = Buffer;

/** `All` (100) must be the only type when present (3 otherwise). */
function checkSnapshotTypes(types: readonly SnapshotType[]): void {
  if (types.length > 1 && types.includes(SnapshotType.All)) {
    throw new IggyError(ErrorCode.InvalidCommand, 'snapshot type "all" mixed with other types');
  }
}

export function encodeGetSnapshotRequest(request: GetSnapshotRequest): Buffer {
  if (request.types.length > 255) throw new IggyError(ErrorCode.InvalidCommand, `${request.types.length} snapshot types`);
  checkSnapshotTypes(request.types);
  const writer = new BufferWriter(2 + request.types.length);
  writer.u8(checkEnum(request.compression, SNAPSHOT_COMPRESSIONS, 'snapshot compression')).u8(request.types.length);
  for (const type of request.types) writer.u8(checkEnum(type, SNAPSHOT_TYPES, 'snapshot type'));
  return writer.view();
}

export function decodeGetSnapshotRequest(payload: Buffer): GetSnapshotRequest {
  ensureMinPayload(payload, 2);
  const reader = new BufferReader(payload);
  const compression = readEnumU8(reader, SNAPSHOT_COMPRESSIONS, 'snapshot compression');
  const count = reader.u8();
  const types: SnapshotType[] = [];
  for (let index = 0; index < count; index++) types.push(readEnumU8(reader, SNAPSHOT_TYPES, 'snapshot type'));
  checkSnapshotTypes(types);
  return { compression, types };
}

/** The archive goes on the wire as is. */
export function encodeGetSnapshotResponse(response: GetSnapshotResponse): Buffer {
  return response;
}

export function decodeGetSnapshotResponse(payload: Buffer): GetSnapshotResponse {
  return payload;
}
