// Goal: iggy-bench's command line matches Iggy 0.7's (defaults, per-level flags, validation); method: parse sample argv lists and compare fields or expected errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchArgsError, parseArgs, parseByteSize, parseDurationMs } from '../src/index.js';

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
  assert.equal(args.outputDir, 'benchmarks/results');
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
  rejects(['pinned-producer', 'http'], /not supported/);
  rejects(['pinned-producer', '-p', '2', '-s', '3', 'tcp'], /must be equal to the number of producers/);
  rejects(['pinned-consumer', '-c', '2', '-s', '1', 'tcp'], /must be equal to the number of consumers/);
  rejects(['balanced-producer', '-a', '1', 'tcp'], /at least 2/);
  rejects(['pinned-producer-and-consumer', '-a', '2', 'tcp'], /partitions must be 1/);
  rejects(['balanced-producer-and-consumer-group', '-a', '2', '-c', '4', 'tcp'], /Consumer number/);
  rejects(['-b', '10', '-T', '1MB', 'pinned-producer', 'tcp'], /cannot be used together/);
  rejects(['-m', '0', 'pinned-producer', 'tcp'], /positive integer/);
  rejects(['-m', '100..200', 'pinned-producer', 'tcp'], /ranges/);
  rejects(['-T', '1KB', '-m', '1000', 'pinned-producer', 'tcp'], /at least 2x/);
  rejects(['-t', 'soon', 'pinned-producer', 'tcp'], /invalid duration/);
  rejects(['pinned-producer', '--bogus', 'tcp'], /Unknown/i);
  rejects(['pinned-producer', 'tcp', '--server-address', 'nohost'], /host:port/);
});

test('quic is a transport like tcp, with its own --server-address', () => {
  const args = parseArgs(['pinned-producer', 'quic', '--server-address', '127.0.0.1:8080']);
  assert.equal(args.transport, 'quic');
  assert.equal(args.serverAddress, '127.0.0.1:8080');
  assert.throws(() => parseArgs(['pinned-producer', 'quic', '--nodelay']), BenchArgsError);
});
