import { parseIdentifier } from '../../args/parse-identifier.js';
import { parsePermissions } from '../../args/parse-permissions.js';
import { defineCommand } from '../../define-command.js';
import { userIdArg } from '../../positionals.js';
import { withPermissionOptions } from './permission-options.js';

export const userPermissions = defineCommand({
  command: 'permissions <user-id>',
  describe: "Replace a user's permissions (no permission options removes them all)",
  builder: (y) => withPermissionOptions(y.positional('user-id', userIdArg)),
  run: async (args, context) => {
    const permissions = parsePermissions(args.globalPermissions, (args.streamPermissions ?? []).map(String));
    const client = await context.client();
    await client.updatePermissions(parseIdentifier(args.userId), permissions);
    context.output.info(`Permissions of user ${args.userId} updated`);
  },
});
