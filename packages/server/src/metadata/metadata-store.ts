import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import {
  ErrorCode,
  IggyError,
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
  U64_MAX,
  USERNAME_LENGTH_MAX,
  USERNAME_LENGTH_MIN,
  allGlobalPermissions,
  type Identifier,
  type MessageEncryptor,
  type Permissions,
} from '@iggy-node/protocol';
import { decodeMetadataCommand, encodeMetadataCommand, type MetadataCommand } from './metadata-command.js';
import type {
  ConsumerGroupMeta,
  CreateTopicParams,
  MetadataSnapshot,
  PartitionMeta,
  PersonalAccessTokenMeta,
  StreamMeta,
  TopicDefaults,
  TopicMeta,
  UpdateTopicParams,
  UpdateUserParams,
  UserMeta,
  UserStatus,
} from './metadata-model.js';
import { Metadata, ROOT_USER_ID, type MetadataCommandResults } from './metadata.js';
import { hashPassword as argon2Hash, verifyPassword as argon2Verify } from './password-hasher.js';
import { StateLog } from './state-log.js';
import { generateToken, hashToken } from './token-hasher.js';

/** Iggy's default root username when no credentials are configured. */
export const DEFAULT_ROOT_USERNAME = 'iggy';
/** Iggy: a generated root password has 20..=39 alphanumeric characters. */
const GENERATED_PASSWORD_LENGTH_MIN = 20;
const GENERATED_PASSWORD_LENGTH_MAX = 39;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Iggy defaults: `personal_access_token.max_tokens_per_user`. */
const MAX_TOKENS_PER_USER_DEFAULT = 100;
/** Iggy defaults: topic max size unlimited, expiry never, segment 1 GiB. */
const TOPIC_DEFAULTS: TopicDefaults = {
  messageExpiryMicros: U64_MAX,
  maxTopicSizeBytes: U64_MAX,
  segmentSizeBytes: 1024n * 1024n * 1024n,
};

export interface RootCredentials {
  username: string;
  password: string;
}

export interface MetadataStoreOptions {
  /** The state directory, `{system.path}/state`; the log is the file `log` inside it. */
  statePath: string;
  /** `system.state.enforce_fsync`. */
  enforceFsync: boolean;
  /** `[system.encryption]`: state-log command payloads are stored encrypted. */
  encryptor?: MessageEncryptor | null;
  /** Used only when no root user exists yet; null → username "iggy" and a random password. */
  rootCredentials: RootCredentials | null;
  /** `system.topic.*` and `system.segment.size` for CreateTopic defaults (Iggy's defaults if absent). */
  topicDefaults?: TopicDefaults;
  /** `personal_access_token.max_tokens_per_user` (default 100). */
  maxTokensPerUser?: number;
  /** Injectable for tests (Argon2id is deliberately slow). */
  hashPassword?: (plain: string) => Promise<string>;
  verifyPassword?: (passwordHash: string, plain: string) => Promise<boolean>;
  /** Clock in µs since the epoch; becomes created_at of new objects. */
  nowMicros?: () => bigint;
}

export interface MetadataStoreOpenResult {
  store: MetadataStore;
  /** Set only when this open created root with a generated password: print it once. */
  generatedRootPassword: string | null;
  /** Repairs made while loading the log (a truncated torn tail). */
  warnings: string[];
}

