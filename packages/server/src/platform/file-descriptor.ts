import { checkSyscall, LINUX, requireLibc } from './libc.js';

/**
 * Raw file-descriptor operations for the socket modules. Kept apart so that nothing outside
 * src/platform ever handles an fd number except to pass it on.
 */

/** dup with FD_CLOEXEC set, so the copy is not inherited by child processes. */
export function duplicateFd(fd: number): number {
  const libc = requireLibc('fd duplication');
  return checkSyscall(libc, 'fcntl(F_DUPFD_CLOEXEC)', libc.fcntlInt(fd, LINUX.F_DUPFD_CLOEXEC, 0), `fd ${fd}`);
}

/**
 * Closes an fd that no Node handle owns (a detached socket that was never adopted, a listener fd
 * whose listen() failed). Never call it on an fd a live net.Socket or net.Server still owns.
 */
export function closeFd(fd: number): void {
  const libc = requireLibc('closing an fd');
  checkSyscall(libc, 'close', libc.close(fd), `fd ${fd}`);
}

/** True when fd is an open descriptor of this process. */
export function isFdOpen(fd: number): boolean {
  const libc = requireLibc('fd inspection');
  return libc.fcntlInt(fd, LINUX.F_GETFD, 0) >= 0;
}
