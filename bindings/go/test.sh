#!/usr/bin/env bash
# The Go binding's CI: wrapper regeneration check, strict C compile of the
# wrapper, gofmt, go vet, the no-cgo failure message, go test -race ./...,
# every fuzz target for a bounded time, and znn-hub end to end on the shared
# real weights when they are present. Exits non-zero on any failure.
#
# Environment:
#   ZIPNN_PREFIX       install prefix of the core (with lib/pkgconfig/zipnn.pc);
#                      unset: the core is built and installed into build/go-prefix
#   ZIPNN_GO_FUZZTIME  time per fuzz target (default 20s)
#   ZIPNN_WEIGHTS      folder of real weights for the znn-hub run
#                      (default ../shared/data/weights next to the repository)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

step() { printf '\n== %s\n' "$*"; }
failed=()
# check NAME CMD...: runs one check, records a failure and goes on.
check() {
  local name="$1"; shift
  step "$name"
  if "$@"; then echo "ok: $name"; else echo "FAILED: $name" >&2; failed+=("$name"); fi
}

if [ -z "${ZIPNN_PREFIX:-}" ]; then
  ZIPNN_PREFIX="$repo/build/go-prefix"
  step "building the core into $ZIPNN_PREFIX"
  cmake -S "$repo" -B "$repo/build/go-core" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$ZIPNN_PREFIX" -DZIPNN_BUILD_TESTS=OFF -DZIPNN_BUILD_BENCH=OFF \
    -DZIPNN_BUILD_FUZZ_REPLAY=OFF >/dev/null
  cmake --build "$repo/build/go-core" -j "$(nproc)" >/dev/null
  cmake --install "$repo/build/go-core" --prefix "$ZIPNN_PREFIX" >/dev/null
fi
export PKG_CONFIG_PATH="$ZIPNN_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pkg-config --exists zipnn || { echo "test.sh: no zipnn.pc under $ZIPNN_PREFIX/lib/pkgconfig" >&2; exit 1; }
libdir="$(pkg-config --variable=libdir zipnn)"
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CGO_ENABLED=1
fuzztime="${ZIPNN_GO_FUZZTIME:-20s}"

check "wrapper regenerates unchanged" ./regen.sh --check

check "generated C wrapper compiles cleanly (-Wall -Wextra -Wpedantic -Werror)" \
  cc -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only $(pkg-config --cflags zipnn) internal/raw/raw_wrap.c

gofmt_clean() {
  local unformatted
  unformatted="$(gofmt -l .)"
  [ -z "$unformatted" ] || { echo "not gofmt'ed: $unformatted" >&2; return 1; }
}
check "gofmt" gofmt_clean

check "go vet ./..." go vet ./...

nocgo_message() {
  local out
  if out="$(CGO_ENABLED=0 go build ./... 2>&1)"; then
    echo "CGO_ENABLED=0 go build succeeded; it must fail" >&2; return 1
  fi
  echo "$out" | grep "zipnn_requires_cgo__build_with_CGO_ENABLED_1_and_libzipnn_installed" || {
    echo "unexpected message without cgo:" >&2; echo "$out" >&2; return 1; }
}
check "a build without cgo fails with a clear message" nocgo_message

check "go test -race ./..." go test -race -count=1 ./...

fuzz() {
  local out
  out="$(go test -run '^$' -fuzz "^$1\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s . 2>&1)"
  local code=$?
  echo "$out" | tail -n 8
  return $code
}
for target in FuzzDecompress FuzzReader FuzzRoundTrip; do
  check "fuzz $target for $fuzztime" fuzz "$target"
done

hub_end_to_end() {
  local scratch code victim
  scratch="$(mktemp -d)"
  go build -o "$scratch/znn-hub" ./cmd/znn-hub &&
    "$scratch/znn-hub" compress -q -all -o "$scratch/copy" "$weights" &&
    "$scratch/znn-hub" verify -q -orig "$weights" "$scratch/copy" || { rm -rf "$scratch"; return 1; }
  victim="$(find "$scratch/copy" -name '*.znn' | sort | head -n 1)"
  python3 - "$victim" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x01
open(p, "wb").write(bytes(b))
PY
  "$scratch/znn-hub" verify -q "$scratch/copy" 2>"$scratch/err"
  code=$?
  cat "$scratch/err"
  grep -q "^CORRUPT " "$scratch/err"
  local flagged=$?
  rm -rf "$scratch"
  [ "$code" -eq 1 ] && [ "$flagged" -eq 0 ] || { echo "znn-hub did not flag the corrupted file (exit $code)" >&2; return 1; }
}
weights="${ZIPNN_WEIGHTS:-$repo/../shared/data/weights}"
if [ -d "$weights" ]; then
  check "znn-hub on $weights: compress a copy, verify it, flag a corrupted file" hub_end_to_end
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf '\n== %d check(s) FAILED:\n' "${#failed[@]}" >&2
  printf '   - %s\n' "${failed[@]}" >&2
  exit 1
fi
step "all Go binding checks passed"
