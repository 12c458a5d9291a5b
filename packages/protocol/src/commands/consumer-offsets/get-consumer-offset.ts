import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, ensureMinPayload } from '../../codec-helpers.js';
import { type Consumer, readConsumer, writeConsumer } from '../../models/consumer.js';
import { type ConsumerOffsetInfo, readConsumerOffsetInfo, writeConsumerOffsetInfo } from '../../models/consumer-offset-info.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { readOptionalPartitionId, writeOptionalPartitionId } from '../../models/partition-id.js';

/** GetConsumerOffset (120): consumer, stream, topic, optional partition id. */
export interface GetConsumerOffsetRequest {
  consumer: Consumer;
  streamId: Identifier;
  topicId: Identifier;
  partitionId: number | null;
}

/** null = nothing stored or stream/topic not found (empty OK). */
export type GetConsumerOffsetResponse = ConsumerOffsetInfo | null;

export function writeConsumerOffsetTarget(writer: BufferWriter, request: GetConsumerOffsetRequest): void {
  writeConsumer(writer, request.consumer);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writeOptionalPartitionId(writer, request.partitionId);
}

export function readConsumerOffsetTarget(reader: BufferReader): GetConsumerOffsetRequest {
  const consumer = readConsumer(reader);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  return { consumer, streamId, topicId, partitionId: readOptionalPartitionId(reader) };
}

export function encodeGetConsumerOffsetRequest(request: GetConsumerOffsetRequest): Buffer {
  const writer = new BufferWriter(40);
  writeConsumerOffsetTarget(writer, request);
  return writer.view();
}

export function decodeGetConsumerOffsetRequest(payload: Buffer): GetConsumerOffsetRequest {
  ensureMinPayload(payload, 16);
  return readConsumerOffsetTarget(new BufferReader(payload));
}

export function encodeGetConsumerOffsetResponse(response: GetConsumerOffsetResponse): Buffer {
  if (response === null) return EMPTY_PAYLOAD;
  const writer = new BufferWriter(20);
  writeConsumerOffsetInfo(writer, response);
  return writer.view();
}

export function decodeGetConsumerOffsetResponse(payload: Buffer): GetConsumerOffsetResponse {
  if (payload.length === 0) return null;
  return readConsumerOffsetInfo(new BufferReader(payload));
}
