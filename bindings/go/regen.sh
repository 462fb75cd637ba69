#!/usr/bin/env bash
# Regenerates the committed SWIG wrapper internal/raw/{raw.go,raw_wrap.c} from
# internal/raw/zipnn_go.i (which %includes ../zipnn.i and ../../include/zipnn.h).
#
#   ./regen.sh           rewrite the wrapper in place
#   ./regen.sh --check   regenerate into a scratch folder and fail on any difference
#
# SWIG is pinned (SWIG_VERSION below) and comes from PyPI into build/swig-$SWIG_VERSION.
# Two deterministic touches after SWIG: gofmt, and SWIG's swigCopyString helper
# rewritten with unsafe.Pointer fields so that `go vet` (unsafeptr) passes on it.
set -euo pipefail

SWIG_VERSION=4.3.1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

venv="build/swig-$SWIG_VERSION"
swig="$venv/bin/swig"
if [ ! -x "$swig" ] || ! "$swig" -version 2>/dev/null | grep -q "SWIG Version $SWIG_VERSION\$"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "swig==$SWIG_VERSION"
fi
"$swig" -version | grep -q "SWIG Version $SWIG_VERSION\$" || {
  echo "regen.sh: $swig is not SWIG $SWIG_VERSION" >&2; exit 1; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/raw"

# Relative paths only: they end up in the generated comments.
"$swig" -go -cgo -intgosize 64 -Wall -Werror \
  -I.. -I../../include \
  -outdir "$out/raw" -o "$out/raw/raw_wrap.c" internal/raw/zipnn_go.i

python3 - "$out/raw/raw.go" <<'PY'
import sys
path = sys.argv[1]
src = open(path).read()
old = """type swig_gostring struct { p uintptr; n int }
func swigCopyString(s string) string {
  p := *(*swig_gostring)(unsafe.Pointer(&s))
  r := string((*[0x7fffffff]byte)(unsafe.Pointer(p.p))[:p.n])
  Swig_free(p.p)
  return r
}"""
new = """type swig_gostring struct { p unsafe.Pointer; n int }
func swigCopyString(s string) string {
  p := *(*swig_gostring)(unsafe.Pointer(&s))
  r := string(unsafe.Slice((*byte)(p.p), p.n))
  Swig_free(uintptr(p.p))
  return r
}"""
if src.count(old) != 1:
    sys.exit("regen.sh: SWIG's swigCopyString changed; update the rewrite in regen.sh")
open(path, "w").write(src.replace(old, new))
PY
gofmt -w "$out/raw/raw.go"

files=(raw.go raw_wrap.c)
if [ "$mode" = check ]; then
  status=0
  for f in "${files[@]}"; do
    if ! diff -u "internal/raw/$f" "$out/raw/$f"; then
      echo "regen.sh --check: internal/raw/$f differs from what SWIG $SWIG_VERSION generates; run ./regen.sh" >&2
      status=1
    fi
  done
  [ "$status" -eq 0 ] && echo "regen.sh --check: wrapper up to date (SWIG $SWIG_VERSION)"
  exit "$status"
fi
for f in "${files[@]}"; do
  cp "$out/raw/$f" "internal/raw/$f"
done
echo "regen.sh: wrote internal/raw/{raw.go,raw_wrap.c} (SWIG $SWIG_VERSION)"
