import { fileURLToPath } from 'node:url';

/**
 * `@iggy-node/protocol` is imported as one bundled module, made from its compiled modules by
 * `npm run build` (packages/protocol/scripts/bundle.mjs; scripts/run-tests.mjs remakes it when
 * stale). After a bare `tsc -b` that changed the protocol, the server and the SDK would still run
 * the old bundle: refuse, once per process, rather than test stale code. The staleness rule is
 * the bundle script's own (`bundleIsStale`), found beside the bundle it builds.
 */
let checked = false;

export async function assertProtocolBundleFresh(): Promise<void> {
  if (checked) return;
  const bundle = import.meta.resolve('@iggy-node/protocol');
  const script = new URL('../../scripts/bundle.mjs', bundle).href;
  const { bundleIsStale } = (await import(script)) as { bundleIsStale: () => boolean };
  if (bundleIsStale()) {
    throw new Error(`${fileURLToPath(bundle)} is older than the protocol's dist/src: run \`npm run build\` (or node packages/protocol/scripts/bundle.mjs) after tsc -b`);
  }
  checked = true;
}
