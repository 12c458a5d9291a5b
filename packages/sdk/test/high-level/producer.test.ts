// IggyProducer against a real server: batches by count and by linger, keeps one partitioning per request and order within it, bounds its buffer (send waits while full), reports failed batches from flush(), and refuses sends after close(); method: a spy on sendMessages counts requests, polls read back what arrived.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IggyError } from '@iggy-node/protocol';
import { Consumer, Partitioning, PollingStrategy } from '../../src/helpers.js';
import { IggyProducer } from '../../src/high-level/producer.js';
import type { IggyClient, SendMessagesOptions } from '../../src/iggy-client.js';
import { startRealServer, type RealServer } from './real-server.js';

/** Records every SendMessages request (partitioning kind/id and size); `gate` can hold them back. */
function spyOnSends(client: IggyClient) {
  const calls: { partitioning: string; count: number }[] = [];
  let gate: Promise<void> | null = null;
  const original = client.sendMessages.bind(client);
  client.sendMessages = async (options: SendMessagesOptions) => {
    if (gate) await gate;
    const p = options.partitioning;
    calls.push({ partitioning: p.kind === 'partition_id' ? `p${p.partitionId}` : p.kind, count: options.messages.length });
    return original(options);
  };
  return {
    calls,
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
  };
}

async function pollAll(client: IggyClient, streamId: number, topicId: number, partitionId: number): Promise<string[]> {
  const polled = await client.pollMessages({ consumer: Consumer.single(99), streamId, topicId, partitionId, strategy: PollingStrategy.first(), count: 10_000, autoCommit: false });
  return polled.messages.map((m) => m.payload.toString());
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, 'condition not reached in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const text = (s: string) => ({ payload: Buffer.from(s) });

test('IggyProducer', async (t) => {
  const server: RealServer = await startRealServer();
  t.after(() => server.stop());
  const admin = await server.client();
  const stream = await admin.createStream('hl-producer');
  let topicNumber = 0;
  const newTopic = async (partitionsCount = 1) => (await admin.createTopic({ streamId: stream.id, name: `t${topicNumber++}`, partitionsCount })).id;

  await t.test('a full batch leaves at once, without waiting for the linger', async () => {
    const topicId = await newTopic();
    const client = await server.client();
    const spy = spyOnSends(client);
    const producer = new IggyProducer({ client, streamId: stream.id, topicId, partitioning: Partitioning.partitionId(0), batchSize: 100, lingerMs: 600_000 });
    for (let i = 0; i < 1000; i++) await producer.send(text(`m${i}`));
    await until(() => producer.pendingCount === 0);
    assert.deepEqual(spy.calls.map((c) => c.count), Array(10).fill(100));
    assert.deepEqual(await pollAll(admin, stream.id, topicId, 0), Array.from({ length: 1000 }, (_, i) => `m${i}`));
    await producer.close();
  });

  await t.test('a partial batch leaves after the linger, without flush()', async () => {
    const topicId = await newTopic();
    const client = await server.client();
    const spy = spyOnSends(client);
    const producer = new IggyProducer({ client, streamId: stream.id, topicId, batchSize: 1000, lingerMs: 20 });
    await producer.send([text('a'), text('b'), text('c')]);
    await producer.send(text('d'));
    await until(() => spy.calls.length === 1 && producer.pendingCount === 0);
    assert.deepEqual(spy.calls, [{ partitioning: 'balanced', count: 4 }]);
    assert.deepEqual(await pollAll(admin, stream.id, topicId, 0), ['a', 'b', 'c', 'd']);
    await producer.close();
  });

  await t.test('one partitioning per request, order kept within each partition', async () => {
    const topicId = await newTopic(2);
    const client = await server.client();
    const spy = spyOnSends(client);
    const producer = new IggyProducer({ client, streamId: stream.id, topicId, batchSize: 3, lingerMs: 600_000 });
    for (let i = 0; i < 10; i++) await producer.send(text(`x${i}`), Partitioning.partitionId(i % 2));
    await producer.flush();
    assert.ok(spy.calls.every((c) => c.count <= 3));
    assert.equal(spy.calls.reduce((n, c) => n + c.count, 0), 10);
    assert.deepEqual(await pollAll(admin, stream.id, topicId, 0), ['x0', 'x2', 'x4', 'x6', 'x8']);
    assert.deepEqual(await pollAll(admin, stream.id, topicId, 1), ['x1', 'x3', 'x5', 'x7', 'x9']);
    await producer.close();
  });

  await t.test('a full buffer makes send() wait until the server acknowledges (backpressure)', async () => {
    const topicId = await newTopic();
    const client = await server.client();
    const spy = spyOnSends(client);
    const open = spy.hold();
    const producer = new IggyProducer({ client, streamId: stream.id, topicId, batchSize: 50, bufferCapacity: 100, lingerMs: 0 });
    let accepted = false;
    const sending = producer.send(Array.from({ length: 150 }, (_, i) => text(`b${i}`))).then(() => (accepted = true));
    await until(() => producer.pendingCount === 100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(accepted, false, 'the last 50 wait for room');
    assert.equal(producer.pendingCount, 100, 'never more than the capacity');
    open();
    await sending;
    await producer.flush();
    assert.equal((await pollAll(admin, stream.id, topicId, 0)).length, 150);
    await producer.close();
  });

  await t.test('a failed batch: onError is told, flush() rejects once, the producer goes on', async () => {
    const topicId = await newTopic();
    const client = await server.client();
    const failures: number[] = [];
    const producer = new IggyProducer({ client, streamId: stream.id, topicId, partitioning: Partitioning.partitionId(5), lingerMs: 1, onError: (_, count) => failures.push(count) });
    await producer.send([text('lost'), text('lost')]);
    await assert.rejects(producer.flush(), (error: unknown) => error instanceof IggyError);
    assert.deepEqual(failures, [2]);
    await producer.send(text('ok'), Partitioning.partitionId(0));
    await producer.flush();
    assert.deepEqual(await pollAll(admin, stream.id, topicId, 0), ['ok']);
    await producer.close();
    await assert.rejects(producer.send(text('late')), /closed/);
  });
});
