/**
 * Per-connection state: who is logged in, when we last heard a ping, which consumer groups the
 * connection joined. Owned by the shard that holds the connection; never shared.
 */
export const TRANSPORT_TCP = 1;
export const TRANSPORT_QUIC = 2;
export const TRANSPORT_HTTP = 3;
export const TRANSPORT_WEBSOCKET = 4;

export interface JoinedGroup {
  streamId: number;
  topicId: number;
  groupId: number;
}

export class Session {
  userId: number | null = null;
  lastHeartbeatMs = Date.now();
  readonly joinedGroups: JoinedGroup[] = [];
  /** Set when the connection must close after the current response (codes 100/30, shutdown). */
  closeAfterResponse = false;
  /** A connection moves at most once (TCP adapter): later sends to other shards are forwarded. */
  migrated = false;
  /**
   * Joins sent to the control plane and not yet answered. A connection that closes meanwhile
   * must still tell the control plane, or the member it is about to become would stay forever.
   */
  joinsInFlight = 0;
  /** A join failed or timed out on its way: the control plane may still have made us a member. */
  groupJoinUncertain = false;

  constructor(
    readonly clientId: number,
    readonly transport: number,
    readonly address: string,
  ) {}

  get isAuthenticated(): boolean {
    return this.userId !== null;
  }
}
