import { defineResource } from '../../define-command.js';
import { consumerOffsetDelete } from './delete.js';
import { consumerOffsetGet } from './get.js';
import { consumerOffsetSet } from './set.js';

export const consumerOffsetCommands = defineResource('consumer-offset', 'Consumer offset commands', [
  consumerOffsetGet,
  consumerOffsetSet,
  consumerOffsetDelete,
]);
