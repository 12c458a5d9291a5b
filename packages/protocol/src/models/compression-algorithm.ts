/** Topic compression algorithm (§7.6). Stored and reported only; the server never compresses. */
export const CompressionAlgorithm = { None: 1, Gzip: 2 } as const;
export type CompressionAlgorithm = (typeof CompressionAlgorithm)[keyof typeof CompressionAlgorithm];
export const COMPRESSION_ALGORITHMS: readonly CompressionAlgorithm[] = [1, 2];
