/**
 * Iggy 0.7 client over the HTTP REST API, with the same typed methods as the TCP `IggyClient`
 * (checked at compile time through `IggyCommands`). It logs in for a JWT, refreshes the token
 * before it expires (once per token, as the server allows) and logs in again with the
 * remembered credentials when a refresh is refused. Operations the HTTP API does not have —
 * get_me, joining and leaving consumer groups, polling as a consumer group — reject with
 * FeatureUnavailable (5) and a message that says so, as the Rust HTTP SDK does.
 *
 * JSON goes through @iggy-node/protocol's parser and writer, so u64/u128 values keep every digit.
 */
import http from 'node:http';
import https from 'node:https';
import {
  CompressionAlgorithm,
  ErrorCode,
  IggyError,
  SnapshotCompression,
  SnapshotType,
  UserStatus,
  clientDetailsFromJson,
  clientFromJson,
  clusterMetadataFromJson,
  compressionToText,
  consumerGroupDetailsFromJson,
  consumerGroupFromJson,
  consumerOffsetFromJson,
  formatHttpIdentifier,
  httpIdentifierText,
  identityFromJson,
  parseJson,
  permissionsToJson,
  personalAccessTokenFromJson,
  polledMessagesFromJson,
  sendMessagesBodyToJson,
  statsFromJson,
  streamDetailsFromJson,
  streamFromJson,
  stringifyJson,
  topicDetailsFromJson,
  topicFromJson,
  userDetailsFromJson,
  userFromJson,
  userStatusToText,
  type ClientDetails,
  type ClientRecord,
  type ClusterMetadata,
  type ConsumerGroupDetails,
  type ConsumerGroupRecord,
  type ConsumerOffsetInfo,
  type GetSnapshotRequest,
  type Identifier,
  type JsonValue,
  type Permissions,
  type PersonalAccessTokenRecord,
  type PollMessagesResponse,
  type Stats,
  type StreamDetails,
  type StreamRecord,
  type TopicDetails,
  type TopicRecord,
  type UserDetails,
  type UserRecord,
} from '@iggy-node/protocol';
import type { Credentials } from '../client-session.js';
import type {
  ConsumerOffsetTarget,
  CreateTopicOptions,
  CreateUserOptions,
  PollMessagesOptions,
  SendMessagesOptions,
  UpdateTopicOptions,
  UpdateUserOptions,
} from '../iggy-client.js';
import type { IggyCommands } from '../iggy-commands.js';
import { errorOf, httpExchange, type HttpResult, type HttpTarget } from './http-request.js';

export interface IggyHttpClientOptions {
  /** "http://127.0.0.1:3000" by default; "https://…" for [http.tls]. */
  baseUrl?: string;
  credentials?: Credentials;
  /** PEM CA for a self-signed certificate; or `rejectUnauthorized: false` to skip the check. */
  ca?: string | Buffer;
  rejectUnauthorized?: boolean;
  /** Default 30 000. */
  requestTimeoutMs?: number;
  /** Refresh the token when it has less than this left; default 60 s. */
  refreshMarginSeconds?: number;
  /** Keep-alive connections kept open to the server; default 16. */
  connectionsMax?: number;
  /** Largest response body accepted; default 256 MiB. */
  responseBytesMax?: number;
}

const SNAPSHOT_TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SnapshotType).map(([name, value]) => [value, name]));
const SNAPSHOT_COMPRESSION_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SnapshotCompression).map(([name, value]) => [value, name]));

function unavailable(what: string): IggyError {
  return new IggyError(ErrorCode.FeatureUnavailable, `${what} is not available over HTTP (Iggy's HTTP API has no such route); use the TCP transport`);
}

function path(...segments: Identifier[]): string {
  return segments.map((segment) => `/${formatHttpIdentifier(segment)}`).join('');
}

