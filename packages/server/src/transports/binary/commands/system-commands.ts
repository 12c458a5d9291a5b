/** Ping, GetStats, GetSnapshot, GetClusterMetadata, GetMe, GetClient, GetClients. */
import { COMMAND_CODECS as C, encodeClientRecord } from '@iggy-node/protocol';
import * as clients from '../../../shard/operations/clients.js';
import * as sessions from '../../../shard/operations/sessions.js';
import * as system from '../../../shard/operations/system.js';
import { command, emptyPayload, type BinaryCommand } from '../binary-command.js';

export const systemCommands: BinaryCommand[] = [
  command({ code: C.Ping.code, name: 'Ping', requiresAuthentication: false, decode: C.Ping.decodeRequest, run: (ctx) => sessions.ping(ctx), encode: emptyPayload }),
  command({ code: C.GetStats.code, name: 'GetStats', requiresAuthentication: true, decode: C.GetStats.decodeRequest, run: (ctx) => system.getStats(ctx), encode: C.GetStats.encodeResponse }),
  command({ code: C.GetSnapshot.code, name: 'GetSnapshot', requiresAuthentication: true, decode: C.GetSnapshot.decodeRequest, run: system.getSnapshot, encode: (archive) => archive }),
  command({
    code: C.GetClusterMetadata.code,
    name: 'GetClusterMetadata',
    requiresAuthentication: true,
    decode: C.GetClusterMetadata.decodeRequest,
    run: (ctx) => system.getClusterMetadata(ctx),
    encode: C.GetClusterMetadata.encodeResponse,
  }),
  command({ code: C.GetMe.code, name: 'GetMe', requiresAuthentication: true, decode: C.GetMe.decodeRequest, run: (ctx) => clients.getMe(ctx), encode: C.GetMe.encodeResponse }),
  command({ code: C.GetClient.code, name: 'GetClient', requiresAuthentication: true, decode: C.GetClient.decodeRequest, run: clients.getClient, encode: C.GetClient.encodeResponse }),
  command({
    code: C.GetClients.code,
    name: 'GetClients',
    requiresAuthentication: true,
    decode: C.GetClients.decodeRequest,
    run: (ctx) => clients.getClients(ctx),
    // Client records without their group lists (ClientDetails is wider than the wire record).
    encode: (list) => (list.length === 0 ? null : Buffer.concat(list.map((client) => encodeClientRecord(client)))),
  }),
];
