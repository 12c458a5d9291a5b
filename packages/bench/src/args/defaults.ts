import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Iggy 0.7 iggy-bench defaults (core/bench/src/args/defaults.rs), so figures compare run for run. */
export const DEFAULT_TCP_SERVER_ADDRESS = '127.0.0.1:8090';
export const DEFAULT_MESSAGES_PER_BATCH = 1000;
export const DEFAULT_MESSAGE_BATCHES = 1000;
export const DEFAULT_MESSAGE_SIZE = 1000;
export const DEFAULT_PINNED_NUMBER_OF_STREAMS = 8;
export const DEFAULT_BALANCED_NUMBER_OF_STREAMS = 1;
export const DEFAULT_PINNED_NUMBER_OF_PARTITIONS = 1;
export const DEFAULT_BALANCED_NUMBER_OF_PARTITIONS = 24;
export const DEFAULT_NUMBER_OF_CONSUMERS = 8;
export const DEFAULT_NUMBER_OF_CONSUMER_GROUPS = 1;
export const DEFAULT_NUMBER_OF_PRODUCERS = 8;
export const DEFAULT_WARMUP_TIME = '0s';
export const DEFAULT_SAMPLING_TIME = '10ms';
export const DEFAULT_MOVING_AVERAGE_WINDOW = 20;
export const DEFAULT_READ_AMPLIFICATION = 1.05;
/**
 * Ours: where JSON and HTML reports go (Iggy writes only with its `output` subcommand): outside
 * any checkout, so a run never dirties the git tree; IGGY_BENCH_OUTPUT_DIR or -o chooses another.
 */
export const DEFAULT_OUTPUT_DIR = join(tmpdir(), 'iggy-bench-results');
/** Iggy's bench logs in as the default root user; ours can be told otherwise (--username/--password). */
export const DEFAULT_USERNAME = 'iggy';
export const DEFAULT_PASSWORD = 'iggy';
export const DEFAULT_NET_CEILING_SECONDS = 3;
