// Round-trips every command's sample request and response through its codec pair (table-driven
// over CommandCode), and checks the table covers every command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_CODECS,
  CommandCode,
  type CommandName,
  decodeSendMessagesRequest,
  readSendMessagesBatch,
  validateSendMessagesBatch,
  encodeUserHeaders,
  type SendMessagesRequest,
} from '../src/index.js';
import { COMMAND_SAMPLES } from './fixtures/command-samples.js';

type AnyCodec = {
  code: number;
  encodeRequest(request: unknown): Buffer;
  decodeRequest(payload: Buffer): unknown;
  encodeResponse(response: unknown): Buffer;
  decodeResponse(payload: Buffer): unknown;
};

const names = Object.keys(CommandCode) as CommandName[];

test('codec table covers every command code', () => {
  assert.deepEqual(Object.keys(COMMAND_CODECS).sort(), [...names].sort());
  for (const name of names) assert.equal(COMMAND_CODECS[name].code, CommandCode[name], name);
});

for (const name of names) {
  const codec = COMMAND_CODECS[name] as unknown as AnyCodec;
  const sample = COMMAND_SAMPLES[name];

  test(`${name}: request round trip`, () => {
    const encoded = codec.encodeRequest(sample.request);
    const decoded = codec.decodeRequest(encoded);
    if (name === 'SendMessages') {
      const request = sample.request as SendMessagesRequest;
      const batch = decodeSendMessagesRequest(encoded);
      validateSendMessagesBatch(batch);
      assert.equal(batch.streamId, request.streamId);
      assert.equal(batch.topicId, request.topicId);
      assert.deepEqual(batch.partitioning, request.partitioning);
      const views = readSendMessagesBatch(batch);
      assert.deepEqual(
        views.map((v) => ({ id: v.id, payload: v.payload, originTimestamp: v.originTimestamp, headers: v.userHeaders })),
        request.messages.map((m) => ({
          id: m.id ?? 0n,
          payload: m.payload,
          originTimestamp: m.originTimestamp,
          headers: m.headers === undefined ? Buffer.alloc(0) : Buffer.isBuffer(m.headers) ? m.headers : encodeUserHeaders(m.headers),
        })),
      );
      return;
    }
    assert.deepEqual(decoded, sample.request);
    // Decoding then encoding again gives the same bytes (the encoders are canonical).
    assert.deepEqual(codec.encodeRequest(decoded), encoded);
  });

  test(`${name}: response round trip`, () => {
    if (sample.response === undefined) {
      assert.equal(codec.encodeResponse(undefined).length, 0);
      return;
    }
    for (const response of [sample.response, ...('altResponse' in sample ? [sample.altResponse] : [])]) {
      const encoded = codec.encodeResponse(response);
      assert.deepEqual(codec.decodeResponse(encoded), response);
    }
  });
}
