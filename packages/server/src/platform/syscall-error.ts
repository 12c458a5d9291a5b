import { constants } from 'node:os';

const errnoNames = new Map<number, string>(
  Object.entries(constants.errno).map(([name, value]) => [value, name] as [number, string]),
);

/**
 * A libc call made through FFI failed. Carries the syscall name and errno (number and name, e.g.
 * EADDRINUSE) so callers can tell "port taken" from "not permitted" without parsing messages.
 */
export class SyscallError extends Error {
  readonly syscall: string;
  readonly errno: number;
  /** errno name such as 'EADDRINUSE', or 'E<number>' when Node does not know it. */
  readonly code: string;

  constructor(syscall: string, errno: number, detail?: string) {
    const code = errnoNames.get(errno) ?? `E${errno}`;
    super(`${syscall} failed: ${code} (errno ${errno})${detail === undefined ? '' : `: ${detail}`}`);
    this.name = 'SyscallError';
    this.syscall = syscall;
    this.errno = errno;
    this.code = code;
  }
}
