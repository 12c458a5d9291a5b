import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { TestServer } from './test-server.js';

/** A parsed Prometheus scrape: each sample line as name, labels and value. */
export interface Scrape {
  text: string;
  /** Sum of every sample of `name` whose labels include `labels` (all samples when omitted). */
  sum(name: string, labels?: Record<string, string>): number;
  /** Whether any sample of `name` exists. */
  has(name: string): boolean;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseScrape(text: string): Scrape {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1]!] = label[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  const matches = (name: string, labels: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    text,
    sum: (name, labels = {}) => matches(name, labels).reduce((total, s) => total + s.value, 0),
    has: (name) => samples.some((s) => s.name === name),
  };
}

/** The HTTP address the server bound, from runtime/current_config.toml. */
export async function httpAddressOf(server: TestServer): Promise<string> {
  const runtime = parseToml(await readFile(path.join(server.dataDir, 'runtime', 'current_config.toml'), 'utf8')) as { http: { address: string } };
  return runtime.http.address;
}

/** GET /metrics of a test server started with the HTTP listener on. */
export async function scrapeMetrics(server: TestServer, headers: Record<string, string> = {}): Promise<Scrape & { contentType: string }> {
  const response = await fetch(`http://${await httpAddressOf(server)}/metrics`, { headers });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return { ...parseScrape(await response.text()), contentType: response.headers.get('content-type') ?? '' };
}
