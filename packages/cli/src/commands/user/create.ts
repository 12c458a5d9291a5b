import { parsePermissions, parseUserStatus } from '../../args/parse-permissions.js';
import { defineCommand } from '../../define-command.js';
import { withPermissionOptions } from './permission-options.js';

export const userCreate = defineCommand({
  // Positionals are not called username/password: those keys are the global login flags.
  command: 'create <user-name> <user-password>',
  describe: 'Create a user',
  builder: (y) =>
    withPermissionOptions(
      y
        .positional('user-name', { type: 'string', demandOption: true, describe: 'Name of the new user' })
        .positional('user-password', { type: 'string', demandOption: true, describe: 'Password of the new user' })
        .option('user-status', { type: 'string', default: 'active', describe: 'active or inactive' }),
    ),
  run: async (args, context) => {
    const request = {
      username: args.userName,
      password: args.userPassword,
      status: parseUserStatus(args.userStatus),
      permissions: parsePermissions(args.globalPermissions, (args.streamPermissions ?? []).map(String)),
    };
    const client = await context.client();
    const user = await client.createUser(request);
    context.output.info(`User "${user.username}" created with ID ${user.id}`);
    if (context.output.format === 'json') context.output.record(user);
  },
});
