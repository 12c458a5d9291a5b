import { defineResource } from '../../define-command.js';
import { CONSUMER_GROUP } from '../command-heads.js';
import { consumerGroupCreate } from './create.js';
import { consumerGroupDelete } from './delete.js';
import { consumerGroupGet } from './get.js';
import { consumerGroupList } from './list.js';

export const consumerGroupCommands = defineResource(CONSUMER_GROUP, [
  consumerGroupCreate,
  consumerGroupGet,
  consumerGroupList,
  consumerGroupDelete,
]);
