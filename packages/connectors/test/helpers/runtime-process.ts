// Runs iggy-connectors (the built entry point) as a child process with a config file, finds
// its status API port in the log, and stops it gracefully or kills it as a crash.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNTIME_MAIN_PATH = fileURLToPath(new URL('../../src/main.js', import.meta.url));
/** Every runtime a test started; killRuntimes() (in an after hook) ends those a failed test left. */
const started = new Set<RuntimeProcess>();

export async function killRuntimes(): Promise<void> {
  await Promise.all([...started].map((runtime) => runtime.kill()));
}
const START_TIMEOUT_MS = 30_000;

export interface RuntimeProcess {
  apiUrl: string;
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash mid-stream. */
  kill(): Promise<void>;
}

export async function startRuntime(configPath: string): Promise<RuntimeProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  const child = spawn(process.execPath, [RUNTIME_MAIN_PATH], { env: { ...inherited, IGGY_CONNECTORS_CONFIG_PATH: configPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (text: string) => {
    output = (output + text).slice(-256 * 1024);
  };
  child.stdout.setEncoding('utf8').on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`iggy-connectors did not start:\n${output}`)), START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      append(text);
      const match = /status API listening at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`iggy-connectors exited with ${code}:\n${output}`));
    });
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const runtime: RuntimeProcess = {
    apiUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  started.add(runtime);
  void exited.then(() => started.delete(runtime));
  return runtime;
}
