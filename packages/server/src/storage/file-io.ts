import { readSync, writevSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { WRITEV_BUFFERS_MAX } from './storage-limits.js';

/**
 * Reads and writes of segment data run on the shard's own thread (positional read/writev
 * syscalls), not on libuv's thread pool: they are copies to or from the page cache, the shard is
 * the only user of its files, and the pool hop cost more than the copy (measured: about +30%
 * produce and up to +70% consume throughput, benchmarks/RESULTS.md). fdatasync stays
 * asynchronous: it waits for the device. See docs/decisions/20261125-file-io-on-shard-thread.md.
 */

/**
 * Writes every byte of `buffers` at `position` with as few writev calls as possible. writev may
 * write less than asked (a signal, a nearly full disk); the rest is retried from where it
 * stopped, and at most WRITEV_BUFFERS_MAX buffers go into one call.
 */
export async function writevFully(handle: FileHandle, buffers: readonly Buffer[], position: number): Promise<void> {
  let pending = buffers.filter((buffer) => buffer.length > 0);
  let at = position;
  while (pending.length > 0) {
    const chunk = pending.length > WRITEV_BUFFERS_MAX ? pending.slice(0, WRITEV_BUFFERS_MAX) : pending;
    const bytesWritten = writevSync(handle.fd, chunk, at);
    at += bytesWritten;
    pending = dropWritten(pending, bytesWritten);
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
export async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = readSync(handle.fd, buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at ${position + done} (wanted ${length} bytes at ${position})`);
    done += bytesRead;
  }
  return buffer;
}

/** Reads up to `length` bytes at `position`, fewer only at the end of the file. */
export async function readUpTo(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = readSync(handle.fd, buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
