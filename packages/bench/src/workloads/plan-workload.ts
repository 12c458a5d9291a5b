import type { BenchArgs } from '../args/bench-args.js';
import type { ActorSpec } from '../actors/actor-spec.js';
import { batchShapes, meanBatchBytes, messagesIn } from './batch-shapes.js';

export const TOPIC_NAME = 'topic-1';
export const streamName = (index1: number): string => `bench-stream-${index1}`;
/** Iggy names groups "cg-<id>" with ids from 0 (CONSUMER_GROUP_BASE_ID). */
export const consumerGroupName = (index0: number): string => `cg-${index0}`;

export interface WorkloadPlan {
  streams: number;
  partitions: number;
  /** Consumer groups per stream index (1-based stream index -> group name), created before the run. */
  consumerGroups: { streamIndex: number; name: string }[];
  actors: ActorSpec[];
  /**
   * Consumer-only kinds read data a previous run left (Iggy's way); a server this bench starts is
   * empty, so these messages per stream are produced first, unmeasured.
   */
  prefillMessagesPerStream: number;
}

/** Batches each actor handles: --message-batches, or --total-data split over the actors. */
export function batchesPerActor(args: BenchArgs, actorCount: number): number {
  if (args.messageBatches !== null) return args.messageBatches;
  const batchBytes = meanBatchBytes(batchShapes(args));
  return Math.max(1, Math.ceil(args.totalDataBytes! / actorCount / batchBytes));
}

/** Maps a parsed command line to actors, following Iggy's benchmarks/common.rs assignment rules. */
export function planWorkload(args: BenchArgs): WorkloadPlan {
  const shapes = batchShapes(args);
  const base = {
    topicName: TOPIC_NAME,
    messagesPerBatch: args.messagesPerBatch,
    messageSizeBytes: args.messageSizeBytes,
    batchShapes: shapes,
    warmupTimeMs: args.warmupTimeMs,
    nodelay: args.nodelay,
  };
  /** Messages one sender writes in `batches` batches. */
  const sent = (batches: number) => messagesIn(shapes, batches);
  const actors: ActorSpec[] = [];
  const streamOf = (actorId: number, streams: number) => 1 + ((actorId - 1) % streams);
  const producerPartition = args.partitions > 1 ? null : 0;
  const countOn = (n: number, streams: number, stream: number) => Array.from({ length: n }, (_, i) => streamOf(i + 1, streams)).filter((s) => s === stream).length;

  const addProducers = (count: number, batches: number) => {
    for (let id = 1; id <= count; id++) {
      actors.push({ ...base, role: 'producer', actorId: id, streamName: streamName(streamOf(id, args.streams)), partitionId: producerPartition, consumerGroup: null, pollingKind: 'offset', batchesToSend: batches, messagesToReceive: 0 });
    }
  };
  // A consumer reads what the producers wrote to its stream, shared with the other consumers there.
  const addConsumers = (count: number, batches: number, producersPerStream: (stream: number) => number, groups: number) => {
    for (let id = 1; id <= count; id++) {
      const stream = groups > 0 ? streamOf(id, groups) : streamOf(id, args.streams);
      const readers = groups > 0 ? countOn(count, groups, stream) : countOn(count, args.streams, stream);
      const messagesToReceive = Math.floor((producersPerStream(stream) * sent(batches)) / readers);
      actors.push({
        ...base, role: 'consumer', actorId: id, streamName: streamName(stream),
        partitionId: groups > 0 ? null : 0,
        consumerGroup: groups > 0 ? consumerGroupName(stream - 1) : null,
        pollingKind: groups > 0 ? 'next' : 'offset',
        batchesToSend: 0, messagesToReceive,
      });
    }
  };
  const groupsFor = (count: number) => Array.from({ length: count }, (_, i) => ({ streamIndex: i + 1, name: consumerGroupName(i) }));

  switch (args.kind) {
    case 'pinned-producer':
    case 'balanced-producer': {
      addProducers(args.producers, batchesPerActor(args, args.producers));
      return { streams: args.streams, partitions: args.partitions, consumerGroups: [], actors, prefillMessagesPerStream: 0 };
    }
    case 'pinned-consumer': {
      const batches = batchesPerActor(args, args.consumers);
      addConsumers(args.consumers, batches, () => 1, 0);
      return { streams: args.streams, partitions: 1, consumerGroups: [], actors, prefillMessagesPerStream: sent(batches) };
    }
    case 'balanced-consumer-group': {
      const batches = batchesPerActor(args, args.consumers);
      const groups = Math.min(args.consumerGroups, args.streams);
      addConsumers(args.consumers, batches, (stream) => countOn(args.consumers, groups, stream), groups);
      const perStream = Math.ceil(args.consumers / args.streams) * sent(batches);
      return { streams: args.streams, partitions: args.partitions, consumerGroups: groupsFor(groups), actors, prefillMessagesPerStream: perStream };
    }
    case 'pinned-producer-and-consumer': {
      const batches = batchesPerActor(args, args.producers + args.consumers);
      addProducers(args.producers, batches);
      addConsumers(args.consumers, batches, (stream) => countOn(args.producers, args.streams, stream), 0);
      return { streams: args.streams, partitions: args.partitions, consumerGroups: [], actors, prefillMessagesPerStream: 0 };
    }
    case 'balanced-producer-and-consumer-group': {
      const batches = batchesPerActor(args, args.producers + args.consumers);
      const groups = Math.min(args.consumerGroups, args.streams);
      addProducers(args.producers, batches);
      addConsumers(args.consumers, batches, (stream) => countOn(args.producers, args.streams, stream), groups);
      return { streams: args.streams, partitions: args.partitions, consumerGroups: groupsFor(groups), actors, prefillMessagesPerStream: 0 };
    }
    case 'end-to-end-producing-consumer': {
      const batches = batchesPerActor(args, args.producers);
      for (let id = 1; id <= args.producers; id++) {
        actors.push({ ...base, role: 'producing_consumer', actorId: id, streamName: streamName(streamOf(id, args.streams)), partitionId: 0, consumerGroup: null, pollingKind: 'offset', batchesToSend: batches, messagesToReceive: sent(batches) });
      }
      return { streams: args.streams, partitions: 1, consumerGroups: [], actors, prefillMessagesPerStream: 0 };
    }
    case 'end-to-end-producing-consumer-group': {
      const batches = batchesPerActor(args, args.producers);
      const groups = Math.min(args.consumerGroups, args.streams);
      // Every actor produces; the first `consumers` also consume through their stream's group.
      for (let id = 1; id <= args.producers; id++) {
        const stream = streamOf(id, groups);
        const consumes = id <= args.consumers;
        const producersHere = countOn(args.producers, groups, stream);
        const consumersHere = countOn(Math.min(args.consumers, args.producers), groups, stream);
        actors.push({
          ...base, role: consumes ? 'producing_consumer' : 'producer', actorId: id, streamName: streamName(stream),
          partitionId: producerPartition, consumerGroup: consumes ? consumerGroupName(stream - 1) : null, pollingKind: 'next',
          batchesToSend: batches, messagesToReceive: consumes ? Math.floor((producersHere * sent(batches)) / consumersHere) : 0,
        });
      }
      return { streams: args.streams, partitions: args.partitions, consumerGroups: groupsFor(groups), actors, prefillMessagesPerStream: 0 };
    }
  }
}
