import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseGlobalPermissions } from '../../args/parse-permissions.js';
import { defineCommand } from '../../define-command.js';
import { userIdArg } from '../../positionals.js';

export const userPermissions = defineCommand({
  command: 'permissions <user-id>',
  describe: "Replace a user's permissions (no --global-permissions removes them all)",
  builder: (y) =>
    y
      .positional('user-id', userIdArg)
      .option('global-permissions', { type: 'string', describe: 'Comma separated global permissions, or all' }),
  run: async (args, context) => {
    const permissions = parseGlobalPermissions(args.globalPermissions);
    const client = await context.client();
    await client.updatePermissions(parseIdentifier(args.userId), permissions);
    context.output.info(`Permissions of user ${args.userId} updated`);
  },
});
