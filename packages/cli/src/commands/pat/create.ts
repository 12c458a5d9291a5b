import { U64_MAX } from '@iggy-node/sdk';
import { parseExpiryMicros } from '../../args/parse-expiry.js';
import { defineCommand } from '../../define-command.js';
import { nameArg } from '../../positionals.js';

export const patCreate = defineCommand({
  command: 'create <name>',
  describe: 'Create a personal access token and print it (shown only once)',
  builder: (y) =>
    y.positional('name', nameArg).option('expiry', { type: 'string', default: 'none', describe: 'e.g. "1h", "30days", or none' }),
  run: async (args, context) => {
    const expiry = parseExpiryMicros(args.expiry);
    const client = await context.client();
    // The token API has no "server default": 0 means never expires, as does u64::MAX in IggyExpiry.
    const token = await client.createPersonalAccessToken(args.name, expiry === U64_MAX ? 0n : expiry);
    if (context.output.format === 'json') return context.output.record({ name: args.name, token });
    if (context.output.quiet) return context.io.stdout(`${token}\n`);
    context.output.info(`Personal access token "${args.name}" created: ${token}`);
  },
});
