import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkU64, ensureMinPayload } from '../../codec-helpers.js';
import { type GetConsumerOffsetRequest, readConsumerOffsetTarget, writeConsumerOffsetTarget } from './get-consumer-offset.js';

/** StoreConsumerOffset (121): as GetConsumerOffset plus u64 offset. Empty response. */
export interface StoreConsumerOffsetRequest extends GetConsumerOffsetRequest {
  offset: bigint;
}

export function encodeStoreConsumerOffsetRequest(request: StoreConsumerOffsetRequest): Buffer {
  const writer = new BufferWriter(48);
  writeConsumerOffsetTarget(writer, request);
  writer.u64(checkU64(request.offset, 'offset'));
  return writer.view();
}

export function decodeStoreConsumerOffsetRequest(payload: Buffer): StoreConsumerOffsetRequest {
  ensureMinPayload(payload, 24);
  const reader = new BufferReader(payload);
  const target = readConsumerOffsetTarget(reader);
  return { ...target, offset: reader.u64() };
}
