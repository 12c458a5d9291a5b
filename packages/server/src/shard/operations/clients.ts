/**
 * Client operations (Iggy shard/system/clients.rs): the connections of every shard and
 * transport, gathered over the bus; GetMe answers from this shard's own registry.
 */
import { ErrorCode, IggyError, type ClientDetails, type GetClientRequest, type Transport } from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import type { ClientInfo } from '../../bus/shard-messages.js';
import { callerId, type OperationContext } from './context.js';

function toDetails(client: ClientInfo): ClientDetails {
  return {
    clientId: client.clientId,
    userId: client.userId,
    transport: client.transport as Transport,
    address: client.address,
    consumerGroupsCount: client.consumerGroups.length,
    consumerGroups: client.consumerGroups,
  };
}

async function allClients(context: OperationContext): Promise<ClientInfo[]> {
  const answers = await context.shard.bus.sendToAllShards<'collectClients'>({ kind: 'collectClients' });
  return answers.flat();
}

export function getMe(context: OperationContext): ClientDetails {
  callerId(context);
  const me = context.shard.clients.describe().find((c) => c.clientId === context.session.clientId);
  if (!me) throw new IggyError(ErrorCode.ClientNotFound);
  return toDetails(me);
}

/** null when no shard holds that client. */
export async function getClient(context: OperationContext, request: GetClientRequest): Promise<ClientDetails | null> {
  assertAllowed(context.shard.metadata, callerId(context), 'readServers');
  const client = (await allClients(context)).find((c) => c.clientId === request.clientId);
  return client ? toDetails(client) : null;
}

export async function getClients(context: OperationContext): Promise<ClientDetails[]> {
  assertAllowed(context.shard.metadata, callerId(context), 'readServers');
  return (await allClients(context)).map(toDetails);
}

/** Every connected client, for statistics (no permission check: the caller checked). */
export async function countClients(context: OperationContext): Promise<number> {
  return (await allClients(context)).length;
}
