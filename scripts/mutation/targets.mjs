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
  'consumer-groups': {
    mutate: ['packages/server/src/consumer-groups/**/*.ts'],
    build: 'npx tsc -b packages/server',
    tests: [
      'unit/consumer-groups/group-assignment',
      'integration/consumer-groups/membership-and-offsets',
      'integration/consumer-groups/rebalance-timeout',
      'integration/consumer-groups/partition-changes',
    ].map((name) => `packages/server/dist/test/${name}.test.js`),
  },
  storage: {
    mutate: ['packages/server/src/storage/**/*.ts'],
    build: 'npx tsc -b packages/server',
    tests: [
      'unit/storage/consumer-offset-store',
      'unit/storage/partition-log-append',
      'unit/storage/partition-log-reopen',
      'unit/storage/partition-log-segments',
      'unit/storage/partition-recovery',
      'unit/storage/segment-index',
    ].map((name) => `packages/server/dist/test/${name}.test.js`),
  },
};
