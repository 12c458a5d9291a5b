/**
 * Iggy-style connection strings: `iggy://user:password@host:port` (TCP),
 * `iggy+tcp://…`, `iggy+ws://…` (WebSocket); `?tls=true` turns on TLS (wss:// for WebSocket).
 */
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { TransportKind } from './transport/byte-transport.js';

export interface ParsedConnectionString {
  transport: TransportKind;
  host: string;
  port: number;
  credentials?: { username: string; password: string };
  tls: boolean;
}

const SCHEMES: Record<string, TransportKind> = { 'iggy:': 'tcp', 'iggy+tcp:': 'tcp', 'iggy+ws:': 'ws' };
const DEFAULT_PORTS: Record<TransportKind, number> = { tcp: 8090, ws: 8092 };

export function parseConnectionString(text: string): ParsedConnectionString {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IggyError(ErrorCode.InvalidConfiguration, `invalid connection string "${text}"`);
  }
  const transport = SCHEMES[url.protocol];
  if (!transport) throw new IggyError(ErrorCode.InvalidConfiguration, `unsupported connection string scheme "${url.protocol}" (iggy, iggy+tcp, iggy+ws)`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? DEFAULT_PORTS[transport] : Number(url.port);
  const credentials = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
  return { transport, host, port, credentials, tls: url.searchParams.get('tls') === 'true' };
}
