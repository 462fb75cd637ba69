#!/usr/bin/env bash
# Runs every test of the project: the README's test command, and what CI runs.
#   1. Release build: unit tests, CLI tests, fuzz corpus replays, installed-library test
#   2. The whole unit-test suite under ASan+UBSan, under TSan and under valgrind
#      memcheck (on a 2-core machine: about 2 min under TSan, 1.5 min under valgrind)
#   3. Language bindings (Python, Java, Go), each through its own test script
#   4. A bounded libFuzzer run of every fuzzer (ZIPNN_FUZZ_SECONDS, default 20 s each)
# Usage: scripts/test.sh            (everything)
#        ZIPNN_SKIP="bindings fuzz" scripts/test.sh   (skip parts while iterating)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${ZIPNN_JOBS:-$(nproc)}
SKIP=" ${ZIPNN_SKIP:-} "
step() { printf '\n==== %s\n' "$*"; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }

step "bootstrap"
bash scripts/bootstrap.sh

step "release build + ctest"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$JOBS"
ctest --test-dir build/release --output-on-failure -j "$JOBS"

if ! skipped asan; then
  step "ASan+UBSan unit tests"
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DZIPNN_SANITIZE=address,undefined -DZIPNN_BUILD_TOOLS=OFF -DZIPNN_BUILD_BENCH=OFF >/dev/null
  cmake --build build/asan -j "$JOBS"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j "$JOBS"
fi

if ! skipped tsan; then
  step "TSan: every unit test"
  cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZIPNN_SANITIZE=thread \
    -DZIPNN_BUILD_TOOLS=OFF -DZIPNN_BUILD_BENCH=OFF -DZIPNN_BUILD_FUZZ_REPLAY=OFF >/dev/null
  cmake --build build/tsan -j "$JOBS" --target zipnn_tests
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build/tsan/tests/zipnn_tests --no-version=true
fi

if ! skipped valgrind; then
  step "valgrind memcheck: every unit test"
  valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q \
    build/release/tests/zipnn_tests --no-version=true
fi

if ! skipped bindings; then
  cmake --install build/release --prefix build/prefix >/dev/null
  export ZIPNN_PREFIX=$ROOT/build/prefix
  export ZIPNN_LIB=$ROOT/build/prefix/lib/libzipnn.so
  for lang in python java go; do
    if [ -x "bindings/$lang/test.sh" ]; then
      step "bindings/$lang"
      bash "bindings/$lang/test.sh"
    fi
  done
fi

if ! skipped fuzz && [ -x fuzz/run_fuzzers.sh ]; then
  step "libFuzzer, ${ZIPNN_FUZZ_SECONDS:-20} s per fuzzer"
  bash fuzz/run_fuzzers.sh "${ZIPNN_FUZZ_SECONDS:-20}"
fi

step "all tests passed"
