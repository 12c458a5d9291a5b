// A real PostgreSQL for tests: initdb on a temporary directory, started with pg_ctl on a free
// port with its socket in that directory, stopped and removed after. PostgreSQL refuses to run
// as root, so under root the commands run as the `postgres` user (runuser) on a directory
// handed to that user. Debian's `postgresql` package provides the binaries (.ci/run installs it).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const PG_START_TIMEOUT_S = 60;

export interface PostgresServer {
  port: number;
  connectionString: string;
  /** Stops the server: 'fast' (clean) or 'immediate' (as a crash). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

const live = new Set<{ dataDir: string; dir: string }>();
let exitHookInstalled = false;

function findBinDir(): string {
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => existsSync(join(debianRoot, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debianRoot, versions[0]!, 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found.slice(0, found.lastIndexOf('/'));
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install -y postgresql (.ci/run does this)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const binDir = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'iggy-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(binDir, program);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(binDir, program), ...args] : args;
    return execFileAsync(command, fullArgs, { cwd: dir, timeout: (PG_START_TIMEOUT_S + 30) * 1000 });
  };
  const handle = { dataDir, dir };
  installExitHook(binDir, asRoot);
  live.add(handle);
  try {
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  } catch (error) {
    live.delete(handle);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50`;
  const start = async () => {
    try {
      await run('pg_ctl', ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-w', '-t', String(PG_START_TIMEOUT_S), '-o', options, 'start']);
    } catch (error) {
      const log = existsSync(join(dir, 'postgres.log')) ? readFileSync(join(dir, 'postgres.log'), 'utf8').slice(-4000) : '';
      throw new Error(`pg_ctl start failed: ${String(error)}\n${log}`);
    }
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => undefined);
  };
  await start();
  return {
    port,
    connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async destroy() {
      await stop('immediate');
      live.delete(handle);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A test that dies must not leave a postgres running. */
function installExitHook(binDir: string, asRoot: boolean): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { dataDir, dir } of live) {
      const pgCtl = join(binDir, 'pg_ctl');
      if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      else spawnSync(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
