import { readdirSync, readFileSync } from 'node:fs';
import type { IggyCommands } from '@iggy-node/sdk';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/**
 * The shard count of a server the bench did not start. Nothing on the wire says it, but a server
 * on this machine can be looked at: GetStats gives its pid, and every shard thread is named
 * "shard-N" (ours and Iggy's), visible in /proc/<pid>/task/<tid>/comm. null when the server is
 * elsewhere or /proc is not there.
 */
export async function countServerShards(client: IggyCommands, host: string): Promise<number | null> {
  const processId = await localServerPid(client, host);
  return processId === null ? null : shardThreadsOf(processId);
}

/**
 * The pid of a server on this machine (GetStats), so its CPU and RSS can be read from /proc as
 * for a server the bench started. Only when that pid has shard threads: a server in a container
 * reports the pid of its own namespace, which here may be any other process. null otherwise.
 */
export async function localServerPid(client: IggyCommands, host: string): Promise<number | null> {
  if (!LOOPBACK.has(host)) return null;
  const { processId } = await client.getStats();
  return shardThreadsOf(processId) > 0 ? processId : null;
}

function shardThreadsOf(processId: number): number {
  try {
    let shards = 0;
    for (const tid of readdirSync(`/proc/${processId}/task`)) {
      if (/^shard-\d+$/.test(readFileSync(`/proc/${processId}/task/${tid}/comm`, 'utf8').trim())) shards++;
    }
    return shards;
  } catch {
    return 0;
  }
}
