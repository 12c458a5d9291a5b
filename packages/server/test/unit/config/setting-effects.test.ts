// Goal: no configuration key is silently ignored. Every leaf of CONFIG_SCHEMA is either
// honoured (its leaf name appears in the source file named as its reader) or listed as
// without effect, never both; and start-up names the no-effect keys, warning for those turned on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { arrayItemSchema, CONFIG_SCHEMA, isArrayOfTables, type TableSchema } from '../../../src/config/config-schema.js';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import { HONOURED_SETTINGS, SETTINGS_WITHOUT_EFFECT, settingsWithoutEffectNotices } from '../../../src/config/setting-effects.js';

/** Compiled test: dist/test/unit/config → the TypeScript sources in src/. */
const SOURCE_ROOT = fileURLToPath(new URL('../../../../src/', import.meta.url));

function leaves(schema: TableSchema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, node] of Object.entries(schema)) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof node === 'string') out.push(key);
    else if (isArrayOfTables(node)) out.push(...leaves(arrayItemSchema(node), key));
    else out.push(...leaves(node, key));
  }
  return out;
}

function coveredBy(key: string, entries: readonly string[]): string | undefined {
  return entries.find((entry) => key === entry || key.startsWith(`${entry}.`));
}

test('every config key is honoured by a named reader or listed as without effect, not both', () => {
  const honoured = Object.keys(HONOURED_SETTINGS);
  const noEffect = SETTINGS_WITHOUT_EFFECT.map((setting) => setting.key);
  const problems: string[] = [];
  for (const key of leaves(CONFIG_SCHEMA)) {
    const reader = coveredBy(key, honoured);
    const unused = coveredBy(key, noEffect);
    if (reader === undefined && unused === undefined) problems.push(`${key}: neither honoured nor in the no-effect list`);
    if (reader !== undefined && unused !== undefined) problems.push(`${key}: both honoured (${reader}) and without effect (${unused})`);
    if (reader !== undefined) {
      const file = HONOURED_SETTINGS[reader]!;
      const leaf = key.split('.').at(-1)!;
      const source = readFileSync(`${SOURCE_ROOT}${file}`, 'utf8');
      // A section entry names the file that takes the section; a key entry, the file that reads the key.
      const expected = reader === key ? leaf : reader.split('.').at(-1)!;
      if (!source.includes(expected)) problems.push(`${key}: ${file} does not mention "${expected}"`);
    }
  }
  assert.deepEqual(problems, []);
});

test('start-up notices name every no-effect key, warning only for what was turned on', () => {
  const config = convertRawConfig(DEFAULT_RAW_CONFIG).config;
  const defaults = settingsWithoutEffectNotices(config);
  const text = defaults.map((notice) => notice.message).join('\n');
  for (const setting of SETTINGS_WITHOUT_EFFECT) assert.ok(text.includes(setting.key), `${setting.key} is named`);
  // QUIC is enabled in Iggy's defaults but not served here.
  assert.ok(defaults.some((notice) => notice.level === 'warn' && notice.message.startsWith('quic has no effect')));
  assert.ok(defaults.some((notice) => notice.level === 'info' && notice.message.includes('message_saver')));
  assert.ok(!defaults.some((notice) => notice.level === 'warn' && notice.message.includes('allow_override')));

  config.system.compression.allow_override = true;
  config.system.state.retry_delay = 12_345;
  const changed = settingsWithoutEffectNotices(config);
  assert.ok(changed.some((notice) => notice.level === 'warn' && notice.message.startsWith('system.compression.allow_override has no effect')));
  assert.ok(changed.some((notice) => notice.level === 'warn' && notice.message.startsWith('system.state.retry_delay has no effect')));
});
