// Shared pieces of the reliability suite (npm run test:reliability): scale, figures, process
// memory. Scenarios record figures with recordFigures(); scripts/run-reliability.mjs collects
// them and writes docs/RELIABILITY.md.
import { appendFileSync, readFileSync } from 'node:fs';

/** `full` for the documented run, `short` (default) for CI: same scenarios, smaller numbers. */
export const SCALE: 'short' | 'full' = process.env['RELIABILITY_SCALE'] === 'full' ? 'full' : 'short';

export function scaled<T>(values: { short: T; full: T }): T {
  return values[SCALE];
}

export type Figures = Record<string, string | number | boolean>;

/** Appends one scenario's figures (JSON line) to $RELIABILITY_FIGURES, and prints them. */
export function recordFigures(scenario: string, figures: Figures): void {
  const line = JSON.stringify({ scenario, scale: SCALE, at: new Date().toISOString(), ...figures });
  process.stdout.write(`# figures ${line}\n`);
  const file = process.env['RELIABILITY_FIGURES'];
  if (file) appendFileSync(file, `${line}\n`);
}

/** Resident memory of a process in MiB (Linux /proc), or -1 where unknown. */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : -1;
  } catch {
    return -1;
  }
}

/** Deterministic pseudo-random numbers (mulberry32) so a failing run can be replayed by seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
