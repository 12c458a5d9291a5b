/**
 * A pino destination that turns each JSON log line into an OpenTelemetry log record (severity,
 * message, the line's other fields as attributes), for `[telemetry.logs]`. Added to a thread's
 * logger only when telemetry is on (logging/create-logger.ts addLogDestination).
 *
 * Runs on: every thread whose logger it is added to.
 */
import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import type { DestinationStream } from 'pino';

/** pino's numeric levels → OpenTelemetry SeverityNumber (TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17, FATAL=21). */
const SEVERITY: Record<number, { number: number; text: string }> = {
  10: { number: 1, text: 'TRACE' },
  20: { number: 5, text: 'DEBUG' },
  30: { number: 9, text: 'INFO' },
  40: { number: 13, text: 'WARN' },
  50: { number: 17, text: 'ERROR' },
  60: { number: 21, text: 'FATAL' },
};

type AttributeValue = string | number | boolean;

export function otelLogDestination(logger: OtelLogger): DestinationStream {
  return {
    write(line: string): void {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // not a pino JSON line: nothing to export
      }
      const { level, msg, time, ...rest } = record;
      const severity = SEVERITY[level as number] ?? SEVERITY[30]!;
      const attributes: Record<string, AttributeValue> = {};
      for (const [key, value] of Object.entries(rest)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[key] = value;
        else if (value !== null && value !== undefined) attributes[key] = JSON.stringify(value);
      }
      logger.emit({
        severityNumber: severity.number,
        severityText: severity.text,
        body: typeof msg === 'string' ? msg : '',
        attributes,
        ...(typeof time === 'string' ? { timestamp: new Date(time) } : {}),
      });
    },
  };
}
