/** Topics and partitions (Iggy http/topics.rs, partitions.rs), plus delete-segments. */
import { ErrorCode, IggyError, asObject, compressionFromText, has, readString, readU32, readU64, readUint, topicDetailsToJson, topicToJson, type JsonObject } from '@iggy-node/protocol';
import * as ops from '../../../shard/operations/index.js';
import { notFoundReply } from '../http-errors.js';
import { emptyReply, jsonReply } from '../http-reply.js';
import { operationContext, pathId, queryU32, type HttpRouteDeps, type RouteEntry } from './route-support.js';

/** The fields CreateTopic and UpdateTopic share; `replication_factor` absent or null = 1 (null here). */
function topicSettings(body: JsonObject) {
  const replicationFactor = has(body, 'replication_factor') ? readUint(body, 'replication_factor', 255) : null;
  // Over HTTP 0 is an explicit (invalid) factor; the binary protocol uses 0 for "none given".
  if (replicationFactor === 0) throw new IggyError(ErrorCode.InvalidReplicationFactor, '0');
  return {
    name: readString(body, 'name'),
    compressionAlgorithm: compressionFromText(readString(body, 'compression_algorithm')),
    messageExpiry: readU64(body, 'message_expiry'),
    maxTopicSize: readU64(body, 'max_topic_size'),
    replicationFactor,
  };
}

export function topicRoutes(deps: HttpRouteDeps): RouteEntry[] {
  return [
    [
      'GET',
      '/streams/{stream_id}/topics',
      {
        handle: async (r) => {
          const topics = await ops.topics.getTopics(operationContext(deps, r), { streamId: pathId(r, 'stream_id') });
          return topics ? jsonReply([...topics].sort((a, b) => a.id - b.id).map(topicToJson)) : notFoundReply();
        },
      },
    ],
    [
      'POST',
      '/streams/{stream_id}/topics',
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          const topic = await ops.topics.createTopic(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), partitionsCount: readU32(body, 'partitions_count'), ...topicSettings(body) });
          return jsonReply(topicDetailsToJson(topic));
        },
      },
    ],
    [
      'GET',
      '/streams/{stream_id}/topics/{topic_id}',
      {
        handle: async (r) => {
          const topic = await ops.topics.getTopic(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id') });
          return topic ? jsonReply(topicDetailsToJson(topic)) : notFoundReply();
        },
      },
    ],
    [
      'PUT',
      '/streams/{stream_id}/topics/{topic_id}',
      {
        jsonBody: true,
        handle: async (r) => {
          await ops.topics.updateTopic(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id'), ...topicSettings(asObject(r.body)) });
          return emptyReply(204);
        },
      },
    ],
    [
      'DELETE',
      '/streams/{stream_id}/topics/{topic_id}',
      {
        handle: async (r) => {
          await ops.topics.deleteTopic(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id') });
          return emptyReply(204);
        },
      },
    ],
    [
      'DELETE',
      '/streams/{stream_id}/topics/{topic_id}/purge',
      {
        handle: async (r) => {
          await ops.topics.purgeTopic(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id') });
          return emptyReply(204);
        },
      },
    ],
    [
      'POST',
      '/streams/{stream_id}/topics/{topic_id}/partitions',
      {
        jsonBody: true,
        handle: async (r) => {
          const partitionsCount = readU32(asObject(r.body), 'partitions_count');
          await ops.partitions.createPartitions(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id'), partitionsCount });
          return emptyReply(201);
        },
      },
    ],
    [
      'DELETE',
      '/streams/{stream_id}/topics/{topic_id}/partitions',
      {
        handle: async (r) => {
          const partitionsCount = queryU32(r, 'partitions_count', 0);
          await ops.partitions.deletePartitions(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id'), partitionsCount });
          return emptyReply(204);
        },
      },
    ],
    // Not in the 0.7.0 server, but the Rust HTTP SDK sends it for delete_segments: served here.
    [
      'DELETE',
      '/streams/{stream_id}/topics/{topic_id}/partitions/{partition_id}',
      {
        handle: async (r) => {
          const partitionId = readU32({ partition_id: Number.isNaN(Number(r.params.partition_id)) ? -1 : Number(r.params.partition_id) }, 'partition_id');
          const segmentsCount = queryU32(r, 'segments_count', 0);
          await ops.segments.deleteSegments(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id'), partitionId, segmentsCount });
          return emptyReply(204);
        },
      },
    ],
  ];
}
