import { ErrorCode, IggyError } from '@iggy-node/sdk';
import { formatByteSize } from '../../args/parse-byte-size.js';
import { formatExpiry } from '../../args/parse-expiry.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const topicGet = defineCommand({
  command: 'get <stream-id> <topic-id>',
  describe: 'Show one topic with its partitions',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg),
  run: async (args, context) => {
    const client = await context.client();
    const topic = await client.getTopic(parseIdentifier(args.streamId), parseIdentifier(args.topicId));
    if (!topic) throw new IggyError(ErrorCode.TopicIdNotFound, `topic ${args.topicId} in stream ${args.streamId}`);
    if (context.output.format === 'json') return context.output.record(topic);
    const { partitions, ...record } = topic;
    context.output.record({
      ...record,
      messageExpiry: formatExpiry(record.messageExpiry),
      maxTopicSize: formatByteSize(record.maxTopicSize),
    });
    context.output.list(partitions, ['id', 'createdAt', 'segmentsCount', 'currentOffset', 'sizeBytes', 'messagesCount']);
  },
});
