/**
 * GetSnapshot: a ZIP with one text file per requested diagnostic (Iggy names them
 * `<type>.txt`). We gather the same facts from /proc and the data directory instead of running
 * shell tools, so the snapshot works in minimal containers. Compression: stored (1) as asked,
 * every other method is written as deflate (2), the one ZIP method every reader supports.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SnapshotType, SnapshotCompression, SNAPSHOT_TYPES_ALL } from '@iggy-node/protocol';
import type { ServerConfig } from '../../config/server-config.js';
import { buildZip, type ZipEntry } from './zip-writer.js';

const NAMES: Record<number, string> = {
  [SnapshotType.FilesystemOverview]: 'filesystem_overview',
  [SnapshotType.ProcessList]: 'process_list',
  [SnapshotType.ResourceUsage]: 'resource_usage',
  [SnapshotType.Test]: 'test',
  [SnapshotType.ServerLogs]: 'server_logs',
  [SnapshotType.ServerConfig]: 'server_config',
};

/** Listing stops after this many entries so a huge data directory cannot bloat the answer. */
const FILESYSTEM_ENTRIES_MAX = 10_000;
/** Log bytes included (the newest ones). */
const LOG_BYTES_MAX = 4 * 1024 * 1024;

export async function buildSnapshotArchive(config: ServerConfig, compression: number, types: readonly number[]): Promise<Buffer> {
  const expanded = types.includes(SnapshotType.All) ? SNAPSHOT_TYPES_ALL : types;
  const entries: ZipEntry[] = [];
  for (const type of expanded) {
    const name = NAMES[type];
    if (!name) continue;
    entries.push({ name: `${name}.txt`, data: Buffer.from(await collect(type, config), 'utf8') });
  }
  return buildZip(entries, compression !== SnapshotCompression.Stored);
}

async function collect(type: number, config: ServerConfig): Promise<string> {
  switch (type) {
    case SnapshotType.FilesystemOverview:
      return listTree(config.system.path);
    case SnapshotType.ProcessList:
      return processList();
    case SnapshotType.ResourceUsage:
      return JSON.stringify(
        { memory: process.memoryUsage(), resources: process.resourceUsage(), loadavg: os.loadavg(), uptimeS: os.uptime(), cpus: os.cpus().length },
        null,
        2,
      );
    case SnapshotType.ServerLogs:
      return serverLogs(config);
    case SnapshotType.ServerConfig:
      return readFile(path.join(config.system.path, 'runtime', 'current_config.toml'), 'utf8').catch(() => '(runtime config not written yet)\n');
    default:
      return 'test\n';
  }
}

async function listTree(root: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (lines.length >= FILESYSTEM_ENTRIES_MAX) return;
      const full = path.join(dir, name);
      const info = await stat(full).catch(() => null);
      if (!info) continue;
      lines.push(`${info.isDirectory() ? 'd' : '-'} ${String(info.size).padStart(12)} ${path.relative(root, full)}`);
      if (info.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return lines.join('\n') + '\n';
}

async function processList(): Promise<string> {
  const lines = ['PID\tSTATE\tRSS_KB\tCOMMAND'];
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
    if (!status) continue;
    const field = (key: string): string => new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? '';
    lines.push(`${pid}\t${field('State')}\t${field('VmRSS').replace(' kB', '')}\t${field('Name')}`);
  }
  return lines.join('\n') + '\n';
}

async function serverLogs(config: ServerConfig): Promise<string> {
  const dir = path.join(config.system.path, config.system.logging.path || 'logs');
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const chunks: string[] = [];
  let remaining = LOG_BYTES_MAX;
  for (const name of names.reverse()) {
    if (remaining <= 0) break;
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    const tail = text.slice(-remaining);
    remaining -= tail.length;
    chunks.unshift(`==> ${name} <==\n${tail}`);
  }
  return chunks.length > 0 ? chunks.join('\n') : '(no log files; file logging is disabled)\n';
}
