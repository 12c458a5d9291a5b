/**
 * Bounds of the WebSocket transport (Iggy 0.7 uses tungstenite's defaults: 64 MiB per message).
 */
/** Largest WebSocket message accepted when `[websocket] max_message_size` is unset; larger closes (1009). */
export const WEBSOCKET_MESSAGE_SIZE_MAX_DEFAULT = 64 * 1024 * 1024;

/** Time a client has to complete the WebSocket upgrade after connecting, so idle sockets cannot pile up. */
export const WEBSOCKET_UPGRADE_TIMEOUT_MS = 10_000;
