/** A single rewritten status line on stderr (TTY only: redirected output gets a line every 5 s). */
export class ProgressLine {
  readonly #startMs = Date.now();
  readonly #expectedMessages: number;
  readonly #tty = process.stderr.isTTY === true;
  #lastPrintMs = 0;
  #lastMessages = 0;
  #lastSampleMs = Date.now();

  constructor(expectedMessages: number) {
    this.#expectedMessages = expectedMessages;
  }

  update(messages: number, userDataBytes: number): void {
    const now = Date.now();
    if (now - this.#lastPrintMs < (this.#tty ? 200 : 5000)) return;
    const rate = ((messages - this.#lastMessages) * 1000) / Math.max(1, now - this.#lastSampleMs);
    this.#lastMessages = messages;
    this.#lastSampleMs = now;
    this.#lastPrintMs = now;
    const pct = this.#expectedMessages > 0 ? Math.min(100, (messages / this.#expectedMessages) * 100) : 0;
    const line = `${((now - this.#startMs) / 1000).toFixed(1)} s  ${pct.toFixed(1)}%  ${messages.toLocaleString('en-US')} msgs  ${(userDataBytes / 1e6).toFixed(0)} MB  ${Math.round(rate).toLocaleString('en-US')} msgs/s`;
    if (this.#tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  finish(): void {
    if (this.#tty) process.stderr.write('\r\x1b[2K');
  }
}
