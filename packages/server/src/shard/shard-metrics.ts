/**
 * Counters of one shard, read by GetStats and (later) the Prometheus endpoint.
 * Plain numbers: only the shard's own thread writes them.
 */
export class ShardMetrics {
  messagesSent = 0;
  bytesSent = 0;
  messagesPolled = 0;
  requestsForwarded = 0;
  /** Connections handed to another shard / taken over from one (tcp.socket_migration). */
  connectionsMigratedOut = 0;
  connectionsMigratedIn = 0;
  /** Requests served by this shard's HTTP listener (Iggy's http_requests counter). */
  httpRequests = 0;
}
