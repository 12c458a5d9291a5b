/**
 * What a route answers, independent of node:http: a status and an optional body. JSON bodies
 * are JsonValues rendered by the protocol package's writer (exact u64, f32 as serde writes it).
 */
import { stringifyJson, type JsonValue } from '@iggy-node/protocol';

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  /** Raw body; `undefined` for an empty body. */
  body?: string | Buffer;
}

export function jsonReply(value: JsonValue, status = 200): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: stringifyJson(value) };
}

export function textReply(text: string, status = 200): HttpReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

export function emptyReply(status: number): HttpReply {
  return { status };
}
