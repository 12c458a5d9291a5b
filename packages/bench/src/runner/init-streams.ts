import { ErrorCode, IggyClient, IggyError, IggyHttpClient, type IggyCommands } from '@iggy-node/sdk';
import type { BenchArgs } from '../args/bench-args.js';
import { TOPIC_NAME, streamName, type WorkloadPlan } from '../workloads/plan-workload.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Creates what Iggy's init_streams creates when missing: bench-stream-1..N, each with topic-1 of
 * the plan's partitions (never-expiring, unlimited size unless set), and the consumer groups.
 * Returns the messages already stored per stream (consumer kinds read earlier data when present).
 */
export async function initStreams(client: IggyCommands, args: BenchArgs, plan: WorkloadPlan): Promise<Map<string, bigint>> {
  const existing = new Set((await client.getStreams()).map((s: { name: string }) => s.name));
  const stored = new Map<string, bigint>();
  for (let i = 1; i <= plan.streams; i++) {
    const name = streamName(i);
    if (!existing.has(name)) {
      await client.createStream(name);
      await client.createTopic({
        streamId: name,
        name: TOPIC_NAME,
        partitionsCount: plan.partitions,
        messageExpiryMicros: args.messageExpiryUs === null ? U64_MAX : BigInt(args.messageExpiryUs),
        maxTopicSizeBytes: args.maxTopicSizeBytes === null ? U64_MAX : BigInt(args.maxTopicSizeBytes),
      });
    }
    const topic = await client.getTopic(name, TOPIC_NAME);
    stored.set(name, topic?.messagesCount ?? 0n);
  }
  for (const group of plan.consumerGroups) {
    const name = streamName(group.streamIndex);
    const groups = await client.getConsumerGroups(name, TOPIC_NAME);
    if (!groups.some((g: { name: string }) => g.name === group.name)) await client.createConsumerGroup(name, TOPIC_NAME, group.name);
  }
  return stored;
}

/** The setup connection; a refused login says which user was tried and how to choose another. */
export async function connectAdmin(host: string, port: number, username: string, password: string, transport: 'tcp' | 'websocket' | 'http' | 'quic' = 'tcp'): Promise<IggyCommands> {
  const client: IggyCommands =
    transport === 'http'
      ? new IggyHttpClient({ baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, credentials: { username, password } })
      : new IggyClient({
    host,
    port,
    transport: transport === 'websocket' ? 'ws' : transport,
    credentials: { username, password },
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
        });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    if (IggyError.is(error) && error.code === ErrorCode.InvalidCredentials) {
      throw new IggyError(error.code, `cannot log in to ${host}:${port} as "${username}": pass --username and --password after the transport (or set IGGY_USERNAME / IGGY_PASSWORD)`);
    }
    throw error;
  }
  return client;
}

/** --cleanup: deletes the streams this workload uses (bench-stream-1..N). Returns how many existed. */
export async function cleanupStreams(host: string, port: number, username: string, password: string, plan: WorkloadPlan, transport: 'tcp' | 'websocket' | 'http' | 'quic' = 'tcp'): Promise<number> {
  const client = await connectAdmin(host, port, username, password, transport);
  try {
    const existing = new Set((await client.getStreams()).map((s: { name: string }) => s.name));
    let removed = 0;
    for (let i = 1; i <= plan.streams; i++) {
      if (!existing.has(streamName(i))) continue;
      await client.deleteStream(streamName(i));
      removed++;
    }
    return removed;
  } finally {
    await client.close();
  }
}
