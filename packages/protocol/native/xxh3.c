// XXH3-64 (seed 0, default secret) and a batch stamper for Iggy message records, written from
// the XXH3 specification (xxHash doc/xxhash_spec.md) for a freestanding wasm32 build: no libc,
// no allocator, no 128-bit libcalls. Built by scripts/build-xxh3-wasm.sh into native/xxh3.wasm.
//
// Why: the server stamps one checksum per stored message; one napi call per message costs
// more than the hashing itself. Here one call stamps every record of a batch.
//
// Memory: the module owns nothing beyond its static data and uses no stack (no locals spill;
// the build script checks that no code touches the stack pointer). Two builds of this file:
// - xxh3.wasm with its own memory: the JS side copies a batch to scratch_base() (growing
//   linear memory itself), calls stamp_records_list, and reads the checksums back;
// - xxh3-shared.wasm importing a shared memory (the server's memory pool, a shared
//   WebAssembly.Memory): every shard instantiates it over the same memory and calls
//   stamp_records_in_place on batches that sit in pool slots. Its static data (the secret and
//   the one-time init flag) lands below scratch_base(), which must stay inside the region the
//   pool keeps free for it (its first 64 KiB page); without a stack, instances in different
//   threads share nothing they write except the batches their callers own.

typedef unsigned char uint8_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;

#define EXPORT(name) __attribute__((export_name(name)))

#define PRIME32_1 0x9E3779B1ULL
#define PRIME32_2 0x85EBCA77ULL
#define PRIME32_3 0xC2B2AE3DULL
#define PRIME64_1 0x9E3779B185EBCA87ULL
#define PRIME64_2 0xC2B2AE3D27D4EB4FULL
#define PRIME64_3 0x165667B19E3779F9ULL
#define PRIME64_4 0x85EBCA77C2B2AE63ULL
#define PRIME64_5 0x27D4EB2F165667C5ULL
#define PRIME_MX1 0x165667919E3779F9ULL
#define PRIME_MX2 0x9FB21C651E98DF25ULL

#define SECRET_SIZE 192
#define STRIPE_SIZE 64
#define SECRET_CONSUME_RATE 8
#define STRIPES_PER_BLOCK ((SECRET_SIZE - STRIPE_SIZE) / SECRET_CONSUME_RATE)
#define BLOCK_SIZE (STRIPE_SIZE * STRIPES_PER_BLOCK)
#define MIDSIZE_MAX 240
#define MIDSIZE_START_OFFSET 3
#define MIDSIZE_LAST_OFFSET 17
#define SECRET_SIZE_MIN 136
#define LAST_STRIPE_SECRET_OFFSET 7
#define MERGE_SECRET_OFFSET 11

// Iggy message record layout (storage.md §2).
#define RECORD_HEADER_SIZE 64
#define RECORD_USER_HEADERS_LENGTH_AT 48
#define RECORD_PAYLOAD_LENGTH_AT 52
#define RECORD_CHECKSUM_SIZE 8

static const uint8_t kSecret[SECRET_SIZE] __attribute__((aligned(16))) = {
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
    0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
    0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
    0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
    0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
    0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
    0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
    0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
    0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
};

// wasm32 is little-endian and allows unaligned loads; memcpy of a constant size lowers to
// one load or store with align=1.
static inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

static inline uint32_t load32(const uint8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

static inline void store64(uint8_t* p, uint64_t v) { __builtin_memcpy(p, &v, 8); }

static inline uint64_t rotl64(uint64_t v, unsigned r) { return (v << r) | (v >> (64 - r)); }

static inline uint64_t bswap64(uint64_t v) { return __builtin_bswap64(v); }

// 64x64 -> 128 multiply folded to 64 bits (low ^ high). Built from 32-bit halves: an __int128
// multiply on wasm32 becomes a call to compiler-rt's __multi3, which a -nostdlib build lacks.
static inline uint64_t mul128_fold64(uint64_t a, uint64_t b) {
  uint64_t a_lo = a & 0xFFFFFFFFULL, a_hi = a >> 32;
  uint64_t b_lo = b & 0xFFFFFFFFULL, b_hi = b >> 32;
  uint64_t lo_lo = a_lo * b_lo;
  uint64_t hi_lo = a_hi * b_lo;
  uint64_t lo_hi = a_lo * b_hi;
  uint64_t hi_hi = a_hi * b_hi;
  uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFULL) + lo_hi;
  uint64_t high = (hi_lo >> 32) + (cross >> 32) + hi_hi;
  uint64_t low = (cross << 32) | (lo_lo & 0xFFFFFFFFULL);
  return low ^ high;
}

