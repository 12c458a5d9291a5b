import { defineResource } from '../../define-command.js';
import { messageFlush } from './flush.js';
import { messagePoll } from './poll.js';
import { messageSend } from './send.js';

export const messageCommands = defineResource('message', 'Message commands', [messageSend, messagePoll, messageFlush], ['m']);
