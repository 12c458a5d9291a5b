import { EventEmitter } from 'node:events';
import {
  CommandCode,
  ErrorCode,
  IggyError,
  CompressionAlgorithm,
  type Identifier,
  type Consumer,
  type Partitioning,
  type PollingStrategy,
  type ResponseFrame,
  // --- codecs (packages/protocol/src/commands) ---
  encodePingRequest,
  encodeGetStatsRequest,
  decodeGetStatsResponse,
  encodeGetSnapshotRequest,
  decodeGetSnapshotResponse,
  type GetSnapshotRequest,
  encodeGetClusterMetadataRequest,
  decodeGetClusterMetadataResponse,
  encodeGetMeRequest,
  decodeGetMeResponse,
  encodeGetClientRequest,
  decodeGetClientResponse,
  encodeGetClientsRequest,
  decodeGetClientsResponse,
  encodeGetUserRequest,
  decodeGetUserResponse,
  encodeGetUsersRequest,
  decodeGetUsersResponse,
  encodeCreateUserRequest,
  decodeCreateUserResponse,
  UserStatus,
  type Permissions,
  SnapshotCompression,
  SnapshotType,
  encodeDeleteUserRequest,
  encodeUpdateUserRequest,
  encodeUpdatePermissionsRequest,
  encodeChangePasswordRequest,
  encodeLoginUserRequest,
  decodeLoginUserResponse,
  encodeLogoutUserRequest,
  encodeGetPersonalAccessTokensRequest,
  decodeGetPersonalAccessTokensResponse,
  encodeCreatePersonalAccessTokenRequest,
  decodeCreatePersonalAccessTokenResponse,
  encodeDeletePersonalAccessTokenRequest,
  encodeLoginWithPersonalAccessTokenRequest,
  decodeLoginWithPersonalAccessTokenResponse,
  encodePollMessagesRequest,
  decodePollMessagesResponse,
  encodeSendMessagesRequest,
  type SendMessage,
  encodeFlushUnsavedBufferRequest,
  encodeGetConsumerOffsetRequest,
  decodeGetConsumerOffsetResponse,
  encodeStoreConsumerOffsetRequest,
  encodeDeleteConsumerOffsetRequest,
  encodeGetStreamRequest,
  decodeGetStreamResponse,
  encodeGetStreamsRequest,
  decodeGetStreamsResponse,
  encodeCreateStreamRequest,
  decodeCreateStreamResponse,
  encodeDeleteStreamRequest,
  encodeUpdateStreamRequest,
  encodePurgeStreamRequest,
  encodeGetTopicRequest,
  decodeGetTopicResponse,
  encodeGetTopicsRequest,
  decodeGetTopicsResponse,
  encodeCreateTopicRequest,
  decodeCreateTopicResponse,
  encodeDeleteTopicRequest,
  encodeUpdateTopicRequest,
  encodePurgeTopicRequest,
  encodeCreatePartitionsRequest,
  encodeDeletePartitionsRequest,
  encodeDeleteSegmentsRequest,
  encodeGetConsumerGroupRequest,
  decodeGetConsumerGroupResponse,
  encodeGetConsumerGroupsRequest,
  decodeGetConsumerGroupsResponse,
  encodeCreateConsumerGroupRequest,
  decodeCreateConsumerGroupResponse,
  encodeDeleteConsumerGroupRequest,
  encodeJoinConsumerGroupRequest,
  encodeLeaveConsumerGroupRequest,
  type MessageEncryptor,
} from '@iggy-node/protocol';
import {
  ClientSession,
  HEARTBEAT_INTERVAL_MS_DEFAULT,
  defaultReconnectOptions,
  type ClientTransport,
  type Connection,
  type Credentials,
  type QuicOptions,
  type ReconnectOptions,
} from './client-session.js';
import type { TlsOptions } from './transport/tcp-connection.js';
import { parseConnectionString } from './connection-string.js';

