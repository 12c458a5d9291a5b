// A source's persisted state: one JSON file per source key under [state] path, replaced
// atomically (write a temporary file, fsync, rename, fsync the directory) so a crash leaves
// either the old or the new state, never a torn one.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_STATE_BYTES_MAX } from '../limits.js';
import type { JsonValue } from '../plugin-api.js';

export class SourceStateStore {
  readonly #file: string;
  readonly #dir: string;

  constructor(stateDir: string, key: string) {
    this.#dir = stateDir;
    this.#file = join(stateDir, `source_${key}.json`);
  }

  read(): JsonValue | null {
    if (!existsSync(this.#file)) return null;
    if (statSync(this.#file).size > SOURCE_STATE_BYTES_MAX) throw new Error(`${this.#file} is larger than ${SOURCE_STATE_BYTES_MAX} bytes`);
    const stored = JSON.parse(readFileSync(this.#file, 'utf8')) as { version?: number; state?: JsonValue };
    return stored.state ?? null;
  }

  write(state: JsonValue): void {
    const text = JSON.stringify({ version: 1, state, saved_at: new Date().toISOString() });
    if (Buffer.byteLength(text) > SOURCE_STATE_BYTES_MAX) throw new Error(`source state is larger than ${SOURCE_STATE_BYTES_MAX} bytes`);
    mkdirSync(this.#dir, { recursive: true });
    const temporary = `${this.#file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.#file);
    const dirFd = openSync(this.#dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
