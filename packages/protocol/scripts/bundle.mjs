#!/usr/bin/env node
// Bundles the package's compiled modules (dist/src, from `tsc -b`) into one ES module,
// dist/bundle/index.js, which is what `import '@iggy-node/protocol'` loads (package.json
// "exports"). Why: Node 20 spends about 1 ms of CPU per ES module it resolves, reads and links,
// and the barrel is 116 modules, loaded by every shard thread, every SDK user, every CLI launch
// and every test process (docs/decisions/20261206-protocol-bundle.md has the figures).
//
// The bundle is made from tsc's output, not from the TypeScript, so it holds exactly the code
// the package's own tests run (they import ../src/*.js); esbuild only concatenates and renames.
// Its source map goes through tsc's maps back to src/*.ts. @node-rs/xxhash (native) stays
// external. native/*.wasm are found as before: dist/bundle/ is two levels below the package
// root, like dist/src/.
//
//   node packages/protocol/scripts/bundle.mjs           build it (npm run build does)
//   node packages/protocol/scripts/bundle.mjs --if-stale build it only if a dist/src module is newer
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const entry = join(packageRoot, 'dist', 'src', 'index.js');
export const BUNDLE_PATH = join(packageRoot, 'dist', 'bundle', 'index.js');

/** Newest modification time (ms) of the compiled modules the bundle is made from. */
function newestModuleMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestModuleMtimeMs(path));
    else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/src is built and dist/bundle/index.js is missing or older than one of its modules. */
export function bundleIsStale() {
  if (!existsSync(entry)) return false;
  if (!existsSync(BUNDLE_PATH)) return true;
  return statSync(BUNDLE_PATH).mtimeMs < newestModuleMtimeMs(join(packageRoot, 'dist', 'src'));
}

export async function bundleProtocol() {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc -b first`);
  // Loaded here, not at the top: the test harness imports bundleIsStale() in every test process.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile: BUNDLE_PATH,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@node-rs/xxhash'],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes('--if-stale') || bundleIsStale()) await bundleProtocol();
}
