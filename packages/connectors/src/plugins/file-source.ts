// File source: follows a JSON-lines file (plugin_config.path), producing one message per
// complete line appended since the persisted byte position. Reads are bounded per poll; a line
// that is not JSON (for a json stream) or too long is reported and skipped.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FILE_SOURCE_LINE_BYTES_MAX, FILE_SOURCE_READ_BYTES_MAX } from '../limits.js';
import { defineSource, type JsonValue, type ProducedMessage } from '../plugin-api.js';
import { sleepOrStop } from '../runtime/retry.js';
import { PluginConfigReader } from './plugin-config.js';

interface FileSourceState {
  position: number;
}

export default defineSource({
  create(context) {
    const reader = new PluginConfigReader(context.config, `source ${context.key}`);
    const path = resolve(context.configDir, reader.string('path'));
    const pollIntervalMs = reader.durationMs('poll_interval', 500);
    const batchSize = reader.integer('batch_size', 1000, 1, 100_000);
    const parseJson = reader.boolean('parse_json', true);
    let position = (context.state as Partial<FileSourceState> | null)?.position ?? 0;
    let caughtUp = false;
    return {
      async poll(signal) {
        if (caughtUp) await sleepOrStop(pollIntervalMs, signal);
        const size = await stat(path).then((s) => s.size, () => 0);
        if (size < position) {
          context.log.warn(`${path} shrank below the stored position ${position}; reading from the start`);
          position = 0;
        }
        if (size === position) {
          caughtUp = true;
          return { messages: [] };
        }
        const length = Math.min(size - position, FILE_SOURCE_READ_BYTES_MAX);
        const buffer = Buffer.alloc(length);
        const handle = await open(path, 'r');
        try {
          await handle.read(buffer, 0, length, position);
        } finally {
          await handle.close();
        }
        const messages: ProducedMessage[] = [];
        let lineStart = 0;
        while (messages.length < batchSize) {
          const newline = buffer.indexOf(0x0a, lineStart);
          if (newline < 0) break;
          const line = buffer.subarray(lineStart, newline).toString('utf8').trim();
          const offset = position + lineStart;
          lineStart = newline + 1;
          if (line === '') continue;
          if (!parseJson) {
            messages.push({ id: lineId(context.key, path, offset), payload: line });
            continue;
          }
          try {
            messages.push({ id: lineId(context.key, path, offset), payload: JSON.parse(line) as JsonValue });
          } catch {
            context.log.error(`${path} byte ${offset}: not a JSON line; skipped`);
          }
        }
        if (lineStart === 0 && length === FILE_SOURCE_READ_BYTES_MAX && length >= FILE_SOURCE_LINE_BYTES_MAX) {
          // One line longer than the read window: skip to the next newline rather than stall.
          context.log.error(`${path} byte ${position}: line longer than ${FILE_SOURCE_LINE_BYTES_MAX} bytes; skipped`);
          lineStart = length;
        }
        position += lineStart;
        caughtUp = position >= size || lineStart === 0;
        return { messages, state: { position } satisfies FileSourceState };
      },
    };
  },
});

function lineId(key: string, path: string, offset: number): bigint {
  const digest = createHash('sha256').update(`${key}\0${path}\0${offset}`).digest();
  return BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
}
