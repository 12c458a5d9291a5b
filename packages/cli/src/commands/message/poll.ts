import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, PollingStrategy, headerValueToJs, type IggyClient } from '@iggy-node/sdk';
import { parseDurationMicros } from '../../args/parse-duration.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { parsePollingStrategy } from '../../args/parse-polling-strategy.js';
import type { CommandContext } from '../../command-context.js';
import { defineCommand } from '../../define-command.js';
import { formatMicrosDate } from '../../output/humanize.js';
import { toPlain } from '../../output/to-plain.js';
import { partitionIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

type PollRequest = Parameters<IggyClient['pollMessages']>[0];
type Message = Awaited<ReturnType<IggyClient['pollMessages']>>['messages'][number];

/** Payload text for tables and tail lines: UTF-8 text as is; binary (or control characters) as a short hex preview. */
const PREVIEW_BYTES = 32;
function displayPayload(payload: Buffer): string {
  const text = payload.toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (!text.includes('\uFFFD') && !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(text)) return text;
  const hex = payload.subarray(0, PREVIEW_BYTES).toString('hex').replace(/(..)/g, '$1 ').trim();
  return `<${payload.length} bytes binary: ${hex}${payload.length > PREVIEW_BYTES ? ' …' : ''}>`;
}

function messageRow(m: Message) {
  return {
    offset: m.offset,
    timestamp: m.timestamp,
    id: m.id,
    payload: m.payload.toString('utf8'),
    headers: m.headers ? Object.fromEntries(Object.entries(m.headers).map(([key, value]) => [key, headerValueToJs(value)])) : null,
  };
}

export const messagePoll = defineCommand({
  command: 'poll <stream-id> <topic-id> <partition-id>',
  describe: 'Poll messages from a partition and print offset, time and payload text (--follow: keep printing new ones)',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('partition-id', partitionIdArg)
      .option('offset', { type: 'string', describe: 'Start at this offset' })
      .option('timestamp', { type: 'string', describe: 'Start at this time (µs since the epoch)' })
      .option('first', { alias: 'f', type: 'boolean', describe: 'Start at the first message' })
      .option('last', { alias: 'l', type: 'boolean', describe: 'The last messages' })
      .option('next', { alias: 'n', type: 'boolean', describe: "After the consumer's stored offset" })
      .option('count', { alias: ['message-count', 'm'], type: 'string', default: '1', describe: 'Messages to poll (per poll with --follow)' })
      .option('consumer', { alias: 'c', type: 'string', default: '1', describe: 'Consumer ID or name' })
      .option('auto-commit', { alias: 'a', type: 'boolean', default: false, describe: "Store the consumer's offset after polling" })
      .option('show-headers', { alias: 's', type: 'boolean', default: false, describe: 'Add a headers column' })
      .option('follow', { alias: 'F', type: 'boolean', default: false, describe: 'Keep polling and print messages as they arrive, until Ctrl-C (like tail -f)' })
      .option('poll-interval', { type: 'string', default: '200ms', describe: 'With --follow: wait this long when there was nothing new' }),
  run: async (args, context) => {
    const request = {
      consumer: Consumer.single(parseIdentifier(args.consumer)),
      streamId: parseIdentifier(args.streamId),
      topicId: parseIdentifier(args.topicId),
      partitionId: parseInteger(args.partitionId, 'partition id'),
      strategy: parsePollingStrategy(args),
      count: parseInteger(args.count, 'count', 1),
      autoCommit: args.autoCommit,
    };
    if (args.follow) {
      const intervalMs = Number(parseDurationMicros(args.pollInterval) / 1000n);
      return follow(context, request, intervalMs, args.showHeaders);
    }
    const client = await context.client();
    const polled = await client.pollMessages(request);
    const messages = polled.messages.map(messageRow);
    if (context.output.format === 'json') {
      return context.output.record({ partitionId: polled.partitionId, currentOffset: polled.currentOffset, messages });
    }
    context.output.info(`Polled ${messages.length} messages from partition ${polled.partitionId}`);
    const shown = messages.map((row, i) => ({ ...row, payload: displayPayload(polled.messages[i]!.payload) }));
    context.output.list(shown, args.showHeaders ? ['offset', 'timestamp', 'payload', 'headers'] : ['offset', 'timestamp', 'payload']);
  },
});

/**
 * Tail mode: poll, print each message on its own line (JSON mode: one JSON object per line), then
 * continue from the offset after the last one printed; when nothing is new, wait the interval.
 * Ends on Ctrl-C (exit 0) or when the connection fails.
 */
async function follow(
  context: CommandContext,
  request: PollRequest,
  intervalMs: number,
  showHeaders: boolean,
): Promise<void> {
  const client = await context.client();
  const interrupted = context.io.interrupted ?? new Promise<void>(() => undefined);
  let stop = false;
  void interrupted.then(() => {
    stop = true;
  });
  let strategy = request.strategy;
  context.output.info(`Following partition ${request.partitionId} of topic ${String(request.topicId)} (Ctrl-C to stop)`);
  while (!stop) {
    const polled = await Promise.race([client.pollMessages({ ...request, strategy }), interrupted.then(() => null)]);
    if (polled === null) break;
    for (const message of polled.messages) {
      const row = messageRow(message);
      if (context.output.format === 'json') context.io.stdout(`${JSON.stringify(toPlain(row))}\n`);
      else {
        const headers = showHeaders && row.headers ? ` ${JSON.stringify(row.headers)}` : '';
        context.io.stdout(`${row.offset}\t${formatMicrosDate(row.timestamp)}\t${displayPayload(message.payload)}${headers}\n`);
      }
    }
    const last = polled.messages.at(-1);
    if (last) strategy = PollingStrategy.offset(last.offset + 1n);
    else await Promise.race([sleep(intervalMs), interrupted]);
  }
}
