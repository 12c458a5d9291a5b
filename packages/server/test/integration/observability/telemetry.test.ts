// [telemetry] exports OpenTelemetry traces and logs: one span per command with its code, user and
// partition, and a child span on the partition owner when a SendMessages crosses shards (trace
// context in the bus envelope); pino lines arrive as OTel log records with the service name.
// Method: a 2-shard server without socket migration (so sends to the other shard's partitions
// are forwarded), OTLP receivers started by the test (HTTP with JSON bodies, and gRPC).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Partitioning } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver } from '../../helpers/otlp-receiver.js';
import { startTestServer } from '../../helpers/test-server.js';

const PARTITIONS_COUNT = 4;

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function telemetryEnv(transport: 'http' | 'grpc', endpoint: string): Record<string, string> {
  const suffix = transport === 'http';
  return {
    IGGY_TELEMETRY_ENABLED: 'true',
    IGGY_TELEMETRY_SERVICE_NAME: `iggy-test-${transport}`,
    IGGY_TELEMETRY_TRACES_TRANSPORT: transport,
    IGGY_TELEMETRY_TRACES_ENDPOINT: suffix ? `${endpoint}/v1/traces` : endpoint,
    IGGY_TELEMETRY_LOGS_TRANSPORT: transport,
    IGGY_TELEMETRY_LOGS_ENDPOINT: suffix ? `${endpoint}/v1/logs` : endpoint,
    IGGY_TCP_SOCKET_MIGRATION: 'false',
  };
}

async function produceEverywhere(server: Awaited<ReturnType<typeof startTestServer>>): Promise<void> {
  const client = await server.client();
  await client.createStream('traced');
  await client.createTopic({ streamId: 'traced', name: 'spans', partitionsCount: PARTITIONS_COUNT });
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    await client.sendMessages({ streamId: 'traced', topicId: 'spans', partitioning: Partitioning.partitionId(partitionId), messages: buildMessages(5, 32) });
  }
}

test('telemetry: OTLP/HTTP receives command spans, owner-shard child spans and log records', { timeout: 120_000 }, async (t) => {
  const receiver = await startOtlpHttpReceiver();
  t.after(() => receiver.close());
  const server = await startTestServer({ shardCount: 2, env: telemetryEnv('http', receiver.endpoint) });
  t.after(() => server.stop());
  await produceEverywhere(server);

  const isForwardedAppend = (span: { name: string; parentSpanId?: string }) => span.name === 'iggy.shard appendMessages' && !!span.parentSpanId;
  await waitFor(() => receiver.spans.some(isForwardedAppend), 'a forwarded append span');
  const child = receiver.spans.find(isForwardedAppend)!;
  const parent = receiver.spans.find((span) => span.spanId === child.parentSpanId);
  await waitFor(() => receiver.spans.some((span) => span.spanId === child.parentSpanId), 'the parent command span');
  const command = parent ?? receiver.spans.find((span) => span.spanId === child.parentSpanId)!;
  assert.equal(command.name, 'iggy.command SendMessages');
  assert.equal(command.traceId, child.traceId, 'one trace across both shards');
  assert.equal(command.attributes['iggy.command.code'], 101);
  assert.equal(command.attributes['iggy.user.id'], 0);
  assert.equal(command.attributes['iggy.result.code'], 0);
  assert.equal(typeof command.attributes['iggy.partition.id'], 'number');
  assert.notEqual(command.attributes['iggy.partition.owner_shard'], child.attributes['iggy.shard.source'], 'the owner is the other shard');
  assert.equal(child.attributes['iggy.shard.id'], command.attributes['iggy.partition.owner_shard']);
  assert.equal(command.serviceName, 'iggy-test-http');
  assert.ok(receiver.spans.some((span) => span.name === 'iggy.command CreateTopic'));

  await waitFor(() => receiver.logs.some((log) => log.body === 'Iggy server started'), 'the start-up log record');
  const started = receiver.logs.find((log) => log.body === 'Iggy server started')!;
  assert.equal(started.serviceName, 'iggy-test-http');
  assert.equal(started.severityText, 'INFO');
});

test('telemetry: OTLP/gRPC receives spans and log records', { timeout: 120_000 }, async (t) => {
  const receiver = await startOtlpGrpcReceiver();
  t.after(() => receiver.close());
  const server = await startTestServer({ shardCount: 2, env: telemetryEnv('grpc', receiver.endpoint) });
  t.after(() => server.stop());
  await produceEverywhere(server);
  const contains = (requests: Buffer[], text: string) => requests.some((bytes) => bytes.includes(Buffer.from(text)));
  await waitFor(() => contains(receiver.traceRequests, 'iggy.command SendMessages') && contains(receiver.traceRequests, 'iggy.shard appendMessages'), 'spans over gRPC');
  assert.ok(contains(receiver.traceRequests, 'iggy-test-grpc'), 'the service name is on the resource');
  await waitFor(() => contains(receiver.logRequests, 'Iggy server started'), 'log records over gRPC');
});
