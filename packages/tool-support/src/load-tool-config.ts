// The loading order both tools share: defaults, then the file named by the path variable (or the
// tool's default path in Iggy's repository layout when that exists), then IGGY_<TOOL>_* variables.
import { existsSync } from 'node:fs';
import { applyEnvOverrides, mergeKnown, readConfigFile, type ConfigTree } from './config-file.js';

export interface ToolConfigSource {
  defaults: ConfigTree;
  /** e.g. IGGY_MCP_: every leaf of `defaults` can be set by this prefix + SECTION_KEY. */
  envPrefix: string;
  /** Read when the path variable is unset and the file exists (relative to the working directory). */
  defaultPath: string;
  /** Words for the warning about an unknown variable: "names no <settingNoun> and is ignored". */
  settingNoun: string;
}

export interface LoadedToolConfig {
  merged: ConfigTree;
  /** Where the file came from, or null when only defaults and environment were used. */
  path: string | null;
  /** Unknown keys in the file and unknown variables, for a start-up warning. */
  warnings: string[];
}

/** What a tool's loader returns: its typed config, the file's path and the start-up warnings. */
export interface LoadedConfig<T> {
  config: T;
  path: string | null;
  warnings: string[];
}

/**
 * `<prefix>CONFIG_PATH` names the file; `<prefix>ENV_PATH` (Iggy's .env file, not read here) is
 * not a setting either, so neither is warned about.
 */

export function loadToolConfig(source: ToolConfigSource, env: NodeJS.ProcessEnv): LoadedToolConfig {
  const { defaults, envPrefix } = source;
  const pathVariable = `${envPrefix}CONFIG_PATH`;
  const nonSettingVariables = new Set([pathVariable, `${envPrefix}ENV_PATH`]);
  const warnings: string[] = [];
  let path: string | null = env[pathVariable] || null;
  if (path && !existsSync(path)) throw new Error(`${pathVariable}=${path}: no such file`);
  if (!path && existsSync(source.defaultPath)) path = source.defaultPath;
  let merged: ConfigTree = structuredClone(defaults);
  if (path) {
    const result = mergeKnown(defaults, readConfigFile(path));
    merged = result.merged;
    for (const key of result.unknownKeys) warnings.push(`unknown setting "${key}" in ${path} is ignored`);
  }
  for (const name of applyEnvOverrides(merged, defaults, envPrefix, env, nonSettingVariables)) {
    warnings.push(`environment variable ${name} names no ${source.settingNoun} and is ignored`);
  }
  return { merged, path, warnings };
}
