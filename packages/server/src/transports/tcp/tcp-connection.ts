/**
 * One TCP (or TLS) client connection: the socket adapter of the binary connection core. It moves
 * bytes between the socket and BinaryConnection, registers the session on the shard, and can take
 * the socket off the shard for migration (detach). Everything else (framing, order, bounds, pool
 * slots) is BinaryConnection's.
 *
 * Runs on: the shard that accepted (or adopted) the socket.
 */
import type { Socket } from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import type { MemoryPool } from '../../memory/memory-pool.js';
import { detachSocket, type DetachedSocket } from '../../platform/socket-handoff.js';
import type { ClientRegistry, MigratedSessionState } from '../../session/client-registry.js';
import { TRANSPORT_TCP, type Session } from '../../session/session.js';
import { BinaryConnection, type ByteSink } from '../binary/binary-connection.js';
import type { BinaryDispatcher } from '../binary/binary-dispatcher.js';
import type { InPlaceSocketReader } from './in-place-socket-reader.js';
import { PendingWrites } from '../binary/pending-writes.js';

export interface ConnectionHooks {
  /** The connection is gone from this shard: closed, or moved away (`migrated`). */
  onClosed(connection: TcpConnection, migrated: boolean): void;
  /**
   * After a response: the shard owning what the request touched. Return true when the
   * connection is being moved there (the transport then calls detach()).
   */
  onAffinity(connection: TcpConnection, shardId: number): boolean;
}

/** A net.Socket as the binary core's ByteSink. */
class SocketSink implements ByteSink {
  readonly #pending = new PendingWrites();

  constructor(private readonly socket: Socket) {
    // 'close' comes after the handle is closed: every write is finished or cancelled by then, so
    // a poll's slot can go back even if Node did not call that write's callback.
    socket.once('close', () => this.#pending.runAll());
  }

  write(parts: Buffer[], onWritten?: () => void): void {
    let callback: (() => void) | undefined;
    if (onWritten) {
      if (this.socket.destroyed) {
        onWritten();
        return;
      }
      callback = this.#pending.track(onWritten);
    }
    if (parts.length === 1) {
      this.socket.write(parts[0]!, callback);
      return;
    }
    this.socket.cork();
    for (let i = 0; i < parts.length; i++) this.socket.write(parts[i]!, i === parts.length - 1 ? callback : undefined);
    this.socket.uncork();
  }

  get outboundBytes(): number {
    return this.socket.writableLength;
  }

  whenDrained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  pauseInput(): void {
    this.socket.pause();
  }

  resumeInput(): void {
    this.socket.resume();
  }

  end(last?: Buffer): void {
    if (last) this.socket.end(last);
    else this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export class TcpConnection {
  readonly core: BinaryConnection;
  /** Detaching for migration: detach() cleans up whatever happens to the socket meanwhile. */
  #detaching = false;

  constructor(
    private readonly socket: Socket,
    dispatcher: BinaryDispatcher,
    private readonly clients: ClientRegistry,
    logger: Logger,
    private readonly hooks: ConnectionHooks,
    pool: MemoryPool,
    adopted: MigratedSessionState | null = null,
    /** The socket reads with onread through this (plain TCP); null: 'data' events (TLS). */
    reader: InPlaceSocketReader | null = null,
    /** A migrated socket's bytes read but not handled on the old shard, replayed first. */
    leftover: readonly Uint8Array[] = [],
  ) {
    const session = adopted ? clients.adopt(adopted) : clients.add(TRANSPORT_TCP, formatRemoteAddress(socket));
    // TLS state lives in this thread's isolate: such a connection can never move.
    if (socket instanceof tls.TLSSocket) session.migrated = true;
    this.core = new BinaryConnection({
      session,
      sink: new SocketSink(socket),
      dispatcher,
      pool,
      logger,
      onAffinity: (shardId) => this.hooks.onAffinity(this, shardId),
      movedIn: adopted !== null,
    });
    socket.setNoDelay(true);
    if (reader) reader.attach(this.core, leftover);
    else {
      for (const chunk of leftover) this.core.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      socket.on('data', (chunk: Buffer) => this.core.push(chunk));
    }
    socket.on('error', (error) => logger.debug({ err: error, clientId: session.clientId }, 'connection error'));
    socket.on('close', () => this.#onClose());
    socket.on('drain', () => this.core.drained());
  }

  get session(): Session {
    return this.core.session;
  }

  /**
   * Takes this connection off the shard for migration: everything read but not yet handled, in
   * arrival order, plus a dup of the fd. After this the object is dead; the session lives on in
   * the target shard.
   */
  async detach(): Promise<DetachedSocket & { session: MigratedSessionState }> {
    this.#detaching = true;
    const unconsumed = this.core.takeUnconsumed();
    // Synchronously after taking the unconsumed bytes: detachSocket stops reads before it awaits.
    let detached;
    try {
      detached = await detachSocket(this.socket);
    } catch (error) {
      // The peer went away meanwhile (or a write failed): an ordinary close, fully cleaned up.
      this.socket.destroy();
      this.clients.remove(this.session.clientId);
      this.hooks.onClosed(this, false);
      throw error;
    }
    this.clients.remove(this.session.clientId);
    this.hooks.onClosed(this, true);
    const session = this.session;
    return {
      fd: detached.fd,
      leftover: [...unconsumed, ...detached.leftover],
      session: {
        clientId: session.clientId,
        userId: session.userId,
        transport: session.transport,
        address: session.address,
        lastHeartbeatMs: session.lastHeartbeatMs,
      },
    };
  }

  #onClose(): void {
    // While detaching, detach() owns the clean-up (its flush fails if the socket died).
    this.core.closed();
    if (this.#detaching) return;
    this.clients.remove(this.session.clientId);
    this.hooks.onClosed(this, false);
  }
}

export function formatRemoteAddress(socket: Socket): string {
  const host = socket.remoteAddress ?? 'unknown';
  const port = socket.remotePort ?? 0;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
