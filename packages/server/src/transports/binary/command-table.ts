/** Every command this server answers over the binary protocol; a code missing here closes the connection (Iggy). */
import type { BinaryCommand } from './binary-command.js';
import { groupCommands } from './commands/group-commands.js';
import { messageCommands } from './commands/message-commands.js';
import { streamCommands } from './commands/stream-commands.js';
import { systemCommands } from './commands/system-commands.js';
import { userCommands } from './commands/user-commands.js';

export function binaryCommandTable(): BinaryCommand[] {
  return [...systemCommands, ...userCommands, ...streamCommands, ...messageCommands, ...groupCommands];
}