/** Not-found answers: a getter's "none" (null, or [] for a list, as the binary protocol answers). */
const NOT_FOUND_CODES: readonly number[] = [ErrorCode.ResourceNotFound, ErrorCode.StreamIdNotFound, ErrorCode.TopicIdNotFound];

function topicPath(streamId: Identifier, topicId: Identifier): string {
  return `/streams${path(streamId)}/topics${path(topicId)}`;
}

export class IggyHttpClient implements IggyCommands {
  readonly #target: HttpTarget;
  readonly #refreshMarginSeconds: number;
  #credentials: Credentials | undefined;
  #token: string | null = null;
  #tokenExpiry = 0;
  /** One refresh or re-login at a time; concurrent requests wait for it. */
  #renewing: Promise<void> | null = null;

  constructor(options: IggyHttpClientOptions = {}) {
    const baseUrl = options.baseUrl ?? 'http://127.0.0.1:3000';
    const agentOptions = { keepAlive: true, maxSockets: options.connectionsMax ?? 16 };
    this.#target = {
      baseUrl,
      agent: baseUrl.startsWith('https:') ? new https.Agent(agentOptions) : new http.Agent(agentOptions),
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      responseBytesMax: options.responseBytesMax ?? 256 * 1024 * 1024,
      ca: options.ca,
      rejectUnauthorized: options.rejectUnauthorized,
    };
    this.#credentials = options.credentials;
    this.#refreshMarginSeconds = options.refreshMarginSeconds ?? 60;
  }

  /** The current access token (null before login). */
  get accessToken(): string | null {
    return this.#token;
  }

  /** Logs in when credentials were given (HTTP has no connection to open). */
  async connect(): Promise<void> {
    if (this.#credentials) await this.#loginWith(this.#credentials);
  }

  /** Closes the kept-alive connections. The token is not revoked (call logout() for that). */
  async close(): Promise<void> {
    this.#target.agent.destroy();
  }

  // ---- plumbing ----

  async #loginWith(credentials: Credentials): Promise<number> {
    const result =
      'token' in credentials
        ? await this.#exchange('POST', '/personal-access-tokens/login', { token: credentials.token }, false)
        : await this.#exchange('POST', '/users/login', { username: credentials.username, password: credentials.password }, false);
    return this.#takeIdentity(result);
  }

  #takeIdentity(result: HttpResult): number {
    const identity = identityFromJson(parseJson(result.body.toString('utf8')));
    if (!identity.accessToken) throw new IggyError(ErrorCode.InvalidAccessToken, 'login answered no token');
    this.#token = identity.accessToken.token;
    this.#tokenExpiry = Number(identity.accessToken.expiry);
    return identity.userId;
  }

  /** Refreshes a token close to expiry; a refused refresh falls back to logging in again. */
  async #ensureFreshToken(): Promise<void> {
    if (this.#token === null || this.#tokenExpiry - Date.now() / 1000 > this.#refreshMarginSeconds) return;
    this.#renewing ??= (async () => {
      try {
        const result = await this.#exchange('POST', '/users/refresh-token', { token: this.#token }, false);
        this.#takeIdentity(result);
      } catch (error) {
        if (!this.#credentials) throw error;
        await this.#loginWith(this.#credentials);
      }
    })().finally(() => (this.#renewing = null));
    await this.#renewing;
  }

  async #exchange(method: string, url: string, body: JsonValue | undefined, authenticated = true): Promise<HttpResult> {
    if (authenticated) await this.#ensureFreshToken();
    const result = await httpExchange(this.#target, method, url, body === undefined ? undefined : stringifyJson(body), authenticated ? this.#token : null);
    if (result.status >= 200 && result.status < 300) return result;
    throw errorOf(result);
  }

  async #json(method: string, url: string, body?: JsonValue): Promise<JsonValue> {
    return parseJson((await this.#exchange(method, url, body)).body.toString('utf8'));
  }

  /** A getter: null on 404 (resource_not_found), as the Rust HTTP SDK answers None. */
  async #maybe<T>(url: string, read: (value: JsonValue) => T): Promise<T | null> {
    try {
      return read(await this.#json('GET', url));
    } catch (error) {
      if (IggyError.is(error) && NOT_FOUND_CODES.includes(error.code)) return null;
      throw error;
    }
  }

  /**
   * A list getter: [] when its parent (stream, topic) does not exist. Iggy's HTTP API answers 404
   * there while the binary protocol answers an empty list (and the Rust HTTP SDK passes the 404
   * on); the typed methods answer alike on every transport.
   */
  async #list<T>(url: string, read: (value: JsonValue) => T): Promise<T[]> {
    return (await this.#maybe(url, (value) => (value as JsonValue[]).map(read))) ?? [];
  }

  async #send(method: string, url: string, body?: JsonValue): Promise<void> {
    await this.#exchange(method, url, body);
  }

  // ---- system ----

  async ping(): Promise<void> {
    await this.#exchange('GET', '/ping', undefined, false);
  }

  async getStats(): Promise<Stats> {
    return statsFromJson(await this.#json('GET', '/stats'));
  }

  async getSnapshot(request: GetSnapshotRequest = { compression: SnapshotCompression.Deflated, types: [SnapshotType.All] }): Promise<Buffer> {
    const body = { snapshot_types: request.types.map((type) => SNAPSHOT_TYPE_NAMES[type] ?? 'All'), compression: SNAPSHOT_COMPRESSION_NAMES[request.compression] ?? 'Deflated' };
    return (await this.#exchange('POST', '/snapshot', body)).body;
  }

  async getClusterMetadata(): Promise<ClusterMetadata> {
    return clusterMetadataFromJson(await this.#json('GET', '/cluster/metadata'));
  }

  async getMe(): Promise<ClientDetails> {
    throw unavailable('get_me');
  }

  async getClient(clientId: number): Promise<ClientDetails | null> {
    return this.#maybe(`/clients/${clientId}`, clientDetailsFromJson);
  }

  async getClients(): Promise<ClientRecord[]> {
    return ((await this.#json('GET', '/clients')) as JsonValue[]).map(clientFromJson);
  }

  // ---- users ----

  async getUser(userId: Identifier): Promise<UserDetails | null> {
    return this.#maybe(`/users${path(userId)}`, userDetailsFromJson);
  }

  async getUsers(): Promise<UserRecord[]> {
    return ((await this.#json('GET', '/users')) as JsonValue[]).map(userFromJson);
  }

  async createUser(options: CreateUserOptions): Promise<UserDetails> {
    const body = { username: options.username, password: options.password, status: userStatusToText(options.status ?? UserStatus.Active), permissions: permissionsToJson(options.permissions ?? null) };
    return userDetailsFromJson(await this.#json('POST', '/users', body));
  }

  async deleteUser(userId: Identifier): Promise<void> {
    await this.#send('DELETE', `/users${path(userId)}`);
  }

  async updateUser(options: UpdateUserOptions): Promise<void> {
    await this.#send('PUT', `/users${path(options.userId)}`, { username: options.username ?? null, status: options.status === undefined ? null : userStatusToText(options.status) });
  }

  async updatePermissions(userId: Identifier, permissions: Permissions | null): Promise<void> {
    await this.#send('PUT', `/users${path(userId)}/permissions`, { permissions: permissionsToJson(permissions) });
  }

  async changePassword(userId: Identifier, currentPassword: string, newPassword: string): Promise<void> {
    await this.#send('PUT', `/users${path(userId)}/password`, { current_password: currentPassword, new_password: newPassword });
  }

  async login(username: string, password: string): Promise<number> {
    const userId = await this.#loginWith({ username, password });
    this.#credentials = { username, password };
    return userId;
  }

  /** Revokes the token on the server and forgets it and the credentials. */
  async logout(): Promise<void> {
    await this.#send('DELETE', '/users/logout');
    this.#token = null;
    this.#credentials = undefined;
  }

  async getPersonalAccessTokens(): Promise<PersonalAccessTokenRecord[]> {
    return ((await this.#json('GET', '/personal-access-tokens')) as JsonValue[]).map(personalAccessTokenFromJson);
  }

  async createPersonalAccessToken(name: string, expiryMicros: bigint = 0n): Promise<string> {
    const answer = (await this.#json('POST', '/personal-access-tokens', { name, expiry: expiryMicros })) as { token?: unknown };
    if (typeof answer.token !== 'string') throw new IggyError(ErrorCode.InvalidFormat, 'no token in the answer');
    return answer.token;
  }

  async deletePersonalAccessToken(name: string): Promise<void> {
    await this.#send('DELETE', `/personal-access-tokens/${encodeURIComponent(name)}`);
  }

  async loginWithPersonalAccessToken(token: string): Promise<number> {
    const userId = await this.#loginWith({ token });
    this.#credentials = { token };
    return userId;
  }

  // ---- messages ----

  async pollMessages(options: PollMessagesOptions): Promise<PollMessagesResponse> {
    if (options.consumer.kind !== 'consumer') throw unavailable('polling as a consumer group');
    const query = new URLSearchParams({
      consumer_id: httpIdentifierText(options.consumer.id),
      partition_id: String(options.partitionId ?? 0),
      kind: options.strategy.kind,
      value: options.strategy.value.toString(),
      count: String(options.count),
      auto_commit: String(options.autoCommit),
    });
    return polledMessagesFromJson(await this.#json('GET', `${topicPath(options.streamId, options.topicId)}/messages?${query}`));
  }

  async sendMessages(options: SendMessagesOptions): Promise<void> {
    await this.#send('POST', `${topicPath(options.streamId, options.topicId)}/messages`, sendMessagesBodyToJson(options.partitioning, options.messages));
  }

  async flushUnsavedBuffer(streamId: Identifier, topicId: Identifier, partitionId: number, fsync = false): Promise<void> {
    await this.#send('GET', `${topicPath(streamId, topicId)}/messages/flush/${partitionId}/${fsync}`);
  }

  // ---- consumer offsets (individual consumers only over HTTP) ----

  #offsetConsumer(target: ConsumerOffsetTarget): string {
    if (target.consumer.kind !== 'consumer') throw unavailable('consumer-group offsets');
    return httpIdentifierText(target.consumer.id);
  }

  async getConsumerOffset(target: ConsumerOffsetTarget): Promise<ConsumerOffsetInfo | null> {
    const query = new URLSearchParams({ consumer_id: this.#offsetConsumer(target), partition_id: String(target.partitionId ?? 0) });
    return this.#maybe(`${topicPath(target.streamId, target.topicId)}/consumer-offsets?${query}`, consumerOffsetFromJson);
  }

  async storeConsumerOffset(target: ConsumerOffsetTarget & { offset: bigint }): Promise<void> {
    this.#offsetConsumer(target);
    await this.#send('PUT', `${topicPath(target.streamId, target.topicId)}/consumer-offsets`, {
      consumer_id: target.consumer.id,
      partition_id: target.partitionId ?? null,
      offset: target.offset,
    });
  }

  async deleteConsumerOffset(target: ConsumerOffsetTarget): Promise<void> {
    const consumer = encodeURIComponent(this.#offsetConsumer(target));
    await this.#send('DELETE', `${topicPath(target.streamId, target.topicId)}/consumer-offsets/${consumer}?partition_id=${target.partitionId ?? 0}`);
  }

  // ---- streams ----

  async getStream(streamId: Identifier): Promise<StreamDetails | null> {
    return this.#maybe(`/streams${path(streamId)}`, streamDetailsFromJson);
  }

  async getStreams(): Promise<StreamRecord[]> {
    return ((await this.#json('GET', '/streams')) as JsonValue[]).map(streamFromJson);
  }

  async createStream(name: string): Promise<StreamRecord> {
    return streamFromJson(await this.#json('POST', '/streams', { name }));
  }

  async deleteStream(streamId: Identifier): Promise<void> {
    await this.#send('DELETE', `/streams${path(streamId)}`);
  }

  async updateStream(streamId: Identifier, name: string): Promise<void> {
    await this.#send('PUT', `/streams${path(streamId)}`, { name });
  }

  async purgeStream(streamId: Identifier): Promise<void> {
    await this.#send('DELETE', `/streams${path(streamId)}/purge`);
  }

  // ---- topics, partitions, segments ----

  async getTopic(streamId: Identifier, topicId: Identifier): Promise<TopicDetails | null> {
    return this.#maybe(topicPath(streamId, topicId), topicDetailsFromJson);
  }

  async getTopics(streamId: Identifier): Promise<TopicRecord[]> {
    return this.#list(`/streams${path(streamId)}/topics`, topicFromJson);
  }

  #topicBody(options: Omit<CreateTopicOptions, 'streamId' | 'partitionsCount'>) {
    return {
      name: options.name,
      compression_algorithm: compressionToText(options.compression ?? CompressionAlgorithm.None),
      message_expiry: options.messageExpiryMicros ?? 0n,
      max_topic_size: options.maxTopicSizeBytes ?? 0n,
      replication_factor: options.replicationFactor ?? null,
    };
  }

  async createTopic(options: CreateTopicOptions): Promise<TopicDetails> {
    return topicDetailsFromJson(await this.#json('POST', `/streams${path(options.streamId)}/topics`, { ...this.#topicBody(options), partitions_count: options.partitionsCount }));
  }

  async deleteTopic(streamId: Identifier, topicId: Identifier): Promise<void> {
    await this.#send('DELETE', topicPath(streamId, topicId));
  }

  async updateTopic(options: UpdateTopicOptions): Promise<void> {
    await this.#send('PUT', topicPath(options.streamId, options.topicId), this.#topicBody(options));
  }

  async purgeTopic(streamId: Identifier, topicId: Identifier): Promise<void> {
    await this.#send('DELETE', `${topicPath(streamId, topicId)}/purge`);
  }

  async createPartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): Promise<void> {
    await this.#send('POST', `${topicPath(streamId, topicId)}/partitions`, { partitions_count: partitionsCount });
  }

  async deletePartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): Promise<void> {
    await this.#send('DELETE', `${topicPath(streamId, topicId)}/partitions?partitions_count=${partitionsCount}`);
  }

  async deleteSegments(streamId: Identifier, topicId: Identifier, partitionId: number, segmentsCount: number): Promise<void> {
    await this.#send('DELETE', `${topicPath(streamId, topicId)}/partitions/${partitionId}?segments_count=${segmentsCount}`);
  }

  // ---- consumer groups ----

  async getConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): Promise<ConsumerGroupDetails | null> {
    return this.#maybe(`${topicPath(streamId, topicId)}/consumer-groups${path(groupId)}`, consumerGroupDetailsFromJson);
  }

  async getConsumerGroups(streamId: Identifier, topicId: Identifier): Promise<ConsumerGroupRecord[]> {
    return this.#list(`${topicPath(streamId, topicId)}/consumer-groups`, consumerGroupFromJson);
  }

  async createConsumerGroup(streamId: Identifier, topicId: Identifier, name: string): Promise<ConsumerGroupRecord> {
    return consumerGroupFromJson(await this.#json('POST', `${topicPath(streamId, topicId)}/consumer-groups`, { name }));
  }

  async deleteConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): Promise<void> {
    await this.#send('DELETE', `${topicPath(streamId, topicId)}/consumer-groups${path(groupId)}`);
  }

  async joinConsumerGroup(): Promise<void> {
    throw unavailable('joining a consumer group');
  }

  async leaveConsumerGroup(): Promise<void> {
    throw unavailable('leaving a consumer group');
  }
}
