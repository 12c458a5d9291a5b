import type { CliCommand } from '../define-command.js';
import { clientCommands } from './client/index.js';
import { consumerGroupCommands } from './consumer-group/index.js';
import { consumerOffsetCommands } from './consumer-offset/index.js';
import { contextCommands } from './context/index.js';
import { messageCommands } from './message/index.js';
import { partitionCommands } from './partition/index.js';
import { patCommands } from './pat/index.js';
import { segmentCommands } from './segment/index.js';
import { login, logout } from './session/login.js';
import { streamCommands } from './stream/index.js';
import { completion } from './system/completion.js';
import { me } from './system/me.js';
import { ping } from './system/ping.js';
import { snapshot } from './system/snapshot.js';
import { stats } from './system/stats.js';
import { topicCommands } from './topic/index.js';
import { userCommands } from './user/index.js';

/** Every top-level command, in the order `iggy --help` lists them. */
export const ALL_COMMANDS: readonly CliCommand[] = [
  ping,
  me,
  stats,
  snapshot,
  streamCommands,
  topicCommands,
  partitionCommands,
  segmentCommands,
  messageCommands,
  consumerOffsetCommands,
  consumerGroupCommands,
  userCommands,
  patCommands,
  clientCommands,
  contextCommands,
  login,
  logout,
  completion,
];
