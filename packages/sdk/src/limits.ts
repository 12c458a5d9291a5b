// Client-side bounds and defaults, each with the reason it exists.

/**
 * Requests waiting behind the one in flight on a connection. The protocol allows one request at
 * a time per connection, so a caller that fires requests faster than the server answers would
 * grow this queue without end; past the bound we refuse instead of buffering unboundedly.
 */
export const PENDING_REQUESTS_MAX = 10_000;

/**
 * Largest response payload we accept. A poll of many large messages can be big, but a corrupt
 * or hostile length field must not make us buffer gigabytes.
 */
export const RESPONSE_FRAME_SIZE_MAX_DEFAULT = 256 * 1024 * 1024;

/** A request unanswered this long is failed and its connection dropped (the stream is desynced). */
export const REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

/** TCP (and TLS) handshake deadline. */
export const CONNECT_TIMEOUT_MS_DEFAULT = 10_000;

/** Rust SDK default: a Ping every 5 s keeps the server's heartbeat verifier satisfied. */
export const HEARTBEAT_INTERVAL_MS_DEFAULT = 5_000;

/** Rust SDK reconnection defaults (`tcp_reconnection_max_retries`, `reconnection_interval`). */
export const RECONNECT_RETRIES_DEFAULT = 3;
export const RECONNECT_INTERVAL_MS_DEFAULT = 1_000;
