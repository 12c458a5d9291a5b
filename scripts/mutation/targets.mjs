// Mutation-testing targets: what Stryker mutates, how the sandbox is built once after the
// mutants are inserted, and which compiled tests judge each mutant. Tests are chosen per target
// so a mutant costs one short process, not the whole suite.
const PROTOCOL_TESTS = ['round-trip', 'record-fixtures', 'reference-edges', 'model-boundaries', 'golden-bytes', 'truncation', 'invalid-input', 'send-messages-validation', 'user-headers', 'frame-reader', 'buffer-writer-growth', 'error-codes']
  .map((name) => `packages/protocol/dist/test/${name}.test.js`);

export const TARGETS = {
  protocol: {
    mutate: ['packages/protocol/src/**/*.ts', '!packages/protocol/src/checksum-wasm.ts'],
    build: 'npx tsc -b packages/protocol',
    tests: PROTOCOL_TESTS,
  },
  auth: {
    mutate: ['packages/server/src/auth/**/*.ts'],
    build: 'npx tsc -b packages/server',
    // The wire tests (users/permission-matrix, users/permission-scoping: a server each, 15-60 s
    // per run on a loaded 2-core machine) are too slow for ~150 mutants; the unit table covers §17.
    tests: ['packages/server/dist/test/unit/auth/permission-rules.test.js'],
  },
  // consumer-groups and storage are judged by their unit tests only: the integration tests start
  // a server each (30-60 s per mutant on the shared 2-core machine, hours per target). So the
  // coordinator (consumer-group-coordinator.ts, driven through a Shard) is left to the
  // integration suite, and storage's I/O seams (file-io, fault-injector) are not mutated.
  'consumer-groups': {
    mutate: ['packages/server/src/consumer-groups/group-assignment.ts', 'packages/server/src/consumer-groups/group-membership.ts'],
    build: 'npx tsc -b packages/server',
    tests: ['group-assignment', 'group-membership'].map((name) => `packages/server/dist/test/unit/consumer-groups/${name}.test.js`),
  },
  storage: {
    // The log itself: segment, index, partition log (append, read, retention, purge), recovery.
    // Full run: the log itself (segment, index, partition log, recovery). The run recorded in
    // docs/TESTING.md covered only segment-index.ts and partition-log.ts's read, retention and
    // rollover lines, for time (see there, with the --mutate line ranges as of 6ef6516).
    mutate: [
      'packages/server/src/storage/partition-log.ts',
      'packages/server/src/storage/segment.ts',
      'packages/server/src/storage/segment-index.ts',
      'packages/server/src/storage/partition-recovery.ts',
    ],
    build: 'npx tsc -b packages/server',
    tests: [
      'unit/storage/partition-log-append',
      'unit/storage/partition-log-boundaries',
      'unit/storage/partition-log-reopen',
      'unit/storage/partition-log-segments',
      'unit/storage/partition-log-write-faults',
      'unit/storage/partition-recovery',
      'unit/storage/segment-index',
    ].map((name) => `packages/server/dist/test/${name}.test.js`),
  },
};
