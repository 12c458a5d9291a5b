import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchReport } from './bench-report.js';
import { renderHtml } from './render-html.js';

/** Writes <dir>/<kind>_<timestamp>.json and .html; returns both paths. */
export function writeReport(report: BenchReport, outputDir: string): { jsonPath: string; htmlPath: string } {
  const dir = resolve(outputDir);
  mkdirSync(dir, { recursive: true });
  const stamp = report.header.createdAt.replace(/[:.]/g, '-');
  const base = join(dir, `${report.header.config.kind}_${report.header.config.transport}_${stamp}`);
  const jsonPath = `${base}.json`;
  const htmlPath = `${base}.html`;
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(htmlPath, renderHtml(report));
  return { jsonPath, htmlPath };
}
