/**
 * The personal access token cleaner ([personal_access_token.cleaner], Iggy's
 * clear_personal_access_tokens): every `interval`, the control plane drops expired tokens from
 * memory and republishes the metadata when any went. Sweeps never overlap.
 *
 * Runs on: the control-plane shard only.
 */
import type { Logger } from 'pino';

export interface PersonalAccessTokenCleanerOptions {
  intervalMs: number;
  /** Removes expired tokens; resolves with how many went (ControlPlane.deleteExpiredPersonalAccessTokens). */
  deleteExpired: () => Promise<number>;
  logger: Logger;
}

export class PersonalAccessTokenCleanerTask {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(private readonly options: PersonalAccessTokenCleanerOptions) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.clean(), this.options.intervalMs);
    this.#timer.unref();
  }

  /** One sweep (skipped while the previous one still runs). */
  clean(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = this.options
      .deleteExpired()
      .then(
        (removed) => {
          if (removed > 0) this.options.logger.info({ removed }, 'personal access token cleaner: removed expired tokens');
        },
        (error: unknown) => this.options.logger.error({ err: error }, 'personal access token cleaner failed'),
      )
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
