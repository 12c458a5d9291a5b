import { defineResource } from '../../define-command.js';
import { STREAM } from '../command-heads.js';
import { streamCreate } from './create.js';
import { streamDelete } from './delete.js';
import { streamGet } from './get.js';
import { streamList } from './list.js';
import { streamPurge } from './purge.js';
import { streamUpdate } from './update.js';

export const streamCommands = defineResource(STREAM, [
  streamCreate,
  streamGet,
  streamList,
  streamUpdate,
  streamDelete,
  streamPurge,
]);
