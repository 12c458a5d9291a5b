import { readFileSync } from 'node:fs';
import { IggyClient, IggyHttpClient, type IggyClientOptions, type IggyCommands } from '@iggy-node/sdk';
import type { GlobalArgs } from './global-options.js';
import { Output, type CliIo } from './output/output.js';
import { parseServerAddress } from './parse-server-address.js';

/**
 * What a command's run() gets: the output, the io, and a client that connects (and logs in) on
 * first use, so a command validates its arguments before any connection is tried.
 */
export class CommandContext {
  readonly output: Output;
  #client: IggyCommands | null = null;

  constructor(
    readonly args: GlobalArgs,
    readonly io: CliIo,
  ) {
    this.output = new Output(io, args.output, args.quiet);
  }

  async client(): Promise<IggyCommands> {
    if (this.#client) return this.#client;
    if (this.args.transport === 'http') return this.#httpClient();
    const ws = this.args.transport === 'ws';
    const { host, port } = parseServerAddress(ws ? this.args.websocketServerAddress : this.args.tcpServerAddress);
    const options: IggyClientOptions = {
      transport: ws ? 'ws' : 'tcp',
      host,
      port,
      credentials: this.args.token
        ? { token: this.args.token }
        : { username: this.args.username, password: this.args.password },
      // One command, one connection: fail at once instead of retrying, and no background pings.
      reconnect: { enabled: false, retries: 0, intervalMs: 0 },
      heartbeatIntervalMs: 0,
    };
    if (this.args.tls) {
      options.tls = {
        ca: this.args.tlsCaFile ? readFileSync(this.args.tlsCaFile) : undefined,
        servername: this.args.tlsDomain,
      };
    }
    const client = new IggyClient(options);
    this.#client = client;
    await client.connect();
    return client;
  }

  /** --transport http: the REST API at --http-api-url (JWT login; group join/leave are not there). */
  async #httpClient(): Promise<IggyCommands> {
    const client = new IggyHttpClient({
      baseUrl: this.args.httpApiUrl,
      credentials: this.args.token ? { token: this.args.token } : { username: this.args.username, password: this.args.password },
      ca: this.args.tlsCaFile ? readFileSync(this.args.tlsCaFile) : undefined,
    });
    this.#client = client;
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    if (this.#client) await this.#client.close();
    this.#client = null;
  }
}
