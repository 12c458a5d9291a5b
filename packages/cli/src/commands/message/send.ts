import { parseHeaders } from '../../args/parse-header.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parsePartitioning } from '../../args/parse-partitioning.js';
import { CliArgsError } from '../../args/cli-args-error.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const messageSend = defineCommand({
  command: 'send <stream-id> <topic-id> [messages..]',
  describe: 'Send messages; without message arguments each line of standard input is one message',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('messages', { type: 'string', array: true, describe: 'Message payloads (text)' })
      .option('partition-id', { type: 'string', describe: 'Send to this partition' })
      .option('message-key', { type: 'string', describe: 'Partition by the hash of this key' })
      .option('headers', {
        type: 'string',
        array: true,
        describe: 'key:kind:value, comma separated (kinds: raw, string, bool, int8..int128, uint8..uint128, float32, float64)',
      }),
  run: async (args, context) => {
    const partitioning = parsePartitioning(args.partitionId, args.messageKey);
    const headers = args.headers && args.headers.length > 0 ? parseHeaders(args.headers.map(String)) : undefined;
    let payloads = (args.messages ?? []).map(String);
    if (payloads.length === 0) {
      payloads = (await context.io.readStdin()).split(/\r?\n/).filter((line) => line.length > 0);
    }
    if (payloads.length === 0) throw new CliArgsError('no messages to send');
    const client = await context.client();
    await client.sendMessages({
      streamId: parseIdentifier(args.streamId),
      topicId: parseIdentifier(args.topicId),
      partitioning,
      messages: payloads.map((payload) => ({ payload: Buffer.from(payload, 'utf8'), headers })),
    });
    context.output.info(`Sent ${payloads.length} messages to topic ${args.topicId} in stream ${args.streamId}`);
  },
});
