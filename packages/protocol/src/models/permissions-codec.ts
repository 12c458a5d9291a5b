import { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { checkU32 } from '../codec-helpers.js';
import type { GlobalPermissions, Permissions, StreamPermissions, TopicPermissions } from './permissions.js';

// Permissions blob (§7.7). The Rust encoder writes a continuation byte after every stream and
// topic entry; the Node SDK 0.7 omits the last one(s). Decoding therefore treats "blob ends
// where a continuation (or has_streams / has_topics) byte is expected" as "no more entries".

const GLOBAL_KEYS: readonly (keyof GlobalPermissions)[] = [
  'manageServers',
  'readServers',
  'manageUsers',
  'readUsers',
  'manageStreams',
  'readStreams',
  'manageTopics',
  'readTopics',
  'pollMessages',
  'sendMessages',
];
const STREAM_KEYS: readonly (keyof Omit<StreamPermissions, 'topics'>)[] = [
  'manageStream',
  'readStream',
  'manageTopics',
  'readTopics',
  'pollMessages',
  'sendMessages',
];
const TOPIC_KEYS: readonly (keyof TopicPermissions)[] = ['manageTopic', 'readTopic', 'pollMessages', 'sendMessages'];

/** Writes the blob without its u32 length prefix. */
export function writePermissions(writer: BufferWriter, permissions: Permissions): void {
  for (const key of GLOBAL_KEYS) writer.u8(permissions.global[key] ? 1 : 0);
  if (permissions.streams.size === 0) {
    writer.u8(0);
    return;
  }
  writer.u8(1);
  let streamsLeft = permissions.streams.size;
  for (const [streamId, stream] of permissions.streams) {
    writer.u32(checkU32(streamId, 'stream id'));
    for (const key of STREAM_KEYS) writer.u8(stream[key] ? 1 : 0);
    if (stream.topics.size === 0) writer.u8(0);
    else {
      writer.u8(1);
      let topicsLeft = stream.topics.size;
      for (const [topicId, topic] of stream.topics) {
        writer.u32(checkU32(topicId, 'topic id'));
        for (const key of TOPIC_KEYS) writer.u8(topic[key] ? 1 : 0);
        writer.u8(--topicsLeft > 0 ? 1 : 0);
      }
    }
    writer.u8(--streamsLeft > 0 ? 1 : 0);
  }
}

/** The blob alone (no length prefix). */
export function encodePermissions(permissions: Permissions): Buffer {
  const writer = new BufferWriter(64);
  writePermissions(writer, permissions);
  return writer.view();
}

/**
 * Reads a blob of exactly `length` bytes from `reader` (the reader advances past all of them,
 * whatever the blob holds). Truncation inside an entry is 3; a missing continuation byte ends
 * the list.
 */
export function readPermissions(reader: BufferReader, length: number): Permissions {
  const blob = new BufferReader(reader.bytes(length));
  const global = {} as GlobalPermissions;
  for (const key of GLOBAL_KEYS) global[key] = blob.u8() === 1;
  const streams = new Map<number, StreamPermissions>();
  let more = blob.remaining > 0 && blob.u8() === 1;
  while (more) {
    const streamId = blob.u32();
    const stream = { topics: new Map<number, TopicPermissions>() } as StreamPermissions;
    for (const key of STREAM_KEYS) stream[key] = blob.u8() === 1;
    let moreTopics = blob.remaining > 0 && blob.u8() === 1;
    while (moreTopics) {
      const topicId = blob.u32();
      const topic = {} as TopicPermissions;
      for (const key of TOPIC_KEYS) topic[key] = blob.u8() === 1;
      stream.topics.set(topicId, topic);
      moreTopics = blob.remaining > 0 && blob.u8() === 1;
    }
    streams.set(streamId, stream);
    more = blob.remaining > 0 && blob.u8() === 1;
  }
  return { global, streams };
}

/** Decodes a standalone blob. */
export function decodePermissions(blob: Buffer): Permissions {
  return readPermissions(new BufferReader(blob), blob.length);
}
