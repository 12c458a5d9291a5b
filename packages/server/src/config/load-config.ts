import { readFileSync } from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError } from './config-error.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import { convertRawConfig } from './convert-raw-config.js';
import { DEFAULT_CONFIG_PATH, DEFAULT_RAW_CONFIG } from './defaults.js';
import { readEnvOverrides } from './env-overrides.js';
import { findUpwards } from './find-upwards.js';
import { loadDotenv } from './load-dotenv.js';
import { mergeRawConfig, type RawTable } from './raw-config.js';
import type { ServerConfig } from './server-config.js';
import { validateConfig } from './validate-config.js';

export interface LoadConfigOptions {
  /** Path given on the command line (`--config`); wins over IGGY_CONFIG_PATH. */
  argvConfigPath?: string;
  /** Environment to read IGGY_* variables from; `process.env` by default. Not modified. */
  env?: Record<string, string | undefined>;
  /** Directory relative paths start from; `process.cwd()` by default. */
  cwd?: string;
  /** CPUs available for shards, for the cpu_allocation checks; `os.availableParallelism()` by default. */
  availableCpus?: number;
}

export interface LoadedConfig {
  config: ServerConfig;
  /** Absolute path of the config file used, or `'embedded defaults'` when none was found. */
  source: string;
  /** Things to log at WARN once a logger exists (missing file, unknown keys or variables). */
  warnings: string[];
  /** IGGY_* variables that changed a value, for the start-up log (values not included). */
  envOverrides: string[];
}

export const EMBEDDED_DEFAULTS_SOURCE = 'embedded defaults';

/** Reads and parses a TOML config file into the raw tree; errors name the file and line. */
export function readConfigFile(path: string): RawTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('IGGY_CONFIG_IO', `cannot read config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseToml(text) as RawTable;
  } catch (error) {
    const detail = error instanceof TomlError ? `line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]}` : String(error);
    throw new ConfigError('IGGY_CONFIG_PARSE', `cannot parse config file ${path}: ${detail}`, { cause: error });
  }
}

/**
 * Builds the effective configuration as Iggy 0.7 does (reference server-semantics.md §8.1):
 * dotenv → embedded defaults → config file (if found; a missing file is only a warning) →
 * IGGY_* variables, then conversion to bytes/milliseconds and validation. Runs on the coordinator
 * thread before any shard starts; throws ConfigError naming the key for any bad value.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const dotenv = loadDotenv(options.env ?? process.env, cwd);
  const env = dotenv.env;
  const warnings = [...dotenv.warnings];

  const requestedPath = options.argvConfigPath ?? (env.IGGY_CONFIG_PATH || undefined) ?? DEFAULT_CONFIG_PATH;
  const foundPath = findUpwards(requestedPath, cwd);
  let raw = DEFAULT_RAW_CONFIG;
  let source = EMBEDDED_DEFAULTS_SOURCE;
  if (foundPath !== undefined) {
    raw = mergeRawConfig(raw, readConfigFile(foundPath));
    source = foundPath;
  } else {
    warnings.push(`Configuration file not found at path '${requestedPath}' (from ${cwd}); using the defaults built into the server`);
  }

  const overrides = readEnvOverrides(env, CONFIG_SCHEMA);
  warnings.push(...overrides.warnings);
  raw = mergeRawConfig(raw, overrides.raw);

  const { config, unknownKeys } = convertRawConfig(raw);
  for (const key of unknownKeys) warnings.push(`Unknown config key '${key}' in ${source} is ignored`);
  const validateOptions = options.availableCpus !== undefined ? { availableCpus: options.availableCpus } : {};
  warnings.push(...validateConfig(config, validateOptions));
  return { config, source, warnings, envOverrides: overrides.appliedNames };
}
