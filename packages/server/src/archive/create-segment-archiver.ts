import { resolve } from 'node:path';
import type { ServerConfig } from '../config/server-config.js';
import { DiskSegmentArchiver } from './disk-segment-archiver.js';
import { S3SegmentArchiver } from './s3-segment-archiver.js';
import type { SegmentArchiver } from './segment-archiver.js';

/** The archiver for `system.segment.archive_expired`, or null when segments are simply deleted. */
export function createSegmentArchiver(config: ServerConfig): SegmentArchiver | null {
  if (!config.system.segment.archive_expired) return null;
  const backup = config.system.backup;
  if (backup.s3.enabled) return new S3SegmentArchiver(backup.s3);
  return new DiskSegmentArchiver(resolve(config.system.path, backup.path));
}
