import { lazyCommand, type CliCommand } from '../define-command.js';
import * as head from './command-heads.js';

/** Every top-level command, in the order `iggy --help` lists them; each module is imported only when its command is chosen. */
export const ALL_COMMANDS: readonly CliCommand[] = [
  lazyCommand(head.PING, 'command', async () => (await import('./system/ping.js')).ping),
  lazyCommand(head.ME, 'command', async () => (await import('./system/me.js')).me),
  lazyCommand(head.STATS, 'command', async () => (await import('./system/stats.js')).stats),
  lazyCommand(head.SNAPSHOT, 'command', async () => (await import('./system/snapshot.js')).snapshot),
  lazyCommand(head.STREAM, 'resource', async () => (await import('./stream/index.js')).streamCommands),
  lazyCommand(head.TOPIC, 'resource', async () => (await import('./topic/index.js')).topicCommands),
  lazyCommand(head.PARTITION, 'resource', async () => (await import('./partition/index.js')).partitionCommands),
  lazyCommand(head.SEGMENT, 'resource', async () => (await import('./segment/index.js')).segmentCommands),
  lazyCommand(head.MESSAGE, 'resource', async () => (await import('./message/index.js')).messageCommands),
  lazyCommand(head.CONSUMER_OFFSET, 'resource', async () => (await import('./consumer-offset/index.js')).consumerOffsetCommands),
  lazyCommand(head.CONSUMER_GROUP, 'resource', async () => (await import('./consumer-group/index.js')).consumerGroupCommands),
  lazyCommand(head.USER, 'resource', async () => (await import('./user/index.js')).userCommands),
  lazyCommand(head.PAT, 'resource', async () => (await import('./pat/index.js')).patCommands),
  lazyCommand(head.CLIENT, 'resource', async () => (await import('./client/index.js')).clientCommands),
  lazyCommand(head.CONTEXT, 'resource', async () => (await import('./context/index.js')).contextCommands),
  lazyCommand(head.LOGIN, 'command', async () => (await import('./session/login.js')).login),
  lazyCommand(head.LOGOUT, 'command', async () => (await import('./session/login.js')).logout),
  lazyCommand(head.COMPLETION, 'command', async () => (await import('./system/completion.js')).completion),
];
