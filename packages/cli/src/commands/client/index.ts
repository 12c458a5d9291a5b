import { defineResource } from '../../define-command.js';
import { CLIENT } from '../command-heads.js';
import { clientGet } from './get.js';
import { clientList } from './list.js';

export const clientCommands = defineResource(CLIENT, [clientGet, clientList]);
