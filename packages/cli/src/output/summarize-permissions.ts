/**
 * One line for a user's permissions, with Iggy's short permission names:
 * "global: all; stream 1: m_str,r_top (topic 2: s_msg)" or "none".
 */
import type { Permissions } from '@iggy-node/sdk';
import { GLOBAL_SHORT_NAMES, STREAM_SHORT_NAMES, TOPIC_SHORT_NAMES } from '../args/permission-names.js';

function flags(source: object, names: Record<string, string>): string[] {
  return Object.entries(names)
    .filter(([field]) => (source as Record<string, unknown>)[field] === true)
    .map(([, short]) => short);
}

export function summarizePermissions(permissions: Permissions | null): string {
  if (!permissions) return 'none';
  const parts: string[] = [];
  const global = flags(permissions.global, GLOBAL_SHORT_NAMES);
  if (global.length === Object.keys(GLOBAL_SHORT_NAMES).length) parts.push('global: all');
  else if (global.length > 0) parts.push(`global: ${global.join(',')}`);
  for (const [streamId, stream] of permissions.streams) {
    const own = flags(stream, STREAM_SHORT_NAMES);
    const topics = [...stream.topics].map(([topicId, topic]) => `topic ${topicId}: ${flags(topic, TOPIC_SHORT_NAMES).join(',') || 'none'}`);
    parts.push(`stream ${streamId}: ${own.join(',') || 'none'}${topics.length > 0 ? ` (${topics.join('; ')})` : ''}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'none';
}
