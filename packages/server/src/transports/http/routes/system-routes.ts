/** System routes (Iggy http/system.rs): /, /ping, /metrics, /stats, /clients, /cluster/metadata, /snapshot. */
import {
  ErrorCode,
  IggyError,
  SnapshotCompression,
  SnapshotType,
  asArray,
  asObject,
  clientDetailsToJson,
  clientToJson,
  clusterMetadataToJson,
  statsToJson,
  type JsonValue,
} from '@iggy-node/protocol';
import * as ops from '../../../shard/operations/index.js';
import { notFoundReply } from '../http-errors.js';
import { jsonReply, textReply } from '../http-reply.js';
import { operationContext, type HttpRouteDeps, type RouteEntry } from './route-support.js';

const SNAPSHOT_TYPE_NAMES = Object.keys(SnapshotType) as (keyof typeof SnapshotType)[];
const COMPRESSION_NAMES = Object.keys(SnapshotCompression) as (keyof typeof SnapshotCompression)[];

/** GetSnapshot body: enum variant names as strings; `All` must come alone (3). */
function snapshotRequestFromJson(body: JsonValue | undefined): { compression: SnapshotCompression; types: SnapshotType[] } {
  const o = asObject(body);
  const typeNames = asArray(o.snapshot_types, 'snapshot_types');
  const types = typeNames.map((name) => {
    if (typeof name !== 'string' || !SNAPSHOT_TYPE_NAMES.includes(name as keyof typeof SnapshotType)) throw new IggyError(ErrorCode.InvalidFormat, `snapshot type ${JSON.stringify(name)}`);
    return SnapshotType[name as keyof typeof SnapshotType];
  });
  if (types.includes(SnapshotType.All) && types.length > 1) throw new IggyError(ErrorCode.InvalidCommand, 'All must be the only snapshot type');
  const compressionName = o.compression;
  if (typeof compressionName !== 'string' || !COMPRESSION_NAMES.includes(compressionName as keyof typeof SnapshotCompression)) {
    throw new IggyError(ErrorCode.InvalidFormat, `compression ${JSON.stringify(compressionName)}`);
  }
  return { compression: SnapshotCompression[compressionName as keyof typeof SnapshotCompression], types };
}

function snapshotFileName(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `iggy_snapshot_${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}_${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}.zip`;
}

export function systemRoutes(deps: HttpRouteDeps): RouteEntry[] {
  const routes: RouteEntry[] = [
    ['GET', '/', { handle: () => textReply('Iggy API') }],
    ['GET', '/ping', { handle: () => textReply('pong') }],
    ['GET', '/stats', { handle: async (r) => jsonReply(statsToJson(await ops.system.getStats(operationContext(deps, r)))) }],
    ['GET', '/cluster/metadata', { handle: (r) => jsonReply(clusterMetadataToJson(ops.system.getClusterMetadata(operationContext(deps, r)))) }],
    [
      'GET',
      '/clients',
      {
        handle: async (r) => {
          const clients = await ops.clients.getClients(operationContext(deps, r));
          return jsonReply([...clients].sort((a, b) => a.clientId - b.clientId).map(clientToJson));
        },
      },
    ],
    [
      'GET',
      '/clients/{client_id}',
      {
        handle: async (r) => {
          const text = r.params.client_id ?? '';
          if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffff_ffff) throw new IggyError(ErrorCode.InvalidFormat, `client id ${JSON.stringify(text)}`);
          const client = await ops.clients.getClient(operationContext(deps, r), { clientId: Number(text) });
          return client ? jsonReply(clientDetailsToJson(client)) : notFoundReply();
        },
      },
    ],
    [
      'POST',
      '/snapshot',
      {
        jsonBody: true,
        handle: async (r) => {
          const archive = await ops.system.getSnapshot(operationContext(deps, r), snapshotRequestFromJson(r.body));
          return {
            status: 200,
            headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${snapshotFileName()}"` },
            body: archive,
          };
        },
      },
    ],
  ];
  routes.push([
    'GET',
    '/health',
    {
      handle: async () => {
        const health = await deps.renderHealth();
        return { status: health.status, headers: { 'content-type': health.contentType }, body: health.body };
      },
    },
  ]);
  if (deps.config.http.metrics.enabled) {
    routes.push([
      'GET',
      deps.config.http.metrics.endpoint || '/metrics',
      {
        handle: async (r) => {
          const scrape = await deps.renderMetrics((r.headers.accept ?? '').includes('application/openmetrics-text'));
          return { status: scrape.status, headers: { 'content-type': scrape.contentType }, body: scrape.body };
        },
      },
    ]);
  }
  return routes;
}
