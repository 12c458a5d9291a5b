import yargs from 'yargs';
import { BenchArgsError } from './bench-args-error.js';
import type { BenchArgs } from './bench-args.js';
import * as D from './defaults.js';
import { parseByteSize } from './parse-byte-size.js';
import { parseDurationMs } from './parse-duration.js';
import { parseRange } from './parse-range.js';
import { type Transport, type WorkloadKind, TRANSPORTS, WORKLOAD_KINDS, isWorkloadKind } from './workload-kind.js';

type OptionSpec = Record<string, { alias?: string; type: 'string' | 'number' | 'boolean'; default?: unknown; describe: string; defaultDescription?: string }>;

/*
 * Iggy's command line is clap subcommands: `iggy-bench [common] <kind> [kind options] tcp
 * [transport options] [output [output options]]`, and the same short flag means different things
 * per level (-p is messages per batch before the kind, producers after it). So the argv is split
 * at the kind, at `tcp` and at `output`, and each segment is parsed by its own yargs instance.
 */

const COMMON: OptionSpec = {
  'message-size': { alias: 'm', type: 'string', default: String(D.DEFAULT_MESSAGE_SIZE), describe: 'Message size in bytes, or a range min..max (sizes spread over it)' },
  'messages-per-batch': { alias: 'p', type: 'string', default: String(D.DEFAULT_MESSAGES_PER_BATCH), describe: 'Messages per batch, or a range min..max' },
  'message-batches': { alias: 'b', type: 'number', describe: 'Batches per actor; excludes --total-data', defaultDescription: String(D.DEFAULT_MESSAGE_BATCHES) },
  'total-data': { alias: 'T', type: 'string', describe: 'Total user data for all actors (e.g. 8MB); excludes --message-batches' },
  'warmup-time': { alias: 'w', type: 'string', default: D.DEFAULT_WARMUP_TIME, describe: 'Warmup time (e.g. 1s)' },
  'sampling-time': { alias: 't', type: 'string', default: D.DEFAULT_SAMPLING_TIME, describe: 'Sampling time / time-series bucket (e.g. 10ms)' },
  'moving-average-window': { alias: 'W', type: 'number', default: D.DEFAULT_MOVING_AVERAGE_WINDOW, describe: 'Moving average window (samples)' },
  'output-dir': { alias: 'o', type: 'string', describe: 'Where the JSON and HTML reports go (env IGGY_BENCH_OUTPUT_DIR)', defaultDescription: D.DEFAULT_OUTPUT_DIR },
  'net-ceiling': { type: 'boolean', default: false, describe: 'Measure the loopback TCP ceiling first and report against it' },
  'net-ceiling-seconds': { type: 'number', default: D.DEFAULT_NET_CEILING_SECONDS, describe: 'Seconds the net-ceiling client writes' },
  progress: { type: 'boolean', default: true, describe: 'Live progress line on stderr (--no-progress: none)' },
  'server-main': { type: 'string', describe: 'main.js of the server this bench starts (A/B of two builds with one bench client)', defaultDescription: "this installation's @iggy-node/server" },
  'server-shards': { type: 'string', describe: 'cpu_allocation for the server this bench starts (e.g. 1, 2, all)', defaultDescription: "the server's default (all)" },
  cleanup: { type: 'boolean', default: false, describe: 'Delete the bench streams (bench-stream-N) when done; a server the bench started is always removed' },
};

const STREAMS = (def?: number): OptionSpec => ({
  streams: def === undefined
    ? { alias: 's', type: 'number', describe: 'Number of streams', defaultDescription: 'one per producer (pinned-consumer: per consumer)' }
    : { alias: 's', type: 'number', default: def, describe: 'Number of streams' },
});
const PARTITIONS = (def: number): OptionSpec => ({ partitions: { alias: 'a', type: 'number', default: def, describe: 'Partitions per stream' } });
const PRODUCERS: OptionSpec = { producers: { alias: 'p', type: 'number', default: D.DEFAULT_NUMBER_OF_PRODUCERS, describe: 'Number of producers' } };
const CONSUMERS = (def: number): OptionSpec => ({ consumers: { alias: 'c', type: 'number', default: def, describe: 'Number of consumers' } });
const GROUPS: OptionSpec = { 'consumer-groups': { alias: 'g', type: 'number', default: D.DEFAULT_NUMBER_OF_CONSUMER_GROUPS, describe: 'Number of consumer groups' } };
const TOPIC: OptionSpec = {
  'max-topic-size': { alias: 'T', type: 'string', describe: 'Max topic size (e.g. 1GiB); server default when absent' },
  'message-expiry': { alias: 'e', type: 'string', describe: 'Message expiry (e.g. 5min); never when absent' },
};
const READ_AMP: OptionSpec = { 'read-amplification': { alias: 'R', type: 'number', default: D.DEFAULT_READ_AMPLIFICATION, describe: 'Consumer rate multiplier (recorded; no rate limit yet)' } };

