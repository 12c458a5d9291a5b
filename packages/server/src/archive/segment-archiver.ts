/** One sealed segment on its way to the archive. */
export interface SegmentToArchive {
  readonly logPath: string;
  readonly indexPath: string;
  /**
   * Where it goes, relative to the archive root, without extension:
   * `streams/1/topics/2/partitions/0/00000000000000001000`.
   */
  readonly key: string;
}

/**
 * Copies a sealed segment (its .log and .index) somewhere durable and verifies the copy (size
 * and checksum) before resolving. Rejects when the copy is not known to be complete and intact;
 * the caller then keeps the segment and tries again later.
 */
export interface SegmentArchiver {
  /** For log lines: "disk /var/backup" or "s3 bucket/prefix". */
  readonly description: string;
  archive(segment: SegmentToArchive): Promise<void>;
}
