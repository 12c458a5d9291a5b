/**
 * Stream operations (Iggy shard/system/streams.rs): reads use the local metadata copy plus the
 * partition statistics gathered from their owners; changes go to the control plane.
 */
import type {
  CreateStreamRequest,
  DeleteStreamRequest,
  GetStreamRequest,
  PurgeStreamRequest,
  StreamDetails,
  StreamRecord,
  UpdateStreamRequest,
} from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import { gatherPartitionStats, streamRecord, topicRecord } from '../system/record-views.js';
import { callerId, type OperationContext } from './context.js';
import { runMetadataCommand } from './control-plane-call.js';

/** null when the stream does not exist (the binary protocol answers an empty OK). */
export async function getStream(context: OperationContext, request: GetStreamRequest): Promise<StreamDetails | null> {
  const { shard } = context;
  const stream = shard.metadata.findStream(request.streamId);
  if (!stream) return null;
  assertAllowed(shard.metadata, callerId(context), 'getStream', stream.id);
  const stats = await gatherPartitionStats(shard, stream.id, null);
  return { ...streamRecord(stream, stats), topics: [...stream.topics.values()].map((topic) => topicRecord(topic, stats)) };
}

export async function getStreams(context: OperationContext): Promise<StreamRecord[]> {
  const { shard } = context;
  assertAllowed(shard.metadata, callerId(context), 'getStreams');
  const stats = await gatherPartitionStats(shard, null, null);
  return [...shard.metadata.streams.values()].map((stream) => streamRecord(stream, stats));
}

export async function createStream(context: OperationContext, request: CreateStreamRequest): Promise<StreamRecord> {
  const { shard } = context;
  assertAllowed(shard.metadata, callerId(context), 'createStream');
  const result = await runMetadataCommand(context, { kind: 'createStream', name: request.name });
  return streamRecord(shard.metadata.getStream(result.streamId!), new Map());
}

export async function updateStream(context: OperationContext, request: UpdateStreamRequest): Promise<void> {
  const stream = manageableStream(context, request.streamId);
  await runMetadataCommand(context, { kind: 'updateStream', streamId: stream.id, name: request.name });
}

export async function deleteStream(context: OperationContext, request: DeleteStreamRequest): Promise<void> {
  const stream = manageableStream(context, request.streamId);
  await runMetadataCommand(context, { kind: 'deleteStream', streamId: stream.id });
}

export async function purgeStream(context: OperationContext, request: PurgeStreamRequest): Promise<void> {
  const stream = manageableStream(context, request.streamId);
  await runMetadataCommand(context, { kind: 'purgeStream', streamId: stream.id });
}

/** An existing stream (1009) the caller may manage (41). */
function manageableStream(context: OperationContext, streamId: GetStreamRequest['streamId']): { id: number } {
  const stream = context.shard.metadata.getStream(streamId);
  assertAllowed(context.shard.metadata, callerId(context), 'manageStream', stream.id);
  return stream;
}
