import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkEnum, ensureMinPayload, readEnumU8, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { IggyError } from '../../errors/iggy-error.js';
import { NAME_LENGTH_MAX, PARTITIONS_PER_REQUEST_MAX } from '../../limits.js';
import { COMPRESSION_ALGORITHMS, type CompressionAlgorithm } from '../../models/compression-algorithm.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type TopicDetails, readTopicDetails, writeTopicDetails } from '../../models/topic-record.js';

/**
 * CreateTopic (302) (§11.3). messageExpiry / maxTopicSize: 0 = server default, u64::MAX =
 * never / unlimited. replicationFactor null is written as 0 ("not set").
 */
export interface CreateTopicRequest {
  streamId: Identifier;
  partitionsCount: number;
  compressionAlgorithm: CompressionAlgorithm;
  messageExpiry: bigint;
  maxTopicSize: bigint;
  replicationFactor: number | null;
  name: string;
}

/** The topic record with resolved values, followed by the new partitions' records. */
export type CreateTopicResponse = TopicDetails;

export function checkPartitionsCount(count: number, countMin: number): number {
  if (!Number.isInteger(count) || count < countMin || count > PARTITIONS_PER_REQUEST_MAX) {
    throw new IggyError(ErrorCode.TooManyPartitions, `partitions count ${count}`);
  }
  return count;
}

export function encodeCreateTopicRequest(request: CreateTopicRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.streamId);
  writer.u32(checkPartitionsCount(request.partitionsCount, 0));
  writer.u8(checkEnum(request.compressionAlgorithm, COMPRESSION_ALGORITHMS, 'compression algorithm'));
  writer.u64(request.messageExpiry).u64(request.maxTopicSize).u8(request.replicationFactor ?? 0);
  writeName(writer, request.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName);
  return writer.view();
}

/** Minimum 14 bytes; partitions > 1000 is 2015; unknown compression is 3; bad name is 2014. */
export function decodeCreateTopicRequest(payload: Buffer): CreateTopicRequest {
  ensureMinPayload(payload, 14);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const partitionsCount = checkPartitionsCount(reader.u32(), 0);
  const compressionAlgorithm = readEnumU8(reader, COMPRESSION_ALGORITHMS, 'compression algorithm');
  const messageExpiry = reader.u64();
  const maxTopicSize = reader.u64();
  const replicationFactor = reader.u8();
  const name = readName(reader, 1, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName);
  return {
    streamId,
    partitionsCount,
    compressionAlgorithm,
    messageExpiry,
    maxTopicSize,
    replicationFactor: replicationFactor === 0 ? null : replicationFactor,
    name,
  };
}

export function encodeCreateTopicResponse(response: CreateTopicResponse): Buffer {
  const writer = new BufferWriter(128 + 40 * response.partitions.length);
  writeTopicDetails(writer, response);
  return writer.view();
}

export function decodeCreateTopicResponse(payload: Buffer): CreateTopicResponse {
  return readTopicDetails(new BufferReader(payload));
}

