import { defineCommand } from '../../define-command.js';
import { consumerKindOption, offsetTargetPositionals, parseOffsetTarget } from './offset-target.js';

export const consumerOffsetGet = defineCommand({
  command: 'get <consumer-id> <stream-id> <topic-id> <partition-id>',
  describe: "Show a consumer's stored offset",
  builder: (y) =>
    y
      .positional('consumer-id', offsetTargetPositionals['consumer-id'])
      .positional('stream-id', offsetTargetPositionals['stream-id'])
      .positional('topic-id', offsetTargetPositionals['topic-id'])
      .positional('partition-id', offsetTargetPositionals['partition-id'])
      .options(consumerKindOption),
  run: async (args, context) => {
    const target = parseOffsetTarget(args);
    const client = await context.client();
    const info = await client.getConsumerOffset(target);
    if (!info) return context.output.info(`No offset stored for consumer ${args.consumerId}`);
    context.output.record(info);
  },
});
