"""Cost of the Python binding over the C library, on one large bf16 buffer.

    python bench_binding.py [--size-mib 1024] [--threads 1] [--repeat 3] [--lib libzipnn.so]

Compares, in one process on the same buffer: the C ABI called through ctypes
(one foreign call, no Python work: the library's own speed) and
zipnn.compress / zipnn.decompress (SWIG, bytes allocation, GIL release).
Reports the best of --repeat runs. Data: normal(0, 0.02) rounded to bf16.
"""

import argparse
import ctypes
import time

import ml_dtypes
import numpy as np

import zipnn


def synthetic_bf16(nbytes):
    out = np.empty(nbytes // 2, dtype=ml_dtypes.bfloat16)
    rng = np.random.default_rng(0)
    step = 1 << 24
    for i in range(0, out.size, step):
        out[i : i + step] = rng.normal(0, 0.02, min(step, out.size - i)).astype(np.float32).astype(ml_dtypes.bfloat16)
    return out.view(np.uint8)


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lib", required=True, help="libzipnn.so for the ctypes baseline")
    a = ap.parse_args()

    data = synthetic_bf16(a.size_mib << 20)
    n = data.nbytes
    L = ctypes.CDLL(a.lib)
    vp, size_t = ctypes.c_void_p, ctypes.c_size_t
    L.zipnn_compress_bound.restype = size_t
    L.zipnn_compress_bound.argtypes = [size_t]
    for f in ("zipnn_compress", "zipnn_decompress"):
        getattr(L, f).argtypes = [vp, vp, size_t, vp, size_t, ctypes.POINTER(size_t)]
    cctx, dctx = vp(), vp()
    L.zipnn_cctx_new(ctypes.byref(cctx))
    L.zipnn_dctx_new(ctypes.byref(dctx))
    L.zipnn_cctx_set_param.argtypes = [vp, ctypes.c_int32, ctypes.c_int64]
    L.zipnn_dctx_set_param.argtypes = [vp, ctypes.c_int32, ctypes.c_int64]
    L.zipnn_cctx_set_param(cctx, 1, 1)  # dtype bf16
    L.zipnn_cctx_set_param(cctx, 2, a.threads)
    L.zipnn_dctx_set_param(dctx, 2, a.threads)
    dst = np.empty(L.zipnn_compress_bound(n), np.uint8)
    back = np.empty(n, np.uint8)
    fsize = size_t()

    def c_compress():
        assert L.zipnn_compress(cctx, data.ctypes.data, n, dst.ctypes.data, dst.size, ctypes.byref(fsize)) == 0

    def c_decompress():
        out = size_t()
        assert L.zipnn_decompress(dctx, dst.ctypes.data, fsize.value, back.ctypes.data, n, ctypes.byref(out)) == 0

    comp = zipnn.Compressor("bf16", threads=a.threads)
    dec = zipnn.Decompressor(threads=a.threads)
    frame = comp.compress(data)
    out = np.empty(n, np.uint8)
    cases = [
        ("C ABI via ctypes, compress", c_compress),
        ("zipnn.compress -> bytes", lambda: comp.compress(data)),
        ("C ABI via ctypes, decompress", c_decompress),
        ("zipnn.decompress -> bytes", lambda: dec.decompress(frame)),
        ("zipnn.decompress(out=array)", lambda: dec.decompress(frame, out=out)),
    ]
    # Interleaved rounds, so that load changes on the machine hit every case alike.
    times = {name: float("inf") for name, _ in cases}
    for _ in range(a.repeat):
        for name, fn in cases:
            times[name] = min(times[name], best(fn, 1))
    rows = [(name, times[name]) for name, _ in cases]
    assert back.tobytes() == data.tobytes() and out.tobytes() == data.tobytes()
    print(f"{n / 2**30:.2f} GiB bf16, ratio {len(frame) / n:.4f}, threads={a.threads}, best of {a.repeat}")
    base = {"compress": rows[0][1], "decompress": rows[2][1]}
    for name, t in rows:
        kind = "compress" if "compress" in name and "decompress" not in name else "decompress"
        print(f"  {name:32s} {n / t / 1e9:6.2f} GB/s  {100 * (t / base[kind] - 1):+6.1f}% vs C")


if __name__ == "__main__":
    main()
