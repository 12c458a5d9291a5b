// Payload bytes <-> values by the stream's schema (json, raw, text), as Iggy's decoders and
// encoders. JSON payloads go through the transforms in between.
import type { JsonValue, ProducedMessage, Schema } from '../plugin-api.js';

/** Decodes a JSON payload; throws on invalid JSON (the caller counts and skips the message). */
export function decodeJsonPayload(payload: Buffer): JsonValue {
  return JSON.parse(payload.toString('utf8')) as JsonValue;
}

export function encodeProducedPayload(message: ProducedMessage, schema: Schema): { bytes: Buffer; json?: JsonValue } {
  const { payload } = message;
  if (Buffer.isBuffer(payload)) {
    if (schema === 'json') return { bytes: payload, json: decodeJsonPayload(payload) };
    return { bytes: payload };
  }
  if (schema === 'json') return { bytes: Buffer.from(JSON.stringify(payload), 'utf8'), json: payload };
  if (typeof payload === 'string') return { bytes: Buffer.from(payload, 'utf8') };
  throw new Error(`a ${schema} stream needs Buffer or string payloads, got ${typeof payload}`);
}
