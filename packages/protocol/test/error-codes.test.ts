// Checks every ErrorCode number against shared/reference/error-codes.md (parsing its table at
// test time) and against a hard-coded list of the ★ codes. The reference file is required: a
// missing file fails the test (it used to pass silently). IGGY_REFERENCE_DIR points elsewhere.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ERROR_CODE_TABLE, ErrorCode, IggyError, errorInfo } from '../src/index.js';

// dist/test/<file>.js -> packages/protocol -> repo root -> ../shared/reference
const referencePath = process.env.IGGY_REFERENCE_DIR
  ? join(process.env.IGGY_REFERENCE_DIR, 'error-codes.md')
  : fileURLToPath(new URL('../../../../../shared/reference/error-codes.md', import.meta.url));

const STARRED: Record<number, string> = {
  1: 'Error', 3: 'InvalidCommand', 6: 'InvalidIdentifier', 8: 'Disconnected', 20: 'ResourceNotFound',
  30: 'StaleClient', 40: 'Unauthenticated', 41: 'Unauthorized', 42: 'InvalidCredentials', 43: 'InvalidUsername',
  44: 'InvalidPassword', 46: 'UserAlreadyExists', 47: 'UserInactive', 48: 'CannotDeleteUser',
  49: 'CannotChangePermissions', 50: 'InvalidPersonalAccessTokenName', 51: 'PersonalAccessTokenAlreadyExists',
  52: 'PersonalAccessTokensLimitReached', 53: 'InvalidPersonalAccessToken', 54: 'PersonalAccessTokenExpired',
  81: 'InvalidUtf8', 100: 'ClientNotFound', 1009: 'StreamIdNotFound', 1012: 'StreamNameAlreadyExists',
  1013: 'InvalidStreamName', 1019: 'InvalidTopicSize', 2010: 'TopicIdNotFound', 2013: 'TopicNameAlreadyExists',
  2014: 'InvalidTopicName', 2015: 'TooManyPartitions', 2019: 'InvalidPartitionsCount', 3007: 'PartitionNotFound',
  3021: 'ConsumerOffsetNotFound', 3022: 'NotResolvedConsumer', 4009: 'InvalidMessagesCount', 4017: 'TooBigUserHeaders',
  4022: 'TooBigMessagePayload', 4031: 'NonZeroOffset', 4032: 'NonZeroTimestamp', 4033: 'MissingIndex',
  4036: 'InvalidMessagesSize', 5000: 'ConsumerGroupIdNotFound', 5004: 'ConsumerGroupNameAlreadyExists',
  5005: 'InvalidConsumerGroupName', 5006: 'ConsumerGroupMemberNotFound',
};

test('★ codes have the reference numbers', () => {
  const codes = ErrorCode as Record<string, number>;
  for (const [code, name] of Object.entries(STARRED)) assert.equal(codes[name], Number(code), name);
});

test('ErrorCode and ERROR_CODE_TABLE agree with each other', () => {
  const names = new Set(ERROR_CODE_TABLE.map((entry) => entry.code));
  for (const [name, code] of Object.entries(ErrorCode)) assert.ok(names.has(code), `${name} (${code}) missing from ERROR_CODE_TABLE`);
  assert.equal(new IggyError(ErrorCode.StreamIdNotFound).codeName, 'stream_id_not_found');
  assert.equal(errorInfo(999_999).name, 'error');
});

test('every code matches shared/reference/error-codes.md', () => {
  assert.ok(existsSync(referencePath), `${referencePath} is missing: check out shared/ next to the repository or set IGGY_REFERENCE_DIR`);
  const rows = [...readFileSync(referencePath, 'utf8').matchAll(/^\| (\d+) \| `([a-z0-9_]+)` \((\w+)\)/gm)];
  assert.ok(rows.length > 200, `parsed only ${rows.length} rows`);
  const codes = ErrorCode as Record<string, number>;
  const reference = new Map<number, { snake: string; pascal: string }>();
  for (const [, code, snake, pascal] of rows) reference.set(Number(code), { snake: snake!, pascal: pascal! });
  for (const [code, { snake, pascal }] of reference) {
    assert.equal(codes[pascal], code, `ErrorCode.${pascal}`);
    assert.equal(errorInfo(code).name, snake, `name of ${code}`);
  }
  for (const [name, code] of Object.entries(codes)) assert.ok(reference.has(code), `${name} (${code}) not in the reference`);
});

test('error messages are plain sentences for users, without internal notes or cut text', () => {
  for (const { code, message } of ERROR_CODE_TABLE) {
    assert.match(message, /^[A-Z]/, `${code}: starts with a capital letter`);
    assert.ok(message.length <= 80, `${code}: short (${message.length} chars)`);
    for (const note of ['...', '§', '.md', '0.7', '—', '(e.g', 'never used', 'not used', 'SDK']) {
      assert.ok(!message.includes(note), `${code}: "${message}" contains "${note}"`);
    }
  }
  assert.equal(new IggyError(ErrorCode.StreamIdNotFound, 'stream 7').message, 'Stream not found (stream_id_not_found, 1009): stream 7');
});
