/**
 * One binary-protocol command: `{ code, decode, run, encode }`. decode/encode are the codecs of
 * @iggy-node/protocol, run calls one operation of shard/operations. Every byte-stream transport
 * (TCP, TLS, WebSocket, QUIC) runs the same table through the binary connection core.
 */
import type { CommandName } from '@iggy-node/protocol';
import type { PayloadLease } from '../../memory/payload-lease.js';
import type { OperationContext } from '../../shard/operations/context.js';

/**
 * A response laid out in one buffer with RESPONSE_HEADER_SIZE (8) bytes left free in front for
 * the response header, whose memory (a pool slot) goes back with release(): the transport calls
 * it exactly once, when the frame has been written, or dropped with its connection.
 */
export interface FramedPayload {
  readonly frame: Buffer;
  release(): void;
}

/** Response payload: one buffer, parts written back to back, a framed payload, or null for an empty OK. */
export type EncodedPayload = Buffer | Buffer[] | FramedPayload | null;

export function isFramedPayload(payload: EncodedPayload): payload is FramedPayload {
  return payload !== null && !Buffer.isBuffer(payload) && !Array.isArray(payload);
}

export interface BinaryRequestContext extends OperationContext {
  /** The pool slot the request payload was read into, if any (see PayloadLease). */
  readonly lease: PayloadLease | null;
}

export interface BinaryCommand<Request = unknown, Result = unknown> {
  readonly code: number;
  readonly name: CommandName;
  /** false only for ping, login and login-with-token. */
  readonly requiresAuthentication: boolean;
  decode(payload: Buffer): Request;
  run(context: BinaryRequestContext, request: Request): Result | Promise<Result>;
  encode(result: Result): EncodedPayload;
  /**
   * The shard owning the data the request touched. A transport that can move a connection
   * (plain TCP with tcp.socket_migration) may move it there; the others ignore it.
   */
  affinity?(result: Result): number | null;
}

/** Keeps each entry's request/result types checked while the table holds them erased. */
export function command<Request, Result>(definition: BinaryCommand<Request, Result>): BinaryCommand {
  return definition as unknown as BinaryCommand;
}

/** For commands whose result is void: an empty OK payload. */
export function emptyPayload(): EncodedPayload {
  return null;
}
