// The [telemetry] section of Iggy's tools. It is parsed (so files written for Iggy load), but no
// OpenTelemetry export happens here: enabling it is named in a start-up warning.

export interface TelemetryConfig {
  enabled: boolean;
  service_name: string;
  logs: { transport: string; endpoint: string };
  traces: { transport: string; endpoint: string };
}

export function defaultTelemetryConfig(serviceName: string): TelemetryConfig {
  return {
    enabled: false,
    service_name: serviceName,
    logs: { transport: 'grpc', endpoint: 'http://localhost:4317' },
    traces: { transport: 'grpc', endpoint: 'http://localhost:4317' },
  };
}

/** The start-up warning when [telemetry] enabled = true; null otherwise. */
export function telemetryWarning(telemetry: TelemetryConfig, toolName: string): string | null {
  return telemetry.enabled ? `[telemetry] enabled = true is not supported by this ${toolName}: no OpenTelemetry export happens` : null;
}
