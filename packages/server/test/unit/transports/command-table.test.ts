import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandCode, commandName } from '@iggy-node/protocol';
import { binaryCommandTable } from '../../../src/transports/binary/command-table.js';

test('the binary command table has exactly one entry for each of the 47 Iggy command codes', () => {
  const table = binaryCommandTable();
  const codes = table.map((entry) => entry.code).sort((a, b) => a - b);
  const expected = Object.values(CommandCode).sort((a, b) => a - b);
  assert.equal(expected.length, 47);
  assert.deepEqual(codes, expected);
  for (const entry of table) assert.equal(entry.name, commandName(entry.code), `code ${entry.code}`);
});

test('only ping and the two logins run without a logged-in session', () => {
  const open = binaryCommandTable()
    .filter((entry) => !entry.requiresAuthentication)
    .map((entry) => entry.name)
    .sort();
  assert.deepEqual(open, ['LoginUser', 'LoginWithPersonalAccessToken', 'Ping']);
});
