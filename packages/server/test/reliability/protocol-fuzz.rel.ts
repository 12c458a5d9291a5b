// Reliability: a seeded protocol fuzzer over every command code (and unknown ones), before and
// after login: random payloads of random lengths, truncated and extended frames, and garbage
// streams. Promised, and checked: every frame is answered (an error code or OK) or the
// connection is closed, as Iggy does; the server never crashes or hangs, and answers a normal
// client afterwards. Figures: frames sent, answered, connections closed, server memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandCode, encodeLoginUserRequest, encodeRequestFrame } from '@iggy-node/protocol';
import { startTestServer } from '../helpers/test-server.js';
import { RawConnection } from '../integration/protocol/raw-connection.js';
import { recordFigures, rssMiB, scaled, seededRandom } from './reliability-support.js';

function randomPayload(random: () => number): Buffer {
  const roll = random();
  const length = roll < 0.1 ? 0 : roll < 0.5 ? Math.floor(random() * 16) : roll < 0.95 ? Math.floor(random() * 256) : Math.floor(random() * 4096);
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  // Small numbers in the first bytes reach deeper into decoders (ids, kinds, lengths).
  if (length >= 4 && random() < 0.5) bytes.writeUInt32LE(Math.floor(random() * 4), 0);
  return bytes;
}

test('reliability: seeded protocol fuzzer over every command', { timeout: 1_800_000 }, async () => {
  const seed = 1307;
  const random = seededRandom(seed);
  const framesPerCommand = scaled({ short: 20, full: 500 });
  const server = await startTestServer({ shardCount: 2 });
  try {
    const admin = await server.client();
    await admin.createStream('fuzz');
    await admin.createTopic({ streamId: 'fuzz', name: 'target', partitionsCount: 2 });
    const rssBefore = rssMiB(server.pid);
    const codes = [...new Set(Object.values(CommandCode) as number[])].sort((a, b) => a - b);
    const unknownCodes = [0, 2, 99, 123, 999, 65_535, 0x7fff_ffff];
    let sent = 0;
    let answered = 0;
    let closed = 0;
    const unanswered: string[] = [];
    for (const authenticated of [false, true]) {
      let connection: RawConnection | null = null;
      const open = async (): Promise<RawConnection> => {
        const fresh = await RawConnection.open(server.host, server.port);
        if (authenticated) {
          const login = await fresh.request(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy' }));
          assert.equal(login.status, 0, 'fuzz connection logs in');
        }
        return fresh;
      };
      for (const code of [...codes, ...unknownCodes]) {
        for (let i = 0; i < framesPerCommand; i++) {
          connection ??= await open();
          const payload = randomPayload(random);
          sent++;
          try {
            const shape = random();
            if (shape < 0.9) {
              await connection.request(code, payload);
              answered++;
            } else {
              // A frame whose length field disagrees with what follows, or raw garbage.
              const frame = encodeRequestFrame(code, payload);
              const mangled = shape < 0.95 ? frame.subarray(0, Math.max(4, Math.floor(frame.length / 2))) : randomPayload(random);
              await connection.write(mangled);
              connection.destroy();
              connection = null;
              closed++;
            }
          } catch (error) {
            // Timed out: neither an answer nor a close — a hang, which the server must never do.
            if (/timed out/.test((error as Error).message)) unanswered.push(`code ${code}, ${payload.length} bytes: ${payload.subarray(0, 32).toString('hex')}`);
            else closed++;
            connection?.destroy();
            connection = null;
          }
        }
      }
      connection?.destroy();
    }
    // The server is alive and serves a normal client.
    const check = await server.client();
    await check.ping();
    const streams = await check.getStreams();
    assert.ok(streams.length >= 1);
    recordFigures('seeded protocol fuzzer', {
      seed,
      commandCodes: codes.length,
      unknownCodes: unknownCodes.length,
      framesSent: sent,
      answered,
      connectionsClosed: closed,
      unanswered: unanswered.length,
      serverCrashes: 0,
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssMiB(server.pid),
    });
    assert.deepEqual(unanswered, [], 'frames neither answered nor closed');
    assert.ok(answered > 0);
  } finally {
    await server.stop();
  }
});
