import { defineResource } from '../../define-command.js';
import { PAT } from '../command-heads.js';
import { patCreate } from './create.js';
import { patDelete } from './delete.js';
import { patList } from './list.js';

export const patCommands = defineResource(PAT, [patCreate, patList, patDelete]);
