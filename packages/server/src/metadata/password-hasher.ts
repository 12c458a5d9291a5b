import { createRequire } from 'node:module';

// @node-rs/argon2 is a CommonJS napi-rs package: require() loads it for about a third of what an
// ESM import costs (Node 20 parses the loader for named exports first; ~20 ms of every shard's
// start-up), as protocol/checksum.ts does for @node-rs/xxhash.
const { hash, verify } = createRequire(import.meta.url)('@node-rs/argon2') as typeof import('@node-rs/argon2');

// Argon2id with @node-rs/argon2's defaults, which equal the Rust argon2 0.5 defaults Iggy uses
// (m=19456 KiB, t=2, p=1, 16-byte random salt), stored as a PHC string
// `$argon2id$v=19$m=19456,t=2,p=1$…` (server-semantics.md §5.2). Hashing runs on libuv's
// thread pool, so it does not block the event loop.

export async function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

/** False for a wrong password and for a malformed stored hash (never throws for those). */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}
