"""zipnn.open, streaming objects, compress_file / decompress_file."""

import io
import os

import numpy as np
import ml_dtypes
import pytest

import zipnn


def payload(n_values=300000, seed=3):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 0.02, n_values).astype(ml_dtypes.bfloat16).tobytes()


def test_stream_frame_equals_one_shot():
    data = payload()
    sc = zipnn.StreamCompressor("bf16", chunk_size=64 << 10, content_size=len(data))
    frame = b"".join(sc.compress(data[i : i + 7777]) for i in range(0, len(data), 7777)) + sc.flush()
    assert frame == zipnn.compress(data, dtype="bf16", chunk_size=64 << 10)
    assert zipnn.decompress(frame) == data


def test_stream_without_pledged_size_decodes():
    data = payload(50000)
    sc = zipnn.StreamCompressor("bf16")
    frame = sc.compress(data) + sc.flush()
    assert zipnn.decompress(frame) == data
    assert zipnn.open(io.BytesIO(frame)).read() == data


def test_open_write_then_read(tmp_path):
    data = payload()
    path = tmp_path / "w.bin.znn"
    with zipnn.open(path, "wb", dtype="bf16") as f:
        for i in range(0, len(data), 100000):
            assert f.write(data[i : i + 100000]) == len(data[i : i + 100000])
        assert f.tell() == len(data)
    with zipnn.open(path, "rb") as f:
        assert f.read(10) == data[:10]
        assert f.read1(5) == data[10:15]
        rest = f.read()
        assert data[:15] + rest == data
        assert f.read() == b""
    assert zipnn.decompress(path.read_bytes()) == data


def test_open_seek_and_readline(tmp_path):
    text = "".join(f"line {i}\n" for i in range(20000)).encode()
    path = tmp_path / "t.znn"
    with zipnn.open(path, "wb") as f:
        f.write(text)
    with zipnn.open(path) as f:
        assert f.readline() == b"line 0\n"
        f.seek(70000)
        assert f.read(20) == text[70000:70020]
        f.seek(5)
        assert f.read(10) == text[5:15]
        f.seek(-4, io.SEEK_END)
        assert f.read() == text[-4:]
    with zipnn.open(path, "rt", encoding="ascii") as f:
        assert f.readlines()[19999] == "line 19999\n"


def test_open_append_makes_concatenated_frames(tmp_path):
    path = tmp_path / "a.znn"
    with zipnn.open(path, "wb") as f:
        f.write(b"first ")
    with zipnn.open(path, "ab") as f:
        f.write(b"second")
    assert zipnn.open(path).read() == b"first second"


def test_open_file_objects_and_exclusive_mode(tmp_path):
    buf = io.BytesIO()
    with zipnn.open(buf, "wb") as f:
        f.write(memoryview(b"in memory"))
    assert not buf.closed
    buf.seek(0)
    assert zipnn.open(buf).read() == b"in memory"
    path = tmp_path / "x.znn"
    path.write_bytes(b"")
    with pytest.raises(FileExistsError):
        zipnn.open(path, "xb")


def test_open_corrupt_and_truncated_streams():
    frame = zipnn.compress(payload(100000), dtype="bf16")
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.open(io.BytesIO(frame[: len(frame) // 2])).read()
    assert e.value.code == zipnn.Status.TRUNCATED
    bad = bytearray(frame)
    bad[len(bad) // 2] ^= 1
    with pytest.raises(zipnn.ZipnnError):
        zipnn.open(io.BytesIO(bytes(bad))).read()
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.open(io.BytesIO(b"garbage that is not a frame, long enough")).read()
    assert e.value.code == zipnn.Status.NOT_ZIPNN


def test_compress_file_and_decompress_file(tmp_path):
    data = payload()
    src = tmp_path / "model.bin"
    src.write_bytes(data)
    out = zipnn.compress_file(src, dtype="bf16")
    assert out == str(src) + ".znn"
    assert src.read_bytes() == data  # the source is kept
    assert zipnn.frame_info(open(out, "rb").read()).content_size == len(data)
    with pytest.raises(FileExistsError):
        zipnn.compress_file(src)
    src.unlink()
    back = zipnn.decompress_file(out)
    assert back == str(src)
    assert src.read_bytes() == data
    with pytest.raises(FileExistsError):
        zipnn.decompress_file(out)
    assert zipnn.decompress_file(out, tmp_path / "other", overwrite=True) == str(tmp_path / "other")
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_failed_decompress_file_leaves_no_output(tmp_path):
    frame = zipnn.compress(payload(50000), dtype="bf16")
    src = tmp_path / "cut.znn"
    src.write_bytes(frame[:-10])
    with pytest.raises(zipnn.ZipnnError):
        zipnn.decompress_file(src)
    assert sorted(os.listdir(tmp_path)) == ["cut.znn"]
