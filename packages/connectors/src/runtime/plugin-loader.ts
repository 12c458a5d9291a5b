// Finds and imports a connector's plugin module (ESM dynamic import, where Iggy loads a Rust
// shared library). `path` in the connector file may be:
//   - empty: the built-in plugin named by the key (`key = "stdout"` in a sink -> stdout sink);
//   - "builtin:<name>": a built-in (stdout, random, postgres, file);
//   - Iggy's library path ("target/release/libiggy_connector_stdout_sink"): the built-in of that name,
//     so Iggy's own connector files work unchanged;
//   - "./x.js", "../x.mjs", "/abs/x.js", "file:...": a local module, relative to the connector file;
//   - anything else: an npm package, resolved from the connector file's directory, then the runtime's.
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorPlugin } from '../plugin-api.js';

const BUILTIN_MODULES: Record<string, string> = {
  stdout_sink: '../plugins/stdout-sink.js',
  random_source: '../plugins/random-source.js',
  postgres_sink: '../plugins/postgres-sink.js',
  postgres_source: '../plugins/postgres-source.js',
  file_sink: '../plugins/file-sink.js',
  file_source: '../plugins/file-source.js',
};

export function builtinPluginNames(): string[] {
  return Object.keys(BUILTIN_MODULES);
}

/** The module specifier to import for a connector, or an error saying why there is none. */
export function resolvePluginSpecifier(type: 'sink' | 'source', key: string, path: string, configDir: string): string {
  const builtin = builtinName(type, key, path);
  if (builtin) {
    const module = BUILTIN_MODULES[builtin];
    if (!module) throw new Error(`no built-in ${type} plugin "${builtin}"; built-ins: ${builtinPluginNames().join(', ')}`);
    return new URL(module, import.meta.url).href;
  }
  if (path.startsWith('file:')) return path;
  if (path.startsWith('.') || isAbsolute(path)) return pathToFileURL(resolve(configDir, path)).href;
  for (const base of [configDir, process.cwd()]) {
    try {
      return pathToFileURL(createRequire(join(base, 'noop.js')).resolve(path)).href;
    } catch {
      // not resolvable from here (or an ESM-only package without a require condition)
    }
  }
  return path;
}

function builtinName(type: 'sink' | 'source', key: string, path: string): string | null {
  if (path === '') return `${key}_${type}`;
  if (path.startsWith('builtin:')) {
    const name = path.slice('builtin:'.length);
    return name.endsWith(`_${type}`) ? name : `${name}_${type}`;
  }
  const library = /libiggy_connector_([a-z0-9_]+?)(?:\.(?:so|dylib|dll))?$/.exec(path);
  return library ? library[1]! : null;
}

/** Imports the module and checks that its default export (or `plugin` export) is a plugin of `type`. */
export async function loadPlugin(type: 'sink' | 'source', specifier: string): Promise<ConnectorPlugin> {
  const module = (await import(specifier)) as { default?: unknown; plugin?: unknown };
  const plugin = (module.default ?? module.plugin) as Partial<ConnectorPlugin> | undefined;
  if (!plugin || typeof plugin !== 'object' || typeof plugin.create !== 'function') {
    throw new Error(`${specifier} does not export a plugin (export default defineSink({...}) or defineSource({...}))`);
  }
  if (plugin.type !== type) throw new Error(`${specifier} exports a ${String(plugin.type)} plugin, the connector file says ${type}`);
  return plugin as ConnectorPlugin;
}
