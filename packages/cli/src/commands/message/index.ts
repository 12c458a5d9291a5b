import { defineResource } from '../../define-command.js';
import { MESSAGE } from '../command-heads.js';
import { messageFlush } from './flush.js';
import { messagePoll } from './poll.js';
import { messageSend } from './send.js';

export const messageCommands = defineResource(MESSAGE, [messageSend, messagePoll, messageFlush]);
