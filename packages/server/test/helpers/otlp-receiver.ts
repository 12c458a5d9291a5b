import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';

/** A span as OTLP/JSON carries it (ids as hex strings). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, string | number | boolean>;
  serviceName: string;
}

export interface ReceivedLog {
  body: string;
  severityText: string;
  serviceName: string;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpKeyValue {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.boolValue ?? value.doubleValue ?? '';
  }
  return out;
}

/**
 * A minimal OTLP/HTTP (JSON) receiver for tests: POST /v1/traces and /v1/logs, decoded into
 * spans and log records. Started on a free loopback port; `close()` stops it.
 */
export async function startOtlpHttpReceiver(): Promise<{ endpoint: string; spans: ReceivedSpan[]; logs: ReceivedLog[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const logs: ReceivedLog[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: (Omit<ReceivedSpan, 'attributes' | 'serviceName'> & { attributes?: OtlpKeyValue[] })[] }[] }[];
        resourceLogs?: { resource?: { attributes?: OtlpKeyValue[] }; scopeLogs?: { logRecords?: { body?: { stringValue?: string }; severityText?: string; attributes?: OtlpKeyValue[] }[] }[] }[];
      };
      for (const resourceSpans of body.resourceSpans ?? []) {
        const serviceName = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) spans.push({ ...span, attributes: attributesOf(span.attributes), serviceName });
        }
      }
      for (const resourceLogs of body.resourceLogs ?? []) {
        const serviceName = String(attributesOf(resourceLogs.resource?.attributes)['service.name'] ?? '');
        for (const scope of resourceLogs.scopeLogs ?? []) {
          for (const record of scope.logRecords ?? []) {
            logs.push({ body: record.body?.stringValue ?? '', severityText: record.severityText ?? '', serviceName, attributes: attributesOf(record.attributes) });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    logs,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * A minimal OTLP/gRPC receiver: the trace and log Export methods, keeping each request's raw
 * protobuf bytes (tests look for the strings they expect in them: span names, service name).
 */
export async function startOtlpGrpcReceiver(): Promise<{ endpoint: string; traceRequests: Buffer[]; logRequests: Buffer[]; close(): Promise<void> }> {
  const traceRequests: Buffer[] = [];
  const logRequests: Buffer[] = [];
  const raw = (path: string): grpc.MethodDefinition<Buffer, Buffer> => ({
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (bytes: Buffer) => bytes,
    // An empty Export*ServiceResponse is zero bytes of protobuf.
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (bytes: Buffer) => bytes,
  });
  const server = new grpc.Server();
  server.addService(
    { Export: raw('/opentelemetry.proto.collector.trace.v1.TraceService/Export') },
    { Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => { traceRequests.push(call.request); callback(null, Buffer.alloc(0)); } },
  );
  server.addService(
    { Export: raw('/opentelemetry.proto.collector.logs.v1.LogsService/Export') },
    { Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => { logRequests.push(call.request); callback(null, Buffer.alloc(0)); } },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    traceRequests,
    logRequests,
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
