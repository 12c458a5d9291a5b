import { toPlain } from './to-plain.js';

function cell(value: unknown): string {
  const plain = toPlain(value);
  if (plain === null || plain === undefined) return '';
  if (typeof plain === 'object') return JSON.stringify(plain);
  return String(plain);
}

/** A boxed text table with a header row; every row is padded to the widest cell of its column. */
export function renderTable(columns: readonly string[], rows: readonly unknown[][]): string {
  const text = rows.map((row) => row.map(cell));
  const widths = columns.map((name, index) => Math.max(name.length, ...text.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  return [rule, line(columns), rule, ...text.map(line), rule].join('\n');
}
