#!/usr/bin/env node
// Builds native/libiggy_quic.so from the Rust crate in this folder, offline, against the crates
// Debian packages in /usr/share/cargo/registry. Without cargo or those crates it prints what to
// install and exits 0: the server then runs without QUIC and says so at start-up.
// Usage: node scripts/build-native.mjs [--require]   (--require: fail instead of skipping)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const required = process.argv.includes('--require');
const INSTALL_HINT =
  'apt-get install cargo librust-quinn-dev librust-tokio-dev librust-socket2-dev librust-rustls-pemfile-dev librust-rustls-dev';

function skip(reason) {
  const message = `quic-native: not built (${reason}); QUIC stays off. To build it: ${INSTALL_HINT}`;
  if (required) {
    console.error(message);
    process.exit(1);
  }
  console.log(message);
  process.exit(0);
}

if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) skip('cargo not found');
if (!existsSync('/usr/share/cargo/registry/quinn-0.9.3')) skip('Debian crate quinn 0.9.3 not installed');

try {
  execFileSync('cargo', ['build', '--release', '--quiet', '--offline'], { cwd: root, stdio: 'inherit' });
} catch {
  skip('cargo build failed, see above');
}
const built = path.join(root, 'target', 'release', 'libiggy_quic_server.so');
const target = path.join(root, 'native', 'libiggy_quic.so');
mkdirSync(path.dirname(target), { recursive: true });
if (!existsSync(target) || statSync(target).mtimeMs < statSync(built).mtimeMs) {
  // Copy then rename: a running server keeps its mapping of the old file intact.
  copyFileSync(built, `${target}.tmp`);
  renameSync(`${target}.tmp`, target);
}
