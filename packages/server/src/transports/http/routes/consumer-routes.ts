/** Consumer offsets and consumer groups (Iggy http/consumer_offsets.rs, consumer_groups.rs). No join/leave over HTTP. */
import {
  asObject,
  consumerGroupDetailsToJson,
  consumerGroupToJson,
  consumerOffsetToJson,
  has,
  readString,
  readU32,
  readU64,
  type JsonValue,
} from '@iggy-node/protocol';
import * as ops from '../../../shard/operations/index.js';
import { notFoundReply } from '../http-errors.js';
import { emptyReply, jsonReply } from '../http-reply.js';
import { consumerId, operationContext, pathId, queryU32, type HttpRouteDeps, type RouteEntry } from './route-support.js';

/** `consumer_id` in a JSON body: a number, or a string (numeric text is a numeric id). */
function bodyConsumerId(value: JsonValue | undefined): number | string {
  if (typeof value === 'number' || typeof value === 'bigint') return readU32({ consumer_id: value }, 'consumer_id');
  return consumerId(typeof value === 'string' ? value : readString({ consumer_id: value ?? null }, 'consumer_id'));
}

export function consumerRoutes(deps: HttpRouteDeps): RouteEntry[] {
  const base = '/streams/{stream_id}/topics/{topic_id}';
  return [
    [
      'GET',
      `${base}/consumer-offsets`,
      {
        handle: async (r) => {
          const info = await ops.consumerOffsets.getConsumerOffset(operationContext(deps, r), {
            consumer: { kind: 'consumer', id: consumerId(r.query.get('consumer_id')) },
            streamId: pathId(r, 'stream_id'),
            topicId: pathId(r, 'topic_id'),
            partitionId: queryU32(r, 'partition_id', 0),
          });
          return info ? jsonReply(consumerOffsetToJson(info)) : notFoundReply();
        },
      },
    ],
    [
      'PUT',
      `${base}/consumer-offsets`,
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          await ops.consumerOffsets.storeConsumerOffset(operationContext(deps, r), {
            consumer: { kind: 'consumer', id: bodyConsumerId(body.consumer_id) },
            streamId: pathId(r, 'stream_id'),
            topicId: pathId(r, 'topic_id'),
            partitionId: has(body, 'partition_id') ? readU32(body, 'partition_id') : null,
            offset: readU64(body, 'offset'),
          });
          return emptyReply(204);
        },
      },
    ],
    [
      'DELETE',
      `${base}/consumer-offsets/{consumer_id}`,
      {
        handle: async (r) => {
          await ops.consumerOffsets.deleteConsumerOffset(operationContext(deps, r), {
            consumer: { kind: 'consumer', id: consumerId(r.params.consumer_id ?? null) },
            streamId: pathId(r, 'stream_id'),
            topicId: pathId(r, 'topic_id'),
            partitionId: queryU32(r, 'partition_id', 0),
          });
          return emptyReply(204);
        },
      },
    ],
    [
      'GET',
      `${base}/consumer-groups`,
      {
        handle: (r) => {
          const groups = ops.consumerGroups.getConsumerGroups(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id') });
          return groups ? jsonReply([...groups].sort((a, b) => a.id - b.id).map(consumerGroupToJson)) : notFoundReply();
        },
      },
    ],
    [
      'POST',
      `${base}/consumer-groups`,
      {
        jsonBody: true,
        handle: async (r) => {
          const group = await ops.consumerGroups.createConsumerGroup(operationContext(deps, r), {
            streamId: pathId(r, 'stream_id'),
            topicId: pathId(r, 'topic_id'),
            name: readString(asObject(r.body), 'name'),
          });
          return jsonReply(consumerGroupDetailsToJson({ ...group, members: [] }), 201);
        },
      },
    ],
    [
      'GET',
      `${base}/consumer-groups/{group_id}`,
      {
        handle: (r) => {
          const group = ops.consumerGroups.getConsumerGroup(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id'), groupId: pathId(r, 'group_id') });
          return group ? jsonReply(consumerGroupDetailsToJson(group)) : notFoundReply();
        },
      },
    ],
    [
      'DELETE',
      `${base}/consumer-groups/{group_id}`,
      {
        handle: async (r) => {
          await ops.consumerGroups.deleteConsumerGroup(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), topicId: pathId(r, 'topic_id'), groupId: pathId(r, 'group_id') });
          return emptyReply(204);
        },
      },
    ],
  ];
}
