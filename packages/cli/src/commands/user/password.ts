import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { userIdArg } from '../../positionals.js';

export const userPassword = defineCommand({
  command: 'password <user-id> <current-password> <new-password>',
  describe: "Change a user's password",
  builder: (y) =>
    y
      .positional('user-id', userIdArg)
      .positional('current-password', { type: 'string', demandOption: true, describe: 'Current password' })
      .positional('new-password', { type: 'string', demandOption: true, describe: 'New password' }),
  run: async (args, context) => {
    const client = await context.client();
    await client.changePassword(parseIdentifier(args.userId), args.currentPassword, args.newPassword);
    context.output.info(`Password of user ${args.userId} changed`);
  },
});
