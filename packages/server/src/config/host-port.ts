/** Splits a configured `host:port` (IPv6 hosts in brackets) into its parts. */
export function parseHostPort(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*)\]?:(\d+)$/.exec(address.trim());
  if (!match) throw new Error(`invalid address "${address}": expected host:port`);
  return { host: match[1]!, port: Number(match[2]) };
}

/** "host:port", with IPv6 hosts in brackets. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
