import { defineCommand } from '../../define-command.js';
import { consumerKindOption, offsetTargetPositionals, parseOffsetTarget } from './offset-target.js';

export const consumerOffsetDelete = defineCommand({
  command: 'delete <consumer-id> <stream-id> <topic-id> <partition-id>',
  describe: "Delete a consumer's stored offset",
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
    await client.deleteConsumerOffset(target);
    context.output.info(`Offset deleted for consumer ${args.consumerId}`);
  },
});
