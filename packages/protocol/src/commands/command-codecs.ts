import { CommandCode, type CommandName } from '../command-codes.js';
import { decodeEmptyResponse, encodeEmptyResponse } from '../codec-helpers.js';
import { encodePingRequest, decodePingRequest } from './system/ping.js';
import { encodeGetStatsRequest, decodeGetStatsRequest, encodeGetStatsResponse, decodeGetStatsResponse } from './system/get-stats.js';
import { encodeGetSnapshotRequest, decodeGetSnapshotRequest, encodeGetSnapshotResponse, decodeGetSnapshotResponse } from './system/get-snapshot.js';
import { encodeGetClusterMetadataRequest, decodeGetClusterMetadataRequest, encodeGetClusterMetadataResponse, decodeGetClusterMetadataResponse } from './system/get-cluster-metadata.js';
import { encodeGetMeRequest, decodeGetMeRequest, encodeGetMeResponse, decodeGetMeResponse } from './clients/get-me.js';
import { encodeGetClientRequest, decodeGetClientRequest, encodeGetClientResponse, decodeGetClientResponse } from './clients/get-client.js';
import { encodeGetClientsRequest, decodeGetClientsRequest, encodeGetClientsResponse, decodeGetClientsResponse } from './clients/get-clients.js';
import { encodeGetUserRequest, decodeGetUserRequest, encodeGetUserResponse, decodeGetUserResponse } from './users/get-user.js';
import { encodeGetUsersRequest, decodeGetUsersRequest, encodeGetUsersResponse, decodeGetUsersResponse } from './users/get-users.js';
import { encodeCreateUserRequest, decodeCreateUserRequest, encodeCreateUserResponse, decodeCreateUserResponse } from './users/create-user.js';
import { encodeDeleteUserRequest, decodeDeleteUserRequest } from './users/delete-user.js';
import { encodeUpdateUserRequest, decodeUpdateUserRequest } from './users/update-user.js';
import { encodeUpdatePermissionsRequest, decodeUpdatePermissionsRequest } from './users/update-permissions.js';
import { encodeChangePasswordRequest, decodeChangePasswordRequest } from './users/change-password.js';
import { encodeLoginUserRequest, decodeLoginUserRequest, encodeLoginUserResponse, decodeLoginUserResponse } from './users/login-user.js';
import { encodeLogoutUserRequest, decodeLogoutUserRequest } from './users/logout-user.js';
import { encodeGetPersonalAccessTokensRequest, decodeGetPersonalAccessTokensRequest, encodeGetPersonalAccessTokensResponse, decodeGetPersonalAccessTokensResponse } from './personal-access-tokens/get-personal-access-tokens.js';
import { encodeCreatePersonalAccessTokenRequest, decodeCreatePersonalAccessTokenRequest, encodeCreatePersonalAccessTokenResponse, decodeCreatePersonalAccessTokenResponse } from './personal-access-tokens/create-personal-access-token.js';
import { encodeDeletePersonalAccessTokenRequest, decodeDeletePersonalAccessTokenRequest } from './personal-access-tokens/delete-personal-access-token.js';
import { encodeLoginWithPersonalAccessTokenRequest, decodeLoginWithPersonalAccessTokenRequest, encodeLoginWithPersonalAccessTokenResponse, decodeLoginWithPersonalAccessTokenResponse } from './personal-access-tokens/login-with-personal-access-token.js';
import { encodePollMessagesRequest, decodePollMessagesRequest, encodePollMessagesResponse, decodePollMessagesResponse } from '../messages/poll-messages.js';
import { encodeSendMessagesRequest, decodeSendMessagesRequest } from '../messages/send-messages.js';
import { encodeFlushUnsavedBufferRequest, decodeFlushUnsavedBufferRequest } from './messages/flush-unsaved-buffer.js';
import { encodeGetConsumerOffsetRequest, decodeGetConsumerOffsetRequest, encodeGetConsumerOffsetResponse, decodeGetConsumerOffsetResponse } from './consumer-offsets/get-consumer-offset.js';
import { encodeStoreConsumerOffsetRequest, decodeStoreConsumerOffsetRequest } from './consumer-offsets/store-consumer-offset.js';
import { encodeDeleteConsumerOffsetRequest, decodeDeleteConsumerOffsetRequest } from './consumer-offsets/delete-consumer-offset.js';
import { encodeGetStreamRequest, decodeGetStreamRequest, encodeGetStreamResponse, decodeGetStreamResponse } from './streams/get-stream.js';
import { encodeGetStreamsRequest, decodeGetStreamsRequest, encodeGetStreamsResponse, decodeGetStreamsResponse } from './streams/get-streams.js';
import { encodeCreateStreamRequest, decodeCreateStreamRequest, encodeCreateStreamResponse, decodeCreateStreamResponse } from './streams/create-stream.js';
import { encodeDeleteStreamRequest, decodeDeleteStreamRequest } from './streams/delete-stream.js';
import { encodeUpdateStreamRequest, decodeUpdateStreamRequest } from './streams/update-stream.js';
import { encodePurgeStreamRequest, decodePurgeStreamRequest } from './streams/purge-stream.js';
import { encodeGetTopicRequest, decodeGetTopicRequest, encodeGetTopicResponse, decodeGetTopicResponse } from './topics/get-topic.js';
import { encodeGetTopicsRequest, decodeGetTopicsRequest, encodeGetTopicsResponse, decodeGetTopicsResponse } from './topics/get-topics.js';
import { encodeCreateTopicRequest, decodeCreateTopicRequest, encodeCreateTopicResponse, decodeCreateTopicResponse } from './topics/create-topic.js';
import { encodeDeleteTopicRequest, decodeDeleteTopicRequest } from './topics/delete-topic.js';
import { encodeUpdateTopicRequest, decodeUpdateTopicRequest } from './topics/update-topic.js';
import { encodePurgeTopicRequest, decodePurgeTopicRequest } from './topics/purge-topic.js';
import { encodeCreatePartitionsRequest, decodeCreatePartitionsRequest } from './partitions/create-partitions.js';
import { encodeDeletePartitionsRequest, decodeDeletePartitionsRequest } from './partitions/delete-partitions.js';
import { encodeDeleteSegmentsRequest, decodeDeleteSegmentsRequest } from './segments/delete-segments.js';
import { encodeGetConsumerGroupRequest, decodeGetConsumerGroupRequest, encodeGetConsumerGroupResponse, decodeGetConsumerGroupResponse } from './consumer-groups/get-consumer-group.js';
import { encodeGetConsumerGroupsRequest, decodeGetConsumerGroupsRequest, encodeGetConsumerGroupsResponse, decodeGetConsumerGroupsResponse } from './consumer-groups/get-consumer-groups.js';
import { encodeCreateConsumerGroupRequest, decodeCreateConsumerGroupRequest, encodeCreateConsumerGroupResponse, decodeCreateConsumerGroupResponse } from './consumer-groups/create-consumer-group.js';
import { encodeDeleteConsumerGroupRequest, decodeDeleteConsumerGroupRequest } from './consumer-groups/delete-consumer-group.js';
import { encodeJoinConsumerGroupRequest, decodeJoinConsumerGroupRequest } from './consumer-groups/join-consumer-group.js';
import { encodeLeaveConsumerGroupRequest, decodeLeaveConsumerGroupRequest } from './consumer-groups/leave-consumer-group.js';

