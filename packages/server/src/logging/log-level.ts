import type { Level, LevelWithSilent } from 'pino';

const LEVELS: Record<string, LevelWithSilent> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
  off: 'silent',
  none: 'silent',
  silent: 'silent',
};

/** pino's numeric order, lowest (most verbose) first; 'silent' logs nothing. */
const ORDER: LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * `system.logging.level` parsed as Iggy's RUST_LOG-style directives: a comma-separated list of
 * `level` (the default for every target) and `target=level` (that target and everything below
 * it: `server=debug` covers `server::storage`). Targets here are our module names, which start
 * with `server` as Iggy's crate does (`server::shard`, `server::storage`, `server::tcp`, ...; see
 * docs/ARCHITECTURE.md). Without a default directive the default is info, tracing's default.
 */
export interface LogDirectives {
  defaultLevel: LevelWithSilent;
  /** Longest target first, so the first match is the most specific. */
  targets: { target: string; level: LevelWithSilent }[];
}

/** Throws `Error` for an unknown level, so a typo fails at start rather than logging nothing. */
export function parseLogDirectives(level: string): LogDirectives {
  const directives = level.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (directives.length === 0) throw new Error('log level is empty');
  let defaultLevel: LevelWithSilent = 'info';
  const targets: LogDirectives['targets'] = [];
  for (const directive of directives) {
    const at = directive.indexOf('=');
    const target = at >= 0 ? directive.slice(0, at).trim() : undefined;
    const name = (at >= 0 ? directive.slice(at + 1) : directive).trim();
    const parsed = LEVELS[name.toLowerCase()];
    if (parsed === undefined) {
      throw new Error(`unknown log level "${name}"${target !== undefined ? ` for target "${target}"` : ''} (expected trace, debug, info, warn, error, off or none)`);
    }
    if (target === undefined) defaultLevel = parsed;
    else if (target === '') throw new Error(`log directive "${directive}" has no target before "="`);
    else targets.push({ target, level: parsed });
  }
  targets.sort((a, b) => b.target.length - a.target.length);
  return { defaultLevel, targets };
}

/** The level for one module: the most specific directive whose target is the module or a parent of it. */
export function levelForTarget(directives: LogDirectives, module: string): LevelWithSilent {
  for (const { target, level } of directives.targets) {
    if (module === target || module.startsWith(`${target}::`)) return level;
  }
  return directives.defaultLevel;
}

/** The most verbose level any directive asks for: what a destination must let through. */
export function mostVerboseLevel(directives: LogDirectives): Level {
  let lowest = ORDER.indexOf(directives.defaultLevel);
  for (const { level } of directives.targets) lowest = Math.min(lowest, ORDER.indexOf(level));
  // A destination needs a real level; with everything 'silent' the loggers drop every line anyway.
  return ORDER[Math.min(lowest, ORDER.indexOf('fatal'))] as Level;
}

/** The default directive as a pino level (kept for callers that only need the global level). */
export function toPinoLevel(level: string): LevelWithSilent {
  return parseLogDirectives(level).defaultLevel;
}
