// Bounds of the connectors runtime; each one keeps a slow target, a big table or a chatty
// plugin from growing memory without limit.

/** Connector config files in [connectors] config_dir. */
export const CONNECTOR_FILES_MAX = 256;
/** Messages per sink poll (batch_length is capped here): one batch per topic is all a sink holds. */
export const SINK_BATCH_LENGTH_MAX = 10_000;
/** Messages a source may hand over in one poll; more is a plugin bug, reported as an error. */
export const SOURCE_POLL_MESSAGES_MAX = 100_000;
/** Messages per SendMessages request from a source (batch_length is capped here). */
export const SOURCE_SEND_BATCH_MAX = 10_000;
/** Bytes of a persisted source state file; state is a cursor, not data. */
export const SOURCE_STATE_BYTES_MAX = 1024 * 1024;
/** Longest wait between retries of a failing sink write, source send or poll. */
export const RETRY_DELAY_MS_MAX_DEFAULT = 5_000;
/** First wait after a failure; doubles per attempt up to the maximum. */
export const RETRY_DELAY_MS_INITIAL_DEFAULT = 100;
/** Errors kept per connector for the status API (last_error shows the newest). */
export const CONNECTOR_ERRORS_KEPT = 1;
/** HTTP API request body bytes (the API only reads; bodies are ignored beyond this). */
export const HTTP_BODY_BYTES_MAX = 64 * 1024;
/** Bytes the file source reads per poll. */
export const FILE_SOURCE_READ_BYTES_MAX = 4 * 1024 * 1024;
/** Longest JSON line the file source accepts; a longer line is skipped with an error. */
export const FILE_SOURCE_LINE_BYTES_MAX = 1024 * 1024;
