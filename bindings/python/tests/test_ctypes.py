"""The raw C ABI of libzipnn.so is usable from ctypes, without SWIG.

CI passes the library in $ZIPNN_LIB (see conftest.native). Outside CI, when it
is unset, the shared library is built from the repository with CMake first."""

import ctypes

import pytest


@pytest.fixture(scope="module")
def lib(native):
    path = native["lib"]
    L = ctypes.CDLL(path)
    size_t, vp = ctypes.c_size_t, ctypes.c_void_p
    L.zipnn_version_string.restype = ctypes.c_char_p
    L.zipnn_status_name.restype = ctypes.c_char_p
    L.zipnn_status_name.argtypes = [ctypes.c_int32]
    L.zipnn_compress_bound.restype = size_t
    L.zipnn_compress_bound.argtypes = [size_t]
    L.zipnn_cctx_new.argtypes = [ctypes.POINTER(vp)]
    L.zipnn_cctx_free.argtypes = [vp]
    L.zipnn_cctx_set_param.argtypes = [vp, ctypes.c_int32, ctypes.c_int64]
    L.zipnn_dctx_new.argtypes = [ctypes.POINTER(vp)]
    L.zipnn_dctx_free.argtypes = [vp]
    buf_args = [vp, ctypes.c_char_p, size_t, vp, size_t, ctypes.POINTER(size_t)]
    L.zipnn_compress.argtypes = buf_args
    L.zipnn_decompress.argtypes = buf_args
    for f in ("zipnn_cctx_new", "zipnn_dctx_new", "zipnn_cctx_set_param", "zipnn_compress", "zipnn_decompress"):
        getattr(L, f).restype = ctypes.c_int32
    return L


def test_ctypes_round_trip(lib):
    import zipnn

    assert lib.zipnn_version_string().decode() == zipnn.__version__
    src = bytes(range(256)) * 4099
    cctx = ctypes.c_void_p()
    assert lib.zipnn_cctx_new(ctypes.byref(cctx)) == 0
    assert lib.zipnn_cctx_set_param(cctx, 1, 1) == 0  # ZIPNN_PARAM_DTYPE = bf16
    dst = ctypes.create_string_buffer(lib.zipnn_compress_bound(len(src)))
    n = ctypes.c_size_t()
    assert lib.zipnn_compress(cctx, src, len(src), dst, len(dst), ctypes.byref(n)) == 0
    lib.zipnn_cctx_free(cctx)
    frame = dst.raw[: n.value]

    # The frame decodes with the SWIG binding and back with ctypes, identically.
    assert zipnn.decompress(frame) == src
    assert zipnn.compress(src, dtype="bf16") == frame
    dctx = ctypes.c_void_p()
    assert lib.zipnn_dctx_new(ctypes.byref(dctx)) == 0
    out = ctypes.create_string_buffer(len(src))
    m = ctypes.c_size_t()
    assert lib.zipnn_decompress(dctx, frame, len(frame), out, len(out), ctypes.byref(m)) == 0
    assert m.value == len(src) and out.raw == src

    # Errors come back as status values with stable names.
    status = lib.zipnn_decompress(dctx, frame[:-1], len(frame) - 1, out, len(out), ctypes.byref(m))
    assert status != 0
    assert lib.zipnn_status_name(status).decode().startswith("ZIPNN_ERROR_")
    lib.zipnn_dctx_free(dctx)
