import { readFileSync } from 'node:fs';
import type { IggyClientOptions, IggyCommands } from '@iggy-node/sdk';
import { CliArgsError } from './args/cli-args-error.js';
import { resolveConnectionSettings, type ConnectionSettings } from './connection-settings.js';
import { ContextStore, type ContextConfig } from './context/context-store.js';
import { iggyHome } from './context/iggy-home.js';
import { SessionStore } from './context/session-store.js';
import type { GlobalArgs } from './global-options.js';
import { Output, type CliIo } from './output/output.js';
import { parseServerAddress } from './parse-server-address.js';

type Sdk = typeof import('@iggy-node/sdk');

/** Codes that mean "these credentials no longer work" (a stored session token expired or was deleted). */
const STALE_LOGIN_CODES = new Set([42, 53, 54]);

/**
 * What a command's run() gets: the output, the io, the contexts and sessions, and a client that
 * connects (and logs in) on first use, so a command validates its arguments before any
 * connection is tried.
 */
export class CommandContext {
  readonly output: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly contexts: ContextStore;
  readonly sessions: SessionStore;
  #client: IggyCommands | null = null;
  #resolved: { name: string; config: ContextConfig } | null = null;

  constructor(
    readonly args: GlobalArgs,
    readonly io: CliIo,
  ) {
    this.output = new Output(io, args.output, args.quiet);
    this.env = io.env ?? process.env;
    const home = iggyHome(this.env);
    this.contexts = new ContextStore(home);
    this.sessions = new SessionStore(home);
  }

  /** The context in use: --context, IGGY_CONTEXT, or the active one. */
  context(): { name: string; config: ContextConfig } {
    this.#resolved ??= this.contexts.resolve(this.args.context ?? (this.env['IGGY_CONTEXT'] || undefined));
    return this.#resolved;
  }

  settings(options: { ignoreSession?: boolean } = {}): ConnectionSettings {
    const { name, config } = this.context();
    const session = options.ignoreSession ? null : this.sessions.get(name);
    return resolveConnectionSettings(this.args, this.env, config, session);
  }

  async client(options: { ignoreSession?: boolean } = {}): Promise<IggyCommands> {
    if (this.#client) return this.#client;
    const settings = this.settings(options);
    // Loaded on first use, not at start-up: --help, completion and the context commands never need it.
    const sdk = await import('@iggy-node/sdk');
    if (settings.transport === 'http') return this.#httpClient(sdk, settings);
    const { host, port } = parseServerAddress(settings.address);
    const clientOptions: IggyClientOptions = {
      transport: settings.transport,
      host,
      port,
      credentials: settings.credentials,
      // One command, one connection: fail at once instead of retrying, and no background pings.
      reconnect: { enabled: false, retries: 0, intervalMs: 0 },
      heartbeatIntervalMs: 0,
    };
    if (settings.tls) {
      clientOptions.tls = {
        ca: settings.tls.caFile !== undefined ? readCaFile(settings.tls.caFile) : undefined,
        servername: settings.tls.domain,
        rejectUnauthorized: !settings.tls.insecure,
      };
    }
    const client = new sdk.IggyClient(clientOptions);
    this.#client = client;
    try {
      await client.connect();
    } catch (error) {
      throw explainConnectError(sdk, error, settings, this.context().name, this.sessions.fileOf(this.context().name));
    }
    return client;
  }

  /** --transport http: the REST API at --http-api-url (JWT login; group join/leave are not there). */
  async #httpClient(sdk: Sdk, settings: ConnectionSettings): Promise<IggyCommands> {
    const client = new sdk.IggyHttpClient({
      baseUrl: settings.address,
      credentials: settings.credentials,
      ca: settings.tls?.caFile !== undefined ? readCaFile(settings.tls.caFile) : undefined,
    });
    this.#client = client;
    try {
      await client.connect();
    } catch (error) {
      throw explainConnectError(sdk, error, settings, this.context().name, this.sessions.fileOf(this.context().name));
    }
    return client;
  }

  async close(): Promise<void> {
    if (this.#client) await this.#client.close();
    this.#client = null;
  }
}

function readCaFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliArgsError(`cannot read --tls-ca-file ${file}: ${reason}`);
  }
}

const UNTRUSTED_CERTIFICATE = /self[- ]signed|unable to verify|unable to get (local )?issuer|certificate (has expired|is not yet valid)|CERT_|DEPTH_ZERO/i;

/** Adds what to do next to the failures a user can fix: an untrusted certificate, a stale login session. */
function explainConnectError({ IggyError }: Sdk, error: unknown, settings: ConnectionSettings, context: string, sessionFile: string): unknown {
  if (!IggyError.is(error)) return error;
  const text = `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`;
  if (settings.tls && UNTRUSTED_CERTIFICATE.test(text)) {
    return new IggyError(
      error.code,
      `the server's TLS certificate is not trusted: pass --tls-ca-file <file> (for a self-signed server certificate: <server data dir>/tls/self_signed_cert.pem), or --tls-insecure to skip verification`,
    );
  }
  if (/altname|Hostname\/IP does not match/i.test(text)) {
    return new IggyError(error.code, `the server's TLS certificate is not valid for this host: pass --tls-domain <name on the certificate> (e.g. localhost)`);
  }
  if (settings.credentialSource === 'default' && error.code === 42) {
    return new IggyError(
      error.code,
      'no credentials were given, and the default iggy/iggy was refused: run `iggy login -u <user> -p <password>` (the password the server printed on its first start), or pass -u/-p',
    );
  }
  if (settings.credentialSource === 'session' && STALE_LOGIN_CODES.has(error.code)) {
    return new IggyError(error.code, `the login session of context "${context}" (${sessionFile}) is no longer valid: run \`iggy login\` again`);
  }
  return error;
}
