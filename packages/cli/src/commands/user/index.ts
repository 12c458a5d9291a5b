import { defineResource } from '../../define-command.js';
import { USER } from '../command-heads.js';
import { userCreate } from './create.js';
import { userDelete } from './delete.js';
import { userGet } from './get.js';
import { userList } from './list.js';
import { userPassword } from './password.js';
import { userPermissions } from './permissions.js';
import { userUpdate } from './update.js';

export const userCommands = defineResource(USER, [
  userCreate,
  userGet,
  userList,
  userUpdate,
  userDelete,
  userPassword,
  userPermissions,
]);
