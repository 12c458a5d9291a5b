/**
 * Messages (Iggy http/messages.rs). Send parses the JSON straight into the batch layout the
 * operation takes and the operation hands it to the partition owner (moved, never re-encoded);
 * poll renders the owner's stored records straight to JSON. HTTP always polls as an individual
 * consumer.
 */
import { ErrorCode, IggyError, buildMessagesBatch, renderPolledMessagesJson, sendMessagesBodyFromJson, type PollingKind } from '@iggy-node/protocol';
import { countDataPathCopy } from '../../../memory/data-path-copies.js';
import * as ops from '../../../shard/operations/index.js';
import { emptyReply } from '../http-reply.js';
import { consumerId, operationContext, pathId, queryBool, queryU32, queryU64, type HttpRouteDeps, type RouteEntry } from './route-support.js';

const POLLING_KINDS: Record<string, PollingKind> = { offset: 'offset', o: 'offset', timestamp: 'timestamp', t: 'timestamp', first: 'first', f: 'first', last: 'last', l: 'last', next: 'next', n: 'next' };

/** `{fsync}` as `true`/`false`, or `fsync=true` as the Rust HTTP SDK sends it. */
function parseFsync(text: string): boolean {
  const value = text.startsWith('fsync=') ? text.slice('fsync='.length) : text;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new IggyError(ErrorCode.InvalidFormat, `fsync ${JSON.stringify(text)}`);
}

export function messageRoutes(deps: HttpRouteDeps): RouteEntry[] {
  return [
    [
      'GET',
      '/streams/{stream_id}/topics/{topic_id}/messages',
      {
        handle: async (r) => {
          const kindText = r.query.get('kind') ?? 'offset';
          const kind = POLLING_KINDS[kindText.toLowerCase()];
          if (kind === undefined) throw new IggyError(ErrorCode.InvalidFormat, `kind ${JSON.stringify(kindText)}`);
          const result = await ops.messages.pollMessages(operationContext(deps, r), {
            consumer: { kind: 'consumer', id: consumerId(r.query.get('consumer_id')) },
            streamId: pathId(r, 'stream_id'),
            topicId: pathId(r, 'topic_id'),
            partitionId: queryU32(r, 'partition_id', 0),
            strategy: { kind, value: queryU64(r, 'value', 0n) },
            count: queryU32(r, 'count', 10),
            autoCommit: queryBool(r, 'auto_commit', false),
          });
          // JSON needs each message decoded (ids, base64 payloads): rendered, then the slot goes back.
          try {
            const records = result.records.records;
            if (records.length > 0) countDataPathCopy('poll_json_render', records.length);
            return { status: 200, headers: { 'content-type': 'application/json' }, body: renderPolledMessagesJson(result.partitionId, BigInt(result.currentOffset), [records]) };
          } finally {
            result.records.release();
          }
        },
      },
    ],
    [
      'POST',
      '/streams/{stream_id}/topics/{topic_id}/messages',
      {
        jsonBody: true,
        handle: async (r) => {
          const streamId = pathId(r, 'stream_id');
          const topicId = pathId(r, 'topic_id');
          const body = sendMessagesBodyFromJson(r.body!);
          const batch = buildMessagesBatch(streamId, topicId, body.partitioning, body.messages);
          await ops.messages.sendMessages(operationContext(deps, r), {
            streamId,
            topicId,
            partitioning: body.partitioning,
            messagesCount: batch.messagesCount,
            messages: batch.messages,
            lease: null,
          });
          return emptyReply(201);
        },
      },
    ],
    [
      'GET',
      '/streams/{stream_id}/topics/{topic_id}/messages/flush/{partition_id}/{fsync}',
      {
        handle: async (r) => {
          const partitionText = r.params.partition_id ?? '';
          if (!/^\d{1,10}$/.test(partitionText) || Number(partitionText) > 0xffff_ffff) throw new IggyError(ErrorCode.InvalidFormat, `partition id ${JSON.stringify(partitionText)}`);
          await ops.messages.flushUnsavedBuffer(operationContext(deps, r), {
            streamId: pathId(r, 'stream_id'),
            topicId: pathId(r, 'topic_id'),
            partitionId: Number(partitionText),
            fsync: parseFsync(r.params.fsync ?? ''),
          });
          return emptyReply(200);
        },
      },
    ],
  ];
}
