/**
 * The `iggy-server` command: arguments, config, logger, then the start-up sequence
 * (launch-server.ts); prints the one-time root password and says plainly what the root
 * credential options did. Signals drain and stop the server.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config/load-config.js';
import { settingsWithoutEffectNotices } from './config/setting-effects.js';
import { launchServer, type LaunchServerOptions, type RootCredentials } from './launch-server.js';
import { createLogger } from './logging/create-logger.js';
import { logFilePath, logRotationOf } from './logging/log-file-path.js';

const USAGE = `Usage: iggy-server [--fresh] [--with-default-root-credentials] [--config-path <file>]

  --fresh                           delete the data directory (system.path) before starting
  --with-default-root-credentials   create the root user as iggy/iggy; applies only when the data
                                    directory has no root user yet (first start, or with --fresh)
  --config-path <file>              configuration file (default: IGGY_CONFIG_PATH or configs/server.toml)

IGGY_ROOT_USERNAME and IGGY_ROOT_PASSWORD (both) set the root user's credentials, also only on
the first start. Every configuration key can be overridden with an IGGY_* environment variable,
e.g. IGGY_TCP_ADDRESS=0.0.0.0:8090 or IGGY_SYSTEM_SHARDING_CPU_ALLOCATION=2.`;

interface RootCredentialChoice {
  credentials: RootCredentials | null;
  /** What asked for them, for the messages ("--with-default-root-credentials"). */
  source: string | null;
  warnings: string[];
}

export async function bootstrap(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fresh: { type: 'boolean', default: false },
      'with-default-root-credentials': { type: 'boolean', default: false },
      'config-path': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const { config, source, warnings } = loadConfig({ argvConfigPath: values['config-path'], env, cwd: process.cwd() });
  config.system.path = path.resolve(config.system.path);
  // The log file lives in the data directory: it is opened only once the ports are bound, so a
  // refused start leaves no files behind.
  const loggerOptions = {
    level: config.system.logging.level,
    threadName: 'coordinator',
    module: 'server::coordinator',
    format: config.system.logging.format,
    stdout: true,
  } as const;
  const logger = createLogger(loggerOptions);
  const openLogger = () => createLogger({ ...loggerOptions, filePath: logFilePath(config) ?? null, rotation: logRotationOf(config) });
  for (const warning of warnings) logger.warn(warning);
  for (const notice of settingsWithoutEffectNotices(config)) logger[notice.level](notice.message);
  logger.info({ source }, 'configuration loaded');

  const root = chooseRootCredentials(values['with-default-root-credentials'] ?? false, env);
  for (const warning of root.warnings) process.stderr.write(`iggy-server: ${warning}\n`);

  const announce: LaunchServerOptions['announce'] = (server) => {
    if (server.generatedRootPassword) {
      // Printed once, as Iggy does; it is never stored or logged anywhere else.
      const { username, password } = server.generatedRootPassword;
      process.stdout.write(
        `Root user created: username "${username}", password "${password}". Store it now; it is not shown again.\n` +
          `Log in with: iggy login --username ${username} --password '${password}'\n`,
      );
    } else if (root.source && server.rootUserExisted) {
      process.stderr.write(
        `iggy-server: ${root.source} had no effect: ${server.dataPath} already has a root user, and root ` +
          `credentials are applied only when the data directory is created. Log in with the existing ` +
          `credentials, or start over with --fresh${root.source === '--with-default-root-credentials' ? ` ${root.source}` : ''} ` +
          `(--fresh deletes every stream and user in ${server.dataPath}).\n`,
      );
    } else if (root.credentials) {
      process.stdout.write(`Root user created: username "${root.credentials.username}" with the password from ${root.source}.\n`);
    }
    if (server.selfSignedCertFile) process.stdout.write(`TLS: self-signed certificate at ${server.selfSignedCertFile} (iggy --tls-ca-file ${server.selfSignedCertFile})\n`);
  };
  // exitProcess: SIGINT/SIGTERM drain and stop the server, then the process exits.
  await launchServer({ config, logger, fresh: values.fresh ?? false, rootCredentials: root.credentials, exitProcess: true, openLogger, announce });
}

/** IGGY_ROOT_USERNAME + IGGY_ROOT_PASSWORD, else iggy/iggy with the flag, else null (random). */
function chooseRootCredentials(withDefaults: boolean, env: NodeJS.ProcessEnv): RootCredentialChoice {
  const username = env['IGGY_ROOT_USERNAME'];
  const password = env['IGGY_ROOT_PASSWORD'];
  const warnings: string[] = [];
  if (username && password) {
    if (withDefaults) warnings.push('IGGY_ROOT_USERNAME/IGGY_ROOT_PASSWORD take precedence over --with-default-root-credentials');
    return { credentials: { username, password }, source: 'IGGY_ROOT_USERNAME/IGGY_ROOT_PASSWORD', warnings };
  }
  if (username || password) {
    warnings.push(`${username ? 'IGGY_ROOT_USERNAME' : 'IGGY_ROOT_PASSWORD'} is ignored: set both IGGY_ROOT_USERNAME and IGGY_ROOT_PASSWORD`);
  }
  if (withDefaults) return { credentials: { username: 'iggy', password: 'iggy' }, source: '--with-default-root-credentials', warnings };
  return { credentials: null, source: null, warnings };
}
