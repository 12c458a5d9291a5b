// Public API of @iggy-node/sdk: the client, its option types, the helper constructors, and the
// protocol types a caller needs to build requests and read responses and errors.
export { IggyClient } from './iggy-client.js';
export type {
  IggyClientOptions,
  CreateTopicOptions,
  UpdateTopicOptions,
  CreateUserOptions,
  UpdateUserOptions,
  ConsumerOffsetTarget,
  PollMessagesOptions,
  SendMessagesOptions,
} from './iggy-client.js';
export type { Credentials, ReconnectOptions } from './client-session.js';
export { TcpConnection } from './transport/tcp-connection.js';
export type { TcpConnectionOptions, TlsOptions, TransportKind } from './transport/tcp-connection.js';
export type { ByteTransport } from './transport/byte-transport.js';
export { parseConnectionString, type ParsedConnectionString } from './connection-string.js';
export { Consumer, PollingStrategy, Partitioning } from './helpers.js';
export * from './limits.js';
export {
  IggyError,
  ErrorCode,
  CommandCode,
  CompressionAlgorithm,
  UserStatus,
  Transport,
  SnapshotCompression,
  SnapshotType,
  HeaderKind,
  HeaderValues,
  headerValueToJs,
  encodeUserHeaders,
  decodeUserHeaders,
  U64_MAX,
  type Identifier,
  type ResponseFrame,
  type SendMessage,
  type PolledMessage,
  type PollMessagesResponse,
  type UserHeaders,
  type HeaderValue,
  type Permissions,
  type GlobalPermissions,
  type StreamPermissions,
  type TopicPermissions,
  type StreamRecord,
  type StreamDetails,
  type TopicRecord,
  type TopicDetails,
  type PartitionRecord,
  type ConsumerGroupRecord,
  type ConsumerGroupDetails,
  type UserRecord,
  type UserDetails,
  type ClientRecord,
  type ClientDetails,
  type Stats,
  type ClusterMetadata,
  type PersonalAccessTokenRecord,
  type ConsumerOffsetInfo,
  type GetSnapshotRequest,
} from '@iggy-node/protocol';
export * from './high-level/index.js';
