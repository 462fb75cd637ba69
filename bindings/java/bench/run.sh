#!/usr/bin/env bash
# JNI throughput against the raw C call on the same 1 GiB buffer.
#   bench/run.sh [MiB] [reps] [threads] [rounds]   (after `mvn package`; defaults 1024 3 0 3)
# Builds the C program in target/native (the JNI library's CMake tree), then runs the C
# and the Java program alternately `rounds` times (so background load hits both alike),
# keeps the best figure of each, and prints the cost of the binding.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-1024}; reps=${2:-3}; threads=${3:-0}; rounds=${4:-3}
cd "$here"
jar=$(ls target/zipnn-*.jar 2>/dev/null | head -1)
if [ -z "$jar" ] || [ ! -d target/native ]; then
  echo "run 'mvn -q package -DskipTests' in bindings/java first" >&2
  exit 1
fi
cmake --build target/native --target zipnn_java_c_throughput -j2 >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for _ in $(seq "$rounds"); do
  target/native/zipnn_java_c_throughput "$mib" "$reps" "$threads" | tee -a "$log"
  java -Xmx$(( mib * 6 + 512 ))m -cp "$jar" bench/Throughput.java "$mib" "$reps" "$threads" | tee -a "$log"
done
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
if len(set(re.findall(r"fnv (\w+)", text))) != 1:
    sys.exit("the C and Java inputs differ")
best = {}
for label, c, d in re.findall(r"^(C|  \S.*?\S)\s+(?:input.*?)?\| compress ([0-9.]+) GB/s \| decompress ([0-9.]+)", text, re.M):
    label = label.strip()
    old = best.get(label, (0.0, 0.0))
    best[label] = (max(old[0], float(c)), max(old[1], float(d)))
cc, cd = best.pop("C")
print(f"\nbest of all rounds: C compress {cc:.3f} GB/s, decompress {cd:.3f} GB/s")
for label, (jc, jd) in best.items():
    print(f"  Java {label}: compress {jc:.3f} GB/s ({100 * (cc / jc - 1):+.1f}% time), "
          f"decompress {jd:.3f} GB/s ({100 * (cd / jd - 1):+.1f}% time)")
PY