static inline uint64_t xxh64_avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= PRIME64_2;
  h ^= h >> 29;
  h *= PRIME64_3;
  h ^= h >> 32;
  return h;
}

static inline uint64_t xxh3_avalanche(uint64_t h) {
  h ^= h >> 37;
  h *= PRIME_MX1;
  h ^= h >> 32;
  return h;
}

static inline uint64_t rrmxmx(uint64_t h, uint64_t len) {
  h ^= rotl64(h, 49) ^ rotl64(h, 24);
  h *= PRIME_MX2;
  h ^= (h >> 35) + len;
  h *= PRIME_MX2;
  h ^= h >> 28;
  return h;
}

// Seed is 0 throughout, so every "+ seed" / "- seed" term of the specification drops out.

static inline uint64_t hash_len_1_to_3(const uint8_t* p, uint32_t len) {
  uint32_t combined = ((uint32_t)p[0] << 16) | ((uint32_t)p[len >> 1] << 24) | (uint32_t)p[len - 1] | (len << 8);
  uint64_t bitflip = (uint64_t)(load32(kSecret) ^ load32(kSecret + 4));
  return xxh64_avalanche((uint64_t)combined ^ bitflip);
}

static inline uint64_t hash_len_4_to_8(const uint8_t* p, uint32_t len) {
  uint64_t first = load32(p);
  uint64_t last = load32(p + len - 4);
  uint64_t bitflip = load64(kSecret + 8) ^ load64(kSecret + 16);
  uint64_t keyed = (last + (first << 32)) ^ bitflip;
  return rrmxmx(keyed, len);
}

static inline uint64_t hash_len_9_to_16(const uint8_t* p, uint32_t len) {
  uint64_t bitflip_lo = load64(kSecret + 24) ^ load64(kSecret + 32);
  uint64_t bitflip_hi = load64(kSecret + 40) ^ load64(kSecret + 48);
  uint64_t lo = load64(p) ^ bitflip_lo;
  uint64_t hi = load64(p + len - 8) ^ bitflip_hi;
  uint64_t acc = (uint64_t)len + bswap64(lo) + hi + mul128_fold64(lo, hi);
  return xxh3_avalanche(acc);
}

static inline uint64_t hash_len_0_to_16(const uint8_t* p, uint32_t len) {
  if (len > 8) return hash_len_9_to_16(p, len);
  if (len >= 4) return hash_len_4_to_8(p, len);
  if (len > 0) return hash_len_1_to_3(p, len);
  return xxh64_avalanche(load64(kSecret + 56) ^ load64(kSecret + 64));
}

static inline uint64_t mix16(const uint8_t* p, const uint8_t* secret) {
  return mul128_fold64(load64(p) ^ load64(secret), load64(p + 8) ^ load64(secret + 8));
}

static inline uint64_t hash_len_17_to_128(const uint8_t* p, uint32_t len) {
  uint64_t acc = (uint64_t)len * PRIME64_1;
  if (len > 32) {
    if (len > 64) {
      if (len > 96) {
        acc += mix16(p + 48, kSecret + 96);
        acc += mix16(p + len - 64, kSecret + 112);
      }
      acc += mix16(p + 32, kSecret + 64);
      acc += mix16(p + len - 48, kSecret + 80);
    }
    acc += mix16(p + 16, kSecret + 32);
    acc += mix16(p + len - 32, kSecret + 48);
  }
  acc += mix16(p, kSecret);
  acc += mix16(p + len - 16, kSecret + 16);
  return xxh3_avalanche(acc);
}

static inline uint64_t hash_len_129_to_240(const uint8_t* p, uint32_t len) {
  uint64_t acc = (uint64_t)len * PRIME64_1;
  uint32_t rounds = len / 16;
  for (uint32_t i = 0; i < 8; i++) acc += mix16(p + 16 * i, kSecret + 16 * i);
  acc = xxh3_avalanche(acc);
  for (uint32_t i = 8; i < rounds; i++) acc += mix16(p + 16 * i, kSecret + 16 * (i - 8) + MIDSIZE_START_OFFSET);
  acc += mix16(p + len - 16, kSecret + SECRET_SIZE_MIN - MIDSIZE_LAST_OFFSET);
  return xxh3_avalanche(acc);
}

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

// Eight u64 accumulators as four 2-lane vectors.
typedef struct {
  v128_t lane[4];
} accumulators;

static inline void accumulators_init(accumulators* acc) {
  acc->lane[0] = wasm_u64x2_make(PRIME32_3, PRIME64_1);
  acc->lane[1] = wasm_u64x2_make(PRIME64_2, PRIME64_3);
  acc->lane[2] = wasm_u64x2_make(PRIME64_4, PRIME32_2);
  acc->lane[3] = wasm_u64x2_make(PRIME64_5, PRIME32_1);
}

