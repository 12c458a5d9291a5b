/**
 * Maps command codes to handlers and applies the rules every command shares: unknown codes
 * close the connection (Iggy), everything but ping/login needs a logged-in session (40),
 * IggyErrors become error responses, 100/30 close the connection after answering, and any
 * other exception is logged and answered with the generic error (1) — bad input must never
 * take a shard down.
 *
 * Runs on: every shard thread (one dispatcher per shard, shared by all its transports).
 */
import type { Logger } from 'pino';
import { commandName, ErrorCode, IggyError } from '@iggy-node/protocol';
import type { Session } from '../session/session.js';
import type { Shard } from '../shard/shard.js';
import type { PoolSlot } from '../memory/memory-pool.js';
import { traceCommand } from '../telemetry/command-tracing.js';

export type HandlerResult = Buffer | Buffer[] | null;

export interface HandlerContext {
  shard: Shard;
  session: Session;
  /**
   * The pool slot holding this request's payload, if any. A handler that hands the payload to
   * another thread takes the slot (and with it the duty to release it); otherwise the connection
   * releases it once the handler has finished.
   */
  payloadSlot: PayloadSlot | null;
}

export class PayloadSlot {
  #taken = false;
  constructor(readonly slot: PoolSlot) {}

  get taken(): boolean {
    return this.#taken;
  }

  take(): PoolSlot {
    this.#taken = true;
    return this.slot;
  }
}

export type CommandHandler = (context: HandlerContext, payload: Buffer) => HandlerResult | Promise<HandlerResult>;

export interface HandlerRegistration {
  code: number;
  handler: CommandHandler;
  /** false only for ping, login and login-with-token. */
  requiresAuthentication: boolean;
}

export type DispatchOutcome =
  | { kind: 'ok'; payload: HandlerResult }
  | { kind: 'error'; code: number }
  | { kind: 'close' };

const CLOSE_AFTER_ERROR_CODES = new Set<number>([ErrorCode.ClientNotFound, ErrorCode.StaleClient]);

export class CommandDispatcher {
  readonly #handlers = new Map<number, HandlerRegistration>();

  constructor(
    private readonly shard: Shard,
    private readonly logger: Logger,
  ) {}

  register(registrations: HandlerRegistration[]): void {
    for (const registration of registrations) this.#handlers.set(registration.code, registration);
  }

  get registeredCodes(): number[] {
    return [...this.#handlers.keys()];
  }

  async dispatch(session: Session, code: number, payload: Buffer, payloadSlot: PayloadSlot | null = null): Promise<DispatchOutcome> {
    const registration = this.#handlers.get(code);
    if (!registration) {
      this.logger.debug({ clientId: session.clientId, code }, 'unknown command code: closing connection');
      return { kind: 'close' };
    }
    if (registration.requiresAuthentication && !session.isAuthenticated) {
      return { kind: 'error', code: ErrorCode.Unauthenticated };
    }
    return traceCommand(
      { code, userId: session.userId, clientId: session.clientId, requestBytes: payload.length, transport: 'tcp' },
      () => this.#run(registration, session, code, payload, payloadSlot),
      (outcome) => (outcome.kind === 'error' ? outcome.code : 0),
    );
  }

  async #run(registration: HandlerRegistration, session: Session, code: number, payload: Buffer, payloadSlot: PayloadSlot | null): Promise<DispatchOutcome> {
    try {
      const result = await registration.handler({ shard: this.shard, session, payloadSlot }, payload);
      return { kind: 'ok', payload: result };
    } catch (error) {
      if (IggyError.is(error)) {
        if (CLOSE_AFTER_ERROR_CODES.has(error.code)) session.closeAfterResponse = true;
        return { kind: 'error', code: error.code };
      }
      this.logger.error({ err: error, clientId: session.clientId, command: commandName(code) ?? code }, 'command failed unexpectedly');
      return { kind: 'error', code: ErrorCode.Error };
    }
  }
}
