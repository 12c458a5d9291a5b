// Goal: MetadataStore persists every mutation so a reopen replays to the identical model, creates root exactly once and never writes plain passwords; method: mutate a store in a temp dir, reopen, compare snapshots and read the raw log.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ErrorCode, IggyError, U64_MAX, allGlobalPermissions, type Permissions } from '@iggy-node/protocol';
import { MetadataStore, type MetadataStoreOptions } from '../../../src/metadata/metadata-store.js';
import { verifyPassword } from '../../../src/metadata/password-hasher.js';
import { hashToken } from '../../../src/metadata/token-hasher.js';

const directories: string[] = [];
after(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function tempStatePath(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'iggy-metadata-store-'));
  directories.push(directory);
  return join(directory, 'state');
}

/** A clock that advances 1 µs per reading, so every created_at differs. */
function fakeClock(start = 1_700_000_000_000_000n): () => bigint {
  let now = start;
  return () => (now += 1n);
}

function options(statePath: string, overrides: Partial<MetadataStoreOptions> = {}): MetadataStoreOptions {
  return {
    statePath,
    enforceFsync: false,
    rootCredentials: { username: 'iggy', password: 'root-secret' },
    nowMicros: fakeClock(),
    topicDefaults: { messageExpiryMicros: U64_MAX, maxTopicSizeBytes: U64_MAX, segmentSizeBytes: 1024n },
    ...overrides,
  };
}

function throwsCode(code: number): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(IggyError.is(error, code), `expected code ${code}, got ${String(error)}`);
    return true;
  };
}

test('replay after reopen rebuilds the identical model: ids, names, created_at, users, permissions, tokens', async () => {
  const statePath = await tempStatePath();
  const { store } = await MetadataStore.open(options(statePath));
  await store.createStream('s0');
  await store.createStream('s1');
  await store.createStream('s2');
  await store.deleteStream(1);
  await store.createTopic(0, { name: 't0', partitionsCount: 3, compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 0n });
  await store.createTopic(0, { name: 't1', partitionsCount: 1, compression: 2, messageExpiryMicros: 7n, maxTopicSizeBytes: 4096n, replicationFactor: 2 });
  await store.createTopic('s2', { name: 'x', partitionsCount: 0, compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 0n });
  await store.deleteTopic(0, 't0');
  await store.createPartitions(0, 1, 4);
  await store.deletePartitions(0, 1, 2);
  await store.updateTopic(0, 1, { name: 't1-renamed', compression: 1, messageExpiryMicros: 9n, maxTopicSizeBytes: U64_MAX, replicationFactor: 1 });
  await store.updateStream(2, 's2-renamed');
  await store.createConsumerGroup(0, 1, 'g0');
  await store.createConsumerGroup(0, 1, 'g1');
  await store.deleteConsumerGroup(0, 1, 'g0');
  const permissions: Permissions = {
    global: { ...allGlobalPermissions(), manageUsers: false },
    streams: new Map([[0, { manageStream: true, readStream: true, manageTopics: false, readTopics: true, pollMessages: true, sendMessages: false, topics: new Map([[1, { manageTopic: false, readTopic: true, pollMessages: true, sendMessages: false }]]) }]]),
  };
  const bob = await store.createUser({ username: 'bob', password: 'bob-secret', status: 'active', permissions: null });
  await store.updatePermissions('bob', permissions);
  await store.updateUser(bob.id, { status: 'inactive' });
  await store.createUser({ username: 'carol', password: 'carol-secret', status: 'active', permissions: null });
  await store.deleteUser('carol');
  const { token } = await store.createPersonalAccessToken(bob.id, 'ci-token', 0n);
  await store.createPersonalAccessToken(bob.id, 'short', 60_000_000n);
  await store.createPersonalAccessToken(0, 'gone', 0n);
  await store.deletePersonalAccessToken(0, 'gone');
  assert.equal(store.metadata.findPersonalAccessTokenByHash(hashToken(token))?.name, 'ci-token');
  const before = store.snapshot();
  await store.close();

  // The same clock base: tokens created above are not expired at reopen time.
  const { store: reopened, generatedRootPassword, warnings } = await MetadataStore.open(options(statePath, { nowMicros: fakeClock(1_700_000_000_000_100n) }));
  assert.equal(generatedRootPassword, null);
  assert.deepEqual(warnings, []);
  assert.deepEqual(reopened.snapshot(), before);
  assert.equal(reopened.version, before.version);
  assert.deepEqual([...reopened.metadata.streams.values()].map((stream) => [stream.id, stream.name]), [[0, 's0'], [2, 's2-renamed']]);
  assert.deepEqual(reopened.metadata.getTopic(0, 't1-renamed').partitions.map((partition) => partition.id), [0, 1, 2]);
  assert.equal((await reopened.createStream('after-restart')).id, 1, 'the gap is still the first free slot');
  assert.equal((await reopened.createUser({ username: 'dave', password: 'dave-secret', status: 'active', permissions: null })).id, 2);
  await reopened.close();
});

