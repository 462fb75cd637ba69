#!/usr/bin/env bash
# Creates (or reuses) the virtualenv for the Python binding and installs what
# its build and tests need from PyPI. Idempotent: when requirements-test.txt is
# unchanged since the last successful run, nothing is downloaded.
#
#   ZIPNN_VENV  virtualenv folder (default: <repo>/build/venv)
#   PYTHON      interpreter that creates it (default: python3, >= 3.9)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
VENV=${ZIPNN_VENV:-$REPO/build/venv}
PYTHON=${PYTHON:-python3}
REQ=$HERE/requirements-test.txt

# The system pieces: a venv module and the Python headers (Debian splits them out).
if ! "$PYTHON" -c 'import ensurepip, sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
  if command -v apt-get >/dev/null; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv python3-dev
  else
    echo "bootstrap: $PYTHON lacks venv/ensurepip or its headers (Python.h)" >&2
    exit 1
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi

STAMP=$VENV/.zipnn-requirements.sha256
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "bootstrap: $VENV is up to date"
  exit 0
fi

"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet --progress-bar off -r "$REQ"
echo "$want" > "$STAMP"
echo "bootstrap: $VENV ready ($("$VENV/bin/python" -c 'import torch, transformers, numpy; print("torch", torch.__version__, "transformers", transformers.__version__, "numpy", numpy.__version__)'))"
