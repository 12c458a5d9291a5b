// How long each heavy test file holds a runner slot, so scripts/run-tests.mjs can start the
// longest files first (longest-processing-time-first scheduling): with 2 slots, a 36 s file that
// starts last leaves one core idle for most of those 36 s. Alphabetical order put restart.test
// (the longest) in the middle of the pass and whichever heavy file sorted last at its end.
//
// Seconds, rough: the larger of the file's CPU seconds (`/usr/bin/time` around `node --test
// <file>`, 2026-12-06, issue 18) and its suites' duration_ms in a full TCP pass (the same day's
// CI log). Only the order matters; files not listed count as 1 s and keep alphabetical order
// after the listed ones. A listed file that no longer exists is reported by run-tests.mjs.
export const TEST_FILE_COSTS_S = {
  'packages/server/dist/test/integration/storage/restart.test.js': 60,
  'packages/server/dist/test/integration/packaging/pack-install.test.js': 28,
  'packages/cli/dist/test/first-hour.test.js': 25,
  'packages/server/dist/test/integration/recovery/recovery.test.js': 16,
  'packages/bench/dist/test/run-pinned-producer.test.js': 16,
  'packages/cli/dist/test/end-to-end.test.js': 16,
  'packages/server/dist/test/integration/websocket/websocket.test.js': 16,
  'packages/server/dist/test/integration/faults/restart-under-traffic.test.js': 14,
  'packages/connectors/dist/test/connectors-postgres.test.js': 13,
  'packages/server/dist/test/integration/server/first-start.test.js': 10,
  'packages/server/dist/test/integration/users/heartbeat.test.js': 9,
  'packages/server/dist/test/integration/observability/prometheus.test.js': 8,
  'packages/server/dist/test/integration/http/http-permission-matrix.test.js': 8,
  'packages/server/dist/test/integration/protocol/bad-input.test.js': 8,
  'packages/server/dist/test/integration/shards/socket-migration.test.js': 7,
  'packages/server/dist/test/integration/settings/log-rotation.test.js': 7,
  'packages/server/dist/test/integration/faults/slow-clients.test.js': 6.5,
  'packages/server/dist/test/integration/users/permission-matrix.test.js': 6.5,
  'packages/connectors/dist/test/connectors-runtime.test.js': 6,
  'packages/server/dist/test/integration/consumer-groups/rebalance-timeout.test.js': 5.5,
  'packages/server/dist/test/integration/settings/encryption.test.js': 5,
  'packages/cli/dist/test/http-transport.test.js': 3.6,
  'packages/mcp/dist/test/mcp-server.test.js': 3.6,
  'packages/server/dist/test/integration/quic/quic-bad-input.test.js': 3.4,
  'packages/server/dist/test/integration/consumer-groups/exactly-once.test.js': 3.2,
  'packages/server/dist/test/integration/settings/archiving.test.js': 3.2,
};

const DEFAULT_COST_S = 1;

/** Cost of a file given by its path relative to the repository root. */
export function testFileCost(relativePath) {
  return TEST_FILE_COSTS_S[relativePath] ?? DEFAULT_COST_S;
}

/** `files` (absolute paths under `root`), most expensive first; ties keep alphabetical order. */
export function orderByCost(files, root) {
  const relative = (file) => file.slice(root.length).replace(/^\/+/, '');
  return [...files].sort((a, b) => testFileCost(relative(b)) - testFileCost(relative(a)) || (a < b ? -1 : a > b ? 1 : 0));
}
