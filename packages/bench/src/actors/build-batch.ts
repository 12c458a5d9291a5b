import { MESSAGE_HEADER, MESSAGE_HEADER_SIZE, encodeSendMessagesPrefix, type Partitioning } from '@iggy-node/protocol';

export interface PrebuiltBatch {
  /** Metadata + index sections (SendMessages payload before the messages). */
  prefix: Buffer;
  /** The messages section, N records of a 64-byte header and the payload. */
  messages: Buffer;
  messagesCount: number;
  userDataBytes: number;
}

/**
 * Builds one SendMessages payload, once per actor, that every send reuses: ids 0 and offsets 0
 * let the server assign both, so the same bytes are valid for every batch.
 */
export function buildBatch(streamName: string, topicName: string, partitionId: number | null, messagesCount: number, messageSizeBytes: number): PrebuiltBatch {
  const recordSize = MESSAGE_HEADER_SIZE + messageSizeBytes;
  const messages = Buffer.alloc(recordSize * messagesCount);
  const ends = new Uint32Array(messagesCount);
  const originUs = BigInt(Date.now()) * 1000n;
  for (let index = 0; index < messagesCount; index++) {
    const at = index * recordSize;
    messages.writeBigUInt64LE(originUs, at + MESSAGE_HEADER.ORIGIN_TIMESTAMP);
    messages.writeUInt32LE(messageSizeBytes, at + MESSAGE_HEADER.PAYLOAD_LENGTH);
    // A printable, position-dependent payload: not all zeros, so nothing along the way can
    // shortcut it, and readable when a segment file is inspected.
    for (let byte = 0; byte < messageSizeBytes; byte++) messages[at + MESSAGE_HEADER_SIZE + byte] = 97 + ((index + byte) % 26);
    ends[index] = at + recordSize;
  }
  const partitioning: Partitioning = partitionId === null ? { kind: 'balanced' } : { kind: 'partition_id', partitionId };
  const prefix = encodeSendMessagesPrefix({ streamId: streamName, topicId: topicName, partitioning }, ends);
  return { prefix, messages, messagesCount, userDataBytes: messageSizeBytes * messagesCount };
}
