// Small readers for [plugin_config] values, so every plugin reports a bad value the same way.
import { parseDurationMs } from '../config/durations.js';

export class PluginConfigReader {
  constructor(
    private readonly config: Record<string, unknown>,
    private readonly where: string,
  ) {}

  string(key: string, fallback?: string): string {
    const value = this.config[key] ?? fallback;
    if (typeof value !== 'string') throw new Error(`${this.where}: plugin_config.${key} must be a string`);
    return value;
  }

  optionalString(key: string): string | null {
    const value = this.config[key];
    if (value === undefined || value === '') return null;
    if (typeof value !== 'string') throw new Error(`${this.where}: plugin_config.${key} must be a string`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.config[key] ?? fallback;
    if (typeof value !== 'boolean') throw new Error(`${this.where}: plugin_config.${key} must be true or false`);
    return value;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.config[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${this.where}: plugin_config.${key} must be an integer in ${min}..${max}`);
    }
    return value;
  }

  durationMs(key: string, fallbackMs: number): number {
    return parseDurationMs(this.config[key], `${this.where}: plugin_config.${key}`, fallbackMs);
  }

  stringList(key: string): string[] {
    const value = this.config[key] ?? [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${this.where}: plugin_config.${key} must be a list of strings`);
    return value;
  }

  /** Names keys the plugin does not implement, for a start-up warning. */
  unsupported(keys: readonly string[]): string[] {
    return keys.filter((key) => this.config[key] !== undefined && this.config[key] !== false && this.config[key] !== '');
  }
}
