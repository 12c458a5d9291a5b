// Bounds of the MCP server; each one keeps a model (or a stray HTTP client) from exhausting memory.

/** Messages one poll_messages call may return: a model reads results as text, so keep them small. */
export const POLL_MESSAGES_COUNT_MAX = 1000;
/** Default count when the tool call gives none (Iggy's MCP server uses 10). */
export const POLL_MESSAGES_COUNT_DEFAULT = 10;
/** Payload bytes shown per polled message; longer payloads are cut and marked truncated. */
export const POLLED_PAYLOAD_BYTES_MAX = 64 * 1024;
/** Payload bytes shown by one poll_messages call in all; later payloads are left out (marked). */
export const POLL_RESPONSE_PAYLOAD_BYTES_MAX = 1024 * 1024;
/** Messages one send_messages call may carry. */
export const SEND_MESSAGES_COUNT_MAX = 1000;
/** Bytes of one HTTP request body; an MCP JSON-RPC request is small, larger bodies get 413. */
export const HTTP_BODY_BYTES_MAX = 16 * 1024 * 1024;
/** HTTP requests handled at once; more get 503 so a burst cannot pile up servers in memory. */
export const HTTP_CONCURRENT_REQUESTS_MAX = 64;
