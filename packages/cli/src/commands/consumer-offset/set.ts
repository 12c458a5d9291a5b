import { parseU64 } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';
import { consumerKindOption, offsetTargetPositionals, parseOffsetTarget } from './offset-target.js';

export const consumerOffsetSet = defineCommand({
  command: 'set <consumer-id> <stream-id> <topic-id> <partition-id> <offset>',
  describe: "Store a consumer's offset",
  builder: (y) =>
    y
      .positional('consumer-id', offsetTargetPositionals['consumer-id'])
      .positional('stream-id', offsetTargetPositionals['stream-id'])
      .positional('topic-id', offsetTargetPositionals['topic-id'])
      .positional('partition-id', offsetTargetPositionals['partition-id'])
      .positional('offset', { type: 'string', demandOption: true, describe: 'Offset to store' })
      .options(consumerKindOption),
  run: async (args, context) => {
    const target = { ...parseOffsetTarget(args), offset: parseU64(args.offset, 'offset') };
    const client = await context.client();
    await client.storeConsumerOffset(target);
    context.output.info(`Offset ${target.offset} stored for consumer ${args.consumerId}`);
  },
});
