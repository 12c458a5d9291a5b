import { hostname } from 'node:os';
import { ErrorCode, IggyError, U64_MAX } from '@iggy-node/sdk';
import { parseExpiryMicros } from '../../args/parse-expiry.js';
import { defineCommand } from '../../define-command.js';
import { LOGIN, LOGOUT } from '../command-heads.js';

/** Iggy's default session lifetime (`iggy login` without an expiry). */
const SESSION_EXPIRY_DEFAULT = '15m';
/** PAT names are at most 30 bytes. */
const TOKEN_NAME_MAX = 30;

function sessionTokenName(context: string): string {
  return `iggy-cli-${context}-${hostname()}`.slice(0, TOKEN_NAME_MAX);
}

export const login = defineCommand({
  ...LOGIN,
  builder: (y) =>
    y.positional('expiry', { type: 'string', array: true, describe: `Session lifetime, e.g. "1h", "1day 2h", or none (default ${SESSION_EXPIRY_DEFAULT})` }),
  run: async (args, context) => {
    const expiryText = args.expiry && args.expiry.length > 0 ? args.expiry.join(' ') : SESSION_EXPIRY_DEFAULT;
    const expiry = parseExpiryMicros(expiryText);
    const { name } = context.context();
    const settings = context.settings({ ignoreSession: true });
    const client = await context.client({ ignoreSession: true });
    const tokenName = sessionTokenName(name);
    // One session token per context and machine: a new login replaces the previous one.
    try {
      await client.deletePersonalAccessToken(tokenName);
    } catch (error) {
      if (!IggyError.is(error) || (error.code !== ErrorCode.ResourceNotFound && error.code !== 1)) throw error;
    }
    const wireExpiry = expiry === U64_MAX ? 0n : expiry;
    const token = await client.createPersonalAccessToken(tokenName, wireExpiry);
    const me = await client.getMe();
    const username = 'username' in settings.credentials ? settings.credentials.username : `user ${me.userId}`;
    const expiresAt = wireExpiry === 0n ? 'never' : String(BigInt(Date.now()) * 1000n + wireExpiry);
    context.sessions.save(name, { server: settings.address, username, tokenName, token, expiresAt });
    context.output.info(
      `Logged in to ${settings.address} as ${username} (context "${name}"); session ${wireExpiry === 0n ? 'never expires' : `expires in ${expiryText}`}`,
    );
  },
});

export const logout = defineCommand({
  ...LOGOUT,
  builder: (y) => y,
  run: async (_args, context) => {
    const { name } = context.context();
    const session = context.sessions.get(name);
    if (!session) {
      context.output.info(`Not logged in (context "${name}")`);
      return;
    }
    try {
      const client = await context.client();
      await client.deletePersonalAccessToken(session.tokenName);
    } catch (error) {
      // An expired or deleted token cannot log in to delete itself; forgetting it locally is all that is left.
      if (!IggyError.is(error)) throw error;
    }
    context.sessions.remove(name);
    context.output.info(`Logged out from ${session.server} (context "${name}")`);
  },
});
