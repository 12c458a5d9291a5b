import { defineResource } from '../../define-command.js';
import { userCreate } from './create.js';
import { userDelete } from './delete.js';
import { userGet } from './get.js';
import { userList } from './list.js';
import { userPassword } from './password.js';
import { userPermissions } from './permissions.js';
import { userUpdate } from './update.js';

export const userCommands = defineResource('user', 'User commands', [
  userCreate,
  userGet,
  userList,
  userUpdate,
  userDelete,
  userPassword,
  userPermissions,
]);
