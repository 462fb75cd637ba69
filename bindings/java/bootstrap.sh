#!/usr/bin/env bash
# Installs what the Java binding needs beyond a JDK 17 and Maven, on Debian/Ubuntu.
# Idempotent: present packages are skipped, and SWIG is installed only once.
#   - the core's build dependencies (C/C++ compiler, CMake, pkg-config, zstd, Highway, xxHash)
#   - SWIG >= 4.3 from PyPI, in a virtual environment: <repo>/build/java-venv
#     (or $ZIPNN_JAVA_VENV); native/CMakeLists.txt looks for it there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv=${ZIPNN_JAVA_VENV:-$repo/build/java-venv}

for tool in javac mvn; do
  command -v "$tool" >/dev/null || { echo "bootstrap: $tool not found; install a JDK 17 and Maven first" >&2; exit 1; }
done
jdk=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
if [ "$jdk" -lt 17 ]; then
  echo "bootstrap: JDK $jdk found, JDK >= 17 needed" >&2
  exit 1
fi

APT_PKGS=(build-essential cmake pkg-config libzstd-dev libhwy-dev libxxhash-dev python3 python3-venv)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3/python3-venv are only needed when no working python3 with venv exists.
if command -v python3 >/dev/null && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in python3|python3-venv) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

swig_ok() {
  [ -x "$venv/bin/swig" ] && "$venv/bin/python" - "$("$venv/bin/swig" -version | sed -nE 's/^SWIG Version ([0-9.]+).*/\1/p')" <<'PY'
import sys
v = tuple(int(x) for x in sys.argv[1].split("."))
sys.exit(0 if v >= (4, 3) else 1)
PY
}
if ! swig_ok; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'swig>=4.3,<5'
  swig_ok || { echo "bootstrap: SWIG >= 4.3 did not install into $venv" >&2; exit 1; }
fi
