#!/usr/bin/env sh
# Builds native/xxh3.wasm from native/xxh3.c (our own C, freestanding, no libc).
# Needs clang and lld with the wasm32 target (Debian: apt-get install -y clang lld).
# The .wasm is checked in, so installs and `tsc -b` never need a C toolchain.
#   XXH3_SIMD=0  build without wasm SIMD (for comparison; the checked-in file uses SIMD)
#   XXH3_OUT=... write somewhere else than native/xxh3.wasm
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${XXH3_OUT:-$here/native/xxh3.wasm}
simd_flag=-msimd128
if [ "${XXH3_SIMD:-1}" = "0" ]; then simd_flag=-mno-simd128; fi

clang --target=wasm32 -O3 -nostdlib -ffreestanding -fno-builtin-memcpy \
  -mbulk-memory "$simd_flag" \
  -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=65536 -Wl,--initial-memory=1048576 \
  -o "$out" "$here/native/xxh3.c"
echo "built $out ($(wc -c < "$out") bytes)"
