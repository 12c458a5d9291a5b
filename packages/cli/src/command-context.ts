import { readFileSync } from 'node:fs';
import { IggyClient, type IggyClientOptions } from '@iggy-node/sdk';
import type { GlobalArgs } from './global-options.js';
import { Output, type CliIo } from './output/output.js';
import { parseServerAddress } from './parse-server-address.js';

/**
 * What a command's run() gets: the output, the io, and a client that connects (and logs in) on
 * first use, so a command validates its arguments before any connection is tried.
 */
export class CommandContext {
  readonly output: Output;
  #client: IggyClient | null = null;

  constructor(
    readonly args: GlobalArgs,
    readonly io: CliIo,
  ) {
    this.output = new Output(io, args.output, args.quiet);
  }

  async client(): Promise<IggyClient> {
    if (this.#client) return this.#client;
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

  async close(): Promise<void> {
    if (this.#client) await this.#client.close();
    this.#client = null;
  }
}
