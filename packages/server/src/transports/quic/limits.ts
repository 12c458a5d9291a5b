import { REQUEST_FRAME_SIZE_MAX, UNAUTHENTICATED_FRAME_SIZE_MAX } from '../../limits.js';

/** Largest request payload a QUIC stream may carry: the same bound as a TCP frame. */
export const QUIC_REQUEST_PAYLOAD_MAX = REQUEST_FRAME_SIZE_MAX;

/** Before login, as on TCP: a client that has not authenticated cannot make the server hold more. */
export const QUIC_UNAUTHENTICATED_PAYLOAD_MAX = UNAUTHENTICATED_FRAME_SIZE_MAX;

/**
 * Request payload bytes a shard's QUIC endpoint holds between reading them off streams and
 * answering them; further streams wait unread inside quinn's receive windows (flow control pushes
 * back on the clients) instead of in memory. Four largest requests keep big sends pipelined.
 */
export const QUIC_INFLIGHT_REQUEST_BYTES_MAX = 4 * QUIC_REQUEST_PAYLOAD_MAX;

/** Shutdown checks this often whether in-flight QUIC requests have been answered. */
export const QUIC_DRAIN_POLL_MS = 10;
