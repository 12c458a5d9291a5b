// Negative space for every decoder: each strict prefix of a hand-written request (wire-fixtures.ts)
// must be rejected with an IggyError (one test per command); prefixes of the hand-written
// responses and seeded random bytes must decode or throw IggyError, never RangeError, and
// fixed-layout responses must throw (each one named check over all commands).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_CODECS,
  CommandCode,
  type CommandName,
  decodeSendMessagesRequest,
  validateSendMessagesBatch,
} from '../src/index.js';
import { COMMAND_SAMPLES } from './fixtures/command-samples.js';
import { REQUEST_FIXTURES, RESPONSE_FIXTURES } from './fixtures/wire-fixtures.js';
import { throwsOnlyIggyError } from './helpers.js';

type AnyCodec = {
  encodeRequest(request: unknown): Buffer;
  decodeRequest(payload: Buffer): unknown;
  encodeResponse(response: unknown): Buffer;
  decodeResponse(payload: Buffer): unknown;
};

const names = Object.keys(CommandCode) as CommandName[];

/** Requests whose shorter forms are also valid (optional tail). */
const REQUESTS_WITH_OPTIONAL_TAIL = new Set<CommandName>(['LoginUser']);
/** Responses that must throw on every strict, non-empty prefix. */
const FIXED_RESPONSES = new Set<CommandName>([
  'LoginUser',
  'LoginWithPersonalAccessToken',
  'CreatePersonalAccessToken',
  'GetConsumerOffset',
  'CreateStream',
  'CreateConsumerGroup',
  'GetClusterMetadata',
  'PollMessages',
  'GetMe',
  'GetClient',
]);

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const name of names) {
  const codec = COMMAND_CODECS[name] as unknown as AnyCodec;

  test(`${name}: every truncated request is rejected with an IggyError`, () => {
    const encoded = REQUEST_FIXTURES[name];
    for (let length = 0; length < encoded.length; length++) {
      const prefix = encoded.subarray(0, length);
      const decodeAll = () => {
        const decoded = codec.decodeRequest(prefix);
        if (name === 'SendMessages') validateSendMessagesBatch(decodeSendMessagesRequest(prefix));
        return decoded;
      };
      const threw = throwsOnlyIggyError(decodeAll, `${name} request prefix ${length}`);
      if (!REQUESTS_WITH_OPTIONAL_TAIL.has(name)) assert.ok(threw, `${name}: prefix of ${length} bytes was accepted`);
    }
  });
}

// One named check over every command with a response (the others have nothing to truncate).
test('truncated responses throw only IggyError; fixed-layout responses always throw', () => {
  let checked = 0;
  for (const name of names) {
    const fixture = RESPONSE_FIXTURES[name];
    if (COMMAND_SAMPLES[name].response === undefined) continue;
    assert.ok(fixture, `${name}: a response sample without hand-written bytes`);
    const codec = COMMAND_CODECS[name] as unknown as AnyCodec;
    for (let length = 1; length < fixture.length; length++) {
      const threw = throwsOnlyIggyError(() => codec.decodeResponse(fixture.subarray(0, length)), `${name} response prefix ${length}`);
      if (FIXED_RESPONSES.has(name)) assert.ok(threw, `${name}: response prefix of ${length} bytes was accepted`);
    }
    checked++;
  }
  assert.equal(checked, Object.keys(RESPONSE_FIXTURES).length);
});

// One named fuzz check: any decoder fed random bytes either decodes or throws IggyError, never
// RangeError/TypeError (which would crash a connection handler).
test('random bytes: every request and response decoder throws only IggyError', () => {
  for (const name of names) {
    const codec = COMMAND_CODECS[name] as unknown as AnyCodec;
    const next = random(CommandCode[name]);
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.alloc(Math.floor(next() * 80));
      for (let index = 0; index < bytes.length; index++) bytes[index] = next() < 0.5 ? Math.floor(next() * 4) : Math.floor(next() * 256);
      throwsOnlyIggyError(() => codec.decodeRequest(bytes), `${name} request ${bytes.toString('hex')}`);
      throwsOnlyIggyError(() => codec.decodeResponse(bytes), `${name} response ${bytes.toString('hex')}`);
      if (name === 'SendMessages') {
        throwsOnlyIggyError(() => validateSendMessagesBatch(decodeSendMessagesRequest(bytes)), `SendMessages ${bytes.toString('hex')}`);
      }
    }
  }
});
