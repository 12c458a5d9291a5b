/**
 * GetStream, GetStreams, CreateStream, UpdateStream, DeleteStream, PurgeStream
 * (Iggy binary/handlers/streams). Reads use the local metadata copy plus gathered partition
 * statistics; changes go to the control plane.
 */
import {
  BufferWriter,
  CommandCode,
  decodeCreateStreamRequest,
  decodeDeleteStreamRequest,
  decodeGetStreamRequest,
  decodePurgeStreamRequest,
  decodeUpdateStreamRequest,
  encodeStreamRecord,
  expectEmptyPayload,
  writeStreamRecord,
  writeTopicRecord,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import { gatherPartitionStats, streamRecord, topicRecord } from '../shard/system/record-views.js';
import type { HandlerRegistration } from './command-dispatcher.js';

export function streamHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.GetStream,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId } = decodeGetStreamRequest(payload);
        const stream = shard.metadata.findStream(streamId);
        if (!stream) return null;
        assertAllowed(shard.metadata, session.userId!, 'getStream', stream.id);
        const stats = await gatherPartitionStats(shard, stream.id, null);
        const writer = new BufferWriter(256);
        writeStreamRecord(writer, streamRecord(stream, stats));
        for (const topic of stream.topics.values()) writeTopicRecord(writer, topicRecord(topic, stats));
        return writer.view();
      },
    },
    {
      code: CommandCode.GetStreams,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        expectEmptyPayload(payload);
        assertAllowed(shard.metadata, session.userId!, 'getStreams');
        const stats = await gatherPartitionStats(shard, null, null);
        const writer = new BufferWriter(1024);
        for (const stream of shard.metadata.streams.values()) writeStreamRecord(writer, streamRecord(stream, stats));
        return writer.length === 0 ? null : writer.view();
      },
    },
    {
      code: CommandCode.CreateStream,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { name } = decodeCreateStreamRequest(payload);
        assertAllowed(shard.metadata, session.userId!, 'createStream');
        const result = await shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: session.userId!, command: { kind: 'createStream', name } });
        const stream = shard.metadata.getStream(result.streamId!);
        return encodeStreamRecord(streamRecord(stream, new Map()));
      },
    },
    {
      code: CommandCode.UpdateStream,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, name } = decodeUpdateStreamRequest(payload);
        const stream = shard.metadata.getStream(streamId);
        assertAllowed(shard.metadata, session.userId!, 'manageStream', stream.id);
        await shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: session.userId!, command: { kind: 'updateStream', streamId: stream.id, name } });
        return null;
      },
    },
    {
      code: CommandCode.DeleteStream,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId } = decodeDeleteStreamRequest(payload);
        const stream = shard.metadata.getStream(streamId);
        assertAllowed(shard.metadata, session.userId!, 'manageStream', stream.id);
        await shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: session.userId!, command: { kind: 'deleteStream', streamId: stream.id } });
        return null;
      },
    },
    {
      code: CommandCode.PurgeStream,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId } = decodePurgeStreamRequest(payload);
        const stream = shard.metadata.getStream(streamId);
        assertAllowed(shard.metadata, session.userId!, 'manageStream', stream.id);
        await shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: session.userId!, command: { kind: 'purgeStream', streamId: stream.id } });
        return null;
      },
    },
  ];
}
