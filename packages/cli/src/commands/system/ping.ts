import { defineCommand } from '../../define-command.js';
import { PING } from '../command-heads.js';

export const ping = defineCommand({
  ...PING,
  builder: (y) => y.option('count', { type: 'number', default: 1, describe: 'Pings to send' }),
  run: async (args, context) => {
    const client = await context.client();
    for (let index = 0; index < args.count; index += 1) {
      const startedAt = process.hrtime.bigint();
      await client.ping();
      const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      context.output.info(`Ping ${index + 1}: ${elapsedMs.toFixed(3)} ms`);
    }
  },
});
