import { defineResource } from '../../define-command.js';
import { SEGMENT } from '../command-heads.js';
import { segmentDelete } from './delete.js';

export const segmentCommands = defineResource(SEGMENT, [segmentDelete]);
