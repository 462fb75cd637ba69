#!/usr/bin/env bash
# Compares zipnn's default compression with `zstd -3` on every weight file of a
# folder (default: ../shared/data/weights next to the repository) and flags each
# file that zipnn makes larger than zstd -3 does. Also checks that every .znn
# decompresses to the original bytes.
#
#   scripts/vs_zstd.sh [--zipnn PATH] [--zstd PATH] [-T THREADS] [DIR|FILE...]
#
# Prints one line per file: original size, zipnn size, zstd -3 size, both ratios,
# zipnn - zstd in bytes, the compress CPU time of each tool (user + system ms of
# the whole process, so it holds on a loaded machine; zipnn runs with -T 1 by
# default, as zstd does), and FAIL where zipnn > zstd -3. Exit status: 0 if no
# file fails, 1 if one does, 2 on a usage or round-trip error. The issue #2
# done-criterion is "exit status 0 on ../shared/data/weights".
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
zipnn="${ZIPNN:-}"
zstd_bin="${ZSTD:-zstd}"
threads=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --zipnn) zipnn="$2"; shift 2 ;;
    --zstd) zstd_bin="$2"; shift 2 ;;
    -T) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -z "$zipnn" ]; then
  for b in build-h2 build build-bench; do
    if [ -x "$here/$b/tools/zipnn" ]; then zipnn="$here/$b/tools/zipnn"; break; fi
  done
fi
[ -n "$zipnn" ] && [ -x "$zipnn" ] || { echo "vs_zstd: no zipnn binary (use --zipnn PATH)" >&2; exit 2; }
command -v "$zstd_bin" >/dev/null || { echo "vs_zstd: no zstd command line tool (apt-get install zstd)" >&2; exit 2; }
[ ${#args[@]} -gt 0 ] || args=("$here/../shared/data/weights")

# Weight files: what `zipnn -r` compresses, plus tfjs shards (*-shard<N>).
files=() names=()
for a in "${args[@]}"; do
  if [ -d "$a" ]; then
    while IFS= read -r f; do files+=("$f"); names+=("${f#"${a%/}/"}"); done < <(
      find "$a" -type f \( -name '*.safetensors' -o -name '*.bin' -o -name '*.pt' -o -name '*.pth' \
        -o -name '*.gguf' -o -name '*.onnx' -o -name '*-shard[0-9]*' \) | LC_ALL=C sort)
  elif [ -f "$a" ]; then
    files+=("$a"); names+=("$a")
  else
    echo "vs_zstd: no such file or folder: $a" >&2; exit 2
  fi
done
[ ${#files[@]} -gt 0 ] || { echo "vs_zstd: no weight files found in ${args[*]}" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b ? a / b : 0 }'; }
# CPU milliseconds (user + system) of a command; its stdout goes to $out.
cpu_ms() {
  local out=$1; shift
  local TIMEFORMAT='%3U %3S' t
  t=$( { time "$@" > "$out"; } 2>&1 )
  echo "$t" | awk '{printf "%d", ($1 + $2) * 1000}'
}

printf '%-62s %10s %10s %10s %7s %7s %8s %7s %7s\n' file bytes zipnn 'zstd-3' r_znn r_zstd diff cpu_znn cpu_zst
fails=0; tot=0; tot_z=0; tot_s=0
for i in "${!files[@]}"; do
  f=${files[$i]}
  n=$(stat -c %s "$f")
  ms_z=$(cpu_ms "$tmp/x.znn" "$zipnn" compress -q -T "$threads" -c "$f")
  ms_s=$(cpu_ms "$tmp/x.zst" "$zstd_bin" -3 -q -c "$f")
  "$zipnn" decompress -q -f -o "$tmp/x.out" "$tmp/x.znn"
  cmp -s "$f" "$tmp/x.out" || { echo "vs_zstd: $f does not round-trip" >&2; exit 2; }
  z=$(stat -c %s "$tmp/x.znn"); s=$(stat -c %s "$tmp/x.zst")
  flag=""
  if [ "$z" -gt "$s" ]; then flag=FAIL; fails=$((fails + 1)); fi
  printf '%-62s %10d %10d %10d %7s %7s %8d %7d %7d %s\n' "${names[$i]}" "$n" "$z" "$s" \
    "$(ratio "$z" "$n")" "$(ratio "$s" "$n")" $((z - s)) "$ms_z" "$ms_s" "$flag"
  tot=$((tot + n)); tot_z=$((tot_z + z)); tot_s=$((tot_s + s))
done
printf '%-62s %10d %10d %10d %7s %7s %8d\n' "total (${#files[@]} files)" "$tot" "$tot_z" "$tot_s" \
  "$(ratio "$tot_z" "$tot")" "$(ratio "$tot_s" "$tot")" $((tot_z - tot_s))
if [ "$fails" -gt 0 ]; then
  echo "$fails of ${#files[@]} files are larger with zipnn than with zstd -3"
  exit 1
fi
echo "all ${#files[@]} files: zipnn <= zstd -3"
