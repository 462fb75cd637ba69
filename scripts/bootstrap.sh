#!/usr/bin/env bash
# Installs everything zipnn needs to build and test on a fresh Debian 12 machine.
# Idempotent: packages already present are skipped, so CI can call it every run.
set -euo pipefail

APT_PKGS=(
  build-essential cmake ninja-build pkg-config
  libzstd-dev libhwy-dev doctest-dev libxxhash-dev
  clang libclang-rt-14-dev llvm valgrind zstd bc time
)

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
