/** GetSnapshot archive compression (§7.6). */
export const SnapshotCompression = { Stored: 1, Deflated: 2, Bzip2: 3, Zstd: 4, Lzma: 5, Xz: 6 } as const;
export type SnapshotCompression = (typeof SnapshotCompression)[keyof typeof SnapshotCompression];
export const SNAPSHOT_COMPRESSIONS: readonly SnapshotCompression[] = [1, 2, 3, 4, 5, 6];

/** GetSnapshot content types (§7.6). `All` must be the only type when present. */
export const SnapshotType = {
  FilesystemOverview: 1,
  ProcessList: 2,
  ResourceUsage: 3,
  Test: 4,
  ServerLogs: 5,
  ServerConfig: 6,
  All: 100,
} as const;
export type SnapshotType = (typeof SnapshotType)[keyof typeof SnapshotType];
export const SNAPSHOT_TYPES: readonly SnapshotType[] = [1, 2, 3, 4, 5, 6, 100];

/** What `All` expands to on the server (not `Test`). */
export const SNAPSHOT_TYPES_ALL: readonly SnapshotType[] = [1, 2, 3, 5, 6];
