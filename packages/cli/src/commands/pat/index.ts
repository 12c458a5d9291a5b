import { defineResource } from '../../define-command.js';
import { patCreate } from './create.js';
import { patDelete } from './delete.js';
import { patList } from './list.js';

export const patCommands = defineResource('pat', 'Personal access token commands', [patCreate, patList, patDelete]);