// One stripe: acc[i] += lo32(d^k) * hi32(d^k); acc[i^1] += d. The two u32 halves of each
// 64-bit lane are gathered by shuffles so one extending u32 multiply yields both products.
static inline void accumulate_stripe(accumulators* acc, const uint8_t* p, const uint8_t* secret) {
  for (int j = 0; j < 4; j++) {
    v128_t data = wasm_v128_load(p + 16 * j);
    v128_t keyed = wasm_v128_xor(data, wasm_v128_load(secret + 16 * j));
    v128_t lows = wasm_i32x4_shuffle(keyed, keyed, 0, 2, 0, 2);
    v128_t highs = wasm_i32x4_shuffle(keyed, keyed, 1, 3, 1, 3);
    v128_t product = wasm_u64x2_extmul_low_u32x4(lows, highs);
    v128_t swapped = wasm_i64x2_shuffle(data, data, 1, 0);
    acc->lane[j] = wasm_i64x2_add(acc->lane[j], wasm_i64x2_add(product, swapped));
  }
}

static inline void scramble(accumulators* acc, const uint8_t* secret) {
  v128_t prime = wasm_u64x2_splat(PRIME32_1);
  for (int j = 0; j < 4; j++) {
    v128_t a = acc->lane[j];
    a = wasm_v128_xor(a, wasm_u64x2_shr(a, 47));
    a = wasm_v128_xor(a, wasm_v128_load(secret + 16 * j));
    acc->lane[j] = wasm_i64x2_mul(a, prime);
  }
}

static inline uint64_t accumulator_at(const accumulators* acc, int i) {
  return (i & 1) ? wasm_u64x2_extract_lane(acc->lane[i >> 1], 1) : wasm_u64x2_extract_lane(acc->lane[i >> 1], 0);
}

#else

typedef struct {
  uint64_t lane[8];
} accumulators;

static inline void accumulators_init(accumulators* acc) {
  acc->lane[0] = PRIME32_3;
  acc->lane[1] = PRIME64_1;
  acc->lane[2] = PRIME64_2;
  acc->lane[3] = PRIME64_3;
  acc->lane[4] = PRIME64_4;
  acc->lane[5] = PRIME32_2;
  acc->lane[6] = PRIME64_5;
  acc->lane[7] = PRIME32_1;
}

static inline void accumulate_stripe(accumulators* acc, const uint8_t* p, const uint8_t* secret) {
  for (int i = 0; i < 8; i++) {
    uint64_t data = load64(p + 8 * i);
    uint64_t keyed = data ^ load64(secret + 8 * i);
    acc->lane[i ^ 1] += data;
    acc->lane[i] += (keyed & 0xFFFFFFFFULL) * (keyed >> 32);
  }
}

static inline void scramble(accumulators* acc, const uint8_t* secret) {
  for (int i = 0; i < 8; i++) {
    uint64_t a = acc->lane[i];
    a ^= a >> 47;
    a ^= load64(secret + 8 * i);
    acc->lane[i] = a * PRIME32_1;
  }
}

static inline uint64_t accumulator_at(const accumulators* acc, int i) { return acc->lane[i]; }

#endif

static uint64_t hash_long(const uint8_t* p, uint32_t len) {
  accumulators acc;
  accumulators_init(&acc);
  uint32_t blocks = (len - 1) / BLOCK_SIZE;
  for (uint32_t b = 0; b < blocks; b++) {
    const uint8_t* block = p + b * BLOCK_SIZE;
    for (uint32_t s = 0; s < STRIPES_PER_BLOCK; s++) {
      accumulate_stripe(&acc, block + s * STRIPE_SIZE, kSecret + s * SECRET_CONSUME_RATE);
    }
    scramble(&acc, kSecret + SECRET_SIZE - STRIPE_SIZE);
  }
  // The partial last block: whole stripes, leaving at least one byte for the last stripe.
  uint32_t stripes = ((len - 1) - blocks * BLOCK_SIZE) / STRIPE_SIZE;
  const uint8_t* tail = p + blocks * BLOCK_SIZE;
  for (uint32_t s = 0; s < stripes; s++) {
    accumulate_stripe(&acc, tail + s * STRIPE_SIZE, kSecret + s * SECRET_CONSUME_RATE);
  }
  // The last 64 bytes, overlapping what came before.
  accumulate_stripe(&acc, p + len - STRIPE_SIZE, kSecret + SECRET_SIZE - STRIPE_SIZE - LAST_STRIPE_SECRET_OFFSET);

  uint64_t result = (uint64_t)len * PRIME64_1;
  const uint8_t* secret = kSecret + MERGE_SECRET_OFFSET;
  for (int i = 0; i < 4; i++) {
    result += mul128_fold64(accumulator_at(&acc, 2 * i) ^ load64(secret + 16 * i),
                            accumulator_at(&acc, 2 * i + 1) ^ load64(secret + 16 * i + 8));
  }
  return xxh3_avalanche(result);
}

