import { defineResource } from '../../define-command.js';
import { PARTITION } from '../command-heads.js';
import { partitionCreate } from './create.js';
import { partitionDelete } from './delete.js';

export const partitionCommands = defineResource(PARTITION, [partitionCreate, partitionDelete]);
