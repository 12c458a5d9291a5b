/**
 * One server per data directory: two servers writing the same segments would corrupt them.
 *
 * The lock is a kernel lock, flock(LOCK_EX | LOCK_NB) on `{data}/server.lock`, held through an
 * fd that stays open for the life of the process. The kernel drops it when the process dies,
 * however it dies: a SIGKILLed server that its parent has not reaped yet (a zombie) holds no
 * lock, a pid reused after a reboot means nothing, and two containers sharing a volume (each
 * server pid 1 in its own pid namespace) see each other's lock because it lives on the file,
 * not in a pid. The pid written into the file is for people only.
 *
 * The file is never deleted, only emptied at a clean exit: deleting it would let a server that
 * opened the old inode and a server that created a new one both "hold" a lock. A file still
 * holding a pid at start-up was left by a server that did not exit cleanly; taking it over is
 * logged.
 *
 * Where flock cannot be called (not Linux, no koffi) the previous pid-file check is used, with a
 * warning naming its limits.
 *
 * Runs on: the coordinator, at start-up (released at exit).
 */
import { closeSync, constants, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { LINUX, libcUnavailableReason, loadLibc } from '../platform/libc.js';

export const LOCK_FILE_NAME = 'server.lock';

export interface DataDirectoryLockLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** fds of held locks: never closed before exit, or the kernel would drop the lock. */
const heldLockFds = new Set<number>();

/** Takes the lock or throws naming the server that holds it. Returns the release function. */
export function lockDataDirectory(dataPath: string, logger?: DataDirectoryLockLogger): () => void {
  const lockPath = path.join(dataPath, LOCK_FILE_NAME);
  const libc = loadLibc();
  if (libc === null) {
    logger?.warn({ reason: libcUnavailableReason() }, 'no flock here: data-directory lock falls back to a pid file (fooled by zombies and pid namespaces)');
    return lockWithPidFile(dataPath, lockPath);
  }
  const fd = openSync(lockPath, constants.O_RDWR | constants.O_CREAT, 0o644); // libuv opens with O_CLOEXEC
  if (libc.flock(fd, LINUX.LOCK_EX | LINUX.LOCK_NB) !== 0) {
    const errno = libc.errno();
    const holder = readHolder(fd);
    closeSync(fd);
    if (errno === LINUX.EWOULDBLOCK) {
      throw new Error(`data directory ${dataPath} is in use by another server (${holder ? `pid ${holder} in its namespace` : 'pid unknown'}, ${lockPath} is locked)`);
    }
    throw new Error(`could not lock data directory ${dataPath}: flock failed with errno ${errno}`);
  }
  const previous = readHolder(fd);
  if (previous !== '') {
    logger?.info({ lockPath, previousPid: previous }, 'data directory lock: taking over the lock file of a server that did not exit cleanly');
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  heldLockFds.add(fd);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      ftruncateSync(fd, 0);
    } finally {
      heldLockFds.delete(fd);
      closeSync(fd);
    }
  };
}

function readHolder(fd: number): string {
  try {
    return readFileSync(fd, 'utf8').trim();
  } catch {
    return '';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The fallback: a pid file created exclusively; a file whose pid is gone is stale. */
function lockWithPidFile(dataPath: string, lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new Error(`data directory ${dataPath} is in use by another server (pid ${holder}, ${lockPath})`);
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone (or the file is empty)
    }
  }
  throw new Error(`could not lock data directory ${dataPath}`);
}