export interface IggyClientOptions {
  /**
   * `iggy://user:pass@host:port`, `iggy+ws://…` (`?tls=true` for TLS): sets transport, host,
   * port, credentials and TLS unless given separately.
   */
  connectionString?: string;
  /** Default 'tcp' (port 8090); 'ws' is Iggy's WebSocket transport (port 8092); 'quic' its QUIC transport (port 8080). */
  transport?: ClientTransport;
  /** QUIC settings, with transport 'quic'. */
  quic?: QuicOptions;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8090 (tcp) / 8092 (ws). */
  port?: number;
  /** TLS over the TCP port, or wss:// with transport 'ws'. */
  tls?: TlsOptions;
  credentials?: Credentials;
  /** Default true when credentials are given: log in on connect and after every reconnect. */
  autoLogin?: boolean;
  /** Default enabled, 3 retries, 1000 ms apart (Rust SDK defaults). */
  reconnect?: ReconnectOptions;
  /** Ping every interval; default 5000, 0 = off. */
  heartbeatIntervalMs?: number;
  /** Default 30 000; 0 = no timeout. */
  requestTimeoutMs?: number;
  /** Default 256 MiB. */
  responseFrameSizeMax?: number;
  /** Requests queued behind the one in flight; default PENDING_REQUESTS_MAX. */
  pendingRequestsMax?: number;
  /**
   * Client-side encryption, as the `encryptor` of Iggy's SDKs: every payload is encrypted
   * before it is sent and decrypted after it is polled, so the server only ever holds
   * ciphertext and never sees the key (e.g. `Aes256GcmEncryptor.fromBase64Key(key)`, the same
   * layout as the Rust SDK's). User headers are not encrypted.
   */
  encryptor?: MessageEncryptor;
}

/** Version string sent with LoginUser; the server ignores it (wire-protocol.md §6.2). */
const SDK_VERSION = '0.7.0';

export interface CreateTopicOptions {
  streamId: Identifier;
  name: string;
  partitionsCount: number;
  /** Default CompressionAlgorithm.None. */
  compression?: CompressionAlgorithm;
  /** 0 (default) = server default; U64_MAX = never. */
  messageExpiryMicros?: bigint;
  /** 0 (default) = server default; U64_MAX = unlimited. */
  maxTopicSizeBytes?: bigint;
  /** Default: not set (stored as 1). */
  replicationFactor?: number;
}

export interface UpdateTopicOptions extends Omit<CreateTopicOptions, 'partitionsCount'> {
  topicId: Identifier;
}

export interface CreateUserOptions {
  username: string;
  password: string;
  status?: UserStatus;
  permissions?: Permissions | null;
}

export interface UpdateUserOptions {
  userId: Identifier;
  username?: string;
  status?: UserStatus;
}

export interface ConsumerOffsetTarget {
  consumer: Consumer;
  streamId: Identifier;
  topicId: Identifier;
  /** Omitted: the server picks (partition 0, or the group member's assignment). */
  partitionId?: number | null;
}

export interface PollMessagesOptions extends ConsumerOffsetTarget {
  strategy: PollingStrategy;
  count: number;
  autoCommit: boolean;
}

export interface SendMessagesOptions {
  streamId: Identifier;
  topicId: Identifier;
  partitioning: Partitioning;
  messages: SendMessage[];
}

/**
 * Iggy 0.7 client over TCP (optionally TLS). One connection, one request in flight at a time,
 * the rest queued in order. Each command is one typed method; responses are decoded with the
 * codecs of @iggy-node/protocol. Errors are IggyError with the server's numeric code.
 * Events: 'connected' (), 'disconnected' (reason: IggyError) when the connection is lost.
 */
export class IggyClient extends EventEmitter {
  readonly #session: ClientSession;
  readonly #encryptor: MessageEncryptor | null;

