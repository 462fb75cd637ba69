#!/usr/bin/env bash
# Builds zipnn (Release) and runs the full benchmark of bench/README.md:
# the Markdown table goes to stdout, progress and build output to stderr, the
# JSON to bench/out/results.json. Extra arguments go to zipnn_bench, e.g.
#   scripts/bench.sh --quick                 64 MiB synthetic tensors
#   scripts/bench.sh --upstream              add upstream ZipNN 0.5.3 (PyPI)
# Environment: ZIPNN_BENCH_BUILD_DIR (default build-bench/),
#              ZIPNN_UPSTREAM_VENV (default /tmp/zipnn-upstream-venv).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZIPNN_BENCH_BUILD_DIR:-$root/build-bench}"

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
# The build directory keeps its first generator; only pass one to a new directory.
[ -f "$build/CMakeCache.txt" ] && generator=()
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DZIPNN_BUILD_BENCH=ON -DZIPNN_BUILD_TESTS=OFF -DZIPNN_BUILD_TOOLS=OFF \
  -DZIPNN_BUILD_FUZZ_REPLAY=OFF >&2
cmake --build "$build" --target zipnn_bench >&2

extra=()
want_upstream=0
has_python=0
for a in "$@"; do
  [ "$a" = "--upstream" ] && want_upstream=1
  [ "$a" = "--upstream-python" ] && has_python=1
done
if [ "$want_upstream" = 1 ] && [ "$has_python" = 0 ]; then
  venv="${ZIPNN_UPSTREAM_VENV:-/tmp/zipnn-upstream-venv}"
  if ! "$venv/bin/python" -c "import zipnn_core" >/dev/null 2>&1; then
    echo "bench.sh: installing upstream ZipNN 0.5.3 into $venv (its C core only: no torch)" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q numpy >&2
    "$venv/bin/pip" install -q --no-deps zipnn==0.5.3 >&2
  fi
  extra+=(--upstream-python "$venv/bin/python")
fi

mkdir -p "$root/bench/out"
exec "$build/bench/zipnn_bench" --all --json "$root/bench/out/results.json" "${extra[@]}" "$@"
