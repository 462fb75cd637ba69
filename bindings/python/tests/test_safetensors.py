"""zipnn.safetensors: save/load, and the lazy safe_open reader."""

import json
import os
import struct

import ml_dtypes
import numpy as np
import pytest
import safetensors.numpy
import safetensors.torch
import torch
from safetensors import safe_open as st_safe_open

import zipnn
import zipnn.safetensors as zst


def torch_tensors():
    g = torch.Generator().manual_seed(0)
    return {
        "embed.weight": (torch.randn(300, 64, generator=g) * 0.02).bfloat16(),
        "layer.0.w": (torch.randn(64, 128, generator=g) * 0.02).half(),
        "layer.0.b": torch.randn(128, generator=g),
        "fp8": (torch.randn(40, 8, generator=g) * 0.1).to(torch.float8_e4m3fn),
        "ids": torch.arange(17, dtype=torch.int64),
        "mask": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.5, dtype=torch.float64),
        "empty": torch.zeros(0, 4, dtype=torch.float32),
    }


def bits_equal(a, b):
    if a.dtype != b.dtype or tuple(a.shape) != tuple(b.shape):
        return False
    return torch.equal(a.contiguous().reshape(-1).view(torch.uint8), b.contiguous().reshape(-1).view(torch.uint8))


def test_save_load_torch(tmp_path):
    t = torch_tensors()
    path = tmp_path / "m.safetensors.znn"
    zst.save_file(t, path, metadata={"format": "pt"})
    loaded = zst.load_file(path)
    assert sorted(loaded) == sorted(t)
    for k in t:
        assert bits_equal(loaded[k], t[k]), k
    # The decoded file is a valid safetensors file for the reference library.
    plain = zipnn.decompress(path.read_bytes())
    ref = safetensors.torch.load(plain)
    for k in t:
        assert bits_equal(ref[k], t[k]), k


def test_save_load_numpy(tmp_path):
    rng = np.random.default_rng(0)
    a = {
        "w": rng.normal(0, 0.02, (50, 30)).astype(ml_dtypes.bfloat16),
        "x": rng.normal(0, 1, (7,)).astype(np.float32),
        "q": rng.integers(0, 255, (9, 9)).astype(np.uint8),
    }
    path = tmp_path / "n.safetensors.znn"
    zst.save_file(a, path)
    b = zst.load_file(path, framework="np")
    for k in a:
        assert b[k].dtype == a[k].dtype and b[k].shape == a[k].shape and b[k].tobytes() == a[k].tobytes()
    assert zst.load(zst.save(a), framework="np")["x"].tobytes() == a["x"].tobytes()


def test_reads_files_written_by_safetensors(tmp_path, real_files):
    for f in real_files:
        znn = tmp_path / (f.name + ".znn")
        zipnn.compress_file(f, znn)
        with st_safe_open(str(f), framework="pt") as ref, zst.safe_open(znn, framework="pt") as lazy:
            assert lazy.keys() == sorted(ref.keys())
            assert lazy.metadata() == ref.metadata()
            for k in ref.keys():
                assert bits_equal(lazy.get_tensor(k), ref.get_tensor(k)), (f.name, k)
                assert lazy.get_slice(k).get_dtype() == ref.get_slice(k).get_dtype()
                assert lazy.get_slice(k).get_shape() == ref.get_slice(k).get_shape()
        with st_safe_open(str(f), framework="np") as ref, zst.safe_open(znn, framework="np") as lazy:
            for k in ref.keys():
                r = ref.get_tensor(k)
                z = lazy.get_tensor(k)
                assert z.shape == r.shape and z.tobytes() == r.tobytes(), (f.name, k)


def test_get_slice_equals_original_slices(tmp_path):
    t = torch_tensors()
    path = tmp_path / "s.safetensors.znn"
    zst.save_file(t, path)
    w = t["embed.weight"]
    with zst.safe_open(path, framework="pt") as f:
        s = f.get_slice("embed.weight")
        assert s.get_shape() == [300, 64] and s.get_dtype() == "BF16"
        for idx in [slice(0, 1), slice(10, 20), slice(290, 400), slice(-5, None), slice(3, 200, 7), slice(50, 40)]:
            assert bits_equal(s[idx], w[idx]), idx
        assert bits_equal(s[5], w[5])
        assert bits_equal(s[-1], w[-1])
        assert bits_equal(s[10:20, 3:9], w[10:20, 3:9])
        assert bits_equal(s[7, ::2], w[7, ::2])
        assert bits_equal(s[..., 1], w[..., 1])
        assert bits_equal(s[:], w)
        with pytest.raises(IndexError):
            s[300]
        assert bits_equal(f.get_slice("scalar")[...], t["scalar"])


