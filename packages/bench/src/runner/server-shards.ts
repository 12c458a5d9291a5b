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
  if (!LOOPBACK.has(host)) return null;
  const { processId } = await client.getStats();
  try {
    let shards = 0;
    for (const tid of readdirSync(`/proc/${processId}/task`)) {
      if (/^shard-\d+$/.test(readFileSync(`/proc/${processId}/task/${tid}/comm`, 'utf8').trim())) shards++;
    }
    return shards > 0 ? shards : null;
  } catch {
    return null;
  }
}
