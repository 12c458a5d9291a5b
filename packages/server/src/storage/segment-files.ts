import { join } from 'node:path';
import { INDEX_EXTENSION, LOG_EXTENSION, SEGMENT_NAME_DIGITS } from './storage-limits.js';

/** `{directory}/{startOffset padded to 20 digits}` without extension. */
export function segmentBasePath(directory: string, startOffset: number): string {
  return join(directory, String(startOffset).padStart(SEGMENT_NAME_DIGITS, '0'));
}

export function segmentLogPath(directory: string, startOffset: number): string {
  return segmentBasePath(directory, startOffset) + LOG_EXTENSION;
}

export function segmentIndexPath(directory: string, startOffset: number): string {
  return segmentBasePath(directory, startOffset) + INDEX_EXTENSION;
}

const LOG_NAME = new RegExp(`^(\\d{1,${SEGMENT_NAME_DIGITS}})\\${LOG_EXTENSION}$`);

/** Start offset encoded in a `.log` file name, or undefined for any other name. */
export function parseSegmentLogName(name: string): number | undefined {
  const match = LOG_NAME.exec(name);
  if (!match) return undefined;
  const value = BigInt(match[1]!);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}
