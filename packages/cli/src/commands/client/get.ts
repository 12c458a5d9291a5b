import { ErrorCode, IggyError } from '@iggy-node/sdk';
import { parseInteger } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';

export const clientGet = defineCommand({
  command: 'get <client-id>',
  describe: 'Show one connected client',
  builder: (y) => y.positional('client-id', { type: 'string', demandOption: true, describe: 'Client ID' }),
  run: async (args, context) => {
    const clientId = parseInteger(args.clientId, 'client id');
    const client = await context.client();
    const record = await client.getClient(clientId);
    if (!record) throw new IggyError(ErrorCode.ClientNotFound, `client ${clientId}`);
    context.output.record(record);
  },
});
