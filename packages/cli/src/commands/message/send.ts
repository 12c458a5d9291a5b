import { readFile } from 'node:fs/promises';
import { parseHeaders } from '../../args/parse-header.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parsePartitioning } from '../../args/parse-partitioning.js';
import { CliArgsError } from '../../args/cli-args-error.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const messageSend = defineCommand({
  command: 'send <stream-id> <topic-id> [messages..]',
  describe:
    'Send messages: the arguments (one message each); else --input-file (the whole file, binary, as one message; - for standard input); else each line of standard input',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('messages', { type: 'string', array: true, describe: 'Message payloads (text)' })
      .option('partition-id', { type: 'string', describe: 'Send to this partition' })
      .option('message-key', { alias: 'm', type: 'string', describe: 'Partition by the hash of this key' })
      .option('input-file', { type: 'string', nargs: 1, describe: 'Send this file\'s bytes as one message ("-": standard input, binary)' })
      .option('headers', {
        alias: 'H',
        type: 'string',
        array: true,
        describe: 'key:kind:value, comma separated (kinds: raw, string, bool, int8..int128, uint8..uint128, float32, float64)',
      }),
  run: async (args, context) => {
    const partitioning = parsePartitioning(args.partitionId, args.messageKey);
    const headers = args.headers && args.headers.length > 0 ? parseHeaders(args.headers.map(String)) : undefined;
    const texts = (args.messages ?? []).map(String);
    if (texts.length > 0 && args.inputFile !== undefined) throw new CliArgsError('give messages as arguments or --input-file, not both');
    let payloads: Buffer[];
    if (texts.length > 0) payloads = texts.map((text) => Buffer.from(text, 'utf8'));
    else if (args.inputFile !== undefined) payloads = [await readInput(args.inputFile, context.io)];
    else payloads = (await context.io.readStdin()).split(/\r?\n/).filter((line) => line.length > 0).map((line) => Buffer.from(line, 'utf8'));
    if (payloads.length === 0) throw new CliArgsError('no messages to send');
    const client = await context.client();
    await client.sendMessages({
      streamId: parseIdentifier(args.streamId),
      topicId: parseIdentifier(args.topicId),
      partitioning,
      messages: payloads.map((payload) => ({ payload, headers })),
    });
    const size = payloads.reduce((total, payload) => total + payload.length, 0);
    context.output.info(`Sent ${payloads.length} message${payloads.length === 1 ? '' : 's'} (${size} bytes) to topic ${args.topicId} in stream ${args.streamId}`);
  },
});

async function readInput(file: string, io: { readStdin(): Promise<string>; readStdinBytes?(): Promise<Buffer> }): Promise<Buffer> {
  if (file === '-') return io.readStdinBytes ? io.readStdinBytes() : Buffer.from(await io.readStdin(), 'utf8');
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliArgsError(`cannot read --input-file ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
