import { defineResource } from '../../define-command.js';
import { TOPIC } from '../command-heads.js';
import { topicCreate } from './create.js';
import { topicDelete } from './delete.js';
import { topicGet } from './get.js';
import { topicList } from './list.js';
import { topicPurge } from './purge.js';
import { topicUpdate } from './update.js';

export const topicCommands = defineResource(TOPIC, [
  topicCreate,
  topicGet,
  topicList,
  topicUpdate,
  topicDelete,
  topicPurge,
]);
