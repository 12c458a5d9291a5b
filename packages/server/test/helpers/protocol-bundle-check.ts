import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `@iggy-node/protocol` is imported as one bundled module, made from its compiled modules by
 * `npm run build` (packages/protocol/scripts/bundle.mjs; scripts/run-tests.mjs remakes it when
 * stale). After a bare `tsc -b` that changed the protocol, the server and the SDK would still run
 * the old bundle: refuse, once per process, rather than test stale code.
 */
let checked = false;

export function assertProtocolBundleFresh(): void {
  if (checked) return;
  const bundle = fileURLToPath(import.meta.resolve('@iggy-node/protocol'));
  const compiled = join(dirname(bundle), '..', 'src');
  if (existsSync(compiled) && statSync(bundle).mtimeMs < newestJsMtimeMs(compiled)) {
    throw new Error(`${bundle} is older than ${compiled}: run \`npm run build\` (or node packages/protocol/scripts/bundle.mjs) after tsc -b`);
  }
  checked = true;
}

function newestJsMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestJsMtimeMs(path));
    else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
