// Connects one IggyClient as a tool's [iggy] section says: TCP (optionally TLS), logged in with
// a personal access token when one is set, else with username and password.
import { readFileSync } from 'node:fs';
import { IggyClient, type Credentials, type TlsOptions } from '@iggy-node/sdk';
import { parseHostPort } from './config-file.js';

export interface IggyConnectionConfig {
  address: string;
  username: string;
  password: string;
  token: string;
  tls: { enabled: boolean; ca_file: string; domain: string };
}

/** A local `npm start` server with root credentials, as Iggy's tools default to. */
export function defaultIggyConnectionConfig(): IggyConnectionConfig {
  return { address: '127.0.0.1:8090', username: 'iggy', password: 'iggy', token: '', tls: { enabled: false, ca_file: '', domain: '' } };
}

export function createIggyClient(config: IggyConnectionConfig): IggyClient {
  const { host, port } = parseHostPort(config.address, '[iggy] address');
  const credentials: Credentials = config.token ? { token: config.token } : { username: config.username, password: config.password };
  let tls: TlsOptions | undefined;
  if (config.tls.enabled) {
    tls = {};
    if (config.tls.ca_file) tls.ca = readFileSync(config.tls.ca_file);
    if (config.tls.domain) tls.servername = config.tls.domain;
  }
  return new IggyClient({ host, port, credentials, ...(tls ? { tls } : {}) });
}

export async function connectIggy(config: IggyConnectionConfig): Promise<IggyClient> {
  const client = createIggyClient(config);
  await client.connect();
  return client;
}
