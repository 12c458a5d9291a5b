import { CommandCode, type Permissions } from '@iggy-node/protocol';
import type { UserStatus } from './metadata-model.js';

/**
 * One applied metadata change, fully resolved: numeric ids only (names resolved at run time,
 * so replay never depends on name lookups, unlike Iggy), the ids the server picked, and the
 * values it computed (resolved topic defaults, password and token hashes, token expiry).
 * Applying the same commands in the same order with the same timestamps always rebuilds the
 * same model. This is the payload of a state-log entry.
 */
export type MetadataCommand =
  | { kind: 'CreateStream'; streamId: number; name: string }
  | { kind: 'UpdateStream'; streamId: number; name: string }
  | { kind: 'DeleteStream'; streamId: number }
  | {
      kind: 'CreateTopic';
      streamId: number;
      topicId: number;
      name: string;
      partitionsCount: number;
      compression: number;
      messageExpiryMicros: bigint;
      maxTopicSizeBytes: bigint;
      replicationFactor: number;
    }
  | {
      kind: 'UpdateTopic';
      streamId: number;
      topicId: number;
      name: string;
      compression: number;
      messageExpiryMicros: bigint;
      maxTopicSizeBytes: bigint;
      replicationFactor: number;
    }
  | { kind: 'DeleteTopic'; streamId: number; topicId: number }
  | { kind: 'CreatePartitions'; streamId: number; topicId: number; partitionsCount: number }
  | { kind: 'DeletePartitions'; streamId: number; topicId: number; partitionsCount: number }
  | { kind: 'CreateConsumerGroup'; streamId: number; topicId: number; groupId: number; name: string }
  | { kind: 'DeleteConsumerGroup'; streamId: number; topicId: number; groupId: number }
  | {
      kind: 'CreateUser';
      userId: number;
      username: string;
      passwordHash: string;
      status: UserStatus;
      permissions: Permissions | null;
    }
  | { kind: 'UpdateUser'; userId: number; username: string | null; status: UserStatus | null }
  | { kind: 'DeleteUser'; userId: number }
  | { kind: 'ChangePassword'; userId: number; passwordHash: string }
  | { kind: 'UpdatePermissions'; userId: number; permissions: Permissions | null }
  | { kind: 'CreatePersonalAccessToken'; userId: number; name: string; tokenHash: string; expiryAtMicros: bigint | null }
  | { kind: 'DeletePersonalAccessToken'; userId: number; name: string };

export type MetadataCommandKind = MetadataCommand['kind'];

/** Entry command codes: the binary-protocol code of the command that caused the change. */
export const COMMAND_CODE_BY_KIND: Readonly<Record<MetadataCommandKind, number>> = {
  CreateStream: CommandCode.CreateStream,
  UpdateStream: CommandCode.UpdateStream,
  DeleteStream: CommandCode.DeleteStream,
  CreateTopic: CommandCode.CreateTopic,
  UpdateTopic: CommandCode.UpdateTopic,
  DeleteTopic: CommandCode.DeleteTopic,
  CreatePartitions: CommandCode.CreatePartitions,
  DeletePartitions: CommandCode.DeletePartitions,
  CreateConsumerGroup: CommandCode.CreateConsumerGroup,
  DeleteConsumerGroup: CommandCode.DeleteConsumerGroup,
  CreateUser: CommandCode.CreateUser,
  UpdateUser: CommandCode.UpdateUser,
  DeleteUser: CommandCode.DeleteUser,
  ChangePassword: CommandCode.ChangePassword,
  UpdatePermissions: CommandCode.UpdatePermissions,
  CreatePersonalAccessToken: CommandCode.CreatePersonalAccessToken,
  DeletePersonalAccessToken: CommandCode.DeletePersonalAccessToken,
};

const KIND_BY_COMMAND_CODE = new Map<number, MetadataCommandKind>(
  (Object.entries(COMMAND_CODE_BY_KIND) as [MetadataCommandKind, number][]).map(([kind, code]) => [code, kind]),
);

// Payload encoding: UTF-8 JSON of the command object. Iggy stores the binary command; we chose
// JSON so the state log does not change whenever a wire codec does, and so a log can be read
// with a text viewer. JSON has no bigint and no Map, so they are written as tagged objects:
// a bigint as {"$bigint":"<decimal>"}, a Map as {"$map":[[key,value],...]}. No field of our own
// objects is named "$bigint" or "$map", so the tags cannot collide with data (names are values,
// never keys).

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Map) return { $map: [...value.entries()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$bigint === 'string') return BigInt(record.$bigint);
    if (keys.length === 1 && Array.isArray(record.$map)) return new Map(record.$map as [unknown, unknown][]);
  }
  return value;
}

export function encodeMetadataCommand(command: MetadataCommand): { code: number; payload: Buffer } {
  return { code: COMMAND_CODE_BY_KIND[command.kind], payload: Buffer.from(JSON.stringify(command, replacer), 'utf8') };
}

/** Throws a plain Error (the caller adds file and offset) when the payload does not fit the code. */
export function decodeMetadataCommand(code: number, payload: Buffer): MetadataCommand {
  const kind = KIND_BY_COMMAND_CODE.get(code);
  if (kind === undefined) throw new Error(`unknown state entry command code ${code}`);
  const command = JSON.parse(payload.toString('utf8'), reviver) as MetadataCommand;
  if (typeof command !== 'object' || command === null || command.kind !== kind) {
    throw new Error(`state entry payload does not hold a ${kind} command`);
  }
  return command;
}
