// Protocol-level bounds, each with the reason it exists. Server-side operational limits
// (queues, in-flight requests) live in packages/server/src/limits.ts.

/** Request header: u32 length + u32 code. */
export const REQUEST_HEADER_SIZE = 8;
/** Response header: u32 status + u32 length. */
export const RESPONSE_HEADER_SIZE = 8;
/** Message header on the wire and on disk. */
export const MESSAGE_HEADER_SIZE = 64;
/** Index entry in SendMessages and in .index files. */
export const INDEX_ENTRY_SIZE = 16;
/** Poll response header: partition id, current offset, count. */
export const POLL_RESPONSE_HEADER_SIZE = 16;

/** Iggy: payload of one message at most 64 000 000 bytes (decimal). */
export const MESSAGE_PAYLOAD_SIZE_MAX = 64_000_000;
/** Iggy: user headers block of one message at most 100 000 bytes. */
export const USER_HEADERS_SIZE_MAX = 100_000;
/** Names of streams, topics and groups, and string identifiers: u8 length. */
export const NAME_LENGTH_MAX = 255;
export const USERNAME_LENGTH_MIN = 3;
export const USERNAME_LENGTH_MAX = 50;
export const PASSWORD_LENGTH_MIN = 3;
export const PASSWORD_LENGTH_MAX = 100;
export const PAT_NAME_LENGTH_MIN = 3;
export const PAT_NAME_LENGTH_MAX = 30;
export const PAT_TOKEN_LENGTH_MAX = 100;
/** Partitions per CreateTopic / CreatePartitions / DeletePartitions request. */
export const PARTITIONS_PER_REQUEST_MAX = 1000;

/**
 * Default upper bound for one request frame. Iggy 0.7 has none over TCP (it allocates whatever
 * the length field says); we refuse past this so a hostile length cannot allocate gigabytes.
 * It covers one message at the payload maximum plus headers, with room for a batch around it.
 * The server makes it configurable; this is the default.
 */
export const REQUEST_FRAME_SIZE_MAX_DEFAULT = 128 * 1024 * 1024;

/** u64::MAX, used on the wire for "never expire" / "unlimited". */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;
/** u32 "no user" marker in client records. */
export const NO_USER_ID = 0xffff_ffff;
