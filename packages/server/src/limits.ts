// Server-side operational bounds, one place, each with its reason. Protocol-level sizes live in
// @iggy-node/protocol limits.ts; storage bounds in storage/storage-limits.ts.
import { REQUEST_FRAME_SIZE_MAX_DEFAULT } from '@iggy-node/protocol/limits';

/**
 * Largest request frame a connection may send. Past it the connection is closed before any
 * allocation: a hostile length field must not make us allocate gigabytes.
 */
export const REQUEST_FRAME_SIZE_MAX = REQUEST_FRAME_SIZE_MAX_DEFAULT;

/**
 * Largest frame a connection that has not logged in may send. Before login only Ping, LoginUser
 * and LoginWithPersonalAccessToken are accepted, each well under 1 KiB; this keeps an anonymous
 * connection from making the server buffer a 128 MiB frame. (A client that pipelines a large
 * send behind its login, before the login is answered, is closed.)
 */
export const UNAUTHENTICATED_FRAME_SIZE_MAX = 1024 * 1024;

/**
 * Bytes a connection may have read but not yet handled. Clients send one request and wait for
 * the answer, so more than one frame queued means a pipelining or hostile client: we stop
 * reading the socket (TCP backpressure) until the queue drains.
 */
export const CONNECTION_PENDING_BYTES_MAX = 2 * REQUEST_FRAME_SIZE_MAX;

/** Frames a connection may have queued before we stop reading its socket. */
export const CONNECTION_PENDING_FRAMES_MAX = 64;

/**
 * Responses written but not yet flushed to the socket. Past this the connection stops
 * reading requests until the kernel takes the bytes (a slow consumer must not grow memory).
 */
export const CONNECTION_OUTBOUND_BYTES_MAX = 64 * 1024 * 1024;

/** Most messages one poll returns: bounds the response size together with POLL_BYTES_MAX. */
export const POLL_MESSAGES_COUNT_MAX = 1_000_000;

/** Bytes one poll response may carry (the QUIC Rust client caps responses near 10 MB; TCP does not). */
export const POLL_BYTES_MAX = 64 * 1024 * 1024;

/** Cross-shard requests one shard may have in flight before callers get a backpressure error. */
export const BUS_IN_FLIGHT_REQUESTS_MAX = 4096;

/** A cross-shard request that has not been answered in this time fails instead of hanging a connection. */
export const BUS_REQUEST_DEADLINE_MS = 30_000;

/** Time the coordinator waits for shards to drain and flush on SIGINT/SIGTERM before forcing exit. */
export const SHUTDOWN_DRAIN_TIMEOUT_MS = 15_000;

/** Time the coordinator waits for every shard to report it is ready at start-up. */
export const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Stream, topic and partition ids are packed into a 64-bit routing key with 12/12/20 bits
 * (Iggy's namespace). Larger ids would alias in routing, so creation is refused past them.
 */
export const STREAM_ID_MAX = 0xfff;
export const TOPIC_ID_MAX = 0xfff;
export const PARTITION_ID_MAX = 0xfffff;

/**
 * Request payloads at least this large are assembled in a memory-pool slot instead of a fresh
 * Buffer: a send batch then needs no allocation, and can move to its owner shard by reference.
 * Smaller frames (every command but SendMessages) are not worth a slot.
 */
export const POOLED_PAYLOAD_BYTES_MIN = 64 * 1024;

/** A plain TCP read that is not into a payload's slot takes at most this (Node's own read size). */
export const SOCKET_READ_CHUNK_BYTES = 64 * 1024;

/** Reads up to this size are copied out so the read buffer can be reused (cheaper than a new one). */
export const SOCKET_READ_COPY_BYTES_MAX = 16 * 1024;

/**
 * How much one plain TCP connection may read in one event-loop turn before it yields to the
 * shard's other sockets and timers (once a frame completes past either bound). libuv reads a
 * readable socket up to 32 times per wake-up, and a send is answered inside the read callback,
 * so a producer on another core refills its socket before the next read: unbounded, one
 * producer's back-to-back 1 MB batches ran 16 sends in one turn and kept a live consumer's poll
 * (and every timer) waiting 50-70 ms (benchmarks/RESULTS.md §11). One 1 MB batch, or 16 small
 * pipelined requests, per turn keeps pipelining cheap and the wait to one batch.
 */
export const SOCKET_READ_TURN_BYTES_MAX = 256 * 1024;
export const SOCKET_READ_TURN_FRAMES_MAX = 16;

/**
 * Topics with a shared balanced-partitioning counter (shared-memory table, 16 bytes each, 1 MiB):
 * more live topics than this fall back to a per-shard counter for the extra topics.
 */
export const BALANCED_COUNTER_TOPICS_MAX = 65_536;

/**
 * Per-topic Prometheus series (iggy_topic_messages, iggy_topic_size_bytes) are kept for at most
 * this many topics, the first by stream id then topic id, so a server with many small topics
 * cannot make every scrape megabytes long. The rest are counted in iggy_metrics_topics_omitted
 * and still add to the server-wide totals.
 */
export const METRICS_TOPIC_SERIES_MAX = 1000;

/** Failing partitions named per shard in /health: enough to act on, bounded for a full disk of many. */
export const FAILING_PARTITIONS_REPORTED_MAX = 16;

/**
 * How often each shard checks its connections' deadlines (login, frame read) and the queued
 * response bytes: a deadline fires at most this late, and one sweep over a few thousand
 * connections costs microseconds, far cheaper than a timer per connection.
 */
export const CONNECTION_GUARD_INTERVAL_MS = 500;

/** Connections refused over connections.max_connections are logged at most once per this, with a count. */
export const CONNECTION_REFUSALS_LOG_INTERVAL_MS = 5_000;
