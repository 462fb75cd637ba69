#!/usr/bin/env python3
"""Times upstream ZipNN 0.5.3 (PyPI `zipnn`) for zipnn_bench --upstream.

Calls the package's C core (the `zipnn_core` extension) directly with the
arguments that `ZipNN(input_format="byte", bytearray_dtype=...)` passes to it
(byte_reorder, bit_reorder, 256 KiB chunks, threshold 0.95, check after 10%).
This skips the Python wrapper, whose module imports torch at load time; the
wrapper adds a 32-byte header and a copy of the input, nothing else.

Install (no torch needed):
    python3 -m venv /tmp/zipnn-upstream-venv
    /tmp/zipnn-upstream-venv/bin/pip install numpy
    /tmp/zipnn-upstream-venv/bin/pip install --no-deps zipnn==0.5.3

Prints one line: RESULT <original> <compressed> <c1> <d1> <cN> <dN> (GB/s,
best of --reps, 1 thread and --threads threads; "nan" when not --timed).
Exits non-zero if the round trip is not byte-exact.
"""
import argparse
import sys
import time

HEADER = bytes(32)  # the wrapper's header; returned in front of the stream
CHUNK = 256 * 1024  # ZipNN default compression_chunk
THRESHOLD = 0.95    # ZipNN default compression_threshold
CHECK_AFTER = 10    # ZipNN default check_th_after_percent

# dtype -> (num_buf, bit_reorder, byte_reorder), as ZipNN.compress_torch_numpy_byte sets them.
PARAMS = {
    "bfloat16": (2, 1, 10),
    "float16": (2, 0, 10),
    "float32": (4, 1, 220),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--probe", action="store_true")
    ap.add_argument("--file")
    ap.add_argument("--dtype", choices=sorted(PARAMS))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--timed", action="store_true")
    a = ap.parse_args()

    import zipnn_core  # noqa: E402 (fails here when upstream is not installed)

    if a.probe:
        print("ok")
        return 0

    num_buf, bit_reorder, byte_reorder = PARAMS[a.dtype]
    with open(a.file, "rb") as f:
        original = f.read()
    n = len(original)
    if n % (2 if num_buf == 2 else 4) != 0:
        print("length is not a multiple of the element size (upstream overflows the heap)")
        return 3

    def compress(threads):
        # zipnn_core rewrites its input in place: give it a fresh copy (untimed).
        work = bytearray(original)
        t0 = time.perf_counter()
        comp = zipnn_core.zipnn_core(HEADER, work, num_buf, bit_reorder, byte_reorder, 0, CHUNK,
                                     THRESHOLD, CHECK_AFTER, threads)
        return time.perf_counter() - t0, comp

    def decompress(comp, threads):
        view = memoryview(comp)[len(HEADER):]
        t0 = time.perf_counter()
        out = zipnn_core.combine_dtype(view, num_buf, bit_reorder, byte_reorder, CHUNK, n, threads)
        return time.perf_counter() - t0, out

    speeds = []
    size = None
    for threads in ([1, a.threads] if a.timed else [a.threads]):
        reps = a.reps if a.timed else 1
        best_c = best_d = float("inf")
        for _ in range(reps):
            t, comp = compress(threads)
            best_c = min(best_c, t)
        for _ in range(reps):
            t, out = decompress(comp, threads)
            best_d = min(best_d, t)
        if bytes(out) != original:
            print("ROUND TRIP MISMATCH (threads=%d)" % threads)
            return 4
        size = len(comp)  # includes the 32-byte header, as ZipNN's output does
        speeds += [n / best_c / 1e9, n / best_d / 1e9]
        del comp, out
    while len(speeds) < 4:
        speeds.append(float("nan"))
    print("RESULT %d %d %s" % (n, size, " ".join("%.4f" % s for s in speeds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
