/** Transport code shown in client records (§7.6). TLS over TCP is still 1. */
export const Transport = { Tcp: 1, Quic: 2, Http: 3, WebSocket: 4 } as const;
export type Transport = (typeof Transport)[keyof typeof Transport];
export const TRANSPORTS: readonly Transport[] = [1, 2, 3, 4];
