import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnapshotCompression, SnapshotType } from '@iggy-node/sdk';
import { CliArgsError } from '../../args/cli-args-error.js';
import { defineCommand } from '../../define-command.js';
import { SNAPSHOT } from '../command-heads.js';

const COMPRESSIONS: Record<string, SnapshotCompression> = {
  stored: SnapshotCompression.Stored,
  deflated: SnapshotCompression.Deflated,
  bzip2: SnapshotCompression.Bzip2,
  zstd: SnapshotCompression.Zstd,
  lzma: SnapshotCompression.Lzma,
  xz: SnapshotCompression.Xz,
};
const TYPES: Record<string, SnapshotType> = {
  filesystem_overview: SnapshotType.FilesystemOverview,
  process_list: SnapshotType.ProcessList,
  resource_usage: SnapshotType.ResourceUsage,
  test: SnapshotType.Test,
  server_logs: SnapshotType.ServerLogs,
  server_config: SnapshotType.ServerConfig,
  all: SnapshotType.All,
};

/** "20251125_121500", the local-time stamp Iggy's CLI puts in the file name. */
function fileStamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}_${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

export const snapshot = defineCommand({
  ...SNAPSHOT,
  builder: (y) =>
    y
      .option('compression', { type: 'string', default: 'deflated', describe: `One of ${Object.keys(COMPRESSIONS).join(', ')}` })
      .option('snapshot-types', { type: 'string', array: true, default: ['all'], describe: `Any of ${Object.keys(TYPES).join(', ')}` })
      .option('out-dir', { type: 'string', default: '.', describe: 'Folder the zip is written to' }),
  run: async (args, context) => {
    const compression = COMPRESSIONS[args.compression];
    if (compression === undefined) throw new CliArgsError(`invalid compression "${args.compression}"`);
    const types = args.snapshotTypes.flatMap((text) => String(text).split(',')).map((name) => {
      const type = TYPES[name];
      if (type === undefined) throw new CliArgsError(`invalid snapshot type "${name}"`);
      return type;
    });
    const client = await context.client();
    const archive = await client.getSnapshot({ compression, types });
    const path = join(args.outDir, `snapshot_${fileStamp(new Date())}.zip`);
    writeFileSync(path, archive);
    context.output.info(`Snapshot of ${archive.length} bytes written to ${path}`);
  },
});