const KIND_OPTIONS: Record<WorkloadKind, OptionSpec> = {
  'pinned-producer': { ...STREAMS(), ...PRODUCERS, ...TOPIC },
  'pinned-consumer': { ...STREAMS(), ...CONSUMERS(D.DEFAULT_NUMBER_OF_PRODUCERS) },
  'pinned-producer-and-consumer': { ...STREAMS(), ...PARTITIONS(D.DEFAULT_PINNED_NUMBER_OF_PARTITIONS), ...PRODUCERS, ...CONSUMERS(D.DEFAULT_NUMBER_OF_CONSUMERS), ...TOPIC, ...READ_AMP },
  'balanced-producer': { ...STREAMS(D.DEFAULT_BALANCED_NUMBER_OF_STREAMS), ...PARTITIONS(D.DEFAULT_BALANCED_NUMBER_OF_PARTITIONS), ...PRODUCERS, ...TOPIC },
  'balanced-consumer-group': { ...STREAMS(D.DEFAULT_BALANCED_NUMBER_OF_STREAMS), ...CONSUMERS(D.DEFAULT_NUMBER_OF_CONSUMERS), ...GROUPS },
  'balanced-producer-and-consumer-group': {
    ...STREAMS(D.DEFAULT_BALANCED_NUMBER_OF_STREAMS), ...PARTITIONS(D.DEFAULT_BALANCED_NUMBER_OF_PARTITIONS), ...PRODUCERS,
    ...CONSUMERS(D.DEFAULT_NUMBER_OF_CONSUMERS), ...GROUPS, ...TOPIC, ...READ_AMP,
  },
  'end-to-end-producing-consumer': {
    ...STREAMS(D.DEFAULT_PINNED_NUMBER_OF_STREAMS),
    'producing-consumers': { alias: 'p', type: 'number', default: D.DEFAULT_NUMBER_OF_PRODUCERS, describe: 'Number of producing consumers' },
    ...TOPIC,
  },
  'end-to-end-producing-consumer-group': {
    ...STREAMS(D.DEFAULT_BALANCED_NUMBER_OF_STREAMS), ...PARTITIONS(D.DEFAULT_BALANCED_NUMBER_OF_PARTITIONS), ...GROUPS, ...PRODUCERS,
    ...CONSUMERS(D.DEFAULT_NUMBER_OF_CONSUMERS), ...TOPIC,
  },
};

const TCP: OptionSpec = {
  'server-address': { type: 'string', describe: `Server address; without it the bench starts its own server (Iggy's default is ${D.DEFAULT_TCP_SERVER_ADDRESS})` },
  nodelay: { type: 'boolean', default: false, describe: 'TCP_NODELAY on the actor connections' },
  username: { alias: 'u', type: 'string', describe: 'User to log in as (env IGGY_USERNAME)', defaultDescription: D.DEFAULT_USERNAME },
  password: { type: 'string', describe: 'Password (env IGGY_PASSWORD)', defaultDescription: D.DEFAULT_PASSWORD },
};

const QUIC: OptionSpec = {
  'server-address': { type: 'string', describe: `QUIC server address; without it the bench starts its own server (Iggy's default is 127.0.0.1:8080)` },
};

