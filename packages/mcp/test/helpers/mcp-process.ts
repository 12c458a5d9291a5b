// Starts iggy-mcp (the built entry point) as a child process over HTTP and finds its bound URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MCP_MAIN_PATH = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/** The parent's environment without IGGY_* (a developer's shell must not change the test), plus `env`. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key, value]) => !key.startsWith('IGGY_') && value !== undefined)) as Record<string, string>;
  return { ...inherited, ...env };
}

export interface McpHttpProcess {
  url: URL;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startMcpHttp(env: Record<string, string>): Promise<McpHttpProcess> {
  const child: ChildProcess = spawn(process.execPath, [MCP_MAIN_PATH], {
    env: childEnv({ IGGY_MCP_TRANSPORT: 'http', IGGY_MCP_HTTP_ADDRESS: '127.0.0.1:0', ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`iggy-mcp did not start:\n${stderr}`)), START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-64 * 1024);
      const match = /serving MCP over https? at (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]!));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`iggy-mcp exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
