#!/usr/bin/env node
// Applies each deliberate bug of issue 18 in turn, rebuilds, runs the tests that must catch it,
// restores the source and reports which tests failed. A bug no test catches is reported as
// "NOT CAUGHT" and makes the script exit 1.
// Usage: node scripts/apply-deliberate-bugs.mjs [bug-name ...]   (default: all)
// Safety: a file with uncommitted changes is refused; the original text is written back in a
// finally block and on SIGINT/SIGTERM, then the build is redone.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

const BUGS = [
  {
    name: 'topic-record-swap',
    what: 'compression and message_expiry swapped in the topic record writer and reader',
    file: 'packages/protocol/src/models/topic-record.ts',
    edits: [
      ['    .u64(topic.messageExpiry)\n    .u8(topic.compressionAlgorithm)', '    .u8(topic.compressionAlgorithm)\n    .u64(topic.messageExpiry)'],
      [
        '    messageExpiry: reader.u64(),\n    compressionAlgorithm: reader.u8() as CompressionAlgorithm,',
        '    compressionAlgorithm: reader.u8() as CompressionAlgorithm,\n    messageExpiry: reader.u64(),',
      ],
    ],
    tests: ['protocol/dist/test/round-trip', 'protocol/dist/test/record-fixtures', 'integration/wire/server-bytes'],
  },
  {
    name: 'permission-scope-leak',
    what: 'a permission granted on one stream/topic counts for every stream/topic',
    file: 'packages/server/src/auth/permissioner.ts',
    edits: [
      ['const stream = permissions.streams.get(streamId);', 'const stream = [...permissions.streams.values()][0];'],
      ['const topic = stream.topics.get(topicId);', 'const topic = [...stream.topics.values()][0];'],
    ],
    tests: ['users/permission-scoping', 'unit/auth/permission-rules'],
  },
  {
    name: 'no-forced-handover',
    what: 'the forced hand-over at rebalancing_timeout disabled',
    file: 'packages/server/src/consumer-groups/consumer-group-coordinator.ts',
    edits: [['force: Date.now() - revocation.sinceMs >= timeoutMs,', 'force: timeoutMs < 0,']],
    tests: ['consumer-groups/rebalance-timeout'],
  },
  {
    name: 'pool-fallback-empty',
    what: 'the memory-pool fallback copy of a forwarded batch replaced with an empty batch',
    // The operations layer (shard/operations/messages.ts) took this over from handlers/message-handlers.ts.
    file: 'packages/server/src/shard/operations/messages.ts',
    edits: [['slot ? null : ownedBatch(input.messages)', 'slot ? null : ownedBatch(input.messages).subarray(0, 0)']],
    tests: ['shards/memory-pool-exhaustion'],
  },
];

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
}

function build() {
  const result = run('npx', ['tsc', '-b']);
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  // The protocol bundle (what the server and SDK import) is made from tsc's output.
  const bundle = run(process.execPath, ['packages/protocol/scripts/bundle.mjs']);
  if (bundle.status !== 0) throw new Error(`protocol bundle failed:\n${bundle.stdout}${bundle.stderr}`);
}

const selected = process.argv.slice(2);
const bugs = BUGS.filter((bug) => selected.length === 0 || selected.includes(bug.name));
if (bugs.length === 0) {
  console.error(`unknown bug; known: ${BUGS.map((bug) => bug.name).join(', ')}`);
  process.exit(2);
}

let restore = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    restore?.();
    process.exit(130);
  });
}

const report = [];
try {
for (const bug of bugs) {
  const path = join(root, bug.file);
  if (run('git', ['diff', '--quiet', 'HEAD', '--', bug.file]).status !== 0) {
    throw new Error(`${bug.file} has uncommitted changes; commit or stash them first`);
  }
  const original = readFileSync(path, 'utf8');
  let mutated = original;
  for (const [from, to] of bug.edits) {
    const count = mutated.split(from).length - 1;
    if (count !== 1) throw new Error(`${bug.name}: expected exactly one "${from}" in ${bug.file}, found ${count}; update this script`);
    mutated = mutated.replace(from, to);
  }
  restore = () => writeFileSync(path, original);
  let failed = [];
  let status;
  const started = Date.now();
  try {
    writeFileSync(path, mutated);
    build();
    const result = run(process.execPath, ['scripts/run-tests.mjs', ...bug.tests], { stdio: ['ignore', 'pipe', 'pipe'] });
    status = result.status;
    failed = [...new Set([...(result.stdout ?? '').matchAll(/^\s*not ok \d+ - (.+)$/gm)].map((match) => match[1].trim()))];
  } finally {
    restore();
    restore = null;
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  report.push({ bug, caught: status !== 0 && failed.length > 0, failed, seconds });
  console.log(`${bug.name}: ${status !== 0 ? 'caught' : 'NOT CAUGHT'} (${seconds} s) — ${bug.what}`);
  for (const name of failed) console.log(`  failed: ${name}`);
}
} finally {
  // The sources are back as committed; rebuild so dist/ matches them again.
  build();
}

const missed = report.filter((entry) => !entry.caught);
console.log(missed.length === 0 ? '\nevery deliberate bug makes a test fail' : `\nNOT CAUGHT: ${missed.map((entry) => entry.bug.name).join(', ')}`);
process.exit(missed.length === 0 ? 0 : 1);