test('expired tokens are dropped on replay', async () => {
  const statePath = await tempStatePath();
  const { store } = await MetadataStore.open(options(statePath));
  await store.createPersonalAccessToken(0, 'short', 1_000n);
  await store.createPersonalAccessToken(0, 'forever', U64_MAX);
  await store.close();
  const { store: reopened } = await MetadataStore.open(options(statePath, { nowMicros: fakeClock(1_800_000_000_000_000n) }));
  assert.deepEqual(reopened.metadata.personalAccessTokensOf(0).map((token) => [token.name, token.expiryAtMicros]), [['forever', null]]);
  await reopened.close();
});

test('root is created once with all permissions; an existing root keeps its password whatever credentials are passed', async () => {
  const statePath = await tempStatePath();
  const first = await MetadataStore.open(options(statePath, { rootCredentials: { username: 'admin', password: 'first-password' } }));
  const root = first.store.metadata.getUser(0);
  assert.equal(root.username, 'admin');
  assert.deepEqual(root.permissions?.global, allGlobalPermissions());
  assert.equal(first.generatedRootPassword, null);
  assert.equal(await first.store.verifyUserPassword(0, 'first-password'), true);
  assert.equal(first.store.version, 1);
  await first.store.close();

  const second = await MetadataStore.open(options(statePath, { rootCredentials: { username: 'other', password: 'second-password' } }));
  assert.equal(second.store.metadata.users.size, 1);
  assert.equal(second.store.metadata.getUser(0).username, 'admin');
  assert.equal(await second.store.verifyUserPassword('admin', 'first-password'), true);
  assert.equal(await second.store.verifyUserPassword('admin', 'second-password'), false);
  assert.equal(second.store.version, 1, 'no second root entry');
  await second.store.close();
});

test('without credentials root is "iggy" with a generated 20..39 character password, returned once', async () => {
  const statePath = await tempStatePath();
  const { store, generatedRootPassword } = await MetadataStore.open(options(statePath, { rootCredentials: null }));
  assert.ok(generatedRootPassword !== null);
  assert.match(generatedRootPassword, /^[A-Za-z0-9]{20,39}$/);
  assert.equal(store.metadata.getUser(0).username, 'iggy');
  assert.equal(await store.verifyUserPassword('iggy', generatedRootPassword), true);
  await store.close();
  const again = await MetadataStore.open(options(statePath, { rootCredentials: null }));
  assert.equal(again.generatedRootPassword, null);
  await again.store.close();
});

test('invalid root credentials are refused with 43 / 44', async () => {
  await assert.rejects(MetadataStore.open(options(await tempStatePath(), { rootCredentials: { username: 'ab', password: 'long-enough' } })), throwsCode(ErrorCode.InvalidUsername));
  await assert.rejects(MetadataStore.open(options(await tempStatePath(), { rootCredentials: { username: 'admin', password: 'ab' } })), throwsCode(ErrorCode.InvalidPassword));
});

