/** The operations layer: one module per resource, each a set of `(context, request) => result` functions. */
export * as clients from './clients.js';
export * as consumerGroups from './consumer-groups.js';
export * as consumerOffsets from './consumer-offsets.js';
export * as messages from './messages.js';
export * as partitions from './partitions.js';
export * as personalAccessTokens from './personal-access-tokens.js';
export * as segments from './segments.js';
export * as sessions from './sessions.js';
export * as streams from './streams.js';
export * as system from './system.js';
export * as topics from './topics.js';
export * as users from './users.js';
export { callerId, type OperationContext, type ShardServices, type TransportName } from './context.js';
