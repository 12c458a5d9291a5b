/**
 * No import cycles in the server's compiled code. Reads every module under dist/src (the compiled
 * form: type-only imports are gone, so what remains is what Node loads) and fails on any
 * strongly connected group of modules, naming the modules in it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** Compiled location: packages/server/dist/test/unit/architecture/ → packages/server/dist/src. */
const SRC_ROOT = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Static `import … from './x.js'`, `export … from './x.js'`, `import './x.js'` and `import('./x.js')`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function modules(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) modules(path, out);
    else if (name.endsWith('.js')) out.push(path);
  }
  return out;
}

export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of modules(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(RELATIVE_IMPORT)].map((m) => resolve(dirname(file), m[1]!));
    graph.set(file, targets);
  }
  return graph;
}

/** Tarjan's strongly connected components with more than one module (or a self-import). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) !== indexOf.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

test('the cycle finder reports a cycle (self-check on a made-up graph)', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(cycles(graph).map((c) => c.sort()), [['a', 'b', 'c']]);
});

test('packages/server/src has no import cycles', () => {
  const graph = importGraph(SRC_ROOT);
  assert.ok(graph.size > 50, `expected the compiled server modules under ${SRC_ROOT}`);
  const found = cycles(graph).map((component) => component.map((file) => relative(SRC_ROOT, file)).sort());
  assert.deepEqual(found, [], `import cycles:\n${found.map((c) => c.join(' -> ')).join('\n')}`);
});