def test_lazy_reader_decodes_only_what_is_asked(tmp_path, monkeypatch):
    """get_tensor / get_slice decode the byte range of that tensor or those rows only."""
    big = {"a": torch.randn(4096, 256).bfloat16(), "b": torch.randn(4096, 256).bfloat16()}
    path = tmp_path / "big.safetensors.znn"
    zst.save_file(big, path)
    calls = []
    real = zipnn.Decompressor.decompress_range

    def spy(self, data, offset, length, **kw):
        calls.append((offset, length))
        return real(self, data, offset, length, **kw)

    monkeypatch.setattr(zipnn.Decompressor, "decompress_range", spy)
    monkeypatch.setattr(zipnn.Decompressor, "decompress", lambda *a, **k: pytest.fail("whole-frame decode"))
    with zst.safe_open(path, framework="pt") as f:
        header_calls = len(calls)
        rows = f.get_slice("b")[100:102]
        assert bits_equal(rows, big["b"][100:102])
        assert calls[header_calls:] == [(calls[header_calls][0], 2 * 256 * 2)]
        assert sum(n for _, n in calls) < 4096
        f.get_tensor("a")
        assert calls[-1][1] == 4096 * 256 * 2


def test_uncompressed_file_is_read_too(tmp_path):
    t = torch_tensors()
    path = tmp_path / "plain.safetensors"
    safetensors.torch.save_file(t, str(path))
    loaded = zst.load_file(path)
    for k in t:
        assert bits_equal(loaded[k], t[k])


def test_corrupt_files_raise_zipnn_error(tmp_path):
    path = tmp_path / "c.safetensors.znn"
    zst.save_file(torch_tensors(), path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.safetensors.znn"
    bad.write_bytes(bytes(data))
    with pytest.raises(zipnn.ZipnnError):
        zst.load_file(bad)
    cut = tmp_path / "cut.safetensors.znn"
    cut.write_bytes(path.read_bytes()[:-7])
    with pytest.raises(zipnn.ZipnnError):
        zst.safe_open(cut)
    # A frame whose content is not safetensors.
    junk = tmp_path / "junk.znn"
    junk.write_bytes(zipnn.compress(struct.pack("<Q", 10**12) + b"x" * 100))
    with pytest.raises(zipnn.ZipnnError) as e:
        zst.safe_open(junk)
    assert e.value.code == zipnn.Status.CORRUPT_TENSORS
    header = json.dumps({"t": {"dtype": "F32", "shape": [1000], "data_offsets": [0, 4000]}}).encode()
    lying = tmp_path / "lying.znn"
    lying.write_bytes(zipnn.compress(struct.pack("<Q", len(header)) + header + b"\0" * 16))
    with pytest.raises(zipnn.ZipnnError) as e:
        zst.safe_open(lying)
    assert e.value.code == zipnn.Status.CORRUPT_TENSORS


def test_save_file_keeps_inputs_and_is_atomic(tmp_path):
    t = torch_tensors()
    before = {k: v.clone() for k, v in t.items()}
    zst.save_file(t, tmp_path / "x.safetensors.znn")
    for k in t:
        assert bits_equal(t[k], before[k])
    assert os.listdir(tmp_path) == ["x.safetensors.znn"]


def test_reader_is_usable_from_many_threads(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    t = {f"t{i}": torch.randn(256, 64).bfloat16() for i in range(16)}
    path = tmp_path / "mt.safetensors.znn"
    zst.save_file(t, path)
    with zst.safe_open(path, framework="pt") as f, ThreadPoolExecutor(8) as pool:
        got = dict(zip(f.keys(), pool.map(f.get_tensor, f.keys())))
    for k in t:
        assert bits_equal(got[k], t[k])
