import { execFileSync } from 'node:child_process';
import { cpus, hostname, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  identifier: string;
  cpuModel: string;
  cpuCores: number;
  totalMemoryMb: number;
  osName: string;
  osVersion: string;
  nodeVersion: string;
}

export function machineInfo(identifier: string | null = null): MachineInfo {
  const list = cpus();
  return {
    identifier: identifier ?? hostname(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCores: list.length,
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    osName: type(),
    osVersion: release(),
    nodeVersion: process.version,
  };
}

/** `git rev-parse HEAD` of the working directory; null outside a repository or without git. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}
