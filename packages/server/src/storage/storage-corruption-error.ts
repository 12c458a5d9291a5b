/**
 * Raised when a partition's files cannot be trusted and cannot be repaired by truncating a torn
 * tail (for example a bad record followed by good ones). Server-internal: it aborts loading
 * the partition and never goes on the wire, so it is not an IggyError. The message names the
 * file so an operator knows what to inspect.
 */
export class StorageCorruptionError extends Error {
  readonly filePath: string;

  constructor(filePath: string, detail: string) {
    super(`corrupted partition file ${filePath}: ${detail}`);
    this.name = 'StorageCorruptionError';
    this.filePath = filePath;
  }
}
