/** What one actor (worker thread) does; built by planWorkload, sent as workerData. */
export interface ActorSpec {
  role: 'producer' | 'consumer' | 'producing_consumer';
  actorId: number;
  /** Streams and topics are addressed by name ("bench-stream-N", "topic-1"), as Iggy's bench does. */
  streamName: string;
  topicName: string;
  /** 0-based partition to send to / poll from; null = balanced (producer) or server's choice (group member). */
  partitionId: number | null;
  /** Consumer group name to join and poll as; null = individual consumer `actorId`. */
  consumerGroup: string | null;
  pollingKind: 'offset' | 'next';
  /** Batches to send (producer, producing consumer). */
  batchesToSend: number;
  /** Messages to receive before stopping (consumer, producing consumer). */
  messagesToReceive: number;
  messagesPerBatch: number;
  messageSizeBytes: number;
  warmupTimeMs: number;
  nodelay: boolean;
}

export interface ActorConnection {
  host: string;
  port: number;
  /** Default tcp. */
  transport?: 'tcp' | 'websocket';
  username: string;
  password: string;
}

/** Per-batch records; index i is the i-th measured batch. Times are ms on the shared wall clock. */
export interface ActorRecords {
  startMs: Float64Array;
  latencyUs: Float64Array;
  messages: Uint32Array;
  userDataBytes: Float64Array;
  totalBytes: Float64Array;
}

export interface ActorResult {
  spec: ActorSpec;
  records: ActorRecords;
  /** This thread's CPU (Linux /proc/thread-self), ms; null where unavailable. */
  threadCpuMs: number | null;
  wallMs: number;
  /** Set when the actor stopped early (error or idle timeout). */
  error: string | null;
}

/** worker -> main */
export type ActorMessage =
  | { type: 'ready' }
  | { type: 'progress'; messages: number; userDataBytes: number }
  | { type: 'done'; result: ActorResult }
  | { type: 'failed'; error: string };
