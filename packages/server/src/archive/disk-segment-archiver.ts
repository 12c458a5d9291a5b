import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileDigest } from './file-digest.js';
import type { SegmentArchiver, SegmentToArchive } from './segment-archiver.js';

/**
 * Archives to a directory ([system.backup] path): each file is copied to a temporary name,
 * fsynced, compared with the source by size and SHA-256, then renamed into place and the
 * directory fsynced, so a crash never leaves a file that looks complete but is not.
 */
export class DiskSegmentArchiver implements SegmentArchiver {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `disk ${root}`;
  }

  async archive(segment: SegmentToArchive): Promise<void> {
    await this.#copyVerified(segment.logPath, join(this.root, `${segment.key}.log`));
    await this.#copyVerified(segment.indexPath, join(this.root, `${segment.key}.index`));
  }

  async #copyVerified(source: string, target: string): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    try {
      await copyFile(source, partial);
      await syncFile(partial);
      const [expected, actual] = await Promise.all([fileDigest(source), fileDigest(partial)]);
      if (expected.sizeBytes !== actual.sizeBytes || expected.sha256 !== actual.sha256) {
        throw new Error(`copy of ${source} differs (${actual.sizeBytes} B sha256 ${actual.sha256}, expected ${expected.sizeBytes} B sha256 ${expected.sha256})`);
      }
      await rename(partial, target);
      await syncFile(dirname(target));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
