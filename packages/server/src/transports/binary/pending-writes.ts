/**
 * The onWritten callbacks of a ByteSink's writes still in flight. A write's callback runs once,
 * whichever comes first: the write completing, or the connection closing (then runAll()), so a
 * poll's pool slot goes back even when the socket library never calls that write back.
 *
 * Runs on: the shard that holds the connection.
 */
export class PendingWrites {
  readonly #due = new Set<() => void>();

  /** `onWritten`, wrapped to run at most once and to be run by runAll() until then. */
  track(onWritten: () => void): () => void {
    const done = (): void => {
      if (this.#due.delete(done)) onWritten();
    };
    this.#due.add(done);
    return done;
  }

  /** The connection is closed: every callback still due runs now. */
  runAll(): void {
    for (const done of [...this.#due]) done();
  }
}
