// Goal: iggy-bench's command line matches Iggy 0.7's (defaults, per-level flags, validation); method: parse sample argv lists and compare fields or expected errors.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BenchArgsError, parseArgs, parseByteSize, parseDurationMs, planWorkload } from '../src/index.js';

test('defaults match Iggy: 1000 messages of 1000 bytes per batch, 1000 batches, 8 producers, 10ms sampling', () => {
  const args = parseArgs(['pinned-producer', 'tcp']);
  assert.equal(args.kind, 'pinned-producer');
  assert.equal(args.transport, 'tcp');
  assert.equal(args.messagesPerBatch, 1000);
  assert.equal(args.messageBatches, 1000);
  assert.equal(args.messageSizeBytes, 1000);
  assert.equal(args.totalDataBytes, null);
  assert.equal(args.producers, 8);
  assert.equal(args.streams, 8);
  assert.equal(args.partitions, 1);
  assert.equal(args.warmupTimeMs, 0);
  assert.equal(args.samplingTimeMs, 10);
  assert.equal(args.movingAverageWindow, 20);
  assert.equal(args.serverAddress, null);
  assert.equal(args.outputDir, join(tmpdir(), 'iggy-bench-results'), 'outside the repository');
});

test('balanced kinds default to 1 stream of 24 partitions, 8 consumers, 1 group', () => {
  const args = parseArgs(['balanced-producer-and-consumer-group', 'tcp']);
  assert.deepEqual([args.streams, args.partitions, args.producers, args.consumers, args.consumerGroups], [1, 24, 8, 8, 1]);
  assert.equal(args.readAmplification, 1.05);
});

test('-p before the kind is messages per batch, after it the number of producers', () => {
  const args = parseArgs(['-p', '10', '-b', '5', '-m', '100', 'pinned-producer', '-p', '2', 'tcp', '--server-address', '127.0.0.1:9999', 'output', '-o', '/tmp/x']);
  assert.equal(args.messagesPerBatch, 10);
  assert.equal(args.messageBatches, 5);
  assert.equal(args.messageSizeBytes, 100);
  assert.equal(args.producers, 2);
  assert.equal(args.streams, 2);
  assert.equal(args.serverAddress, '127.0.0.1:9999');
  assert.equal(args.outputDir, '/tmp/x');
});

test('--total-data replaces --message-batches; durations and sizes parse', () => {
  const args = parseArgs(['-T', '8MB', '-w', '1s', '-t', '100ms', 'end-to-end-producing-consumer', '-p', '2', '-s', '2', 'tcp']);
  assert.equal(args.totalDataBytes, 8_000_000);
  assert.equal(args.messageBatches, null);
  assert.equal(args.warmupTimeMs, 1000);
  assert.equal(args.samplingTimeMs, 100);
  assert.equal(parseByteSize('1GiB'), 1024 ** 3);
  assert.equal(parseDurationMs('2m'), 120_000);
});

test('validation errors', () => {
  const rejects = (argv: string[], pattern: RegExp) => assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof BenchArgsError && pattern.test(e.message));
  rejects(['tcp'], /missing benchmark kind/);
  rejects(['pinned-producer'], /missing transport/);
  rejects(['pinned-producer', '-p', '2', '-s', '3', 'tcp'], /must be equal to the number of producers/);
  rejects(['pinned-consumer', '-c', '2', '-s', '1', 'tcp'], /must be equal to the number of consumers/);
  rejects(['balanced-producer', '-a', '1', 'tcp'], /at least 2/);
  rejects(['pinned-producer-and-consumer', '-a', '2', 'tcp'], /partitions must be 1/);
  rejects(['balanced-producer-and-consumer-group', '-a', '2', '-c', '4', 'tcp'], /Consumer number/);
  rejects(['-b', '10', '-T', '1MB', 'pinned-producer', 'tcp'], /cannot be used together/);
  rejects(['-m', '0', 'pinned-producer', 'tcp'], /positive integer/);
  rejects(['-m', '200..100', 'pinned-producer', 'tcp'], /minimum \(200\) is greater than the maximum/);
  rejects(['-m', '1..2..3', 'pinned-producer', 'tcp'], /invalid range/);
  rejects(['pinned-producer', '-p', '1..4', 'tcp'], /--producers must be a positive integer/);
  rejects(['-T', '1KB', '-m', '1000', 'pinned-producer', 'tcp'], /at least 2x/);
  rejects(['-t', 'soon', 'pinned-producer', 'tcp'], /invalid duration/);
  rejects(['pinned-producer', '--bogus', 'tcp'], /Unknown/i);
  rejects(['pinned-producer', 'tcp', '--server-address', 'nohost'], /host:port/);
});

test("Iggy's min..max ranges for --message-size and --messages-per-batch: batch variants spread over both, exact totals", () => {
  const args = parseArgs(['-m', '100..1000', '-p', '10..40', '-b', '32', 'pinned-producer-and-consumer', '-p', '1', '-c', '1', '-s', '1', 'tcp']);
  assert.deepEqual(args.messageSizeRange, { min: 100, max: 1000 });
  assert.deepEqual(args.messagesPerBatchRange, { min: 10, max: 40 });
  assert.equal(args.messagesPerBatch, 40, 'consumers poll the largest batch');
  const plan = planWorkload(args);
  const [producer, consumer] = plan.actors;
  const shapes = producer!.batchShapes;
  assert.equal(shapes.length, 16);
  assert.deepEqual([Math.min(...shapes.map((s) => s.messagesCount)), Math.max(...shapes.map((s) => s.messagesCount))], [10, 40]);
  assert.deepEqual([Math.min(...shapes.map((s) => s.messageSizeBytes)), Math.max(...shapes.map((s) => s.messageSizeBytes))], [100, 1000]);
  // 32 batches = two full cycles: the consumer waits for exactly what the producer sends.
  assert.equal(consumer!.messagesToReceive, 2 * shapes.reduce((t, s) => t + s.messagesCount, 0));
  assert.deepEqual(parseArgs(['pinned-producer', 'tcp']).messageSizeRange, { min: 1000, max: 1000 });
  assert.equal(planWorkload(parseArgs(['pinned-producer', 'tcp'])).actors[0]!.batchShapes.length, 1);
});

test('quic is a transport like tcp, with its own --server-address', () => {
  const args = parseArgs(['pinned-producer', 'quic', '--server-address', '127.0.0.1:8080']);
  assert.equal(args.transport, 'quic');
  assert.equal(args.serverAddress, '127.0.0.1:8080');
  assert.throws(() => parseArgs(['pinned-producer', 'quic', '--nodelay']), BenchArgsError);
});

test('--server-main picks the server build the bench starts (A/B with one bench client)', () => {
  assert.equal(parseArgs(['pinned-producer', 'tcp']).serverMain, null);
  assert.equal(parseArgs(['--server-main', '/tmp/base/packages/server/dist/src/main.js', 'pinned-producer', 'tcp']).serverMain, '/tmp/base/packages/server/dist/src/main.js');
});
