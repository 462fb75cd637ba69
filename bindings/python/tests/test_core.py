"""One-shot API: bytes-like inputs, errors, options, contexts, threads."""

import pickle
import sys
import threading

import pytest

import zipnn


def bf16_like_bytes(n_values, seed=1):
    import numpy as np
    import ml_dtypes

    rng = np.random.default_rng(seed)
    return rng.normal(0, 0.02, n_values).astype(ml_dtypes.bfloat16).tobytes()


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 4096, 1 << 20, (1 << 20) + 3])
def test_bytes_round_trip(size):
    data = bytes((i * 31 + 7) % 251 for i in range(size)) if size < 5000 else bf16_like_bytes(size // 2) + b"\x01" * (size % 2)
    frame = zipnn.compress(data, dtype="bf16")
    assert isinstance(frame, bytes)
    assert zipnn.decompress(frame) == data


def test_bf16_data_compresses():
    data = bf16_like_bytes(1 << 19)
    frame = zipnn.compress(data, dtype=zipnn.DType.BF16)
    assert len(frame) < 0.8 * len(data)
    info = zipnn.frame_info(frame)
    assert info.content_size == len(data)
    assert info.frame_size == len(frame)
    assert info.dtype == zipnn.DType.BF16
    assert info.dtype_name == "bf16"
    assert zipnn.content_size(frame) == len(data)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_any_bytes_like_input(kind):
    data = bf16_like_bytes(5000)
    assert zipnn.decompress(zipnn.compress(kind(data))) == data
    assert zipnn.decompress(kind(zipnn.compress(data))) == data


def test_input_is_not_modified():
    data = bytearray(bf16_like_bytes(100000))
    before = bytes(data)
    frame1 = zipnn.compress(data, dtype="bf16")
    frame2 = zipnn.compress(data, dtype="bf16")
    assert bytes(data) == before
    assert frame1 == frame2  # deterministic, and compressing twice is safe
    f = bytearray(frame1)
    fb = bytes(f)
    zipnn.decompress(f)
    assert bytes(f) == fb


def test_output_independent_of_threads():
    data = bf16_like_bytes(1 << 20)
    frames = {zipnn.compress(data, dtype="bf16", threads=t, chunk_size=64 << 10) for t in (1, 2, 4)}
    assert len(frames) == 1
    assert zipnn.decompress(frames.pop(), threads=1) == data


def test_decompress_into_existing_buffer():
    data = bf16_like_bytes(30000)
    frame = zipnn.compress(data, dtype="bf16")
    out = bytearray(len(data))
    assert zipnn.decompress(frame, out=out) is out
    assert out == data
    bigger = bytearray(len(data) + 10)
    assert zipnn.decompress_into(frame, bigger) == len(data)
    assert bigger[: len(data)] == data
    with pytest.raises(ValueError):
        zipnn.decompress(frame, out=bytearray(len(data) - 1))
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.decompress_into(frame, bytearray(len(data) - 1))
    assert e.value.code == zipnn.Status.DST_TOO_SMALL


def test_decompress_range():
    data = bf16_like_bytes(400000)
    frame = zipnn.compress(data, dtype="bf16", chunk_size=64 << 10)
    for off, n in [(0, 0), (0, 10), (123457, 1000), (65536 - 3, 7), (len(data) - 5, 5), (0, len(data))]:
        assert zipnn.decompress_range(frame, off, n) == data[off : off + n]
    out = bytearray(100)
    assert zipnn.decompress_range(frame, 1000, 100, out=out) is out
    assert out == data[1000:1100]
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.decompress_range(frame, len(data) - 5, 6)
    assert e.value.code == zipnn.Status.RANGE
    assert e.value.name == "ZIPNN_ERROR_RANGE"


def test_not_a_frame():
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.decompress(b"this is not a zipnn frame at all, not even close")
    assert e.value.code == zipnn.Status.NOT_ZIPNN
    assert e.value.name == "ZIPNN_ERROR_NOT_ZIPNN"
    assert "ZIPNN_ERROR_NOT_ZIPNN" in str(e.value)


def test_truncated_frames_raise():
    data = bf16_like_bytes(200000)
    frame = zipnn.compress(data, dtype="bf16")
    for cut in (1, 10, 31, 32, len(frame) // 2, len(frame) - 1):
        with pytest.raises(zipnn.ZipnnError) as e:
            zipnn.decompress(frame[:cut])
        assert e.value.code in (zipnn.Status.TRUNCATED, zipnn.Status.CORRUPT_HEADER, zipnn.Status.CORRUPT_INDEX, zipnn.Status.NOT_ZIPNN)


def test_trailing_data_raises():
    frame = zipnn.compress(b"abc" * 1000)
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.decompress(frame + b"\0")
    assert e.value.code in (zipnn.Status.TRAILING_DATA, zipnn.Status.CORRUPT_INDEX, zipnn.Status.CORRUPT_HEADER)


def test_every_flipped_payload_byte_is_detected():
    data = bf16_like_bytes(50000)
    frame = zipnn.compress(data, dtype="bf16")
    header = 32
    step = max(1, (len(frame) - header) // 64)
    for pos in range(header, len(frame), step):
        bad = bytearray(frame)
        bad[pos] ^= 0x40
        with pytest.raises(zipnn.ZipnnError):
            zipnn.decompress(bytes(bad))


def test_error_is_picklable_and_has_status():
    err = zipnn.ZipnnError(zipnn.Status.CHECKSUM_MISMATCH, "detail")
    again = pickle.loads(pickle.dumps(err))
    assert again.code == 27 and again.name == "ZIPNN_ERROR_CHECKSUM_MISMATCH"
    assert again.status is zipnn.Status.CHECKSUM_MISMATCH


def test_bad_parameters():
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.compress(b"x", dtype="no-such-dtype")
    assert e.value.code == zipnn.Status.UNKNOWN_DTYPE
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.compress(b"x", dtype=99)
    assert e.value.code == zipnn.Status.UNKNOWN_DTYPE
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.Compressor().set_param(12345, 1)
    assert e.value.code == zipnn.Status.UNKNOWN_PARAM


def test_max_size():
    frame = zipnn.compress(b"\0" * 10000)
    with pytest.raises(zipnn.ZipnnError) as e:
        zipnn.decompress(frame, max_size=9999)
    assert e.value.code == zipnn.Status.SIZE_LIMIT
    assert zipnn.decompress(frame, max_size=10000) == b"\0" * 10000


def test_context_objects():
    data = bf16_like_bytes(10000)
    with zipnn.Compressor("bf16", threads=1) as c, zipnn.Decompressor(threads=1) as d:
        assert c.get_param(zipnn.Param.DTYPE) == zipnn.DType.BF16
        frames = [c.compress(data) for _ in range(3)]
        assert len(set(frames)) == 1
        assert d.decompress(frames[0]) == data
    with pytest.raises(ValueError):
        c.compress(data)


def test_threads_share_nothing():
    """Module functions are safe from many threads (one context per thread)."""
    data = [bf16_like_bytes(20000, seed=s) for s in range(8)]
    results = [None] * 8

    def work(i):
        for _ in range(5):
            results[i] = zipnn.decompress(zipnn.compress(data[i], dtype="bf16", threads=1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == data


def test_shared_context_from_two_threads_is_refused_not_undefined():
    c = zipnn.Compressor()
    c._enter()  # as if another thread were inside a call
    try:
        with pytest.raises(RuntimeError):
            c.compress(b"abc")
    finally:
        c._leave()
    assert zipnn.decompress(c.compress(b"abc")) == b"abc"


def test_gil_is_released_during_compression():
    """Another Python thread runs while the C library compresses. The switch
    interval is raised so that the main thread gives up the GIL only where the
    binding releases it."""
    data = bf16_like_bytes(16 << 20)
    ticks = []
    stop = threading.Event()
    started = threading.Event()

    def ticker():
        started.set()
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.0002)

    c = zipnn.Compressor("bf16", threads=1)
    old = sys.getswitchinterval()
    t = threading.Thread(target=ticker)
    t.start()
    started.wait()
    sys.setswitchinterval(5.0)
    try:
        before = len(ticks)
        for _ in range(4):
            c.compress(data)
        during = len(ticks) - before
    finally:
        sys.setswitchinterval(old)
        stop.set()
        t.join()
    assert during > 0


def test_versions():
    v = zipnn.version_info()
    assert v["header"] == v["library"] == zipnn.__version__
    assert zipnn.FORMAT_VERSION == v["format"] == 1
