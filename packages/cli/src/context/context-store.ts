/**
 * Contexts as Iggy's CLI keeps them: `<IGGY_HOME>/contexts.toml` maps a context name to its
 * connection settings, `<IGGY_HOME>/.active_context` names the one in use; "default" always
 * exists (empty unless configured). Keys are Iggy's (tcp_server_address, username, ...) plus
 * tcp_tls_ca_file and tcp_tls_insecure.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CliArgsError } from '../args/cli-args-error.js';

export const DEFAULT_CONTEXT_NAME = 'default';
const CONTEXTS_FILE_NAME = 'contexts.toml';
const ACTIVE_CONTEXT_FILE_NAME = '.active_context';
/**
 * smol-toml, loaded when a contexts file is read or written rather than at start-up (most
 * commands run without one). Its CommonJS build is one file that loads synchronously, so the
 * store keeps its synchronous methods.
 */
let toml: typeof import('smol-toml') | undefined;
const smolToml = () => (toml ??= createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml'));

const CONTEXT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface ContextConfig {
  transport?: string;
  tcp_server_address?: string;
  websocket_server_address?: string;
  http_api_url?: string;
  quic_server_address?: string;
  username?: string;
  password?: string;
  token?: string;
  tcp_tls_enabled?: boolean;
  tcp_tls_domain?: string;
  tcp_tls_ca_file?: string;
  tcp_tls_insecure?: boolean;
}

const STRING_KEYS = ['transport', 'tcp_server_address', 'websocket_server_address', 'http_api_url', 'quic_server_address', 'username', 'password', 'token', 'tcp_tls_domain', 'tcp_tls_ca_file'] as const;
const BOOLEAN_KEYS = ['tcp_tls_enabled', 'tcp_tls_insecure'] as const;

export class ContextStore {
  readonly contextsFile: string;
  readonly activeFile: string;

  constructor(readonly home: string) {
    this.contextsFile = path.join(home, CONTEXTS_FILE_NAME);
    this.activeFile = path.join(home, ACTIVE_CONTEXT_FILE_NAME);
  }

  /** Every context, "default" included. */
  all(): Map<string, ContextConfig> {
    const contexts = new Map<string, ContextConfig>([[DEFAULT_CONTEXT_NAME, {}]]);
    if (!existsSync(this.contextsFile)) return contexts;
    let raw: Record<string, unknown>;
    try {
      raw = smolToml().parse(readFileSync(this.contextsFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new CliArgsError(`cannot read ${this.contextsFile}: ${(error as Error).message.split('\n')[0]}`);
    }
    for (const [name, table] of Object.entries(raw)) {
      if (typeof table === 'object' && table !== null) contexts.set(name, pickContext(table as Record<string, unknown>));
    }
    return contexts;
  }

  activeName(): string {
    if (!existsSync(this.activeFile)) return DEFAULT_CONTEXT_NAME;
    const name = readFileSync(this.activeFile, 'utf8').trim();
    return name || DEFAULT_CONTEXT_NAME;
  }

  /** The context to use: `override` (--context / IGGY_CONTEXT) or the active one. */
  resolve(override: string | undefined): { name: string; config: ContextConfig } {
    const name = override ?? this.activeName();
    const config = this.all().get(name);
    if (!config) throw new CliArgsError(`context "${name}" does not exist in ${this.contextsFile} (see: iggy context list)`);
    return { name, config };
  }

  use(name: string): void {
    if (!this.all().has(name)) throw new CliArgsError(`context "${name}" does not exist in ${this.contextsFile} (see: iggy context list)`);
    this.#write(this.activeFile, `${name}\n`);
  }

  save(name: string, config: ContextConfig): void {
    if (!CONTEXT_NAME_PATTERN.test(name)) throw new CliArgsError(`invalid context name "${name}" (letters, digits, _ . -)`);
    const contexts = this.all();
    contexts.set(name, config);
    this.#writeContexts(contexts);
  }

  delete(name: string): void {
    if (name === DEFAULT_CONTEXT_NAME) throw new CliArgsError('the default context cannot be deleted');
    const contexts = this.all();
    if (!contexts.delete(name)) throw new CliArgsError(`context "${name}" does not exist`);
    this.#writeContexts(contexts);
    if (this.activeName() === name) this.#write(this.activeFile, `${DEFAULT_CONTEXT_NAME}\n`);
  }

  #writeContexts(contexts: Map<string, ContextConfig>): void {
    const table: Record<string, ContextConfig> = {};
    for (const [name, config] of contexts) {
      if (name === DEFAULT_CONTEXT_NAME && Object.keys(config).length === 0) continue;
      table[name] = config;
    }
    this.#write(this.contextsFile, `${smolToml().stringify(table)}\n`);
  }

  /** Written to a temporary file and renamed: a crash never leaves half a file. Private (0600): it may hold passwords. */
  #write(file: string, text: string): void {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, file);
  }
}

function pickContext(table: Record<string, unknown>): ContextConfig {
  const config: ContextConfig = {};
  for (const key of STRING_KEYS) if (typeof table[key] === 'string') config[key] = table[key] as string;
  for (const key of BOOLEAN_KEYS) if (typeof table[key] === 'boolean') config[key] = table[key] as boolean;
  return config;
}
