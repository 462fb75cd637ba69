#!/usr/bin/env bash
# The Java binding's CI entry point: bootstrap, build (SWIG + CMake + javac), run the
# JUnit tests, pack the jar, then run the example from the jar alone. Extra arguments
# go to Maven (e.g. -Dmaven.repo.local=/tmp/m2). Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/bootstrap.sh"
cd "$here"

start=$SECONDS
mvn -q -B "$@" package
echo "java: build and tests took $((SECONDS - start)) s"
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob("target/surefire-reports/TEST-*.xml"):
    r = ET.parse(path).getroot()
    t += int(r.get("tests")); f += int(r.get("failures")); e += int(r.get("errors")); s += int(r.get("skipped"))
print(f"java: {t} tests, {f} failures, {e} errors, {s} skipped")
raise SystemExit(1 if f or e or t == 0 else 0)
PY

jar=$(ls target/zipnn-*.jar | head -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$jar" examples/Example.java "$tmp/"
jarname=$(basename "$jar")

# 1. The jar alone, in an empty folder, no LD_LIBRARY_PATH: the native library comes from the jar.
(cd "$tmp" && env -u LD_LIBRARY_PATH java -cp "$jarname" Example.java) | tee "$tmp/out.txt"
grep -q "native library from resource:" "$tmp/out.txt"

# 2. -Dzipnn.library.path loads another copy.
lib=$(ls "$here"/target/classes/io/zipnn/native/*/libzipnn_jni.so)
(cd "$tmp" && java -Dzipnn.library.path="$lib" -cp "$jarname" Example.java) | grep -q "native library from $lib"

# 3. A wrong path is a clear error, not a crash.
if (cd "$tmp" && java -Dzipnn.library.path=/nonexistent/libzipnn_jni.so -cp "$jarname" Example.java) >"$tmp/err.txt" 2>&1; then
  echo "java: a bad zipnn.library.path was accepted" >&2
  exit 1
fi
grep -q "UnsatisfiedLinkError: zipnn: zipnn.library.path names /nonexistent/libzipnn_jni.so" "$tmp/err.txt"
echo "java: OK ($((SECONDS - start)) s)"
