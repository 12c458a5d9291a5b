import { formatByteSize } from '../../args/parse-byte-size.js';
import { formatExpiry } from '../../args/parse-expiry.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg } from '../../positionals.js';

export const topicList = defineCommand({
  command: 'list <stream-id>',
  describe: 'List the topics of a stream',
  builder: (y) => y.positional('stream-id', streamIdArg),
  run: async (args, context) => {
    const client = await context.client();
    const topics = await client.getTopics(parseIdentifier(args.streamId));
    const rows =
      context.output.format === 'json'
        ? topics
        : topics.map((t) => ({ ...t, messageExpiry: formatExpiry(t.messageExpiry), maxTopicSize: formatByteSize(t.maxTopicSize) }));
    context.output.list(rows, ['id', 'name', 'partitionsCount', 'messageExpiry', 'maxTopicSize', 'sizeBytes', 'messagesCount']);
  },
});
