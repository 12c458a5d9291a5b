import type { ActorRecords } from './actor-spec.js';

/** Fixed-capacity per-batch records in typed arrays (grows by doubling; no per-batch objects). */
export class BatchRecorder {
  #count = 0;
  #startMs: Float64Array;
  #latencyUs: Float64Array;
  #messages: Uint32Array;
  #userDataBytes: Float64Array;
  #totalBytes: Float64Array;
  messagesTotal = 0;
  userDataBytesTotal = 0;

  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.#startMs = new Float64Array(size);
    this.#latencyUs = new Float64Array(size);
    this.#messages = new Uint32Array(size);
    this.#userDataBytes = new Float64Array(size);
    this.#totalBytes = new Float64Array(size);
  }

  record(startMs: number, latencyUs: number, messages: number, userDataBytes: number, totalBytes: number): void {
    if (this.#count === this.#startMs.length) this.#grow();
    const i = this.#count++;
    this.#startMs[i] = startMs;
    this.#latencyUs[i] = latencyUs;
    this.#messages[i] = messages;
    this.#userDataBytes[i] = userDataBytes;
    this.#totalBytes[i] = totalBytes;
    this.messagesTotal += messages;
    this.userDataBytesTotal += userDataBytes;
  }

  records(): ActorRecords {
    const n = this.#count;
    return {
      startMs: this.#startMs.slice(0, n),
      latencyUs: this.#latencyUs.slice(0, n),
      messages: this.#messages.slice(0, n),
      userDataBytes: this.#userDataBytes.slice(0, n),
      totalBytes: this.#totalBytes.slice(0, n),
    };
  }

  #grow(): void {
    const grow = <T extends Float64Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.#startMs = grow(this.#startMs);
    this.#latencyUs = grow(this.#latencyUs);
    this.#messages = grow(this.#messages);
    this.#userDataBytes = grow(this.#userDataBytes);
    this.#totalBytes = grow(this.#totalBytes);
  }
}
