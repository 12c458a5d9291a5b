import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkEnum, ensureMinPayload, readEnumU8, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../../limits.js';
import { COMPRESSION_ALGORITHMS, type CompressionAlgorithm } from '../../models/compression-algorithm.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** UpdateTopic (304) (§11.5): values are stored as sent (0 is not resolved). Empty response. */
export interface UpdateTopicRequest {
  streamId: Identifier;
  topicId: Identifier;
  compressionAlgorithm: CompressionAlgorithm;
  messageExpiry: bigint;
  maxTopicSize: bigint;
  replicationFactor: number | null;
  name: string;
}

export function encodeUpdateTopicRequest(request: UpdateTopicRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writer.u8(checkEnum(request.compressionAlgorithm, COMPRESSION_ALGORITHMS, 'compression algorithm'));
  writer.u64(request.messageExpiry).u64(request.maxTopicSize).u8(request.replicationFactor ?? 0);
  writeName(writer, request.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName);
  return writer.view();
}

export function decodeUpdateTopicRequest(payload: Buffer): UpdateTopicRequest {
  ensureMinPayload(payload, 21);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  const compressionAlgorithm = readEnumU8(reader, COMPRESSION_ALGORITHMS, 'compression algorithm');
  const messageExpiry = reader.u64();
  const maxTopicSize = reader.u64();
  const replicationFactor = reader.u8();
  const name = readName(reader, 1, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName);
  return {
    streamId,
    topicId,
    compressionAlgorithm,
    messageExpiry,
    maxTopicSize,
    replicationFactor: replicationFactor === 0 ? null : replicationFactor,
    name,
  };
}
