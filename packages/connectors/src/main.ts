// iggy-connectors entry point: load the runtime config (IGGY_CONNECTORS_CONFIG_PATH), start the
// connectors and the status API, stop everything on SIGINT/SIGTERM.
import { startStatusApi, type StatusApiServer } from './api/http-api.js';
import { loadRuntimeConfig } from './config/runtime-config.js';
import { ConnectorsRuntime } from './runtime/connectors-runtime.js';
import { createLogger } from './runtime/logger.js';

const log = createLogger('iggy-connectors');

async function main(): Promise<void> {
  const { config, path, warnings } = loadRuntimeConfig();
  log.info(path ? `configuration loaded from ${path}` : 'no configuration file; defaults and IGGY_CONNECTORS_* environment');
  for (const warning of warnings) log.warn(warning);
  log.info(`state is stored in ${config.state.path}`);
  const runtime = await ConnectorsRuntime.start(config, log, path);
  let api: StatusApiServer | null = null;
  if (config.http.enabled) {
    api = await startStatusApi(runtime, config.http);
    // Tests and operators read this line to find a port bound as 0.
    log.info(`status API listening at ${config.http.tls.enabled ? 'https' : 'http'}://${api.address.host}:${api.address.port}`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping connectors`);
    await api?.close();
    await runtime.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  log.error(`fatal: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
