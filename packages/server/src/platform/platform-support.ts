import { libcUnavailableReason } from './libc.js';

/** What the platform modules can do on this machine; the shard runtime picks its strategy from it. */
export interface PlatformSupport {
  platform: NodeJS.Platform;
  /** libc is bound through koffi (Linux only). */
  ffi: boolean;
  /** pinCurrentThread has an effect. */
  threadPinning: boolean;
  /** setCurrentThreadName has an effect. */
  threadNames: boolean;
  /** createReusePortListenerFd works, so every shard can listen on the same port. */
  reusePort: boolean;
  /** detachSocket/adoptSocket work (needs FFI dup and Node's internal TCP handle API). */
  socketHandoff: boolean;
  /** Why FFI is off, or null when it is on. */
  reason: string | null;
}

/** Probes once per call; cheap after the first call because libc binding is cached per thread. */
export function platformSupport(): PlatformSupport {
  const reason = libcUnavailableReason();
  const ffi = reason === null;
  const linux = process.platform === 'linux';
  return {
    platform: process.platform,
    ffi,
    threadPinning: ffi,
    threadNames: ffi || linux,
    reusePort: ffi,
    socketHandoff: ffi,
    reason,
  };
}
