/**
 * The configuration before conversion: the plain tree smol-toml returns (strings such as
 * "1 GiB" and "30 s" not yet parsed). The layers (embedded defaults, file, IGGY_* variables) are
 * merged at this level, as Iggy merges them with figment before deserialising.
 */
export type RawValue = string | number | boolean | Date | RawValue[] | RawTable;

export interface RawTable {
  [key: string]: RawValue;
}

export function isRawTable(value: unknown): value is RawTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Returns `base` with `override` laid over it: tables merge key by key, while arrays and scalars
 * replace (figment's `merge`; an array from a later layer replaces the whole earlier array).
 * Neither input is modified.
 */
export function mergeRawConfig(base: RawTable, override: RawTable): RawTable {
  const merged: RawTable = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const previous = merged[key];
    merged[key] = isRawTable(previous) && isRawTable(value) ? mergeRawConfig(previous, value) : value;
  }
  return merged;
}
