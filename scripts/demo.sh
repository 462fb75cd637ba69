#!/usr/bin/env bash
# The main job on the bundled sample of real weights (tests/data/): build, then
# for each file compress, decompress, verify the sha256, and print ratio and
# speed side by side with zstd -3.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" --target zipnn_cli >/dev/null
ZIPNN=build/release/tools/zipnn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in tests/data/*.safetensors tests/data/*.bin; do
  name=$(basename "$f")
  "$ZIPNN" compress -q -f "$f" -o "$work/$name.znn"
  "$ZIPNN" verify -q "$work/$name.znn"
  "$ZIPNN" decompress -q -f "$work/$name.znn" -o "$work/$name"
  if [ "$(sha256sum <"$f")" != "$(sha256sum <"$work/$name")" ]; then
    echo "MISMATCH: $name" >&2
    exit 1
  fi
  echo
  echo "== $name: compressed, decompressed, sha256 identical"
  "$ZIPNN" bench "$f"
done
