#!/usr/bin/env bash
# Builds the libFuzzer fuzzers with clang, ASan and UBSan into build-fuzz/ and
# runs each for SECONDS, one after the other. Fails if any fuzzer finds a
# crash, a leak, a hang (-timeout), an allocation over 512 MiB, or a
# violated property. Needs clang and libclang-rt-14-dev (scripts/bootstrap.sh).
#
# Usage: fuzz/run_fuzzers.sh SECONDS [NAME...]   (NAME: decompress, simd, ...)
# Env:   ZIPNN_FUZZ_BUILD_DIR (default build-fuzz), ZIPNN_FUZZ_JOBS (build jobs).
#
# New interesting inputs go to build-fuzz/corpus/<name>_fuzzer (not the repo);
# crash reproducers go to fuzz/artifacts/ (ignored by git). Replay one with
#   build-fuzz/fuzz/<name>_fuzzer fuzz/artifacts/<file>
# then minimize it (-minimize_crash=1 -runs=10000) and commit it to
# fuzz/regressions/<name>_fuzzer/ and fuzz/corpus/<name>_fuzzer/.
set -euo pipefail

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [NAME...]" >&2
  exit 2
fi
seconds=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZIPNN_FUZZ_BUILD_DIR:-$root/build-fuzz}
all=(decompress stream_decompress roundtrip dst_too_small simd huffman safetensors tensor delta)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${all[@]}")

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DZIPNN_BUILD_LIBFUZZER=ON -DZIPNN_SANITIZE=address,undefined \
  -DZIPNN_BUILD_SHARED=OFF -DZIPNN_BUILD_TESTS=OFF -DZIPNN_BUILD_TOOLS=OFF \
  -DZIPNN_BUILD_BENCH=OFF -DZIPNN_BUILD_FUZZ_REPLAY=OFF >/dev/null
targets=()
for n in "${names[@]}"; do targets+=("${n}_fuzzer"); done
cmake --build "$build" --target "${targets[@]}" ${ZIPNN_FUZZ_JOBS:+-j "$ZIPNN_FUZZ_JOBS"}

artifacts="$root/fuzz/artifacts"
mkdir -p "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

summary=()
failed=0
for n in "${names[@]}"; do
  work="$build/corpus/${n}_fuzzer"
  mkdir -p "$work"
  log="$build/${n}_fuzzer.log"
  echo "=== ${n}_fuzzer: ${seconds}s ==="
  rc=0
  "$build/fuzz/${n}_fuzzer" "$work" "$root/fuzz/corpus/${n}_fuzzer" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=3072 -malloc_limit_mb=512 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/${n}-" \
    >"$log" 2>&1 || rc=$?
  grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)" "$log" | tail -n 2 || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  last=$(grep -E "^#[0-9]+[[:space:]]" "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "!!! ${n}_fuzzer FAILED (exit $rc); log: $log"
    grep -E "ERROR|SUMMARY|property violated|runtime error|Test unit written" "$log" | head -n 20 || true
    summary+=("$(printf '%-20s FAILED  execs=%s cov=%s ft=%s (log %s)' "$n" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$log")")
  else
    summary+=("$(printf '%-20s ok      execs=%-10s exec/s=%-7s cov=%-6s ft=%-6s corpus=%s' \
      "$n" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")")
  fi
done

echo
echo "=== summary (${seconds}s each) ==="
printf '%s\n' "${summary[@]}"
exit $failed