  constructor(options: IggyClientOptions = {}) {
    super();
    const parsed = options.connectionString ? parseConnectionString(options.connectionString) : null;
    const transport = options.transport ?? parsed?.transport ?? 'tcp';
    options = {
      ...options,
      host: options.host ?? parsed?.host,
      port: options.port ?? parsed?.port,
      credentials: options.credentials ?? parsed?.credentials,
      tls: options.tls ?? (parsed?.tls ? {} : undefined),
    };
    this.#encryptor = options.encryptor ?? null;
    this.#session = new ClientSession(
      {
        host: options.host ?? '127.0.0.1',
        port: options.port ?? (transport === 'ws' ? 8092 : transport === 'quic' ? 8080 : 8090),
        transport,
        tls: options.tls,
        quic: options.quic,
        credentials: options.credentials,
        autoLogin: options.autoLogin ?? options.credentials !== undefined,
        reconnect: options.reconnect ?? defaultReconnectOptions(),
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS_DEFAULT,
        requestTimeoutMs: options.requestTimeoutMs,
        responseFrameSizeMax: options.responseFrameSizeMax,
        pendingRequestsMax: options.pendingRequestsMax,
      },
      loginOnConnection,
    );
    this.#session.on('connected', () => this.emit('connected'));
    this.#session.on('disconnected', (reason) => this.emit('disconnected', reason));
  }

  /** True while the socket is open (it may still be logged out). */
  get connected(): boolean {
    return this.#session.connected;
  }

  /** Opens the connection and logs in when credentials were given. */
  connect(): Promise<void> {
    return this.#session.connect();
  }

  /** Closes the connection; pending requests fail with ClientShutdown (63). */
  close(): Promise<void> {
    return this.#session.close();
  }

  /** Any command, any status: resolves `{ status, payload }` and never retries (bad-input tests). */
  sendRaw(code: number, payload: Buffer = Buffer.alloc(0)): Promise<ResponseFrame> {
    return this.#session.requestRaw(code, payload);
  }

  /**
   * Writes arbitrary bytes on the socket (garbage-input tests). Over QUIC they go on a new stream
   * and the promise resolves with what the server wrote back on it.
   */
  sendRawBytes(bytes: Buffer): Promise<Buffer | void> {
    return this.#session.writeRaw(bytes);
  }

  #call(code: number, payload: Buffer): Promise<Buffer> {
    return this.#session.request(code, payload);
  }

  // --- system ---

  async ping(): Promise<void> {
    await this.#call(CommandCode.Ping, encodePingRequest({}));
  }

  async getStats() {
    return decodeGetStatsResponse(await this.#call(CommandCode.GetStats, encodeGetStatsRequest({})));
  }

  /** A ZIP archive of diagnostics; default: every type, deflated. */
  async getSnapshot(request: GetSnapshotRequest = { compression: SnapshotCompression.Deflated, types: [SnapshotType.All] }) {
    return decodeGetSnapshotResponse(await this.#call(CommandCode.GetSnapshot, encodeGetSnapshotRequest(request)));
  }

  async getClusterMetadata() {
    return decodeGetClusterMetadataResponse(
      await this.#call(CommandCode.GetClusterMetadata, encodeGetClusterMetadataRequest({})),
    );
  }

  async getMe() {
    return decodeGetMeResponse(await this.#call(CommandCode.GetMe, encodeGetMeRequest({})));
  }

  /** null when no such client. */
  async getClient(clientId: number) {
    return decodeGetClientResponse(await this.#call(CommandCode.GetClient, encodeGetClientRequest({ clientId })));
  }

  async getClients() {
    return decodeGetClientsResponse(await this.#call(CommandCode.GetClients, encodeGetClientsRequest({})));
  }

  // --- users ---

  /** null when no such user. */
  async getUser(userId: Identifier) {
    return decodeGetUserResponse(await this.#call(CommandCode.GetUser, encodeGetUserRequest({ userId })));
  }

  async getUsers() {
    return decodeGetUsersResponse(await this.#call(CommandCode.GetUsers, encodeGetUsersRequest({})));
  }

  /** Default status Active, no permissions. */
  async createUser(options: CreateUserOptions) {
    const request = {
      username: options.username,
      password: options.password,
      status: options.status ?? UserStatus.Active,
      permissions: options.permissions ?? null,
    };
    return decodeCreateUserResponse(await this.#call(CommandCode.CreateUser, encodeCreateUserRequest(request)));
  }

  async deleteUser(userId: Identifier): Promise<void> {
    await this.#call(CommandCode.DeleteUser, encodeDeleteUserRequest({ userId }));
  }

  /** Omitted fields stay unchanged. */
  async updateUser(options: UpdateUserOptions): Promise<void> {
    const request = { userId: options.userId, username: options.username ?? null, status: options.status ?? null };
    await this.#call(CommandCode.UpdateUser, encodeUpdateUserRequest(request));
  }

  /** null removes every permission. */
  async updatePermissions(userId: Identifier, permissions: Permissions | null): Promise<void> {
    await this.#call(CommandCode.UpdatePermissions, encodeUpdatePermissionsRequest({ userId, permissions }));
  }

  async changePassword(userId: Identifier, currentPassword: string, newPassword: string): Promise<void> {
    await this.#call(CommandCode.ChangePassword, encodeChangePasswordRequest({ userId, currentPassword, newPassword }));
  }

  /** Logs in; the credentials are remembered for re-login after a reconnect. Returns the user id. */
  async login(username: string, password: string): Promise<number> {
    const payload = await this.#call(
      CommandCode.LoginUser,
      encodeLoginUserRequest({ username, password, version: SDK_VERSION, context: '' }),
    );
    this.#session.credentials = { username, password };
    return decodeLoginUserResponse(payload).userId;
  }

  /** Logs out; the session forgets its credentials, so a reconnect stays logged out. */
  async logout(): Promise<void> {
    await this.#call(CommandCode.LogoutUser, encodeLogoutUserRequest({}));
    this.#session.credentials = undefined;
  }

  async getPersonalAccessTokens() {
    return decodeGetPersonalAccessTokensResponse(
      await this.#call(CommandCode.GetPersonalAccessTokens, encodeGetPersonalAccessTokensRequest({})),
    );
  }

  /** Returns the raw token (shown only once). `expiryMicros` 0 = never expires. */
  async createPersonalAccessToken(name: string, expiryMicros: bigint = 0n): Promise<string> {
    const payload = await this.#call(
      CommandCode.CreatePersonalAccessToken,
      encodeCreatePersonalAccessTokenRequest({ name, expiry: expiryMicros }),
    );
    return decodeCreatePersonalAccessTokenResponse(payload).token;
  }

  async deletePersonalAccessToken(name: string): Promise<void> {
    await this.#call(CommandCode.DeletePersonalAccessToken, encodeDeletePersonalAccessTokenRequest({ name }));
  }

  /** Logs in with a personal access token; remembered for re-login. Returns the user id. */
  async loginWithPersonalAccessToken(token: string): Promise<number> {
    const payload = await this.#call(
      CommandCode.LoginWithPersonalAccessToken,
      encodeLoginWithPersonalAccessTokenRequest({ token }),
    );
    this.#session.credentials = { token };
    return decodeLoginWithPersonalAccessTokenResponse(payload).userId;
  }

  // --- messages ---

  async pollMessages(options: PollMessagesOptions) {
    const payload = await this.#call(
      CommandCode.PollMessages,
      encodePollMessagesRequest({
        consumer: options.consumer,
        streamId: options.streamId,
        topicId: options.topicId,
        partitionId: options.partitionId ?? null,
        strategy: options.strategy,
        count: options.count,
        autoCommit: options.autoCommit,
      }),
    );
    const response = decodePollMessagesResponse(payload);
    const encryptor = this.#encryptor;
    // A payload that does not decrypt fails the poll (CannotDecryptData), as in the Rust SDK.
    if (encryptor) for (const message of response.messages) message.payload = encryptor.decrypt(message.payload);
    return response;
  }

  async sendMessages(options: SendMessagesOptions): Promise<void> {
    await this.#call(
      CommandCode.SendMessages,
      encodeSendMessagesRequest({
        streamId: options.streamId,
        topicId: options.topicId,
        partitioning: options.partitioning,
        messages: this.#encryptor ? this.#encryptMessages(this.#encryptor, options.messages) : options.messages,
      }),
    );
  }

  #encryptMessages(encryptor: MessageEncryptor, messages: SendMessage[]): SendMessage[] {
    return messages.map((message) => ({ ...message, payload: encryptor.encrypt(message.payload) }));
  }

  async flushUnsavedBuffer(streamId: Identifier, topicId: Identifier, partitionId: number, fsync = false): Promise<void> {
    await this.#call(
      CommandCode.FlushUnsavedBuffer,
      encodeFlushUnsavedBufferRequest({ streamId, topicId, partitionId, fsync }),
    );
  }

  // --- consumer offsets ---

  /** null when nothing is stored. */
  async getConsumerOffset(target: ConsumerOffsetTarget) {
    return decodeGetConsumerOffsetResponse(
      await this.#call(CommandCode.GetConsumerOffset, encodeGetConsumerOffsetRequest(offsetTarget(target))),
    );
  }

  async storeConsumerOffset(target: ConsumerOffsetTarget & { offset: bigint }): Promise<void> {
    await this.#call(
      CommandCode.StoreConsumerOffset,
      encodeStoreConsumerOffsetRequest({ ...offsetTarget(target), offset: target.offset }),
    );
  }

  async deleteConsumerOffset(target: ConsumerOffsetTarget): Promise<void> {
    await this.#call(CommandCode.DeleteConsumerOffset, encodeDeleteConsumerOffsetRequest(offsetTarget(target)));
  }

  // --- streams ---

  /** null when no such stream. */
  async getStream(streamId: Identifier) {
    return decodeGetStreamResponse(await this.#call(CommandCode.GetStream, encodeGetStreamRequest({ streamId })));
  }

  async getStreams() {
    return decodeGetStreamsResponse(await this.#call(CommandCode.GetStreams, encodeGetStreamsRequest({})));
  }

  async createStream(name: string) {
    return decodeCreateStreamResponse(await this.#call(CommandCode.CreateStream, encodeCreateStreamRequest({ name })));
  }

  async deleteStream(streamId: Identifier): Promise<void> {
    await this.#call(CommandCode.DeleteStream, encodeDeleteStreamRequest({ streamId }));
  }

  async updateStream(streamId: Identifier, name: string): Promise<void> {
    await this.#call(CommandCode.UpdateStream, encodeUpdateStreamRequest({ streamId, name }));
  }

  async purgeStream(streamId: Identifier): Promise<void> {
    await this.#call(CommandCode.PurgeStream, encodePurgeStreamRequest({ streamId }));
  }

  // --- topics, partitions, segments ---

  /** null when no such stream or topic. */
  async getTopic(streamId: Identifier, topicId: Identifier) {
    return decodeGetTopicResponse(await this.#call(CommandCode.GetTopic, encodeGetTopicRequest({ streamId, topicId })));
  }

  async getTopics(streamId: Identifier) {
    return decodeGetTopicsResponse(await this.#call(CommandCode.GetTopics, encodeGetTopicsRequest({ streamId })));
  }

  async createTopic(options: CreateTopicOptions) {
    const replicationFactor = replicationFactorOf(options);
    const payload = await this.#call(
      CommandCode.CreateTopic,
      encodeCreateTopicRequest({
        streamId: options.streamId,
        name: options.name,
        partitionsCount: options.partitionsCount,
        compressionAlgorithm: options.compression ?? CompressionAlgorithm.None,
        messageExpiry: options.messageExpiryMicros ?? 0n,
        maxTopicSize: options.maxTopicSizeBytes ?? 0n,
        replicationFactor,
      }),
    );
    return decodeCreateTopicResponse(payload);
  }

  async deleteTopic(streamId: Identifier, topicId: Identifier): Promise<void> {
    await this.#call(CommandCode.DeleteTopic, encodeDeleteTopicRequest({ streamId, topicId }));
  }

  /** The server stores every field as sent (0 is not resolved to a default here). */
  async updateTopic(options: UpdateTopicOptions): Promise<void> {
    const request = {
      streamId: options.streamId,
      topicId: options.topicId,
      name: options.name,
      compressionAlgorithm: options.compression ?? CompressionAlgorithm.None,
      messageExpiry: options.messageExpiryMicros ?? 0n,
      maxTopicSize: options.maxTopicSizeBytes ?? 0n,
      replicationFactor: replicationFactorOf(options),
    };
    await this.#call(CommandCode.UpdateTopic, encodeUpdateTopicRequest(request));
  }

  async purgeTopic(streamId: Identifier, topicId: Identifier): Promise<void> {
    await this.#call(CommandCode.PurgeTopic, encodePurgeTopicRequest({ streamId, topicId }));
  }

  async createPartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): Promise<void> {
    await this.#call(CommandCode.CreatePartitions, encodeCreatePartitionsRequest({ streamId, topicId, partitionsCount }));
  }

  /** Removes the last `partitionsCount` partitions. */
  async deletePartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): Promise<void> {
    await this.#call(CommandCode.DeletePartitions, encodeDeletePartitionsRequest({ streamId, topicId, partitionsCount }));
  }

  async deleteSegments(streamId: Identifier, topicId: Identifier, partitionId: number, segmentsCount: number): Promise<void> {
    await this.#call(
      CommandCode.DeleteSegments,
      encodeDeleteSegmentsRequest({ streamId, topicId, partitionId, segmentsCount }),
    );
  }

  // --- consumer groups ---

  /** null when the stream, topic or group does not exist. */
  async getConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier) {
    return decodeGetConsumerGroupResponse(
      await this.#call(CommandCode.GetConsumerGroup, encodeGetConsumerGroupRequest({ streamId, topicId, groupId })),
    );
  }

  async getConsumerGroups(streamId: Identifier, topicId: Identifier) {
    return decodeGetConsumerGroupsResponse(
      await this.#call(CommandCode.GetConsumerGroups, encodeGetConsumerGroupsRequest({ streamId, topicId })),
    );
  }

  async createConsumerGroup(streamId: Identifier, topicId: Identifier, name: string) {
    return decodeCreateConsumerGroupResponse(
      await this.#call(CommandCode.CreateConsumerGroup, encodeCreateConsumerGroupRequest({ streamId, topicId, name })),
    );
  }

  async deleteConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): Promise<void> {
    await this.#call(CommandCode.DeleteConsumerGroup, encodeDeleteConsumerGroupRequest({ streamId, topicId, groupId }));
  }

  async joinConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): Promise<void> {
    await this.#call(CommandCode.JoinConsumerGroup, encodeJoinConsumerGroupRequest({ streamId, topicId, groupId }));
  }

  async leaveConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): Promise<void> {
    await this.#call(CommandCode.LeaveConsumerGroup, encodeLeaveConsumerGroupRequest({ streamId, topicId, groupId }));
  }
}

