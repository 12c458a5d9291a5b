import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type GetConsumerOffsetRequest, readConsumerOffsetTarget, writeConsumerOffsetTarget } from './get-consumer-offset.js';

/** DeleteConsumerOffset (122): same layout as GetConsumerOffset. Empty response. */
export type DeleteConsumerOffsetRequest = GetConsumerOffsetRequest;

export function encodeDeleteConsumerOffsetRequest(request: DeleteConsumerOffsetRequest): Buffer {
  const writer = new BufferWriter(40);
  writeConsumerOffsetTarget(writer, request);
  return writer.view();
}

export function decodeDeleteConsumerOffsetRequest(payload: Buffer): DeleteConsumerOffsetRequest {
  ensureMinPayload(payload, 16);
  return readConsumerOffsetTarget(new BufferReader(payload));
}
