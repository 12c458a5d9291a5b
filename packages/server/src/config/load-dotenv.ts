import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { findUpwards } from './find-upwards.js';

/** Parses `KEY=value` lines (`export ` prefix, `#` comments, single or double quotes). */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match === null) continue;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    values[match[1]!] = value;
  }
  return values;
}

/**
 * Step 1 of Iggy's layering: variables from a dotenv file named by IGGY_ENV_PATH, or else from a
 * `.env` found in `cwd` or a parent. Variables already set win over the file (dotenvy's rule).
 * Returns a new environment object; `env` itself is not modified.
 */
export function loadDotenv(env: Record<string, string | undefined>, cwd: string): { env: Record<string, string | undefined>; source?: string; warnings: string[] } {
  const warnings: string[] = [];
  const explicitPath = env.IGGY_ENV_PATH;
  let path: string | undefined;
  if (explicitPath !== undefined && explicitPath !== '') {
    path = findUpwards(resolve(cwd, explicitPath), cwd);
    if (path === undefined) warnings.push(`dotenv file '${explicitPath}' (IGGY_ENV_PATH) not found`);
  } else {
    path = findUpwards('.env', cwd);
  }
  if (path === undefined) return { env, warnings };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('IGGY_CONFIG_IO', `cannot read dotenv file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { env: { ...parseDotenv(text), ...env }, source: path, warnings };
}
