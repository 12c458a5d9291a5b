/** Streams (Iggy http/streams.rs). */
import { asObject, readString, streamDetailsToJson, streamToJson } from '@iggy-node/protocol';
import * as ops from '../../../shard/operations/index.js';
import { notFoundReply } from '../http-errors.js';
import { emptyReply, jsonReply } from '../http-reply.js';
import { operationContext, pathId, type HttpRouteDeps, type RouteEntry } from './route-support.js';

export function streamRoutes(deps: HttpRouteDeps): RouteEntry[] {
  return [
    ['GET', '/streams', { handle: async (r) => jsonReply([...(await ops.streams.getStreams(operationContext(deps, r)))].sort((a, b) => a.id - b.id).map(streamToJson)) }],
    [
      'POST',
      '/streams',
      {
        jsonBody: true,
        handle: async (r) => {
          // 0.7 takes no stream_id here: the server assigns it; unknown fields are ignored.
          const stream = await ops.streams.createStream(operationContext(deps, r), { name: readString(asObject(r.body), 'name') });
          return jsonReply(streamDetailsToJson({ ...stream, topics: [] }));
        },
      },
    ],
    [
      'GET',
      '/streams/{stream_id}',
      {
        handle: async (r) => {
          const stream = await ops.streams.getStream(operationContext(deps, r), { streamId: pathId(r, 'stream_id') });
          return stream ? jsonReply(streamDetailsToJson(stream)) : notFoundReply();
        },
      },
    ],
    [
      'PUT',
      '/streams/{stream_id}',
      {
        jsonBody: true,
        handle: async (r) => {
          await ops.streams.updateStream(operationContext(deps, r), { streamId: pathId(r, 'stream_id'), name: readString(asObject(r.body), 'name') });
          return emptyReply(204);
        },
      },
    ],
    [
      'DELETE',
      '/streams/{stream_id}',
      {
        handle: async (r) => {
          await ops.streams.deleteStream(operationContext(deps, r), { streamId: pathId(r, 'stream_id') });
          return emptyReply(204);
        },
      },
    ],
    [
      'DELETE',
      '/streams/{stream_id}/purge',
      {
        handle: async (r) => {
          await ops.streams.purgeStream(operationContext(deps, r), { streamId: pathId(r, 'stream_id') });
          return emptyReply(204);
        },
      },
    ],
  ];
}
