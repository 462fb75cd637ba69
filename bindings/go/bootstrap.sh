#!/usr/bin/env bash
# Prepares a fresh Debian machine for the Go binding; idempotent (safe to run
# on every CI run):
#   - the core's build dependencies (../../scripts/bootstrap.sh: compiler,
#     cmake, pkg-config, zstd, Highway, xxhash, ...), plus python3-venv;
#   - Go >= 1.24 must already be installed (it is checked, not installed);
#   - the pinned SWIG, from PyPI into build/swig-<version> (via regen.sh --check).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

"$repo/scripts/bootstrap.sh"

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv
fi

if ! command -v go >/dev/null 2>&1; then
  echo "bootstrap.sh: Go >= 1.24 is required (https://go.dev/dl/); it was not found on PATH" >&2
  exit 1
fi
go_minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
if [ "$go_minor" -lt 24 ]; then
  echo "bootstrap.sh: Go >= 1.24 is required, found $(go env GOVERSION)" >&2
  exit 1
fi

# Installs the pinned SWIG on first use and checks the committed wrapper.
"$here/regen.sh" --check >/dev/null
echo "bootstrap.sh: ready ($(go env GOVERSION), SWIG in $here/build/)"
