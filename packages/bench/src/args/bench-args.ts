import type { NumericRange } from './parse-range.js';
import type { Transport, WorkloadKind } from './workload-kind.js';

/** Everything one benchmark run needs, after defaults and validation (parseArgs). */
export interface BenchArgs {
  kind: WorkloadKind;
  transport: Transport;
  /** "host:port", or null: start a server of our own on a temporary directory. */
  serverAddress: string | null;
  nodelay: boolean;
  /** Login for the actors and the setup connection (--username/--password, IGGY_USERNAME/IGGY_PASSWORD, iggy/iggy). */
  username: string;
  password: string;
  /** Delete the bench streams at the end (--cleanup). */
  cleanup: boolean;
  /** The mean message size over --message-size (a value or Iggy's min..max range). */
  messageSizeBytes: number;
  /** The largest batch (consumers poll this many at a time). */
  messagesPerBatch: number;
  messageSizeRange: NumericRange;
  messagesPerBatchRange: NumericRange;
  /** Batches per actor; null when totalDataBytes decides. */
  messageBatches: number | null;
  /** Aggregate user data over all actors; null when messageBatches decides. */
  totalDataBytes: number | null;
  warmupTimeMs: number;
  samplingTimeMs: number;
  movingAverageWindow: number;
  streams: number;
  partitions: number;
  producers: number;
  consumers: number;
  consumerGroups: number;
  /** Bytes; null = server default. */
  maxTopicSizeBytes: number | null;
  /** Microseconds; null = never expire. */
  messageExpiryUs: number | null;
  readAmplification: number | null;
  outputDir: string;
  identifier: string | null;
  remark: string | null;
  extraInfo: string | null;
  gitref: string | null;
  /** Measure the loopback TCP ceiling first and put it in the report. */
  netCeiling: boolean;
  netCeilingSeconds: number;
  /** Live progress line on stderr. */
  progress: boolean;
  /** IGGY_SYSTEM_SHARDING_CPU_ALLOCATION for a server we start; null = the server's default. */
  serverShards: string | null;
  /** Entry point (main.js) of the server the bench starts; null: this installation's server. */
  serverMain: string | null;
  /** The command line as given, for the report. */
  command: string;
}
