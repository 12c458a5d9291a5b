#!/usr/bin/env node
// Prints a Markdown summary of Stryker JSON reports: score per file and every surviving mutant
// (file:line, mutator, replacement), for docs/TESTING.md.
// Usage: node scripts/mutation/summarize.mjs reports/mutation/protocol.json [...]
import { readFileSync } from 'node:fs';

for (const path of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const rows = [];
  const survivors = [];
  const totals = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, other: 0 };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const counts = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, other: 0 };
    for (const mutant of mutants) {
      const key = mutant.status === 'Killed' ? 'killed' : mutant.status === 'Survived' ? 'survived' : mutant.status === 'Timeout' ? 'timeout' : mutant.status === 'NoCoverage' ? 'noCoverage' : 'other';
      counts[key]++;
      totals[key]++;
      if (key === 'survived' || key === 'noCoverage') {
        survivors.push(`${file}:${mutant.location.start.line} ${mutant.mutatorName}: \`${(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}\``);
      }
    }
    const detected = counts.killed + counts.timeout;
    const valid = detected + counts.survived + counts.noCoverage;
    rows.push(`| ${file} | ${valid === 0 ? '-' : ((100 * detected) / valid).toFixed(1)} | ${counts.killed} | ${counts.timeout} | ${counts.survived} |`);
  }
  const detected = totals.killed + totals.timeout;
  const valid = detected + totals.survived + totals.noCoverage;
  console.log(`### ${path}\n\nScore ${((100 * detected) / valid).toFixed(1)}% (${detected} of ${valid} detected; killed ${totals.killed}, timeout ${totals.timeout}, survived ${totals.survived}, no coverage ${totals.noCoverage}, errors ${totals.other})\n`);
  console.log('| File | Score % | Killed | Timeout | Survived |\n|---|---|---|---|---|');
  console.log(rows.join('\n'));
  console.log(`\nSurvivors (${survivors.length}):\n`);
  for (const line of survivors) console.log(`- ${line}`);
  console.log();
}
