import { defineResource } from '../../define-command.js';
import { consumerGroupCreate } from './create.js';
import { consumerGroupDelete } from './delete.js';
import { consumerGroupGet } from './get.js';
import { consumerGroupList } from './list.js';

export const consumerGroupCommands = defineResource('consumer-group', 'Consumer group commands', [
  consumerGroupCreate,
  consumerGroupGet,
  consumerGroupList,
  consumerGroupDelete,
]);
