import type { BufferReader } from '../buffer-reader.js';
import type { BufferWriter } from '../buffer-writer.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/**
 * Polling strategy (§7.4): u8 kind + u64 value. `value` is an offset (kind offset), a µs
 * timestamp (kind timestamp) and ignored otherwise (SDKs send 0).
 */
export interface PollingStrategy {
  kind: PollingKind;
  value: bigint;
}

export type PollingKind = 'offset' | 'timestamp' | 'first' | 'last' | 'next';

export const POLLING_STRATEGY_SIZE = 9;

const CODE_BY_KIND: Record<PollingKind, number> = { offset: 1, timestamp: 2, first: 3, last: 4, next: 5 };
const KIND_BY_CODE: readonly (PollingKind | undefined)[] = [undefined, 'offset', 'timestamp', 'first', 'last', 'next'];

export function pollingKindCode(kind: PollingKind): number {
  const code = CODE_BY_KIND[kind];
  if (code === undefined) throw new IggyError(ErrorCode.InvalidCommand, `polling kind ${String(kind)}`);
  return code;
}

export function writePollingStrategy(writer: BufferWriter, strategy: PollingStrategy): void {
  writer.u8(pollingKindCode(strategy.kind)).u64(strategy.value);
}

export function readPollingStrategy(reader: BufferReader): PollingStrategy {
  const code = reader.u8();
  const kind = KIND_BY_CODE[code];
  if (kind === undefined) throw new IggyError(ErrorCode.InvalidCommand, `polling kind ${code}`);
  return { kind, value: reader.u64() };
}

/** Convenience constructors: `PollingStrategies.offset(10n)`, `PollingStrategies.next()`. */
export const PollingStrategies = {
  offset: (value: bigint): PollingStrategy => ({ kind: 'offset', value }),
  timestamp: (valueUs: bigint): PollingStrategy => ({ kind: 'timestamp', value: valueUs }),
  first: (): PollingStrategy => ({ kind: 'first', value: 0n }),
  last: (): PollingStrategy => ({ kind: 'last', value: 0n }),
  next: (): PollingStrategy => ({ kind: 'next', value: 0n }),
} as const;
