#!/usr/bin/env bash
# Builds and installs the zipnn Python package into the bootstrap virtualenv,
# then runs its pytest suite. Exits non-zero on any failure.
#
#   ZIPNN_VENV  virtualenv (default: <repo>/build/venv)
#   ZIPNN_LIB   libzipnn.so for the ctypes test (required when CI is set;
#               otherwise the test builds one under <repo>/build/python-ctypes)
#   extra arguments go to pytest, e.g. bindings/python/test.sh -k safetensors
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export ZIPNN_VENV=${ZIPNN_VENV:-$REPO/build/venv}
PY=$ZIPNN_VENV/bin/python

"$HERE/bootstrap.sh"

if [ -n "${CI:-}" ] && [ -z "${ZIPNN_LIB:-}" ]; then
  echo "test.sh: ZIPNN_LIB must name libzipnn.so in CI" >&2
  exit 1
fi

# Warnings are errors here (in the core and in the SWIG wrapper); the build
# folder is kept so that a second run only rebuilds what changed.
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} "$PY" -m pip install --quiet --no-build-isolation --force-reinstall --no-deps \
  --config-settings=build-dir="$REPO/build/python" \
  --config-settings=cmake.define.ZIPNN_PY_WERROR=ON \
  --config-settings=cmake.define.ZIPNN_WERROR=ON \
  "$HERE"

cd "$HERE"
# HF_HUB_OFFLINE: the tests never touch the network.
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$PY" -m pytest -p no:cacheprovider -ra "$@" tests
