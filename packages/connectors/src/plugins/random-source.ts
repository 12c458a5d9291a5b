// random source (Iggy's iggy_connector_random_source): every `interval` it produces between
// messages_range[0] and [1] JSON messages with a random text of payload_size characters, until
// max_count (0 = forever). Its state is the sequence number reached and a seed chosen on the
// first start; message ids are (seed << 64) | sequence, so a batch produced again after a crash
// carries the same ids and an idempotent sink stores it once.
import { randomBytes, randomInt } from 'node:crypto';
import { defineSource, type JsonValue, type ProducedMessage } from '../plugin-api.js';
import { sleepOrStop } from '../runtime/retry.js';
import { PluginConfigReader } from './plugin-config.js';

interface RandomSourceState {
  seed: string;
  sequence: number;
}

const PAYLOAD_SIZE_MAX = 1024 * 1024;
const MESSAGES_PER_POLL_MAX = 10_000;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export default defineSource({
  create(context) {
    const reader = new PluginConfigReader(context.config, `source ${context.key}`);
    const intervalMs = reader.durationMs('interval', 1000);
    const maxCount = reader.integer('max_count', 0, 0, Number.MAX_SAFE_INTEGER);
    const payloadSize = reader.integer('payload_size', 100, 0, PAYLOAD_SIZE_MAX);
    const range = (context.config.messages_range ?? [1, 10]) as unknown;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n) && n >= 1 && n <= MESSAGES_PER_POLL_MAX) || range[0] > range[1]) {
      throw new Error(`source ${context.key}: plugin_config.messages_range must be [min, max] with 1 <= min <= max <= ${MESSAGES_PER_POLL_MAX}`);
    }
    const [minMessages, maxMessages] = range as [number, number];
    const restored = context.state as Partial<RandomSourceState> | null;
    const seed = BigInt(restored?.seed ?? `0x${randomBytes(8).toString('hex')}`);
    let sequence = restored?.sequence ?? 0;
    let first = true;
    // The seed must be on disk before any message carries it, or a crash before the first
    // state write would give the re-produced messages other ids.
    let seedPersisted = restored?.seed !== undefined;
    return {
      finished: () => maxCount > 0 && sequence >= maxCount,
      async poll(signal) {
        if (!seedPersisted) {
          seedPersisted = true;
          return { messages: [], state: { seed: `0x${seed.toString(16)}`, sequence } satisfies RandomSourceState };
        }
        if (!first) await sleepOrStop(intervalMs, signal);
        first = false;
        let count = randomInt(minMessages, maxMessages + 1);
        if (maxCount > 0) count = Math.min(count, maxCount - sequence);
        const messages: ProducedMessage[] = [];
        for (let i = 0; i < count; i++) {
          const next = sequence + i + 1;
          const payload: JsonValue = { seq: next, source: context.key, text: randomText(payloadSize), created_at: new Date().toISOString() };
          messages.push({ id: (seed << 64n) | BigInt(next), payload });
        }
        // The runtime persists this state only after Iggy took the messages.
        sequence += count;
        return { messages, state: { seed: `0x${seed.toString(16)}`, sequence } satisfies RandomSourceState };
      },
    };
  },
});

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[bytes[i]! % ALPHABET.length];
  return text;
}