test('passwords are Argon2id hashes, verify, and never appear in the state log', async () => {
  const statePath = await tempStatePath();
  const { store } = await MetadataStore.open(options(statePath, { rootCredentials: { username: 'iggy', password: 'Root-Plaintext-123' } }));
  const user = await store.createUser({ username: 'erin', password: 'Erin-Plaintext-456', status: 'active', permissions: null });
  assert.match(user.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(user.passwordHash, 'Erin-Plaintext-456'), true);
  assert.equal(await verifyPassword(user.passwordHash, 'wrong'), false);
  assert.equal(await verifyPassword('not-a-hash', 'wrong'), false);

  await assert.rejects(store.changePassword('erin', 'not-the-password', 'New-Plaintext-789'), throwsCode(ErrorCode.InvalidCredentials));
  await assert.rejects(store.changePassword('nobody', 'x-x-x', 'New-Plaintext-789'), throwsCode(ErrorCode.ResourceNotFound));
  await assert.rejects(store.changePassword('erin', 'Erin-Plaintext-456', 'ab'), throwsCode(ErrorCode.InvalidPassword));
  await assert.rejects(store.createUser({ username: 'frank', password: 'x'.repeat(101), status: 'active', permissions: null }), throwsCode(ErrorCode.InvalidPassword));
  await store.changePassword('erin', 'Erin-Plaintext-456', 'New-Plaintext-789');
  assert.equal(await store.verifyUserPassword('erin', 'New-Plaintext-789'), true);
  const { token } = await store.createPersonalAccessToken(user.id, 'erin-token', 0n);
  await store.close();

  const log = await readFile(join(statePath, 'log'));
  for (const secret of ['Root-Plaintext-123', 'Erin-Plaintext-456', 'New-Plaintext-789', token]) {
    assert.equal(log.includes(Buffer.from(secret)), false, 'a secret leaked into the state log');
  }
  assert.ok(log.includes(Buffer.from(hashToken(token))), 'the token hash is what is stored');
});

test('store mutations report the same error codes and leave no log entry when refused', async () => {
  const statePath = await tempStatePath();
  const { store } = await MetadataStore.open(options(statePath));
  await store.createStream('s');
  const sizeBefore = (await stat(join(statePath, 'log'))).size;
  const versionBefore = store.version;
  await assert.rejects(store.createStream('s'), throwsCode(ErrorCode.StreamNameAlreadyExists));
  await assert.rejects(store.createTopic(0, { name: 't', partitionsCount: 1, compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 10n }), throwsCode(ErrorCode.InvalidTopicSize));
  await assert.rejects(store.deleteUser(0), throwsCode(ErrorCode.CannotDeleteUser));
  await assert.rejects(store.updatePermissions(0, null), throwsCode(ErrorCode.CannotChangePermissions));
  await assert.rejects(store.createUser({ username: 'iggy', password: 'whatever', status: 'active', permissions: null }), throwsCode(ErrorCode.UserAlreadyExists));
  await assert.rejects(store.deletePersonalAccessToken(0, 'missing'), throwsCode(ErrorCode.ResourceNotFound));
  assert.equal((await stat(join(statePath, 'log'))).size, sizeBefore);
  assert.equal(store.version, versionBefore);

  // Concurrent creates with one name: the queue lets exactly one win.
  const results = await Promise.allSettled([store.createStream('race'), store.createStream('race')]);
  assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
  await store.close();
});

test('the PAT limit comes from the options', async () => {
  const { store } = await MetadataStore.open(options(await tempStatePath(), { maxTokensPerUser: 1 }));
  await store.createPersonalAccessToken(0, 'one', 0n);
  await assert.rejects(store.createPersonalAccessToken(0, 'two', 0n), throwsCode(ErrorCode.PersonalAccessTokensLimitReached));
  await store.close();
});

test('a torn tail from a crash is truncated on open and reported; the model keeps every complete entry', async () => {
  const statePath = await tempStatePath();
  const { store } = await MetadataStore.open(options(statePath));
  await store.createStream('kept');
  await store.createStream('torn');
  await store.close();
  const path = join(statePath, 'log');
  const bytes = await readFile(path);
  await writeFile(path, bytes.subarray(0, bytes.length - 3));
  const { store: reopened, warnings } = await MetadataStore.open(options(statePath));
  assert.equal(warnings.length, 1);
  assert.deepEqual([...reopened.metadata.streams.values()].map((stream) => stream.name), ['kept']);
  assert.equal((await reopened.createStream('torn')).id, 1);
  await reopened.close();
});

test('interior corruption refuses to open and names the log file', async () => {
  const statePath = await tempStatePath();
  const { store } = await MetadataStore.open(options(statePath));
  await store.createStream('a');
  await store.createStream('b');
  await store.close();
  const path = join(statePath, 'log');
  const bytes = await readFile(path);
  bytes[70] ^= 0x01; // inside the payload of entry 0 (the root user)
  await writeFile(path, bytes);
  await assert.rejects(MetadataStore.open(options(statePath)), new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*byte offset 0`));
});
