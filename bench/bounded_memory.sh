#!/usr/bin/env bash
# Peak resident memory of `zipnn compress` and `zipnn decompress` on a large
# file (default 8 GiB of synthetic BF16), with the exact-bytes check.
# Usage: bench/bounded_memory.sh [BYTES] [WORKDIR]   (needs ~2.7x BYTES of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES=${1:-$((8 << 30))}
WORK=${2:-$(mktemp -d /var/tmp/zipnn-mem.XXXXXX)}
ZIPNN=${ZIPNN:-build/release/tools/zipnn}
[ -x "$ZIPNN" ] || { cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null; cmake --build build/release --target zipnn_cli >/dev/null; }
c++ -O2 -std=c++17 bench/tools/gen_bf16.cc -o "$WORK/gen_bf16"
"$WORK/gen_bf16" "$BYTES" >"$WORK/big.bin"
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
t0=$(date +%s.%N)
c_rss=$( { /usr/bin/time -f '%M' "$ZIPNN" compress -q -f -T 2 --dtype bf16 "$WORK/big.bin" -o "$WORK/big.znn"; } 2>&1 | tail -1)
t1=$(date +%s.%N)
d_rss=$( { /usr/bin/time -f '%M' "$ZIPNN" decompress -q -f -T 2 "$WORK/big.znn" -o "$WORK/big.out"; } 2>&1 | tail -1)
t2=$(date +%s.%N)
same=no
cmp -s "$WORK/big.bin" "$WORK/big.out" && same=yes
in_size=$(stat -c %s "$WORK/big.bin"); out_size=$(stat -c %s "$WORK/big.znn")
printf 'file %s bytes (%.2f GiB) bf16 -> %s bytes (ratio %.4f); identical after round trip: %s\n' \
  "$in_size" "$(echo "$in_size/1073741824" | bc -l)" "$out_size" "$(echo "$out_size/$in_size" | bc -l)" "$same"
printf 'compress:   peak RSS %s KiB, %.1f s\ndecompress: peak RSS %s KiB, %.1f s\n' \
  "$c_rss" "$(echo "$t1-$t0" | bc -l)" "$d_rss" "$(echo "$t2-$t1" | bc -l)"
rm -rf "$WORK"
[ "$same" = yes ]