EXPORT("xxh3_64") uint64_t xxh3_64(const uint8_t* p, uint32_t len) {
  if (len <= 16) return hash_len_0_to_16(p, len);
  if (len <= 128) return hash_len_17_to_128(p, len);
  if (len <= MIDSIZE_MAX) return hash_len_129_to_240(p, len);
  return hash_long(p, len);
}

static inline uint32_t record_size(const uint8_t* record) {
  return RECORD_HEADER_SIZE + load32(record + RECORD_USER_HEADERS_LENGTH_AT) + load32(record + RECORD_PAYLOAD_LENGTH_AT);
}

// Walks `count` records laid back to back from `base` and writes each record's checksum,
// XXH3-64 of record bytes [8, size), little-endian into its bytes [0, 8).
EXPORT("stamp_records") void stamp_records(uint8_t* base, uint32_t count) {
  uint8_t* record = base;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t size = record_size(record);
    store64(record, xxh3_64(record + RECORD_CHECKSUM_SIZE, size - RECORD_CHECKSUM_SIZE));
    record += size;
  }
}

// As stamp_records, bounded and listing its results for a caller that copies back only the
// checksums: out[3i] = record i's byte offset from base, out[3i+1], out[3i+2] = checksum lo, hi.
// Stops before the first record whose header or body would pass base+byte_length, and returns
// how many records it stamped; the caller checks that against count (and nothing is read
// outside the batch, whatever its headers say).
EXPORT("stamp_records_list") uint32_t stamp_records_list(uint8_t* base, uint32_t count, uint32_t byte_length, uint32_t* out) {
  uint64_t position = 0;
  for (uint32_t i = 0; i < count; i++) {
    if (position + RECORD_HEADER_SIZE > byte_length) return i;
    uint8_t* record = base + position;
    uint64_t size = (uint64_t)RECORD_HEADER_SIZE + load32(record + RECORD_USER_HEADERS_LENGTH_AT) +
                    load32(record + RECORD_PAYLOAD_LENGTH_AT);
    if (position + size > byte_length) return i;
    uint64_t checksum = xxh3_64(record + RECORD_CHECKSUM_SIZE, (uint32_t)size - RECORD_CHECKSUM_SIZE);
    store64(record, checksum);
    out[3 * i] = (uint32_t)position;
    out[3 * i + 1] = (uint32_t)checksum;
    out[3 * i + 2] = (uint32_t)(checksum >> 32);
    position += size;
  }
  return position == byte_length ? count : count - 1;
}

// Stamps a batch where it lies, for the shared-memory build whose linear memory is the server's
// memory pool (no copy in or out). Walks the headers first and stamps nothing unless exactly
// `count` records tile [base, base+byte_length): returns count, or the index of the first record
// that overruns (or count when records end early, read as "did not tile" by comparing the
// walked length). Pointers are unsigned 32-bit, so batches above 2 GiB address correctly; the
// caller guarantees base+byte_length is inside memory (a pool slot).
#define NOT_TILED 0xFFFFFFFFu

EXPORT("stamp_records_in_place") uint32_t stamp_records_in_place(uint8_t* base, uint32_t count, uint32_t byte_length) {
  uint64_t position = 0;
  for (uint32_t i = 0; i < count; i++) {
    if (position + RECORD_HEADER_SIZE > byte_length) return NOT_TILED;
    const uint8_t* record = base + position;
    position += (uint64_t)RECORD_HEADER_SIZE + load32(record + RECORD_USER_HEADERS_LENGTH_AT) +
                load32(record + RECORD_PAYLOAD_LENGTH_AT);
    if (position > byte_length) return NOT_TILED;
  }
  if (position != byte_length) return NOT_TILED;
  uint8_t* record = base;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t size = record_size(record);
    store64(record, xxh3_64(record + RECORD_CHECKSUM_SIZE, size - RECORD_CHECKSUM_SIZE));
    record += size;
  }
  return count;
}

// First free byte of linear memory (16-aligned), past static data and the stack. The JS side
// owns everything from here up and grows memory as it needs.
extern uint8_t __heap_base;

EXPORT("scratch_base") uint32_t scratch_base(void) {
  return ((uint32_t)(unsigned long)&__heap_base + 15u) & ~15u;
}
