"""numpy (with ml_dtypes) and torch round trips keep dtype, shape and values."""

import numpy as np
import ml_dtypes
import pytest
import torch

import zipnn

NP_DTYPES = [
    ml_dtypes.bfloat16,
    np.float16,
    np.float32,
    np.float64,
    ml_dtypes.float8_e4m3fn,
    ml_dtypes.float8_e5m2,
    np.int8,
    np.uint8,
    np.int32,
    np.int64,
    np.bool_,
]


def weights(dtype, shape=(257, 129), seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype) == np.bool_:
        return rng.integers(0, 2, shape).astype(np.bool_)
    if np.issubdtype(np.dtype(dtype), np.integer):
        info = np.iinfo(dtype)
        return rng.integers(max(info.min, -1000), min(info.max, 1000), shape).astype(dtype)
    return rng.normal(0, 0.02, shape).astype(dtype)


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("dtype", NP_DTYPES, ids=lambda d: np.dtype(d).name)
def test_numpy_round_trip(dtype):
    a = weights(dtype)
    before = a.copy()
    frame = zipnn.compress(a)
    assert same_bits(a, before)
    b = zipnn.decompress(frame, dtype=a.dtype, shape=a.shape)
    assert isinstance(b, np.ndarray)
    assert same_bits(a, b)
    # The frame records the dtype: framework="np" alone gives it back (1-D).
    c = zipnn.decompress(frame, framework="np")
    assert c.dtype == a.dtype and c.tobytes() == a.tobytes()
    out = np.empty_like(a)
    assert zipnn.decompress(frame, out=out) is out
    assert same_bits(a, out)


@pytest.mark.parametrize("name,dtype", [("bf16", ml_dtypes.bfloat16), ("fp16", np.float16), ("fp32", np.float32), ("fp8_e4m3fn", ml_dtypes.float8_e4m3fn), ("fp8_e5m2", ml_dtypes.float8_e5m2)])
def test_frame_records_float_dtype(name, dtype):
    frame = zipnn.compress(weights(dtype))
    assert zipnn.frame_info(frame).dtype_name == name


def test_bf16_numpy_compresses_well():
    a = weights(ml_dtypes.bfloat16, shape=(1024, 1024))
    assert len(zipnn.compress(a)) < 0.75 * a.nbytes


def test_non_contiguous_and_zero_dim_arrays():
    a = weights(np.float32, shape=(64, 64))[:, ::2]
    assert not a.flags.c_contiguous
    b = zipnn.decompress(zipnn.compress(a), dtype=a.dtype, shape=a.shape)
    assert np.array_equal(a, b)
    s = np.array(3.5, dtype=np.float32)
    assert zipnn.decompress(zipnn.compress(s), dtype=np.float32, shape=()) == s


def test_wrong_shape_or_out_is_refused():
    a = weights(np.float32)
    frame = zipnn.compress(a)
    with pytest.raises(ValueError):
        zipnn.decompress(frame, dtype=np.float32, shape=(3, 3))
    with pytest.raises(ValueError):
        zipnn.decompress(frame, out=np.empty(a.size + 1, np.float32))
    with pytest.raises(ValueError):
        zipnn.decompress(frame, out=np.empty(a.shape, np.float32)[:, ::2])


TORCH_DTYPES = [
    torch.bfloat16,
    torch.float16,
    torch.float32,
    torch.float64,
    torch.float8_e4m3fn,
    torch.float8_e5m2,
    torch.int8,
    torch.uint8,
    torch.int64,
    torch.bool,
]


def tensor(dtype, shape=(129, 65)):
    g = torch.Generator().manual_seed(0)
    if dtype == torch.bool:
        return torch.randint(0, 2, shape, generator=g).bool()
    if not dtype.is_floating_point:
        return torch.randint(-100 if dtype != torch.uint8 else 0, 100, shape, generator=g).to(dtype)
    return (torch.randn(shape, generator=g) * 0.02).to(dtype)


@pytest.mark.parametrize("dtype", TORCH_DTYPES, ids=str)
def test_torch_round_trip(dtype):
    t = tensor(dtype)
    before = t.clone()
    frame = zipnn.compress(t)
    assert torch.equal(t.view(torch.uint8), before.view(torch.uint8))
    u = zipnn.decompress(frame, dtype=t.dtype, shape=t.shape)
    assert isinstance(u, torch.Tensor)
    assert u.dtype == t.dtype and u.shape == t.shape
    assert torch.equal(u.view(torch.uint8), t.view(torch.uint8))
    v = zipnn.decompress(frame, framework="pt")
    assert v.dtype == t.dtype and torch.equal(v.view(torch.uint8), t.reshape(-1).view(torch.uint8))
    out = torch.empty_like(t)
    assert zipnn.decompress(frame, out=out) is out
    assert torch.equal(out.view(torch.uint8), t.view(torch.uint8))


def test_torch_and_numpy_frames_agree():
    t = tensor(torch.bfloat16)
    a = t.view(torch.int16).numpy().view(ml_dtypes.bfloat16)
    assert zipnn.compress(t) == zipnn.compress(a) == zipnn.compress(a.tobytes(), dtype="bf16")


def test_torch_non_contiguous_tensor():
    t = tensor(torch.float32).t()
    assert not t.is_contiguous()
    u = zipnn.decompress(zipnn.compress(t), dtype=t.dtype, shape=t.shape)
    assert torch.equal(u, t)


def test_dtype_spellings_agree():
    t = tensor(torch.bfloat16)
    raw = t.view(torch.uint8).numpy().tobytes()
    frames = {zipnn.compress(raw, dtype=d) for d in ("bf16", "BF16", "bfloat16", zipnn.DType.BF16, torch.bfloat16, ml_dtypes.bfloat16)}
    assert len(frames) == 1


def test_inputs_and_outputs_are_not_copied():
    """Inputs are read in place through the buffer protocol, and out= is written
    in place: Python-visible allocations stay at the frame's own size."""
    import tracemalloc

    a = weights(ml_dtypes.bfloat16, shape=(4096, 1024))  # 8 MiB
    t = torch.from_numpy(a.view(np.int16)).view(torch.bfloat16)
    n = a.nbytes
    bound = zipnn.compress_bound(n)
    tracemalloc.start()
    try:
        for source in (a, t, memoryview(a.view(np.uint8))):
            frame = None
            base = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            frame = zipnn.compress(source)
            # The frame buffer only: a copy of the input would add n bytes.
            assert tracemalloc.get_traced_memory()[1] - base < bound + n // 4
        out = np.empty_like(a)
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        zipnn.decompress(frame, out=out)
        assert tracemalloc.get_traced_memory()[1] - base < n // 8
    finally:
        tracemalloc.stop()
    assert out.tobytes() == a.tobytes()


def test_dtype_precedence():
    """dtype argument > the Compressor's dtype > the array's dtype."""
    a = weights(ml_dtypes.bfloat16)
    raw = a.view(np.uint8)
    assert zipnn.frame_info(zipnn.compress(raw)).dtype == zipnn.DType.UINT8
    assert zipnn.frame_info(zipnn.Compressor("bf16").compress(raw)).dtype == zipnn.DType.BF16
    assert zipnn.frame_info(zipnn.Compressor("bf16").compress(raw, dtype="fp16")).dtype == zipnn.DType.FP16
    assert zipnn.frame_info(zipnn.Compressor().compress(a)).dtype == zipnn.DType.BF16
