/** Users, login/logout and personal access tokens. */
import { COMMAND_CODECS as C } from '@iggy-node/protocol';
import * as tokens from '../../../shard/operations/personal-access-tokens.js';
import * as sessions from '../../../shard/operations/sessions.js';
import * as users from '../../../shard/operations/users.js';
import { command, emptyPayload, type BinaryCommand } from '../binary-command.js';

export const userCommands: BinaryCommand[] = [
  command({ code: C.GetUser.code, name: 'GetUser', requiresAuthentication: true, decode: C.GetUser.decodeRequest, run: users.getUser, encode: C.GetUser.encodeResponse }),
  command({ code: C.GetUsers.code, name: 'GetUsers', requiresAuthentication: true, decode: C.GetUsers.decodeRequest, run: (ctx) => users.getUsers(ctx), encode: C.GetUsers.encodeResponse }),
  command({ code: C.CreateUser.code, name: 'CreateUser', requiresAuthentication: true, decode: C.CreateUser.decodeRequest, run: users.createUser, encode: C.CreateUser.encodeResponse }),
  command({ code: C.DeleteUser.code, name: 'DeleteUser', requiresAuthentication: true, decode: C.DeleteUser.decodeRequest, run: users.deleteUser, encode: emptyPayload }),
  command({ code: C.UpdateUser.code, name: 'UpdateUser', requiresAuthentication: true, decode: C.UpdateUser.decodeRequest, run: users.updateUser, encode: emptyPayload }),
  command({ code: C.UpdatePermissions.code, name: 'UpdatePermissions', requiresAuthentication: true, decode: C.UpdatePermissions.decodeRequest, run: users.updatePermissions, encode: emptyPayload }),
  command({ code: C.ChangePassword.code, name: 'ChangePassword', requiresAuthentication: true, decode: C.ChangePassword.decodeRequest, run: users.changePassword, encode: emptyPayload }),
  command({ code: C.LoginUser.code, name: 'LoginUser', requiresAuthentication: false, decode: C.LoginUser.decodeRequest, run: sessions.loginUser, encode: C.LoginUser.encodeResponse }),
  command({ code: C.LogoutUser.code, name: 'LogoutUser', requiresAuthentication: true, decode: C.LogoutUser.decodeRequest, run: (ctx) => sessions.logoutUser(ctx), encode: emptyPayload }),
  command({
    code: C.GetPersonalAccessTokens.code,
    name: 'GetPersonalAccessTokens',
    requiresAuthentication: true,
    decode: C.GetPersonalAccessTokens.decodeRequest,
    run: (ctx) => tokens.getPersonalAccessTokens(ctx),
    encode: (list) => (list.length === 0 ? null : C.GetPersonalAccessTokens.encodeResponse(list)),
  }),
  command({
    code: C.CreatePersonalAccessToken.code,
    name: 'CreatePersonalAccessToken',
    requiresAuthentication: true,
    decode: C.CreatePersonalAccessToken.decodeRequest,
    run: tokens.createPersonalAccessToken,
    encode: C.CreatePersonalAccessToken.encodeResponse,
  }),
  command({
    code: C.DeletePersonalAccessToken.code,
    name: 'DeletePersonalAccessToken',
    requiresAuthentication: true,
    decode: C.DeletePersonalAccessToken.decodeRequest,
    run: tokens.deletePersonalAccessToken,
    encode: emptyPayload,
  }),
  command({
    code: C.LoginWithPersonalAccessToken.code,
    name: 'LoginWithPersonalAccessToken',
    requiresAuthentication: false,
    decode: C.LoginWithPersonalAccessToken.decodeRequest,
    run: sessions.loginWithPersonalAccessToken,
    encode: C.LoginWithPersonalAccessToken.encodeResponse,
  }),
];
