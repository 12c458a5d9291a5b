import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { fileIo, writeFully } from './file-io.js';
import { CONSUMER_OFFSET_FILE_SIZE_BYTES } from './storage-limits.js';

export type ConsumerKind = 'consumer' | 'group';

export interface StoredConsumerOffset {
  kind: ConsumerKind;
  id: number;
  offset: number;
}

const FOLDERS: Record<ConsumerKind, string> = { consumer: 'consumers', group: 'groups' };
const U32_MAX = 0xffff_ffff;
const NUMERIC_NAME = /^\d{1,10}$/;
const TEMP_SUFFIX = '.tmp';

/**
 * Stored offsets of the consumers and consumer groups of one partition
 * (`offsets/consumers/{id}`, `offsets/groups/{id}`: one u64 each, storage.md §6.4). Owned by
 * the partition's shard thread.
 *
 * Iggy overwrites the file in place; a crash mid-write can leave a torn value. Here every store
 * writes a temporary file and renames it over the old one, so a reader sees the old or the new
 * value. Stores to one key are chained so the last call wins on disk as it does in memory.
 */
export class ConsumerOffsetStore {
  readonly #directory: string;
  readonly #fsync: boolean;
  readonly #offsets: Record<ConsumerKind, Map<number, number>> = { consumer: new Map(), group: new Map() };
  /** Last pending write per file path, to keep writes of one key in call order. */
  readonly #writes = new Map<string, Promise<void>>();
  #tempCounter = 0;
  /** Last store call per key, so a failed store only reverts memory if no later one ran. */
  readonly #generations = new Map<string, number>();
  #generation = 0;

  private constructor(directory: string, fsync: boolean) {
    this.#directory = directory;
    this.#fsync = fsync;
  }

  /**
   * Loads every offset file of the partition. Names that are not a u32 (including our own
   * leftover temp files, which are removed) and files shorter than 8 bytes are skipped.
   * With `fsync`, each store syncs the file before renaming it (durable across power loss).
   */
  static async open(partitionDirectory: string, options: { fsync?: boolean } = {}): Promise<ConsumerOffsetStore> {
    const store = new ConsumerOffsetStore(partitionDirectory, options.fsync ?? false);
    for (const kind of ['consumer', 'group'] as const) {
      const folder = store.#folder(kind);
      await mkdir(folder, { recursive: true });
      for (const name of await readdir(folder)) {
        if (name.endsWith(TEMP_SUFFIX)) {
          await rm(join(folder, name), { force: true });
          continue;
        }
        if (!NUMERIC_NAME.test(name) || Number(name) > U32_MAX) continue;
        const offset = await readOffsetFile(join(folder, name));
        if (offset !== undefined) store.#offsets[kind].set(Number(name), offset);
      }
    }
    return store;
  }

  get(kind: ConsumerKind, id: number): number | undefined {
    return this.#offsets[kind].get(id);
  }

  /**
   * Sets the offset in memory now and resolves once the file holds it. When the file cannot be
   * written (a full disk, EIO) the call rejects with CannotWriteToFile and the value in memory
   * goes back to what the file holds, unless a later store replaced it meanwhile.
   */
  store(kind: ConsumerKind, id: number, offset: number): Promise<void> {
    const offsets = this.#offsets[kind];
    const previous = offsets.get(id);
    offsets.set(id, offset);
    const generation = ++this.#generation;
    this.#generations.set(`${kind}:${id}`, generation);
    const bytes = Buffer.alloc(CONSUMER_OFFSET_FILE_SIZE_BYTES);
    bytes.writeBigUInt64LE(BigInt(offset));
    const path = this.#path(kind, id);
    return this.#chain(path, () => this.#writeAtomically(path, bytes)).catch((error: unknown) => {
      if (this.#generations.get(`${kind}:${id}`) === generation) {
        if (previous === undefined) offsets.delete(id);
        else offsets.set(id, previous);
      }
      throw new IggyError(ErrorCode.CannotWriteToFile, `consumer offset ${path}: ${(error as Error).message}`);
    });
  }

  /** Removes the offset and its file; false when none was stored. */
  async delete(kind: ConsumerKind, id: number): Promise<boolean> {
    if (!this.#offsets[kind].delete(id)) return false;
    const path = this.#path(kind, id);
    await this.#chain(path, () => rm(path, { force: true }));
    return true;
  }

  /** Removes every offset and file (purge). */
  async clear(): Promise<void> {
    const removals: Promise<void>[] = [];
    for (const kind of ['consumer', 'group'] as const) {
      for (const id of this.#offsets[kind].keys()) {
        const path = this.#path(kind, id);
        removals.push(this.#chain(path, () => rm(path, { force: true })));
      }
      this.#offsets[kind].clear();
    }
    await Promise.all(removals);
  }

  all(): StoredConsumerOffset[] {
    const result: StoredConsumerOffset[] = [];
    for (const kind of ['consumer', 'group'] as const) {
      for (const [id, offset] of this.#offsets[kind]) result.push({ kind, id, offset });
    }
    return result;
  }

  /** Smallest stored offset over consumers and groups: the DeleteSegments barrier (§2.8). */
  minOffset(): number | undefined {
    let min: number | undefined;
    for (const kind of ['consumer', 'group'] as const) {
      for (const offset of this.#offsets[kind].values()) if (min === undefined || offset < min) min = offset;
    }
    return min;
  }

  #folder(kind: ConsumerKind): string {
    return join(this.#directory, 'offsets', FOLDERS[kind]);
  }

  #path(kind: ConsumerKind, id: number): string {
    return join(this.#folder(kind), String(id));
  }

  #chain(path: string, write: () => Promise<void>): Promise<void> {
    const previous = this.#writes.get(path) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.#writes.set(path, next);
    const forget = (): void => {
      if (this.#writes.get(path) === next) this.#writes.delete(path);
    };
    next.then(forget, forget);
    return next;
  }

  async #writeAtomically(path: string, bytes: Buffer): Promise<void> {
    this.#tempCounter += 1;
    const temp = `${path}.${this.#tempCounter}${TEMP_SUFFIX}`;
    const io = fileIo();
    try {
      const handle = await io.open(temp, 'w', 0o644);
      try {
        await writeFully(handle, bytes, 0, temp);
        if (this.#fsync) await io.datasync(temp, handle);
      } finally {
        await handle.close();
      }
      await io.rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}

async function readOffsetFile(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const bytes = Buffer.alloc(CONSUMER_OFFSET_FILE_SIZE_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return bytesRead < CONSUMER_OFFSET_FILE_SIZE_BYTES ? undefined : Number(bytes.readBigUInt64LE(0));
  } finally {
    await handle.close();
  }
}
