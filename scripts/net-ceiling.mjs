#!/usr/bin/env node
// Measures this machine's Node loopback TCP ceiling: a Node server (worker thread) discarding what
// arrives, a client writing 1 MiB buffers for N seconds (default 3). Prints MB/s (1 MB = 1e6 B).
// Usage: node scripts/net-ceiling.mjs [seconds] [--json]   (build first: npx tsc -b packages/bench)
import { measureNetCeiling } from '../packages/bench/dist/src/net-ceiling/measure-net-ceiling.js';

const seconds = Number(process.argv.find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 3);
const result = await measureNetCeiling(seconds);
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else console.log(`node loopback TCP ceiling: ${result.mbPerSecond.toFixed(0)} MB/s (${result.writeSizeBytes} B writes, ${result.seconds.toFixed(2)} s)`);
