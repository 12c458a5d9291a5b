import { Consumer, type ConsumerOffsetTarget } from '@iggy-node/sdk';
import { CliArgsError } from '../../args/cli-args-error.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { partitionIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

/** Positionals and --kind shared by the consumer-offset verbs: `<consumer-id> <stream-id> <topic-id> <partition-id>`. */
export const offsetTargetPositionals = {
  'consumer-id': { type: 'string', demandOption: true, describe: 'Consumer (or group) ID or name' },
  'stream-id': streamIdArg,
  'topic-id': topicIdArg,
  'partition-id': partitionIdArg,
} as const;

export const consumerKindOption = {
  kind: { type: 'string', default: 'consumer', describe: 'consumer or consumer-group' },
} as const;

export function parseOffsetTarget(args: {
  consumerId: string;
  streamId: string;
  topicId: string;
  partitionId: string;
  kind: string;
}): ConsumerOffsetTarget {
  if (args.kind !== 'consumer' && args.kind !== 'consumer-group') {
    throw new CliArgsError(`invalid --kind "${args.kind}" (consumer or consumer-group)`);
  }
  const id = parseIdentifier(args.consumerId);
  return {
    consumer: args.kind === 'consumer' ? Consumer.single(id) : Consumer.group(id),
    streamId: parseIdentifier(args.streamId),
    topicId: parseIdentifier(args.topicId),
    partitionId: parseInteger(args.partitionId, 'partition id'),
  };
}
