import { CliArgsError } from '../../args/cli-args-error.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseUserStatus } from '../../args/parse-permissions.js';
import { defineCommand } from '../../define-command.js';
import { userIdArg } from '../../positionals.js';

export const userUpdate = defineCommand({
  command: 'update <user-id>',
  describe: "Change a user's name or status",
  builder: (y) =>
    y
      .positional('user-id', userIdArg)
      .option('new-username', { type: 'string', describe: 'New user name' })
      .option('user-status', { type: 'string', describe: 'active or inactive' }),
  run: async (args, context) => {
    // --username is the global login flag, so the new name has its own flag.
    const newName = args.newUsername;
    if (newName === undefined && args.userStatus === undefined) {
      throw new CliArgsError('give --new-username and/or --user-status');
    }
    const request = {
      userId: parseIdentifier(args.userId),
      username: newName,
      status: args.userStatus === undefined ? undefined : parseUserStatus(args.userStatus),
    };
    const client = await context.client();
    await client.updateUser(request);
    context.output.info(`User ${args.userId} updated`);
  },
});
