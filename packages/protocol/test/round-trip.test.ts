// Every command's sample request and response against hand-written bytes (wire-fixtures.ts,
// from wire-protocol.md): the encoder must produce exactly those bytes and the decoder must read
// them back as the sample. A layout bug shared by encoder and decoder (e.g. two fields swapped in
// both) fails here, which a plain encode/decode round trip cannot see.
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
import { ALT_RESPONSE_FIXTURES, REQUEST_FIXTURES, RESPONSE_FIXTURES } from './fixtures/wire-fixtures.js';

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

  test(`${name}: request bytes match the reference`, () => {
    const encoded = codec.encodeRequest(sample.request);
    assert.equal(encoded.toString('hex'), REQUEST_FIXTURES[name].toString('hex'), 'encoder output');
    const decoded = codec.decodeRequest(REQUEST_FIXTURES[name]);
    if (name === 'SendMessages') {
      const request = sample.request as SendMessagesRequest;
      const batch = decodeSendMessagesRequest(REQUEST_FIXTURES[name]);
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

  test(`${name}: response bytes match the reference`, () => {
    if (sample.response === undefined) {
      assert.equal(RESPONSE_FIXTURES[name], undefined, 'a fixture without a sample response');
      // §4: commands with an empty response answer status 0, length 0.
      assert.equal(codec.encodeResponse(undefined).length, 0);
      return;
    }
    const cases: Array<[unknown, Buffer | undefined]> = [[sample.response, RESPONSE_FIXTURES[name]]];
    if ('altResponse' in sample) cases.push([sample.altResponse, ALT_RESPONSE_FIXTURES[name]]);
    for (const [response, fixture] of cases) {
      assert.ok(fixture, `no hand-written bytes for a ${name} response`);
      assert.equal(codec.encodeResponse(response).toString('hex'), fixture.toString('hex'), 'encoder output');
      assert.deepEqual(codec.decodeResponse(fixture), response, 'decoded fixture');
    }
  });
}
