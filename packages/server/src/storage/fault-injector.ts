import { readFileSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { systemFileIo, type FileIo } from './file-io.js';

export type FaultOperation = 'open' | 'writev' | 'write' | 'read' | 'datasync' | 'truncate' | 'rename';

/** One fault: which calls it hits and what it does to them. */
export interface FaultRule {
  ops: FaultOperation[];
  /** Only calls about a path containing this (e.g. '/streams/2/' or 'state/log'). */
  pathIncludes?: string;
  /** Fail the call with this errno. */
  error?: 'ENOSPC' | 'EIO';
  /** A write (writev/write) stores at most this many bytes and reports a short write. */
  shortBytes?: number;
  /** Matching calls let through before the rule acts. */
  skip?: number;
  /** Matching calls the rule acts on (after skip); default: every one. */
  times?: number;
}

const ERRNO: Record<NonNullable<FaultRule['error']>, number> = { ENOSPC: -28, EIO: -5 };

interface ArmedRule {
  rule: FaultRule;
  seen: number;
  hit: number;
}

/**
 * A FileIo that injects faults (ENOSPC, EIO, short writes, failed fdatasync) per call, for unit
 * tests (`setFileIo(new FaultInjector(rules))`) and for a real server started with
 * IGGY_FAULT_INJECTION_FILE=<json file of FaultRule[]>: that file is re-read whenever it
 * changes, so a test turns faults on and off while the server runs. Never set in production;
 * the server logs a warning when it is.
 */
export class FaultInjector implements FileIo {
  #rules: ArmedRule[] = [];
  readonly #source: { path: string; stamp: string } | null;
  /** Faults injected so far (tests assert that a fault really happened). */
  injected = 0;

  constructor(rules: FaultRule[] = [], sourcePath: string | null = null) {
    this.setRules(rules);
    this.#source = sourcePath === null ? null : { path: sourcePath, stamp: '' };
  }

  static fromFile(path: string): FaultInjector {
    return new FaultInjector([], path);
  }

  setRules(rules: FaultRule[]): void {
    this.#rules = rules.map((rule) => ({ rule, seen: 0, hit: 0 }));
  }

  open(path: string, flags: number | string, mode?: number): Promise<FileHandle> {
    const fault = this.#match('open', path);
    if (fault?.error) return Promise.reject(faultError(fault.error, 'open', path));
    return systemFileIo.open(path, flags, mode);
  }

  writev(path: string, handle: FileHandle, buffers: readonly Buffer[], position: number): number {
    const fault = this.#match('writev', path);
    if (fault?.error) throw faultError(fault.error, 'writev', path);
    if (fault?.shortBytes !== undefined) return systemFileIo.writev(path, handle, cut(buffers, fault.shortBytes), position);
    return systemFileIo.writev(path, handle, buffers, position);
  }

  async write(path: string, handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    const fault = this.#match('write', path);
    if (fault?.error) throw faultError(fault.error, 'write', path);
    const allowed = fault?.shortBytes !== undefined ? Math.min(length, fault.shortBytes) : length;
    return systemFileIo.write(path, handle, buffer, offset, allowed, position);
  }

  read(path: string, handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): number {
    const fault = this.#match('read', path);
    if (fault?.error) throw faultError(fault.error, 'read', path);
    return systemFileIo.read(path, handle, buffer, offset, length, position);
  }

  async datasync(path: string, handle: FileHandle): Promise<void> {
    const fault = this.#match('datasync', path);
    if (fault?.error) throw faultError(fault.error, 'fdatasync', path);
    return systemFileIo.datasync(path, handle);
  }

  async truncate(path: string, handle: FileHandle, length: number): Promise<void> {
    const fault = this.#match('truncate', path);
    if (fault?.error) throw faultError(fault.error, 'ftruncate', path);
    return systemFileIo.truncate(path, handle, length);
  }

  async rename(from: string, to: string): Promise<void> {
    const fault = this.#match('rename', to);
    if (fault?.error) throw faultError(fault.error, 'rename', to);
    return systemFileIo.rename(from, to);
  }

  #match(op: FaultOperation, path: string): FaultRule | null {
    this.#reload();
    for (const armed of this.#rules) {
      const { rule } = armed;
      if (!rule.ops.includes(op) || (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes))) continue;
      armed.seen += 1;
      if (armed.seen <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && armed.hit >= rule.times) continue;
      armed.hit += 1;
      this.injected += 1;
      return rule;
    }
    return null;
  }

  /** Re-reads the rules file when its size or mtime changed; a missing file means no faults. */
  #reload(): void {
    const source = this.#source;
    if (source === null) return;
    let stamp = 'missing';
    try {
      const info = statSync(source.path);
      stamp = `${info.mtimeMs}:${info.size}:${info.ino}`;
    } catch {
      // no file: no rules
    }
    if (stamp === source.stamp) return;
    source.stamp = stamp;
    try {
      this.setRules(stamp === 'missing' ? [] : (JSON.parse(readFileSync(source.path, 'utf8')) as FaultRule[]));
    } catch {
      // A half-written rules file: keep the previous rules until the next change.
      source.stamp = '';
    }
  }
}

function faultError(code: 'ENOSPC' | 'EIO', syscall: string, path: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
  return Object.assign(new Error(`${code}: ${text} (injected), ${syscall} '${path}'`), { code, errno: ERRNO[code], syscall, path });
}

/** The first `bytes` bytes of `buffers`, as views. */
function cut(buffers: readonly Buffer[], bytes: number): Buffer[] {
  const result: Buffer[] = [];
  let left = Math.max(bytes, 1);
  for (const buffer of buffers) {
    if (left <= 0) break;
    result.push(buffer.length <= left ? buffer : buffer.subarray(0, left));
    left -= buffer.length;
  }
  return result;
}
