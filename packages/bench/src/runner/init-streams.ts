import { IggyClient } from '@iggy-node/sdk';
import type { BenchArgs } from '../args/bench-args.js';
import { TOPIC_NAME, streamName, type WorkloadPlan } from '../workloads/plan-workload.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Creates what Iggy's init_streams creates when missing: bench-stream-1..N, each with topic-1 of
 * the plan's partitions (never-expiring, unlimited size unless set), and the consumer groups.
 * Returns the messages already stored per stream (consumer kinds read earlier data when present).
 */
export async function initStreams(client: IggyClient, args: BenchArgs, plan: WorkloadPlan): Promise<Map<string, bigint>> {
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

export async function connectAdmin(host: string, port: number, transport: 'tcp' | 'websocket' = 'tcp'): Promise<IggyClient> {
  const client = new IggyClient({ host, port, transport: transport === 'websocket' ? 'ws' : 'tcp', credentials: { username: 'iggy', password: 'iggy' } });
  await client.connect();
  return client;
}
