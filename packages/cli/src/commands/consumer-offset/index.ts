import { defineResource } from '../../define-command.js';
import { CONSUMER_OFFSET } from '../command-heads.js';
import { consumerOffsetDelete } from './delete.js';
import { consumerOffsetGet } from './get.js';
import { consumerOffsetSet } from './set.js';

export const consumerOffsetCommands = defineResource(CONSUMER_OFFSET, [
  consumerOffsetGet,
  consumerOffsetSet,
  consumerOffsetDelete,
]);