function systemNowMicros(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

function generatePassword(): string {
  const length = randomInt(GENERATED_PASSWORD_LENGTH_MIN, GENERATED_PASSWORD_LENGTH_MAX + 1);
  let password = '';
  for (let index = 0; index < length; index += 1) password += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return password;
}

function checkPasswordLength(password: string): void {
  const length = Buffer.byteLength(password, 'utf8');
  // The message carries the length only: a password never appears in error text.
  if (length < PASSWORD_LENGTH_MIN || length > PASSWORD_LENGTH_MAX) {
    throw new IggyError(ErrorCode.InvalidPassword, `password of ${length} bytes (allowed ${PASSWORD_LENGTH_MIN}..=${PASSWORD_LENGTH_MAX})`);
  }
}

function checkUsernameLength(username: string): void {
  const length = Buffer.byteLength(username, 'utf8');
  if (length < USERNAME_LENGTH_MIN || length > USERNAME_LENGTH_MAX) {
    throw new IggyError(ErrorCode.InvalidUsername, `username of ${length} bytes (allowed ${USERNAME_LENGTH_MIN}..=${USERNAME_LENGTH_MAX})`);
  }
}

/**
 * Metadata plus its state log: the authoritative, crash-safe metadata of the server. Lives on
 * the control-plane thread only; other threads receive `snapshot()`s.
 *
 * Every mutation runs in one queue, in this order: validate against the current model (plan),
 * append the resolved command to the log (write, and fdatasync when enforced), then apply it
 * in memory and bump `version`. Because nothing is applied before the append succeeds, a
 * failed append leaves the model unchanged and the call rejects: there is nothing to roll back.
 * A failed append rejects with CannotWriteToFile; the log cuts what it wrote (see StateLog).
 */
export class MetadataStore {
  readonly #metadata: Metadata;
  readonly #log: StateLog;
  readonly #hashPassword: (plain: string) => Promise<string>;
  readonly #verifyPassword: (passwordHash: string, plain: string) => Promise<boolean>;
  readonly #nowMicros: () => bigint;
  readonly #topicDefaults: TopicDefaults;
  readonly #maxTokensPerUser: number;
  #version = 0;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(metadata: Metadata, log: StateLog, options: MetadataStoreOptions) {
    this.#metadata = metadata;
    this.#log = log;
    this.#hashPassword = options.hashPassword ?? argon2Hash;
    this.#verifyPassword = options.verifyPassword ?? argon2Verify;
    this.#nowMicros = options.nowMicros ?? systemNowMicros;
    this.#topicDefaults = options.topicDefaults ?? TOPIC_DEFAULTS;
    this.#maxTokensPerUser = options.maxTokensPerUser ?? MAX_TOKENS_PER_USER_DEFAULT;
  }

  /**
   * Replays `{statePath}/log` into a fresh model, drops personal access tokens that expired
   * meanwhile, and creates the root user (id 0, all global permissions) if there is none.
   * An existing root keeps its credentials whatever `rootCredentials` says.
   */
  static async open(options: MetadataStoreOptions): Promise<MetadataStoreOpenResult> {
    const { log, entries, warnings } = await StateLog.open(join(options.statePath, 'log'), {
      enforceFsync: options.enforceFsync,
      encryptor: options.encryptor ?? null,
    });
    const metadata = new Metadata();
    const store = new MetadataStore(metadata, log, options);
    try {
      for (const entry of entries) {
        const where = `state log ${log.path} entry ${entry.index} at byte offset ${entry.fileOffset}`;
        let command: MetadataCommand;
        try {
          command = decodeMetadataCommand(entry.code, entry.payload);
          metadata.apply(command, entry.timestampMicros);
        } catch (error) {
          throw new Error(`${where} cannot be replayed: ${(error as Error).message}`, { cause: error });
        }
        store.#version += 1;
      }
      metadata.deleteExpiredPersonalAccessTokens(store.#nowMicros());

      let generatedRootPassword: string | null = null;
      if (metadata.users.get(ROOT_USER_ID) === undefined) {
        const username = options.rootCredentials?.username ?? DEFAULT_ROOT_USERNAME;
        const password = options.rootCredentials?.password ?? generatePassword();
        if (options.rootCredentials === null) generatedRootPassword = password;
        checkUsernameLength(username);
        checkPasswordLength(password);
        const passwordHash = await store.#hashPassword(password);
        const permissions: Permissions = { global: allGlobalPermissions(), streams: new Map() };
        await store.#commit(ROOT_USER_ID, () =>
          metadata.planCreateUser({ username, passwordHash, status: 'active', permissions }, ROOT_USER_ID),
        );
      }
      return { store, generatedRootPassword, warnings };
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  /** The live model, for lookups only: change it through this store's methods. */
  get metadata(): Metadata {
    return this.#metadata;
  }

  /** Number of changes applied since the log began (replayed ones included). */
  get version(): number {
    return this.#version;
  }

  /** Non-null while the log holds bytes of a failed append it could not cut yet. */
  get failure(): Error | null {
    return this.#log.failure;
  }

  /** True while the most recent metadata change could not be written (health signal). */
  get failing(): boolean {
    return this.#log.failing;
  }

  snapshot(): MetadataSnapshot {
    return this.#metadata.snapshot(this.#version);
  }

  /** Waits for queued mutations, then closes the log. */
  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.#log.close();
  }

  /**
   * Runs plan → append → apply as one step of the mutation queue, so each plan sees every
   * earlier mutation applied and no later one.
   */
  #commit<C extends MetadataCommand>(
    issuerUserId: number,
    plan: (timestampMicros: bigint) => C,
  ): Promise<MetadataCommandResults[C['kind']]> {
    const run = this.#queue.then(async () => {
      const timestampMicros = this.#nowMicros();
      const command = plan(timestampMicros);
      const { code, payload } = encodeMetadataCommand(command);
      await this.#log.append({ code, payload, timestampMicros, userId: issuerUserId });
      const result = this.#metadata.apply(command, timestampMicros);
      this.#version += 1;
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  // ---------------------------------------------------------------- streams

  createStream(name: string, issuerUserId = ROOT_USER_ID): Promise<StreamMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planCreateStream(name));
  }

  updateStream(streamId: Identifier, name: string, issuerUserId = ROOT_USER_ID): Promise<StreamMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planUpdateStream(streamId, name));
  }

  /** Resolves with the removed stream (its topics included) so callers can remove its files. */
  deleteStream(streamId: Identifier, issuerUserId = ROOT_USER_ID): Promise<StreamMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planDeleteStream(streamId));
  }

  // ---------------------------------------------------------------- topics and partitions

  createTopic(streamId: Identifier, params: CreateTopicParams, issuerUserId = ROOT_USER_ID): Promise<TopicMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planCreateTopic(streamId, params, this.#topicDefaults));
  }

  /** Values are stored as sent, like Iggy 0.7 (see Metadata.planUpdateTopic). */
  updateTopic(
    streamId: Identifier,
    topicId: Identifier,
    params: UpdateTopicParams,
    issuerUserId = ROOT_USER_ID,
  ): Promise<TopicMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planUpdateTopic(streamId, topicId, params));
  }

  deleteTopic(streamId: Identifier, topicId: Identifier, issuerUserId = ROOT_USER_ID): Promise<TopicMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planDeleteTopic(streamId, topicId));
  }

  /** Resolves with the new partitions (ids continue after the existing ones). */
  createPartitions(
    streamId: Identifier,
    topicId: Identifier,
    partitionsCount: number,
    issuerUserId = ROOT_USER_ID,
  ): Promise<PartitionMeta[]> {
    return this.#commit(issuerUserId, () => this.#metadata.planCreatePartitions(streamId, topicId, partitionsCount));
  }

  /** Resolves with the removed partitions (the highest ids). */
  deletePartitions(
    streamId: Identifier,
    topicId: Identifier,
    partitionsCount: number,
    issuerUserId = ROOT_USER_ID,
  ): Promise<PartitionMeta[]> {
    return this.#commit(issuerUserId, () => this.#metadata.planDeletePartitions(streamId, topicId, partitionsCount));
  }

  // ---------------------------------------------------------------- consumer groups

  createConsumerGroup(
    streamId: Identifier,
    topicId: Identifier,
    name: string,
    issuerUserId = ROOT_USER_ID,
  ): Promise<ConsumerGroupMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planCreateConsumerGroup(streamId, topicId, name));
  }

  deleteConsumerGroup(
    streamId: Identifier,
    topicId: Identifier,
    groupId: Identifier,
    issuerUserId = ROOT_USER_ID,
  ): Promise<ConsumerGroupMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planDeleteConsumerGroup(streamId, topicId, groupId));
  }

  // ---------------------------------------------------------------- users

  /** Hashes the password (Argon2id) before it reaches the model or the log. */
  async createUser(
    params: { username: string; password: string; status: UserStatus; permissions: Permissions | null },
    issuerUserId = ROOT_USER_ID,
  ): Promise<UserMeta> {
    checkUsernameLength(params.username);
    checkPasswordLength(params.password);
    const passwordHash = await this.#hashPassword(params.password);
    return this.#commit(issuerUserId, () =>
      this.#metadata.planCreateUser({
        username: params.username,
        passwordHash,
        status: params.status,
        permissions: params.permissions,
      }),
    );
  }

  updateUser(userId: Identifier, params: UpdateUserParams, issuerUserId = ROOT_USER_ID): Promise<UserMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planUpdateUser(userId, params));
  }

  /** Resolves with the removed user; its tokens are gone too. */
  deleteUser(userId: Identifier, issuerUserId = ROOT_USER_ID): Promise<UserMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planDeleteUser(userId));
  }

  /**
   * Iggy: the target's current password must verify (42 invalid_credentials), whoever asks;
   * 20 when the user does not exist; 44 for a password outside 3..=100 bytes.
   */
  async changePassword(
    userId: Identifier,
    currentPassword: string,
    newPassword: string,
    issuerUserId = ROOT_USER_ID,
  ): Promise<UserMeta> {
    checkPasswordLength(currentPassword);
    checkPasswordLength(newPassword);
    const user = this.#metadata.getUser(userId);
    if (!(await this.#verifyPassword(user.passwordHash, currentPassword))) {
      throw new IggyError(ErrorCode.InvalidCredentials, `current password of user ${user.id} does not match`);
    }
    const passwordHash = await this.#hashPassword(newPassword);
    return this.#commit(issuerUserId, () => this.#metadata.planChangePassword(user.id, passwordHash));
  }

  updatePermissions(userId: Identifier, permissions: Permissions | null, issuerUserId = ROOT_USER_ID): Promise<UserMeta> {
    return this.#commit(issuerUserId, () => this.#metadata.planUpdatePermissions(userId, permissions));
  }

  /** True when `plain` is the user's password (for LoginUser; unknown user → false). */
  async verifyUserPassword(userId: Identifier, plain: string): Promise<boolean> {
    const user = this.#metadata.findUser(userId);
    return user !== undefined && this.#verifyPassword(user.passwordHash, plain);
  }

  // ---------------------------------------------------------------- personal access tokens

  /**
   * Creates a token for `userId` (the caller itself, as in Iggy). `expiryMicros` is a duration:
   * 0 (server default) and U64_MAX mean never. Resolves with the raw token, which exists only
   * in this result; the model and the log keep its hash.
   */
  async createPersonalAccessToken(
    userId: number,
    name: string,
    expiryMicros: bigint,
  ): Promise<{ token: string; personalAccessToken: PersonalAccessTokenMeta }> {
    const token = generateToken();
    const tokenHash = hashToken(token);
    const personalAccessToken = await this.#commit(userId, (timestampMicros) => {
      const expiryAtMicros = expiryMicros === 0n || expiryMicros === U64_MAX ? null : timestampMicros + expiryMicros;
      return this.#metadata.planCreatePersonalAccessToken(userId, name, tokenHash, expiryAtMicros, this.#maxTokensPerUser);
    });
    return { token, personalAccessToken };
  }

  deletePersonalAccessToken(userId: number, name: string): Promise<PersonalAccessTokenMeta> {
    return this.#commit(userId, () => this.#metadata.planDeletePersonalAccessToken(userId, name));
  }

  /**
   * The PAT cleaner: removes tokens expired at `nowMicros` from memory only (no log entry,
   * as in Iggy; replay drops them again). Bumps `version` when something was removed.
   */
  deleteExpiredPersonalAccessTokens(nowMicros: bigint = this.#nowMicros()): Promise<PersonalAccessTokenMeta[]> {
    const run = this.#queue.then(() => {
      const removed = this.#metadata.deleteExpiredPersonalAccessTokens(nowMicros);
      if (removed.length > 0) this.#version += 1;
      return removed;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
