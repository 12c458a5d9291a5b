import { UserStatus, type Permissions, type StreamPermissions, type TopicPermissions } from '@iggy-node/sdk';
import { CliArgsError } from './cli-args-error.js';
import { GLOBAL_SHORT_NAMES, STREAM_SHORT_NAMES, TOPIC_SHORT_NAMES, snakeCase } from './permission-names.js';

/** name (long snake_case or short) -> field, for one permission level. */
function lookup<T extends string>(names: Record<T, string>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [field, short] of Object.entries(names) as [T, string][]) {
    map.set(snakeCase(field), field);
    map.set(short, field);
  }
  return map;
}

const GLOBAL = lookup(GLOBAL_SHORT_NAMES);
const STREAM = lookup(STREAM_SHORT_NAMES);
const TOPIC = lookup(TOPIC_SHORT_NAMES);

export const GLOBAL_PERMISSION_NAMES = [...GLOBAL.keys()];

function setFlags<T extends string>(target: Record<T, boolean>, list: string, names: Map<string, T>, where: string): void {
  for (const name of list.split(',').map((item) => item.trim()).filter((item) => item.length > 0)) {
    if (name === 'all') {
      for (const field of names.values()) target[field] = true;
      continue;
    }
    const field = names.get(name);
    if (field === undefined) throw new CliArgsError(`unknown ${where} permission "${name}" (one of all, ${[...names.keys()].join(', ')})`);
    target[field] = true;
  }
}

function falseFlags<T extends string>(names: Map<string, T>): Record<T, boolean> {
  return Object.fromEntries([...new Set(names.values())].map((field) => [field, false])) as Record<T, boolean>;
}

function parseId(text: string, what: string, spec: string): number {
  if (!/^\d+$/.test(text)) throw new CliArgsError(`invalid ${what} ID "${text}" in "${spec}" (expected a number)`);
  return Number(text);
}

/**
 * One --stream-permissions value in Iggy's format:
 * STREAM_ID[:STREAM_PERMISSIONS][#TOPIC_ID[:TOPIC_PERMISSIONS]]... e.g. "4:m_str,r_top#1:s_msg,p_msg#2".
 */
export function parseStreamPermissions(spec: string): [number, StreamPermissions] {
  const [streamPart, ...topicParts] = spec.split('#');
  const [streamIdText, streamList] = streamPart!.split(':');
  const streamId = parseId(streamIdText ?? '', 'stream', spec);
  const stream = { ...falseFlags(STREAM), topics: new Map<number, TopicPermissions>() } as StreamPermissions;
  if (streamList) setFlags(stream as unknown as Record<string, boolean>, streamList, STREAM as Map<string, string>, 'stream');
  for (const topicPart of topicParts) {
    const [topicIdText, topicList] = topicPart.split(':');
    const topic = falseFlags(TOPIC) as TopicPermissions;
    if (topicList) setFlags(topic as unknown as Record<string, boolean>, topicList, TOPIC as Map<string, string>, 'topic');
    stream.topics.set(parseId(topicIdText ?? '', 'topic', spec), topic);
  }
  return [streamId, stream];
}

/**
 * Permissions from --global-permissions (comma separated long or short names, or "all") and
 * --stream-permissions (repeatable); null when neither is given (no permissions).
 */
export function parsePermissions(globalList: string | undefined, streamSpecs: readonly string[] = []): Permissions | null {
  if (globalList === undefined && streamSpecs.length === 0) return null;
  const global = falseFlags(GLOBAL) as unknown as Permissions['global'];
  if (globalList !== undefined) setFlags(global as unknown as Record<string, boolean>, globalList, GLOBAL as Map<string, string>, 'global');
  const streams = new Map<number, StreamPermissions>();
  for (const spec of streamSpecs) {
    const [streamId, stream] = parseStreamPermissions(spec);
    streams.set(streamId, stream);
  }
  return { global, streams };
}

/** Global permissions only (kept for callers that take no stream list). */
export function parseGlobalPermissions(list: string | undefined): Permissions | null {
  return parsePermissions(list);
}

/** "active" or "inactive". */
export function parseUserStatus(text: string): UserStatus {
  if (text === 'active') return UserStatus.Active;
  if (text === 'inactive') return UserStatus.Inactive;
  throw new CliArgsError(`invalid user status "${text}" (active or inactive)`);
}