function offsetTarget(target: ConsumerOffsetTarget) {
  return {
    consumer: target.consumer,
    streamId: target.streamId,
    topicId: target.topicId,
    partitionId: target.partitionId ?? null,
  };
}

/** Logs in on a fresh connection during connect/reconnect (bypasses the retry path). */
async function loginOnConnection(connection: Connection, credentials: Credentials): Promise<number> {
  if ('token' in credentials) {
    const payload = await connection.send(
      CommandCode.LoginWithPersonalAccessToken,
      encodeLoginWithPersonalAccessTokenRequest({ token: credentials.token }),
    );
    return decodeLoginWithPersonalAccessTokenResponse(payload).userId;
  }
  const payload = await connection.send(
    CommandCode.LoginUser,
    encodeLoginUserRequest({ username: credentials.username, password: credentials.password, version: SDK_VERSION, context: '' }),
  );
  return decodeLoginUserResponse(payload).userId;
}

/**
 * An explicit replication factor of 0 is invalid (2018), as Iggy's SDKs check before sending; on
 * the wire 0 means "not set", so sent as is it would be stored as 1 — while the HTTP API refuses
 * it with 2018. Checked here so both transports of this SDK answer alike.
 */
function replicationFactorOf(options: { replicationFactor?: number }): number | null {
  if (options.replicationFactor === 0) throw new IggyError(ErrorCode.InvalidReplicationFactor, 'replication factor 0 (leave it unset for the default)');
  return options.replicationFactor ?? null;
}
