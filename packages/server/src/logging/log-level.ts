import type { LevelWithSilent } from 'pino';

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

/**
 * Turns `system.logging.level` into a pino level. Iggy takes RUST_LOG-style directives
 * ("warn,server=debug"); pino has one level per logger, so the directive without a target
 * decides and per-target parts are ignored (no global part means "info", tracing's default).
 * Throws `Error` for anything else, so a typo fails at start rather than logging nothing.
 */
export function toPinoLevel(level: string): LevelWithSilent {
  const directives = level.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (directives.length === 0) throw new Error('log level is empty');
  for (const directive of directives) {
    const [target, targetLevel] = directive.includes('=') ? directive.split('=', 2) : [undefined, directive];
    if (LEVELS[(targetLevel ?? '').toLowerCase()] === undefined) {
      throw new Error(`unknown log level "${targetLevel}"${target !== undefined ? ` for target "${target}"` : ''} (expected trace, debug, info, warn, error, off or none)`);
    }
  }
  const global = directives.find((directive) => !directive.includes('='));
  return global === undefined ? 'info' : LEVELS[global.toLowerCase()]!;
}
