// Retries with exponential backoff until success or until the signal aborts: a sink target or
// the Iggy server being down for a while must cost time, never data.
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

export class StoppedError extends Error {
  constructor() {
    super('connector stopped');
    this.name = 'StoppedError';
  }
}

export async function retryUntilDone<T>(policy: RetryPolicy, signal: AbortSignal, onError: (error: unknown, attempt: number, delayMs: number) => void, fn: () => Promise<T>): Promise<T> {
  let delayMs = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new StoppedError();
    try {
      return await fn();
    } catch (error) {
      if (signal.aborted) throw new StoppedError();
      onError(error, attempt, delayMs);
      await sleepOrStop(delayMs, signal);
      delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
    }
  }
}

/** Waits `ms`; throws StoppedError when the signal aborts first. */
export async function sleepOrStop(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new StoppedError();
  }
}
