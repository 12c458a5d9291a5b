import { readSync, writevSync } from 'node:fs';
import { open as openFile, rename as renameFile, type FileHandle } from 'node:fs/promises';
import { WRITEV_BUFFERS_MAX } from './storage-limits.js';

/**
 * Reads and writes of segment data run on the shard's own thread (positional read/writev
 * syscalls), not on libuv's thread pool: they are copies to or from the page cache, the shard is
 * the only user of its files, and the pool hop cost more than the copy (measured: about +30%
 * produce and up to +70% consume throughput, benchmarks/RESULTS.md). fdatasync stays
 * asynchronous: it waits for the device. See docs/decisions/20261125-file-io-on-shard-thread.md.
 */

/**
 * Every storage call that can fail because of the disk (ENOSPC, EIO, a short write, a failed
 * fdatasync) goes through this interface, with the path it is about, so tests can replace it
 * per call (`setFileIo`, fault-injector.ts) in unit tests and, through IGGY_FAULT_INJECTION_FILE,
 * in a real server process. The system implementation is a direct call of the syscall.
 */
export interface FileIo {
  open(path: string, flags: number | string, mode?: number): Promise<FileHandle>;
  /** One writev at `position`; returns the bytes written (may be fewer than asked). */
  writev(path: string, handle: FileHandle, buffers: readonly Buffer[], position: number): number;
  /** One write of buffer[offset, offset + length) at `position`; returns the bytes written. */
  write(path: string, handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  read(path: string, handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): number;
  datasync(path: string, handle: FileHandle): Promise<void>;
  truncate(path: string, handle: FileHandle, length: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const systemFileIo: FileIo = {
  open: (path, flags, mode) => openFile(path, flags, mode),
  writev: (_path, handle, buffers, position) => writevSync(handle.fd, buffers as Buffer[], position),
  write: async (_path, handle, buffer, offset, length, position) => (await handle.write(buffer, offset, length, position)).bytesWritten,
  read: (_path, handle, buffer, offset, length, position) => readSync(handle.fd, buffer, offset, length, position),
  datasync: (_path, handle) => handle.datasync(),
  truncate: (_path, handle, length) => handle.truncate(length),
  rename: (from, to) => renameFile(from, to),
};

let current: FileIo = systemFileIo;

/** The FileIo storage uses now (on this thread). */
export function fileIo(): FileIo {
  return current;
}

/** Replaces the FileIo of this thread (tests); null restores the system one. */
export function setFileIo(io: FileIo | null): void {
  current = io ?? systemFileIo;
}

/**
 * Writes every byte of `buffers` at `position` with as few writev calls as possible. writev may
 * write less than asked (a signal, a nearly full disk); the rest is retried from where it
 * stopped, and at most WRITEV_BUFFERS_MAX buffers go into one call.
 */
export async function writevFully(handle: FileHandle, buffers: readonly Buffer[], position: number, path = ''): Promise<void> {
  let pending = buffers.filter((buffer) => buffer.length > 0);
  let at = position;
  while (pending.length > 0) {
    const chunk = pending.length > WRITEV_BUFFERS_MAX ? pending.slice(0, WRITEV_BUFFERS_MAX) : pending;
    const bytesWritten = current.writev(path, handle, chunk, at);
    if (bytesWritten <= 0) throw Object.assign(new Error(`writev of ${path} at ${at} made no progress`), { code: 'EIO' });
    at += bytesWritten;
    pending = dropWritten(pending, bytesWritten);
  }
}

/** Writes buffer at `position` completely, retrying short writes. */
export async function writeFully(handle: FileHandle, buffer: Buffer, position: number, path = ''): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const bytesWritten = await current.write(path, handle, buffer, written, buffer.length - written, position + written);
    if (bytesWritten <= 0) throw Object.assign(new Error(`write of ${path} at ${position + written} made no progress`), { code: 'EIO' });
    written += bytesWritten;
  }
}

function dropWritten(buffers: Buffer[], bytesWritten: number): Buffer[] {
  let skip = bytesWritten;
  let first = 0;
  while (first < buffers.length && skip >= buffers[first]!.length) {
    skip -= buffers[first]!.length;
    first += 1;
  }
  const rest = buffers.slice(first);
  if (skip > 0 && rest.length > 0) rest[0] = rest[0]!.subarray(skip);
  return rest;
}

/** Reads exactly `length` bytes at `position`; fails if the file ends first. */
export async function readExactly(handle: FileHandle, length: number, position: number, path = ''): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  readExactlyInto(handle, buffer, 0, length, position, path);
  return buffer;
}

/**
 * Reads exactly `length` bytes at file `position` into target[at, at + length), synchronously
 * (a positional read on this thread, like every segment read); fails if the file ends first. The
 * poll path reads straight into its response slot with this, so no intermediate Buffer exists.
 */
export function readExactlyInto(handle: FileHandle, target: Buffer, at: number, length: number, position: number, path = ''): void {
  let done = 0;
  while (done < length) {
    const bytesRead = current.read(path, handle, target, at + done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at ${position + done} (wanted ${length} bytes at ${position})`);
    done += bytesRead;
  }
}

/** Reads up to `length` bytes at `position`, fewer only at the end of the file. */
export async function readUpTo(handle: FileHandle, length: number, position: number, path = ''): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = current.read(path, handle, buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
