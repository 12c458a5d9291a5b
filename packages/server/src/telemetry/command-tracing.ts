/**
 * The tracing hooks the server calls at its choke points: one span per command at dispatch,
 * partition attributes where a request is routed to its partition's owner, and the trace
 * context carried in the bus envelope so the owner's work is a child span of the command.
 * Each hook is a single null check when telemetry is off.
 *
 * Runs on: every shard thread.
 */
import { commandName } from '@iggy-node/protocol';
import { activeTelemetry, inSpan } from './telemetry.js';

export interface CommandSpanFacts {
  code: number;
  userId: number | null;
  clientId: number;
  /** Bytes of the request payload. */
  requestBytes: number;
  /** Iggy's transport number (session.ts: 1 tcp, 2 quic, 3 http, 4 websocket). */
  transport: number;
}

const TRANSPORT_NAMES: Record<number, string> = { 1: 'tcp', 2: 'quic', 3: 'http', 4: 'websocket' };

/**
 * Runs one command inside a span `iggy.command <Name>` with the command code, user, client and
 * request size; `resultCode` (0 = ok, else the Iggy error code) is recorded when it ends.
 */
export function traceCommand<T>(facts: CommandSpanFacts, run: () => Promise<T>, resultCode: (result: T) => number): Promise<T> {
  const telemetry = activeTelemetry();
  if (!telemetry) return run();
  const name = commandName(facts.code) ?? `command ${facts.code}`;
  const attributes = {
    'iggy.command.code': facts.code,
    'iggy.command.name': name,
    'iggy.client.id': facts.clientId,
    'iggy.transport': TRANSPORT_NAMES[facts.transport] ?? String(facts.transport),
    'iggy.request.bytes': facts.requestBytes,
    ...(facts.userId !== null ? { 'iggy.user.id': facts.userId } : {}),
  };
  return inSpan(telemetry, `iggy.command ${name}`, attributes, undefined, async (span) => {
    const result = await run();
    const code = resultCode(result);
    span.setAttribute('iggy.result.code', code);
    if (code !== 0) span.setStatus({ code: telemetry.api.SpanStatusCode.ERROR, message: `Iggy error ${code}` });
    return result;
  });
}

/** Adds the partition a command addresses to the current command span (no-op without one). */
export function annotatePartition(streamId: number, topicId: number, partitionId: number, ownerShardId: number): void {
  const telemetry = activeTelemetry();
  if (!telemetry) return;
  telemetry.api.trace.getActiveSpan()?.setAttributes({
    'iggy.stream.id': streamId,
    'iggy.topic.id': topicId,
    'iggy.partition.id': partitionId,
    'iggy.partition.owner_shard': ownerShardId,
  });
}

/** W3C traceparent of the current span, to carry in a bus envelope; undefined without one. */
export function traceparentForBus(): string | undefined {
  const telemetry = activeTelemetry();
  if (!telemetry) return undefined;
  const carrier: Record<string, string> = {};
  telemetry.propagator.inject(telemetry.api.context.active(), carrier, telemetry.api.defaultTextMapSetter);
  return carrier.traceparent;
}

/**
 * Runs a request that arrived over the bus; with a traceparent it becomes a child span
 * `iggy.shard <kind>` on this (the owner) shard.
 */
export function traceBusRequest<T>(kind: string, shardId: number, sourceShardId: number, traceparent: string | undefined, run: () => Promise<T>): Promise<T> {
  const telemetry = activeTelemetry();
  if (!telemetry || traceparent === undefined) return run();
  const parent = telemetry.propagator.extract(telemetry.api.ROOT_CONTEXT, { traceparent }, telemetry.api.defaultTextMapGetter);
  return inSpan(telemetry, `iggy.shard ${kind}`, { 'iggy.shard.id': shardId, 'iggy.shard.source': sourceShardId, 'iggy.bus.request': kind }, parent, () => run());
}
