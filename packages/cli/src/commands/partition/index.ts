import { defineResource } from '../../define-command.js';
import { partitionCreate } from './create.js';
import { partitionDelete } from './delete.js';

export const partitionCommands = defineResource('partition', 'Partition commands', [partitionCreate, partitionDelete]);
