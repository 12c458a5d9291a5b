import { defineResource } from '../../define-command.js';
import { segmentDelete } from './delete.js';

export const segmentCommands = defineResource('segment', 'Segment commands', [segmentDelete]);
