import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds a file the way Iggy finds its config (and dotenvy its `.env`): an absolute path is
 * taken as is; a relative one is tried in `cwd`, then in each parent directory up to the root.
 * Returns the absolute path found, or undefined.
 */
export function findUpwards(path: string, cwd: string): string | undefined {
  if (isAbsolute(path)) return isFile(path) ? path : undefined;
  let directory = resolve(cwd);
  for (;;) {
    const candidate = join(directory, path);
    if (isFile(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
