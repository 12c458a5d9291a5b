import { defineResource } from '../../define-command.js';
import { clientGet } from './get.js';
import { clientList } from './list.js';

export const clientCommands = defineResource('client', 'Connected client commands', [clientGet, clientList]);
