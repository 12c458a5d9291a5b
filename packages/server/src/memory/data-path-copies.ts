/**
 * Payload copies on the message data path, counted per site so a test and /metrics can show
 * that a batch read into a pool slot is not copied again on its way to disk or another shard
 * (issue 14). Plain numbers, one set per thread (each shard has its own module instance); the
 * coordinator sums the shards' series.
 *
 * Sites:
 * - socket_to_slot: request bytes copied from a socket read buffer into the pool slot of their
 *   payload (a read that ended before the payload began, e.g. header and payload in one read);
 * - socket_to_buffer: a payload spanning reads assembled in an ordinary Buffer (no pool slot);
 * - forward_into_slot: a batch outside the pool copied into a slot to cross shards;
 * - forward_clone: a batch that crossed shards as its own ArrayBuffer (pool full or off);
 * - migration_requeue: bytes read but not run, copied out of their slot for a migrating socket;
 * - checksum_staging: batch bytes copied into WebAssembly memory for the XXH3 kernel (batches
 *   outside pool slots, or every batch where the pool is not a shared WebAssembly.Memory);
 * - poll_to_buffer: a poll's records read into an ordinary Buffer because the pool had no slot
 *   (full or off); the read itself (file or unwritten batch → the response region) is the one
 *   copy every poll makes and is not counted;
 * - poll_transport_copy: a poll response copied by a transport to frame it (the QUIC endpoint's
 *   native side, or parts joined into one message);
 * - poll_json_render: records rendered into an HTTP JSON body (decoded per message, by design).
 *
 * Runs on: every shard thread.
 */
export const DATA_PATH_COPY_SITES = [
  'socket_to_slot',
  'socket_to_buffer',
  'forward_into_slot',
  'forward_clone',
  'migration_requeue',
  'checksum_staging',
  'poll_to_buffer',
  'poll_transport_copy',
  'poll_json_render',
] as const;

export type DataPathCopySite = (typeof DATA_PATH_COPY_SITES)[number];

export interface DataPathCopyCount {
  copies: number;
  bytes: number;
}

const counts = new Map<DataPathCopySite, DataPathCopyCount>(DATA_PATH_COPY_SITES.map((site) => [site, { copies: 0, bytes: 0 }]));

export function countDataPathCopy(site: DataPathCopySite, byteCount: number): void {
  const count = counts.get(site)!;
  count.copies += 1;
  count.bytes += byteCount;
}

/** This thread's counts so far, by site. */
export function dataPathCopies(): ReadonlyMap<DataPathCopySite, Readonly<DataPathCopyCount>> {
  return counts;
}
