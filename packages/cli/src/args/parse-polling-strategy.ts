import { PollingStrategy } from '@iggy-node/sdk';
import { CliArgsError } from './cli-args-error.js';
import { parseU64 } from './parse-integer.js';

export interface PollingFlags {
  offset?: string | undefined;
  timestamp?: string | undefined;
  first?: boolean | undefined;
  last?: boolean | undefined;
  next?: boolean | undefined;
}

/** Exactly one of --offset, --timestamp (µs since epoch), --first, --last, --next, as Iggy's clap group. */
export function parsePollingStrategy(flags: PollingFlags): PollingStrategy {
  const chosen: PollingStrategy[] = [];
  if (flags.offset !== undefined) chosen.push(PollingStrategy.offset(parseU64(flags.offset, 'offset')));
  if (flags.timestamp !== undefined) chosen.push(PollingStrategy.timestamp(parseU64(flags.timestamp, 'timestamp')));
  if (flags.first) chosen.push(PollingStrategy.first());
  if (flags.last) chosen.push(PollingStrategy.last());
  if (flags.next) chosen.push(PollingStrategy.next());
  if (chosen.length !== 1) {
    throw new CliArgsError('give exactly one of --offset, --timestamp, --first, --last, --next');
  }
  return chosen[0]!;
}
