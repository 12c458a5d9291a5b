/**
 * Bounds of the HTTP transport, each with its reason (the server-wide ones live in limits.ts).
 */

/**
 * Revoked access tokens kept until they expire. Each logout or refresh adds one; with the
 * default 1 h lifetime this allows ~28 revocations a second, sustained, before new ones are
 * refused — far above any real logout rate, and it bounds the file rewritten on each change.
 */
export const REVOKED_ACCESS_TOKENS_MAX = 100_000;

/** How often the control plane drops expired revocations from memory and disk. */
export const REVOKED_TOKENS_PRUNE_INTERVAL_MS = 60_000;

/** A client must send its request headers within this time (slowloris bound). */
export const HTTP_HEADERS_TIMEOUT_MS = 30_000;

/** A request body must arrive within this time, so a slow client cannot hold a buffer forever. */
export const HTTP_REQUEST_TIMEOUT_MS = 60_000;

/** Idle keep-alive connections are closed after this time (clients reconnect transparently). */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Open HTTP connections per shard; beyond it new ones are refused by the server. */
export const HTTP_CONNECTIONS_PER_SHARD_MAX = 10_000;
