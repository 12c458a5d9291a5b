/**
 * IggyError → HTTP answer, as Iggy 0.7's `http/error.rs`: the status by code (404 for the
 * not-found codes, 401 for the authentication ones, 403 for permission denied, 400 for the
 * rest) and the body `{"id","code","reason","field"}`. A handler's plain "not found" (a getter
 * that found nothing) is `{"id":404,"code":"not_found",...}`.
 */
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { jsonReply, type HttpReply } from './http-reply.js';

const NOT_FOUND_CODES = new Set<number>([
  ErrorCode.StreamIdNotFound,
  ErrorCode.TopicIdNotFound,
  ErrorCode.PartitionNotFound,
  ErrorCode.SegmentNotFound,
  ErrorCode.ClientNotFound,
  ErrorCode.ConsumerGroupIdNotFound,
  ErrorCode.ConsumerGroupNameNotFound,
  ErrorCode.ConsumerGroupMemberNotFound,
  ErrorCode.ConsumerOffsetNotFound,
  ErrorCode.ResourceNotFound,
]);

const UNAUTHORIZED_CODES = new Set<number>([ErrorCode.Unauthenticated, ErrorCode.AccessTokenMissing, ErrorCode.InvalidAccessToken, ErrorCode.InvalidPersonalAccessToken]);

/** The `field` Iggy names for some codes. */
const FIELD_BY_CODE = new Map<number, string>([
  [ErrorCode.StreamIdNotFound, 'stream_id'],
  [ErrorCode.TopicIdNotFound, 'topic_id'],
  [ErrorCode.PartitionNotFound, 'partition_id'],
  [ErrorCode.SegmentNotFound, 'segment_id'],
  [ErrorCode.ClientNotFound, 'client_id'],
  [ErrorCode.InvalidStreamName, 'name'],
  [ErrorCode.StreamNameAlreadyExists, 'name'],
  [ErrorCode.InvalidTopicName, 'name'],
  [ErrorCode.TopicNameAlreadyExists, 'name'],
  [ErrorCode.InvalidStreamId, 'stream_id'],
  [ErrorCode.InvalidTopicId, 'topic_id'],
  [ErrorCode.InvalidOffset, 'offset'],
  [ErrorCode.InvalidConsumerGroupId, 'consumer_group_id'],
  [ErrorCode.ConsumerGroupNameAlreadyExists, 'name'],
  [ErrorCode.UserAlreadyExists, 'username'],
  [ErrorCode.PersonalAccessTokenAlreadyExists, 'name'],
]);

export function httpStatusForCode(code: number): number {
  if (NOT_FOUND_CODES.has(code)) return 404;
  if (UNAUTHORIZED_CODES.has(code)) return 401;
  if (code === ErrorCode.Unauthorized) return 403;
  return 400;
}

export function iggyErrorReply(error: IggyError): HttpReply {
  return jsonReply({ id: error.code, code: error.codeName, reason: error.message, field: FIELD_BY_CODE.get(error.code) ?? null }, httpStatusForCode(error.code));
}

export function notFoundReply(): HttpReply {
  return jsonReply({ id: 404, code: 'not_found', reason: 'Resource not found', field: null }, 404);
}

/** Thrown by routes for the framework-level refusals (413, 415, 405) that carry plain text. */
export class HttpRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
