import path from 'node:path';
import { CliArgsError } from '../../args/cli-args-error.js';
import { resolveAddress } from '../../connection-settings.js';
import type { ContextConfig } from '../../context/context-store.js';
import { defineCommand, defineResource } from '../../define-command.js';
import { CONTEXT } from '../command-heads.js';

const contextList = defineCommand({
  command: 'list',
  aliases: ['l'],
  describe: 'List contexts (the active one is marked *)',
  builder: (y) => y,
  run: async (_args, context) => {
    const active = context.contexts.activeName();
    const rows = [...context.contexts.all()].map(([name, config]) => ({
      active: name === active ? '*' : '',
      name,
      server: config.tcp_server_address ?? '',
      user: config.token !== undefined ? '(token)' : (config.username ?? ''),
      tls: config.tcp_tls_enabled || config.tcp_tls_ca_file || config.tcp_tls_insecure ? 'yes' : '',
      session: context.sessions.get(name) ? 'logged in' : '',
    }));
    context.output.list(rows, ['active', 'name', 'server', 'user', 'tls', 'session']);
  },
});

const contextUse = defineCommand({
  command: 'use <context-name>',
  aliases: ['u'],
  describe: 'Make a context the active one',
  builder: (y) => y.positional('context-name', { type: 'string', demandOption: true, describe: 'Context name' }),
  run: async (args, context) => {
    context.contexts.use(args.contextName);
    context.output.info(`Context "${args.contextName}" is now active`);
  },
});

const contextCreate = defineCommand({
  command: 'create <context-name>',
  aliases: ['c'],
  describe: 'Create or replace a context from the connection options given with this command',
  builder: (y) => y.positional('context-name', { type: 'string', demandOption: true, describe: 'Context name' }),
  run: async (args, context) => {
    const config: ContextConfig = {};
    const given = context.args;
    if (given.transport !== undefined) config.transport = given.transport;
    if (given.tcpServerAddress !== undefined) config.tcp_server_address = given.tcpServerAddress;
    if (given.websocketServerAddress !== undefined) config.websocket_server_address = given.websocketServerAddress;
    if (given.username !== undefined) config.username = given.username;
    if (given.password !== undefined) config.password = given.password;
    if (given.token !== undefined) config.token = given.token;
    if (given.tls !== undefined) config.tcp_tls_enabled = given.tls;
    if (given.tlsCaFile !== undefined) config.tcp_tls_ca_file = path.resolve(given.tlsCaFile);
    if (given.tlsDomain !== undefined) config.tcp_tls_domain = given.tlsDomain;
    if (given.tlsInsecure !== undefined) config.tcp_tls_insecure = given.tlsInsecure;
    if (Object.keys(config).length === 0) {
      throw new CliArgsError('give the context\'s settings, e.g. iggy context create staging --tcp-server-address 10.0.0.5:8090 -u alice -p secret');
    }
    context.contexts.save(args.contextName, config);
    context.output.info(`Context "${args.contextName}" saved in ${context.contexts.contextsFile} (server ${resolveAddress(given, {}, config)})`);
  },
});

const contextDelete = defineCommand({
  command: 'delete <context-name>',
  aliases: ['d'],
  describe: 'Delete a context (and forget its login session)',
  builder: (y) => y.positional('context-name', { type: 'string', demandOption: true, describe: 'Context name' }),
  run: async (args, context) => {
    context.contexts.delete(args.contextName);
    context.sessions.remove(args.contextName);
    context.output.info(`Context "${args.contextName}" deleted`);
  },
});

export const contextCommands = defineResource(CONTEXT, [contextList, contextUse, contextCreate, contextDelete]);
