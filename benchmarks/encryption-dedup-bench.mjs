// Cost per message of the partition-owner steps added for issue 12, on one 1000-message batch
// of 1000 B payloads: server-side encryption, decryption on poll, and deduplication.
// Run after `npm run build`: node benchmarks/encryption-dedup-bench.mjs
import { randomBytes } from 'node:crypto';
import { Aes256GcmEncryptor, stampBatchChecksums } from '../packages/protocol/dist/src/index.js';
import { encryptMessagesSection, decryptRecords } from '../packages/server/dist/src/storage/message-encryption.js';
import { dropDuplicateMessages, MessageDeduplicator } from '../packages/server/dist/src/storage/message-deduplicator.js';
import pino from 'pino';
const enc = new Aes256GcmEncryptor(randomBytes(32));
const N = 1000, P = 1000;
const section = Buffer.alloc(N * (64 + P));
for (let i = 0; i < N; i++) { section.writeUInt32LE(P, i * (64 + P) + 52); section.writeUInt32LE(i + 1, i * (64 + P) + 8); }
const log = pino({ level: 'silent' });
for (const [name, fn] of [
  ['checksum batch (xxh3, baseline: what every append already does)', () => stampBatchChecksums(section, 0, N, section.length)],
  ['encrypt batch', () => encryptMessagesSection(section, N, enc)],
  ['decrypt batch', (() => { const e = encryptMessagesSection(section, N, enc); return () => decryptRecords([e], enc, log); })()],
  ['dedup batch (all new ids)', () => { const d = new MessageDeduplicator({ maxEntries: 10000, expiryMs: 60000 }); dropDuplicateMessages(section, N, d); }],
]) {
  for (let w = 0; w < 20; w++) fn();
  const rounds = 200; const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${name}: ${(rounds * N / s / 1e3).toFixed(0)}k msgs/s, ${(rounds * N * P / s / 1e6).toFixed(0)} MB/s payload, ${(s / rounds / N * 1e6).toFixed(2)} µs/msg`);
}