/**
 * Request and response codecs of one command. Commands with an empty response use
 * encodeEmptyResponse / decodeEmptyResponse. SendMessages decodes to a zero-copy batch view,
 * so its decodeRequest output type differs from its encodeRequest input type.
 */
export interface CommandCodec<RequestIn, RequestOut, Response> {
  code: number;
  encodeRequest(request: RequestIn): Buffer;
  decodeRequest(payload: Buffer): RequestOut;
  encodeResponse(response: Response): Buffer;
  decodeResponse(payload: Buffer): Response;
}

function codec<RequestIn, RequestOut, Response = void>(
  code: number,
  encodeRequest: (request: RequestIn) => Buffer,
  decodeRequest: (payload: Buffer) => RequestOut,
  encodeResponse: (response: Response) => Buffer = encodeEmptyResponse as (response: Response) => Buffer,
  decodeResponse: (payload: Buffer) => Response = decodeEmptyResponse as (payload: Buffer) => Response,
): CommandCodec<RequestIn, RequestOut, Response> {
  return { code, encodeRequest, decodeRequest, encodeResponse, decodeResponse };
}

/** One entry per CommandCode, keyed by the same names. */
export const COMMAND_CODECS = {
  Ping: codec(CommandCode.Ping, encodePingRequest, decodePingRequest),
  GetStats: codec(CommandCode.GetStats, encodeGetStatsRequest, decodeGetStatsRequest, encodeGetStatsResponse, decodeGetStatsResponse),
  GetSnapshot: codec(CommandCode.GetSnapshot, encodeGetSnapshotRequest, decodeGetSnapshotRequest, encodeGetSnapshotResponse, decodeGetSnapshotResponse),
  GetClusterMetadata: codec(CommandCode.GetClusterMetadata, encodeGetClusterMetadataRequest, decodeGetClusterMetadataRequest, encodeGetClusterMetadataResponse, decodeGetClusterMetadataResponse),
  GetMe: codec(CommandCode.GetMe, encodeGetMeRequest, decodeGetMeRequest, encodeGetMeResponse, decodeGetMeResponse),
  GetClient: codec(CommandCode.GetClient, encodeGetClientRequest, decodeGetClientRequest, encodeGetClientResponse, decodeGetClientResponse),
  GetClients: codec(CommandCode.GetClients, encodeGetClientsRequest, decodeGetClientsRequest, encodeGetClientsResponse, decodeGetClientsResponse),
  GetUser: codec(CommandCode.GetUser, encodeGetUserRequest, decodeGetUserRequest, encodeGetUserResponse, decodeGetUserResponse),
  GetUsers: codec(CommandCode.GetUsers, encodeGetUsersRequest, decodeGetUsersRequest, encodeGetUsersResponse, decodeGetUsersResponse),
  CreateUser: codec(CommandCode.CreateUser, encodeCreateUserRequest, decodeCreateUserRequest, encodeCreateUserResponse, decodeCreateUserResponse),
  DeleteUser: codec(CommandCode.DeleteUser, encodeDeleteUserRequest, decodeDeleteUserRequest),
  UpdateUser: codec(CommandCode.UpdateUser, encodeUpdateUserRequest, decodeUpdateUserRequest),
  UpdatePermissions: codec(CommandCode.UpdatePermissions, encodeUpdatePermissionsRequest, decodeUpdatePermissionsRequest),
  ChangePassword: codec(CommandCode.ChangePassword, encodeChangePasswordRequest, decodeChangePasswordRequest),
  LoginUser: codec(CommandCode.LoginUser, encodeLoginUserRequest, decodeLoginUserRequest, encodeLoginUserResponse, decodeLoginUserResponse),
  LogoutUser: codec(CommandCode.LogoutUser, encodeLogoutUserRequest, decodeLogoutUserRequest),
  GetPersonalAccessTokens: codec(CommandCode.GetPersonalAccessTokens, encodeGetPersonalAccessTokensRequest, decodeGetPersonalAccessTokensRequest, encodeGetPersonalAccessTokensResponse, decodeGetPersonalAccessTokensResponse),
  CreatePersonalAccessToken: codec(CommandCode.CreatePersonalAccessToken, encodeCreatePersonalAccessTokenRequest, decodeCreatePersonalAccessTokenRequest, encodeCreatePersonalAccessTokenResponse, decodeCreatePersonalAccessTokenResponse),
  DeletePersonalAccessToken: codec(CommandCode.DeletePersonalAccessToken, encodeDeletePersonalAccessTokenRequest, decodeDeletePersonalAccessTokenRequest),
  LoginWithPersonalAccessToken: codec(CommandCode.LoginWithPersonalAccessToken, encodeLoginWithPersonalAccessTokenRequest, decodeLoginWithPersonalAccessTokenRequest, encodeLoginWithPersonalAccessTokenResponse, decodeLoginWithPersonalAccessTokenResponse),
  PollMessages: codec(CommandCode.PollMessages, encodePollMessagesRequest, decodePollMessagesRequest, encodePollMessagesResponse, decodePollMessagesResponse),
  SendMessages: codec(CommandCode.SendMessages, encodeSendMessagesRequest, decodeSendMessagesRequest),
  FlushUnsavedBuffer: codec(CommandCode.FlushUnsavedBuffer, encodeFlushUnsavedBufferRequest, decodeFlushUnsavedBufferRequest),
  GetConsumerOffset: codec(CommandCode.GetConsumerOffset, encodeGetConsumerOffsetRequest, decodeGetConsumerOffsetRequest, encodeGetConsumerOffsetResponse, decodeGetConsumerOffsetResponse),
  StoreConsumerOffset: codec(CommandCode.StoreConsumerOffset, encodeStoreConsumerOffsetRequest, decodeStoreConsumerOffsetRequest),
  DeleteConsumerOffset: codec(CommandCode.DeleteConsumerOffset, encodeDeleteConsumerOffsetRequest, decodeDeleteConsumerOffsetRequest),
  GetStream: codec(CommandCode.GetStream, encodeGetStreamRequest, decodeGetStreamRequest, encodeGetStreamResponse, decodeGetStreamResponse),
  GetStreams: codec(CommandCode.GetStreams, encodeGetStreamsRequest, decodeGetStreamsRequest, encodeGetStreamsResponse, decodeGetStreamsResponse),
  CreateStream: codec(CommandCode.CreateStream, encodeCreateStreamRequest, decodeCreateStreamRequest, encodeCreateStreamResponse, decodeCreateStreamResponse),
  DeleteStream: codec(CommandCode.DeleteStream, encodeDeleteStreamRequest, decodeDeleteStreamRequest),
  UpdateStream: codec(CommandCode.UpdateStream, encodeUpdateStreamRequest, decodeUpdateStreamRequest),
  PurgeStream: codec(CommandCode.PurgeStream, encodePurgeStreamRequest, decodePurgeStreamRequest),
  GetTopic: codec(CommandCode.GetTopic, encodeGetTopicRequest, decodeGetTopicRequest, encodeGetTopicResponse, decodeGetTopicResponse),
  GetTopics: codec(CommandCode.GetTopics, encodeGetTopicsRequest, decodeGetTopicsRequest, encodeGetTopicsResponse, decodeGetTopicsResponse),
  CreateTopic: codec(CommandCode.CreateTopic, encodeCreateTopicRequest, decodeCreateTopicRequest, encodeCreateTopicResponse, decodeCreateTopicResponse),
  DeleteTopic: codec(CommandCode.DeleteTopic, encodeDeleteTopicRequest, decodeDeleteTopicRequest),
  UpdateTopic: codec(CommandCode.UpdateTopic, encodeUpdateTopicRequest, decodeUpdateTopicRequest),
  PurgeTopic: codec(CommandCode.PurgeTopic, encodePurgeTopicRequest, decodePurgeTopicRequest),
  CreatePartitions: codec(CommandCode.CreatePartitions, encodeCreatePartitionsRequest, decodeCreatePartitionsRequest),
  DeletePartitions: codec(CommandCode.DeletePartitions, encodeDeletePartitionsRequest, decodeDeletePartitionsRequest),
  DeleteSegments: codec(CommandCode.DeleteSegments, encodeDeleteSegmentsRequest, decodeDeleteSegmentsRequest),
  GetConsumerGroup: codec(CommandCode.GetConsumerGroup, encodeGetConsumerGroupRequest, decodeGetConsumerGroupRequest, encodeGetConsumerGroupResponse, decodeGetConsumerGroupResponse),
  GetConsumerGroups: codec(CommandCode.GetConsumerGroups, encodeGetConsumerGroupsRequest, decodeGetConsumerGroupsRequest, encodeGetConsumerGroupsResponse, decodeGetConsumerGroupsResponse),
  CreateConsumerGroup: codec(CommandCode.CreateConsumerGroup, encodeCreateConsumerGroupRequest, decodeCreateConsumerGroupRequest, encodeCreateConsumerGroupResponse, decodeCreateConsumerGroupResponse),
  DeleteConsumerGroup: codec(CommandCode.DeleteConsumerGroup, encodeDeleteConsumerGroupRequest, decodeDeleteConsumerGroupRequest),
  JoinConsumerGroup: codec(CommandCode.JoinConsumerGroup, encodeJoinConsumerGroupRequest, decodeJoinConsumerGroupRequest),
  LeaveConsumerGroup: codec(CommandCode.LeaveConsumerGroup, encodeLeaveConsumerGroupRequest, decodeLeaveConsumerGroupRequest),
} satisfies Record<CommandName, { code: number }>;
