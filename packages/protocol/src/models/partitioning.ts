import type { BufferReader } from '../buffer-reader.js';
import type { BufferWriter } from '../buffer-writer.js';
import { checkU32 } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/** Partitioning of a SendMessages batch (§7.5): u8 kind, u8 length, value. */
export type Partitioning =
  | { kind: 'balanced' }
  | { kind: 'partition_id'; partitionId: number }
  | { kind: 'messages_key'; key: Buffer };

export const PARTITIONING_KIND_BALANCED = 1;
export const PARTITIONING_KIND_PARTITION_ID = 2;
export const PARTITIONING_KIND_MESSAGES_KEY = 3;
export const MESSAGES_KEY_LENGTH_MAX = 255;

export function partitioningSize(partitioning: Partitioning): number {
  switch (partitioning.kind) {
    case 'balanced':
      return 2;
    case 'partition_id':
      return 6;
    case 'messages_key':
      return 2 + partitioning.key.length;
  }
}

export function writePartitioning(writer: BufferWriter, partitioning: Partitioning): void {
  switch (partitioning.kind) {
    case 'balanced':
      writer.u8(PARTITIONING_KIND_BALANCED).u8(0);
      return;
    case 'partition_id':
      writer.u8(PARTITIONING_KIND_PARTITION_ID).u8(4).u32(checkU32(partitioning.partitionId, 'partition id'));
      return;
    case 'messages_key': {
      // SDKs refuse empty and over-long keys before sending (4028); keep the same rule.
      const length = partitioning.key.length;
      if (length === 0 || length > MESSAGES_KEY_LENGTH_MAX) throw new IggyError(ErrorCode.InvalidKeyValueLength, `key of ${length} bytes`);
      writer.u8(PARTITIONING_KIND_MESSAGES_KEY).u8(length).bytes(partitioning.key);
      return;
    }
    default:
      throw new IggyError(ErrorCode.InvalidCommand, `partitioning kind ${String((partitioning as { kind: unknown }).kind)}`);
  }
}

/**
 * Wrong length for balanced / partition_id or an unknown kind is 3. An empty messages key is
 * accepted, as by the original's binary path. The key is a view into the payload.
 */
export function readPartitioning(reader: BufferReader): Partitioning {
  const kind = reader.u8();
  const length = reader.u8();
  switch (kind) {
    case PARTITIONING_KIND_BALANCED:
      if (length !== 0) throw new IggyError(ErrorCode.InvalidCommand, `balanced partitioning with length ${length}`);
      return { kind: 'balanced' };
    case PARTITIONING_KIND_PARTITION_ID:
      if (length !== 4) throw new IggyError(ErrorCode.InvalidCommand, `partition_id partitioning with length ${length}`);
      return { kind: 'partition_id', partitionId: reader.u32() };
    case PARTITIONING_KIND_MESSAGES_KEY:
      return { kind: 'messages_key', key: reader.bytes(length) };
    default:
      throw new IggyError(ErrorCode.InvalidCommand, `partitioning kind ${kind}`);
  }
}
