/**
 * OpenTelemetry for one thread (`[telemetry]`): traces and logs exported over OTLP, gRPC or
 * HTTP, to the configured endpoints. Every thread (coordinator and each shard) starts its own
 * NodeSDK: spans are made where the work happens, and a worker cannot hand spans to another
 * thread's SDK without copying them anyway.
 *
 * Cost when disabled: the SDK (about 50 MB of packages) is never imported, and every hook
 * (`traceCommand`, `traceparentForBus`, `traceBusRequest`) is one null check on `active`.
 *
 * Runs on: every thread, started once by its entry point when `[telemetry] enabled`.
 */
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import type { TelemetryConfig } from '../config/server-config.js';

/** Set once telemetry has started on this thread; null means every hook is a no-op. */
export interface ActiveTelemetry {
  tracer: Tracer;
  logger: OtelLogger;
  api: typeof import('@opentelemetry/api');
  propagator: import('@opentelemetry/api').TextMapPropagator;
  shutdown(): Promise<void>;
}

let active: ActiveTelemetry | null = null;

export function activeTelemetry(): ActiveTelemetry | null {
  return active;
}

/**
 * Starts the SDK with OTLP trace and log exporters for `transport` (grpc: OTLP/gRPC; http:
 * OTLP/HTTP with JSON bodies, which collectors accept beside protobuf). No auto-instrumentation:
 * the server's own spans are the ones that say something about Iggy.
 */
export async function startTelemetry(config: TelemetryConfig, threadName: string): Promise<ActiveTelemetry> {
  if (active) return active;
  const [api, apiLogs, sdkNode, core, resources, sdkLogs, sdkTrace] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/api-logs'),
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-logs'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const traceExporter =
    config.traces.transport === 'grpc'
      ? new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter({ url: config.traces.endpoint })
      : new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url: config.traces.endpoint });
  const logExporter =
    config.logs.transport === 'grpc'
      ? new (await import('@opentelemetry/exporter-logs-otlp-grpc')).OTLPLogExporter({ url: config.logs.endpoint })
      : new (await import('@opentelemetry/exporter-logs-otlp-http')).OTLPLogExporter({ url: config.logs.endpoint });
  const sdk = new sdkNode.NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': config.service_name, 'service.instance.thread': threadName }),
    spanProcessors: [new sdkTrace.BatchSpanProcessor(traceExporter, { scheduledDelayMillis: 1000 })],
    logRecordProcessors: [new sdkLogs.BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 1000 })],
    instrumentations: [],
    // Our own propagator below; none from the environment.
    textMapPropagator: new core.W3CTraceContextPropagator(),
  });
  sdk.start();
  active = {
    api,
    tracer: api.trace.getTracer('iggy-server'),
    logger: apiLogs.logs.getLogger('iggy-server'),
    propagator: new core.W3CTraceContextPropagator(),
    // Exporting to a dead collector makes shutdown reject; shutting down must not fail for it.
    shutdown: () => sdk.shutdown().catch(() => undefined),
  };
  return active;
}

export async function stopTelemetry(): Promise<void> {
  const current = active;
  active = null;
  await current?.shutdown();
}

/** Runs `work` inside a span; records the outcome and ends the span either way. */
export async function inSpan<T>(
  telemetry: ActiveTelemetry,
  name: string,
  attributes: Attributes,
  parent: Context | undefined,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { api, tracer } = telemetry;
  const context = parent ?? api.context.active();
  const span = tracer.startSpan(name, { attributes, kind: api.SpanKind.SERVER }, context);
  try {
    const result = await api.context.with(api.trace.setSpan(context, span), () => work(span));
    return result;
  } catch (error) {
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
