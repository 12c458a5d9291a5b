/**
 * Runs one binary request through the command table and applies the rules every command
 * shares: unknown codes close the connection (Iggy), everything but ping/login needs a logged-in
 * session (40), IggyErrors become error responses (100/30 also close the connection after
 * answering), and any other exception is logged and answered with the generic error (1) — bad
 * input must never take a shard down.
 *
 * Runs on: every shard thread (one dispatcher per shard, shared by all its binary transports).
 */
import type { Logger } from 'pino';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { PayloadLease } from '../../memory/payload-lease.js';
import type { ShardServices } from '../../shard/operations/context.js';
import type { Session } from '../../session/session.js';
import type { BinaryCommand, EncodedPayload } from './binary-command.js';

export type DispatchOutcome =
  | { kind: 'ok'; payload: EncodedPayload; affinity: number | null }
  | { kind: 'error'; code: number }
  | { kind: 'close' };

const CLOSE_AFTER_ERROR_CODES = new Set<number>([ErrorCode.ClientNotFound, ErrorCode.StaleClient]);

export class BinaryDispatcher {
  readonly #commands = new Map<number, BinaryCommand>();

  constructor(
    private readonly shard: ShardServices,
    commands: readonly BinaryCommand[],
    private readonly logger: Logger,
  ) {
    for (const entry of commands) {
      if (this.#commands.has(entry.code)) throw new Error(`binary command ${entry.code} registered twice`);
      this.#commands.set(entry.code, entry);
    }
  }

  get registeredCodes(): number[] {
    return [...this.#commands.keys()];
  }

  async dispatch(session: Session, code: number, payload: Buffer, lease: PayloadLease | null): Promise<DispatchOutcome> {
    const entry = this.#commands.get(code);
    if (!entry) {
      this.logger.debug({ clientId: session.clientId, code }, 'unknown command code: closing connection');
      return { kind: 'close' };
    }
    if (entry.requiresAuthentication && !session.isAuthenticated) return { kind: 'error', code: ErrorCode.Unauthenticated };
    try {
      const request = entry.decode(payload);
      const result = await entry.run({ shard: this.shard, session, lease }, request);
      return { kind: 'ok', payload: entry.encode(result), affinity: entry.affinity?.(result) ?? null };
    } catch (error) {
      if (IggyError.is(error)) {
        if (CLOSE_AFTER_ERROR_CODES.has(error.code)) session.closeAfterResponse = true;
        return { kind: 'error', code: error.code };
      }
      this.logger.error({ err: error, clientId: session.clientId, command: entry.name }, 'command failed unexpectedly');
      return { kind: 'error', code: ErrorCode.Error };
    }
  }
}
