#!/usr/bin/env sh
# Builds native/xxh3.wasm and native/xxh3-shared.wasm from native/xxh3.c (our own C,
# freestanding, no libc). Needs clang and lld with the wasm32 target, and wabt for the stack
# check (Debian 12: apt-get install -y clang lld wabt; clang 14 made the checked-in files, and
# rebuilding with it gives identical bytes).
# The .wasm files are checked in, so installs and `tsc -b` never need a C toolchain.
#   xxh3.wasm         owns its memory; callers copy batches in (the SDK, fallback paths)
#   xxh3-shared.wasm  imports a shared memory (the server's memory pool) and stamps in place
#   XXH3_SIMD=0  build without wasm SIMD (for comparison; the checked-in files use SIMD)
#   XXH3_OUT_DIR=... write somewhere else than native/
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out_dir=${XXH3_OUT_DIR:-$here/native}
simd_flag=-msimd128
if [ "${XXH3_SIMD:-1}" = "0" ]; then simd_flag=-mno-simd128; fi
common="--target=wasm32 -O3 -nostdlib -ffreestanding -fno-builtin-memcpy -mbulk-memory $simd_flag -Wall -Wextra -Werror -Wl,--no-entry -Wl,--strip-all"

# shellcheck disable=SC2086
clang $common \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=1048576 \
  -o "$out_dir/xxh3.wasm" "$here/native/xxh3.c"

# Shared build: imports env.memory (shared, up to 65,536 pages = 4 GiB, the wasm32 limit) and
# keeps its static data at 1024.. (wasm-ld's default global base), inside the 64 KiB the pool
# leaves free at its start (MEMORY_POOL_KERNEL_REGION_BYTES). No stack: every instance would
# start its stack pointer at the same address, so two shards would overwrite each other's frames.
# shellcheck disable=SC2086
clang $common -matomics \
  -Wl,--import-memory -Wl,--shared-memory -Wl,--initial-memory=65536 -Wl,--max-memory=4294967296 \
  -Wl,-z,stack-size=0 \
  -o "$out_dir/xxh3-shared.wasm" "$here/native/xxh3.c"
if wasm-objdump -d "$out_dir/xxh3-shared.wasm" | grep -Eq 'global\.(get|set)'; then
  echo "xxh3-shared.wasm uses the stack pointer (a global): not safe to share between threads" >&2
  exit 1
fi

echo "built $out_dir/xxh3.wasm ($(wc -c < "$out_dir/xxh3.wasm") bytes), $out_dir/xxh3-shared.wasm ($(wc -c < "$out_dir/xxh3-shared.wasm") bytes)"
