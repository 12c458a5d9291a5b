/**
 * tcp.ipv6 (Iggy 0.7 opens an IPv6 socket when it is true): the wildcard 0.0.0.0 becomes ::,
 * every other address already says its family (an IPv6 address in brackets listens on IPv6
 * even with ipv6 = false, where Iggy would fail to bind). validate-config.ts refuses
 * ipv6 = true with a specific IPv4 address, which Iggy could not bind either.
 */
export function tcpListenHost(host: string, ipv6: boolean): string {
  return ipv6 && host === '0.0.0.0' ? '::' : host;
}

/** True for a dotted IPv4 literal. */
export function isIpv4Literal(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}