const OUTPUT: OptionSpec = {
  'output-dir': { alias: 'o', type: 'string', describe: 'Where the JSON and HTML reports go' },
  identifier: { type: 'string', describe: 'Identifier of this run (default: hostname)' },
  remark: { type: 'string', describe: 'Free-text remark' },
  'extra-info': { type: 'string', describe: 'Extra information' },
  gitref: { type: 'string', describe: 'Git ref to record (default: git rev-parse HEAD)' },
  'gitref-date': { type: 'string', describe: 'Date of the git ref' },
};

export const USAGE = `Usage: iggy-bench [common options] <kind> [kind options] <${TRANSPORTS.join('|')}> [transport options] [output [output options]]`;

function describeOptions(spec: OptionSpec): string[] {
  const rows = Object.entries(spec).map(([name, option]) => {
    const flag = `${option.alias ? `-${option.alias}, ` : '    '}--${name}${option.type === 'boolean' ? '' : ` <${option.type === 'number' ? 'n' : 'value'}>`}`;
    const fallback = option.defaultDescription ?? (option.default === undefined ? null : String(option.default));
    return [flag, `${option.describe}${fallback === null ? '' : ` [default: ${fallback}]`}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

/** The full help: every level's options with their defaults, and every kind's own options. */
export function fullHelp(): string {
  const lines = [
    USAGE,
    '',
    'Runs one of Iggy 0.7\'s benchmark workloads against a server it starts (temporary directory, port 0)',
    'or against --server-address, then prints a per-actor table and writes JSON and HTML reports.',
    'Options apply to the level they follow: common options before the kind, kind options after it,',
    'transport options after the transport name (so -p before the kind is messages per batch, after it producers).',
    '',
    'Common options:',
    ...describeOptions(COMMON),
  ];
  for (const kind of WORKLOAD_KINDS) lines.push('', `${kind} options:`, ...describeOptions(KIND_OPTIONS[kind]));
  lines.push(
    '', `transport options (after ${TRANSPORTS.join(', ')}):`, ...describeOptions(TCP),
    '', 'output options (after the word `output`):', ...describeOptions(OUTPUT),
    '',
    'Examples:',
    '  iggy-bench pinned-producer tcp                         8 producers x 1000 batches x 1000 msgs x 1000 B (8 GB)',
    '  iggy-bench -T 100MB pinned-producer -p 2 -s 2 tcp      a short run: 100 MB in total from 2 producers',
    '  iggy-bench -m 100..1000 pinned-producer tcp            message sizes spread over 100..1000 B (also -p before the kind)',
    '  iggy-bench --cleanup balanced-producer tcp --server-address 127.0.0.1:8090 -u admin --password secret',
  );
  return lines.join('\n');
}

function parseSegment(segment: string[], spec: OptionSpec, what: string): Record<string, unknown> {
  let failure: string | null = null;
  const parser = yargs(segment)
    .options(spec as never)
    .strict()
    .version(false)
    .help(false)
    .exitProcess(false)
    .fail((message: string | null, error: Error | null) => {
      failure = message ?? error?.message ?? 'invalid arguments';
    });
  const parsed = parser.parseSync() as Record<string, unknown>;
  if (failure) throw new BenchArgsError(`${what}: ${failure}`);
  const positional = (parsed._ as unknown[]) ?? [];
  if (positional.length > 0) throw new BenchArgsError(`${what}: unexpected argument "${String(positional[0])}"`);
  return parsed;
}

function positiveInt(value: unknown, name: string): number {
  const number = typeof value === 'string' ? Number(value) : (value as number);
  if (typeof value === 'string' && value.includes('..')) throw new BenchArgsError(`--${name}: takes one value (Iggy accepts ranges only for --message-size and --messages-per-batch)`);
  if (!Number.isInteger(number) || number <= 0 || number > 0xffff_ffff) throw new BenchArgsError(`--${name} must be a positive integer, got "${String(value)}"`);
  return number;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Parses and validates an iggy-bench command line (without `node` and the script). Throws BenchArgsError. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  const kindAt = argv.findIndex((token) => isWorkloadKind(token));
  if (kindAt < 0) throw new BenchArgsError(`missing benchmark kind (one of: ${WORKLOAD_KINDS.join(', ')})`);
  const kind = argv[kindAt] as WorkloadKind;
  const transportAt = argv.findIndex((token, at) => at > kindAt && (TRANSPORTS as readonly string[]).includes(token));
  if (transportAt < 0) {
    const other = argv.slice(kindAt + 1).find((t) => ['quic', 'http', 'websocket', 'tcp'].includes(t));
    throw new BenchArgsError(other ? `transport "${other}" is not supported here (${TRANSPORTS.join(', ')})` : `missing transport: add one of ${TRANSPORTS.join(', ')} after the benchmark kind`);
  }
  const transport = argv[transportAt] as Transport;
  const outputAt = argv.indexOf('output', transportAt + 1);
  const common = parseSegment(argv.slice(0, kindAt), COMMON, 'common options');
  const kindOptions = parseSegment(argv.slice(kindAt + 1, transportAt), KIND_OPTIONS[kind], kind);
  const tcp = parseSegment(argv.slice(transportAt + 1, outputAt < 0 ? undefined : outputAt), transport === 'quic' ? QUIC : TCP, transport);
  const output = outputAt < 0 ? {} : parseSegment(argv.slice(outputAt + 1), OUTPUT, 'output');

  if (common['message-batches'] !== undefined && common['total-data'] !== undefined) {
    throw new BenchArgsError('--message-batches and --total-data cannot be used together');
  }
  const messageSizeRange = parseRange(common['message-size'], 'message-size');
  const messagesPerBatchRange = parseRange(common['messages-per-batch'], 'messages-per-batch');
  const messageSizeBytes = Math.round((messageSizeRange.min + messageSizeRange.max) / 2);
  const messagesPerBatch = messagesPerBatchRange.max;
  const totalDataBytes = common['total-data'] === undefined ? null : parseByteSize(String(common['total-data']));
  if (totalDataBytes !== null && totalDataBytes / messageSizeRange.max <= 1) {
    throw new BenchArgsError('--total-data must be at least 2x greater than --message-size');
  }
  const messageBatches = totalDataBytes === null ? positiveInt(common['message-batches'] ?? D.DEFAULT_MESSAGE_BATCHES, 'message-batches') : null;
  const movingAverageWindow = positiveInt(common['moving-average-window'], 'moving-average-window');
  const samplingTimeMs = parseDurationMs(String(common['sampling-time']));
  if (samplingTimeMs <= 0) throw new BenchArgsError('--sampling-time must be greater than 0');

  const producers = kind === 'end-to-end-producing-consumer'
    ? positiveInt(kindOptions['producing-consumers'], 'producing-consumers')
    : kindOptions.producers === undefined ? 0 : positiveInt(kindOptions.producers, 'producers');
  const consumers = kindOptions.consumers === undefined ? 0 : positiveInt(kindOptions.consumers, 'consumers');
  const consumerGroups = kindOptions['consumer-groups'] === undefined ? 0 : positiveInt(kindOptions['consumer-groups'], 'consumer-groups');
  // Pinned kinds default to one stream per producer (or consumer), as Iggy's streams.unwrap_or(producers).
  const streamsDefault = kind === 'pinned-consumer' ? consumers : producers;
  const streams = kindOptions.streams === undefined ? streamsDefault : positiveInt(kindOptions.streams, 'streams');
  const partitionsDefault = kind === 'balanced-consumer-group' ? D.DEFAULT_BALANCED_NUMBER_OF_PARTITIONS : D.DEFAULT_PINNED_NUMBER_OF_PARTITIONS;
  const partitions = kindOptions.partitions === undefined ? partitionsDefault : positiveInt(kindOptions.partitions, 'partitions');

  validateKind(kind, { streams, partitions, producers, consumers, consumerGroups });

  const netCeilingSeconds = Number(common['net-ceiling-seconds']);
  if (!(netCeilingSeconds > 0)) throw new BenchArgsError('--net-ceiling-seconds must be greater than 0');
  const maxTopicSize = optionalString(kindOptions['max-topic-size']);
  const messageExpiry = optionalString(kindOptions['message-expiry']);
  const serverAddress = optionalString(tcp['server-address']);
  if (serverAddress !== null && !/^[^\s]+:\d+$/.test(serverAddress)) throw new BenchArgsError(`--server-address must be host:port, got "${serverAddress}"`);

  return {
    kind,
    transport,
    serverAddress,
    nodelay: tcp.nodelay === true,
    username: optionalString(tcp.username) ?? optionalString(env['IGGY_USERNAME']) ?? D.DEFAULT_USERNAME,
    password: optionalString(tcp.password) ?? optionalString(env['IGGY_PASSWORD']) ?? D.DEFAULT_PASSWORD,
    cleanup: common.cleanup === true,
    messageSizeBytes,
    messagesPerBatch,
    messageSizeRange,
    messagesPerBatchRange,
    messageBatches,
    totalDataBytes,
    warmupTimeMs: parseDurationMs(String(common['warmup-time'])),
    samplingTimeMs,
    movingAverageWindow,
    streams,
    partitions,
    producers,
    consumers,
    consumerGroups,
    maxTopicSizeBytes: maxTopicSize === null ? null : parseByteSize(maxTopicSize),
    messageExpiryUs: messageExpiry === null ? null : Math.round(parseDurationMs(messageExpiry) * 1000),
    readAmplification: typeof kindOptions['read-amplification'] === 'number' ? kindOptions['read-amplification'] : null,
    outputDir: optionalString(output['output-dir']) ?? optionalString(common['output-dir']) ?? optionalString(env['IGGY_BENCH_OUTPUT_DIR']) ?? D.DEFAULT_OUTPUT_DIR,
    identifier: optionalString(output.identifier),
    remark: optionalString(output.remark),
    extraInfo: optionalString(output['extra-info']),
    gitref: optionalString(output.gitref),
    netCeiling: common['net-ceiling'] === true,
    netCeilingSeconds,
    progress: common.progress !== false,
    serverShards: optionalString(common['server-shards']),
    serverMain: optionalString(common['server-main']),
    command: ['iggy-bench', ...argv].join(' '),
  };
}

interface Counts {
  streams: number;
  partitions: number;
  producers: number;
  consumers: number;
  consumerGroups: number;
}

/** Iggy's per-kind validate() rules, with its messages. */
function validateKind(kind: WorkloadKind, c: Counts): void {
  const fail = (message: string): never => {
    throw new BenchArgsError(message);
  };
  switch (kind) {
    case 'pinned-producer':
      if (c.streams !== c.producers) fail(`For pinned producer, number of streams (${c.streams}) must be equal to the number of producers (${c.producers}).`);
      break;
    case 'pinned-consumer':
      if (c.streams !== c.consumers) fail(`For pinned consumer, number of streams (${c.streams}) must be equal to the number of consumers (${c.consumers}).`);
      break;
    case 'pinned-producer-and-consumer':
      if (c.partitions > 1) fail(`For pinned producer, number of partitions must be 1, got ${c.partitions}`);
      if (c.streams !== c.producers) fail(`In pinned producer and consumer, the number of producers (${c.producers}) must be equal to the number of streams (${c.streams}).`);
      break;
    case 'balanced-producer':
      if (c.partitions < 2) fail(`For balanced producer, number of partitions must be at least 2, got ${c.partitions}`);
      break;
    case 'balanced-consumer-group':
      if (c.consumerGroups < c.streams) fail(`In balanced consumer group, consumer groups number (${c.consumerGroups}) must be greater than or equal to the number of streams (${c.streams})`);
      break;
    case 'balanced-producer-and-consumer-group':
      if (c.consumerGroups < c.streams) fail('Consumer groups number must be less than or equal to the number of streams.');
      if (c.partitions < c.consumers) fail('Consumer number must be greater than the number of partitions.');
      break;
    case 'end-to-end-producing-consumer':
      if (c.streams > c.producers) fail(`For producing consumer, number of streams (${c.streams}) must be less than or equal to the number of producers (${c.producers}).`);
      break;
    case 'end-to-end-producing-consumer-group':
      if (c.streams > c.producers) fail(`For producing consumer group benchmark, number of streams (${c.streams}) must be less than or equal to the number of producers (${c.producers}).`);
      if (c.consumerGroups < c.streams) fail(`For producing consumer group benchmark, consumer groups number (${c.consumerGroups}) must be less than the number of streams (${c.streams})`);
      break;
  }
}
