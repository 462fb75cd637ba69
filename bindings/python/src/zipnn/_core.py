"""One-shot compression, decompression, random access and frame inspection.

Every call goes through the private SWIG module, which releases the GIL while
the C library works and reads inputs through the buffer protocol (no copies).
"""

from __future__ import annotations

import dataclasses
import enum
import threading
from typing import Any, Dict, Optional, Tuple

from . import _zipnn_swig as _raw
from ._dtypes import (
    DType,
    framework_of_dtype,
    is_numpy_array,
    is_torch_tensor,
    numpy_dtype,
    to_zipnn,
    torch_dtype,
)

__all__ = [
    "ZipnnError",
    "Status",
    "Param",
    "FrameInfo",
    "Compressor",
    "Decompressor",
    "compress",
    "decompress",
    "decompress_into",
    "decompress_range",
    "frame_info",
    "content_size",
    "compress_bound",
]

OK = _raw.ZIPNN_OK


class Status(enum.IntEnum):
    """zipnn_status values (pinned by the C ABI)."""

    OK = _raw.ZIPNN_OK
    NULL_POINTER = _raw.ZIPNN_ERROR_NULL_POINTER
    INVALID_ARGUMENT = _raw.ZIPNN_ERROR_INVALID_ARGUMENT
    DST_TOO_SMALL = _raw.ZIPNN_ERROR_DST_TOO_SMALL
    UNKNOWN_PARAM = _raw.ZIPNN_ERROR_UNKNOWN_PARAM
    PARAM_OUT_OF_RANGE = _raw.ZIPNN_ERROR_PARAM_OUT_OF_RANGE
    UNKNOWN_DTYPE = _raw.ZIPNN_ERROR_UNKNOWN_DTYPE
    STAGE_WRONG = _raw.ZIPNN_ERROR_STAGE_WRONG
    RANGE = _raw.ZIPNN_ERROR_RANGE
    NOT_ZIPNN = _raw.ZIPNN_ERROR_NOT_ZIPNN
    UNSUPPORTED_VERSION = _raw.ZIPNN_ERROR_UNSUPPORTED_VERSION
    UNSUPPORTED_FEATURE = _raw.ZIPNN_ERROR_UNSUPPORTED_FEATURE
    TRUNCATED = _raw.ZIPNN_ERROR_TRUNCATED
    CORRUPT_HEADER = _raw.ZIPNN_ERROR_CORRUPT_HEADER
    CORRUPT_INDEX = _raw.ZIPNN_ERROR_CORRUPT_INDEX
    CORRUPT_CHUNK = _raw.ZIPNN_ERROR_CORRUPT_CHUNK
    CHECKSUM_MISMATCH = _raw.ZIPNN_ERROR_CHECKSUM_MISMATCH
    UNKNOWN_METHOD = _raw.ZIPNN_ERROR_UNKNOWN_METHOD
    TRAILING_DATA = _raw.ZIPNN_ERROR_TRAILING_DATA
    SIZE_LIMIT = _raw.ZIPNN_ERROR_SIZE_LIMIT
    CORRUPT_TENSORS = _raw.ZIPNN_ERROR_CORRUPT_TENSORS
    NOT_FOUND = _raw.ZIPNN_ERROR_NOT_FOUND
    DELTA_BASE = _raw.ZIPNN_ERROR_DELTA_BASE
    OUT_OF_MEMORY = _raw.ZIPNN_ERROR_OUT_OF_MEMORY
    INTERNAL = _raw.ZIPNN_ERROR_INTERNAL


class Param(enum.IntEnum):
    """Parameter ids for Compressor.set_param / Decompressor.set_param."""

    DTYPE = _raw.ZIPNN_PARAM_DTYPE
    THREADS = _raw.ZIPNN_PARAM_THREADS
    CHUNK_SIZE = _raw.ZIPNN_PARAM_CHUNK_SIZE
    ZSTD_LEVEL = _raw.ZIPNN_PARAM_ZSTD_LEVEL
    TENSOR_AWARE = _raw.ZIPNN_PARAM_TENSOR_AWARE
    CONTENT_SIZE = _raw.ZIPNN_PARAM_CONTENT_SIZE
    MAX_DECODED_SIZE = _raw.ZIPNN_PARAM_MAX_DECODED_SIZE
    VERIFY_CHECKSUMS = _raw.ZIPNN_PARAM_VERIFY_CHECKSUMS


class ZipnnError(Exception):
    """A zipnn call failed. ``code`` is the zipnn_status value (see ``Status``)
    and ``name`` its C name, e.g. ``"ZIPNN_ERROR_TRUNCATED"``."""

    def __init__(self, code: int, detail: Optional[str] = None) -> None:
        self.code = int(code)
        self.name = str(_raw.zipnn_status_name(self.code))
        self.detail = detail
        message = f"{self.name}: {_raw.zipnn_status_message(self.code)}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)

    @property
    def status(self) -> "Status | int":
        try:
            return Status(self.code)
        except ValueError:
            return self.code

    def __reduce__(self) -> Tuple[Any, Tuple[int, Optional[str]]]:
        return (type(self), (self.code, self.detail))


def _check(status: int, detail: Optional[str] = None) -> None:
    if status != OK:
        raise ZipnnError(status, detail)


# ---------------------------------------------------------------- buffers
def _as_readable(data: Any) -> Tuple[Any, Optional[DType]]:
    """A C-contiguous byte view of ``data`` and the dtype it implies.

    bytes-like objects are passed through untouched (zero copy); numpy arrays
    and CPU torch tensors are viewed as uint8 without copying when they are
    contiguous (a non-contiguous array is copied once, as numpy would)."""
    if is_torch_tensor(data):
        import torch

        t = data.detach()
        if t.device.type != "cpu":
            t = t.cpu()
        if not t.is_contiguous():
            t = t.contiguous()
        dt = to_zipnn(t.dtype)
        return t.reshape(-1).view(torch.uint8).numpy(), dt
    if is_numpy_array(data):
        import numpy as np

        dt = to_zipnn(data.dtype)
        arr = data if data.flags.c_contiguous else np.ascontiguousarray(data)
        return arr.reshape(-1).view(np.uint8), dt
    return data, None


def _as_writable(out: Any) -> Any:
    """A writable byte view of ``out`` (bytearray, memoryview, mmap, numpy array,
    CPU torch tensor); the memory is written in place."""
    if is_torch_tensor(out):
        import torch

        if out.device.type != "cpu":
            raise ValueError("out must be a CPU tensor")
        if not out.is_contiguous():
            raise ValueError("out must be contiguous")
        return out.detach().reshape(-1).view(torch.uint8).numpy()
    if is_numpy_array(out):
        import numpy as np

        if not out.flags.c_contiguous or not out.flags.writeable:
            raise ValueError("out must be a writable C-contiguous array")
        return out.reshape(-1).view(np.uint8)
    return out


def _nbytes(buf: Any) -> int:
    return memoryview(buf).nbytes


# --------------------------------------------------------------- contexts
class _Context:
    _free = None  # set by subclasses

    def __init__(self) -> None:
        self._ptr: Any = None
        self._lock = threading.Lock()

    def _enter(self) -> Any:
        # One thread at a time per context (the C thread rule); a second thread
        # gets an error instead of undefined behaviour.
        if not self._lock.acquire(blocking=False):
            raise RuntimeError(f"{type(self).__name__} is in use by another thread")
        if self._ptr is None:
            self._lock.release()
            raise ValueError(f"{type(self).__name__} is closed")
        return self._ptr

    def _leave(self) -> None:
        self._lock.release()

    def close(self) -> None:
        """Frees the C context (also done when the object is garbage collected)."""
        with self._lock:
            ptr, self._ptr = self._ptr, None
            if ptr is not None:
                type(self)._free(ptr)

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        ptr = getattr(self, "_ptr", None)
        if ptr is not None:
            self._ptr = None
            type(self)._free(ptr)


class Compressor(_Context):
    """A reusable compression context (parameters, threads, scratch memory).

    Use one Compressor from one thread at a time; distinct Compressors are
    independent. ``threads=0`` uses every core."""

    _free = staticmethod(_raw.zipnn_cctx_free)

    def __init__(
        self,
        dtype: Any = None,
        *,
        threads: int = 0,
        chunk_size: Optional[int] = None,
        zstd_level: Optional[int] = None,
        tensor_aware: Optional[bool] = None,
    ) -> None:
        super().__init__()
        status, ptr = _raw.zipnn_cctx_new()
        _check(status)
        self._ptr = ptr
        self._defaults = {p: self.get_param(p) for p in (Param.CHUNK_SIZE, Param.ZSTD_LEVEL, Param.TENSOR_AWARE)}
        self.configure(dtype=dtype, threads=threads, chunk_size=chunk_size, zstd_level=zstd_level, tensor_aware=tensor_aware)

    def configure(
        self,
        *,
        dtype: Any = None,
        threads: int = 0,
        chunk_size: Optional[int] = None,
        zstd_level: Optional[int] = None,
        tensor_aware: Optional[bool] = None,
    ) -> None:
        """Sets every parameter; None means the library default."""
        dt = to_zipnn(dtype)
        self._dtype = dt
        self.set_param(Param.DTYPE, int(dt) if dt is not None else int(DType.BYTES))
        self.set_param(Param.THREADS, threads)
        self.set_param(Param.CHUNK_SIZE, self._defaults[Param.CHUNK_SIZE] if chunk_size is None else chunk_size)
        self.set_param(Param.ZSTD_LEVEL, self._defaults[Param.ZSTD_LEVEL] if zstd_level is None else zstd_level)
        ta = self._defaults[Param.TENSOR_AWARE] if tensor_aware is None else int(bool(tensor_aware))
        self.set_param(Param.TENSOR_AWARE, ta)

    def set_param(self, param: int, value: int) -> None:
        ptr = self._enter()
        try:
            _check(_raw.zipnn_cctx_set_param(ptr, int(param), int(value)), f"param {int(param)} = {value}")
        finally:
            self._leave()

    def get_param(self, param: int) -> int:
        ptr = self._enter()
        try:
            status, value = _raw.zipnn_cctx_get_param(ptr, int(param))
        finally:
            self._leave()
        _check(status)
        return int(value)

    def compress(self, data: Any, dtype: Any = None) -> bytes:
        """Compresses a bytes-like object, numpy array or torch tensor into one
        frame. The dtype is, in order: ``dtype``, the Compressor's own dtype,
        the array's or tensor's dtype, opaque bytes."""
        view, implied = _as_readable(data)
        if dtype is not None:
            dt = to_zipnn(dtype)
        elif self._dtype is not None:
            dt = self._dtype
        else:
            dt = implied
        n = _nbytes(view)
        bound = int(_raw.zipnn_compress_bound(n))
        if bound == 0:
            raise OverflowError("input too large")
        ptr = self._enter()
        try:
            previous = None
            if dt is not None:
                status, previous = _raw.zipnn_cctx_get_param(ptr, int(Param.DTYPE))
                _check(status)
                _check(_raw.zipnn_cctx_set_param(ptr, int(Param.DTYPE), int(dt)))
            try:
                status, frame = _raw.zipnn_compress(ptr, view, bound)
            finally:
                if previous is not None:
                    _raw.zipnn_cctx_set_param(ptr, int(Param.DTYPE), int(previous))
        finally:
            self._leave()
        _check(status)
        return frame  # type: ignore[no-any-return]

    def reset(self) -> None:
        ptr = self._enter()
        try:
            _check(_raw.zipnn_cctx_reset(ptr))
        finally:
            self._leave()


class Decompressor(_Context):
    """A reusable decompression context. ``verify=False`` skips chunk
    checksums; ``max_size`` refuses frames that decode to more bytes."""

    _free = staticmethod(_raw.zipnn_dctx_free)

    def __init__(self, *, threads: int = 0, verify: bool = True, max_size: Optional[int] = None) -> None:
        super().__init__()
        status, ptr = _raw.zipnn_dctx_new()
        _check(status)
        self._ptr = ptr
        self._max_default = self.get_param(Param.MAX_DECODED_SIZE)
        self.configure(threads=threads, verify=verify, max_size=max_size)

    def configure(self, *, threads: int = 0, verify: bool = True, max_size: Optional[int] = None) -> None:
        self.set_param(Param.THREADS, threads)
        self.set_param(Param.VERIFY_CHECKSUMS, int(bool(verify)))
        self.set_param(Param.MAX_DECODED_SIZE, self._max_default if max_size is None else max_size)
        self._max_size = self._max_default if max_size is None else max_size

    def set_param(self, param: int, value: int) -> None:
        ptr = self._enter()
        try:
            _check(_raw.zipnn_dctx_set_param(ptr, int(param), int(value)), f"param {int(param)} = {value}")
        finally:
            self._leave()

    def get_param(self, param: int) -> int:
        ptr = self._enter()
        try:
            status, value = _raw.zipnn_dctx_get_param(ptr, int(param))
        finally:
            self._leave()
        _check(status)
        return int(value)

    def _decoded_size(self, frame: Any) -> int:
        size = frame_info(frame).content_size
        if size > self._max_size:
            raise ZipnnError(_raw.ZIPNN_ERROR_SIZE_LIMIT, f"frame decodes to {size} bytes")
        return size

    def decompress(
        self,
        data: Any,
        *,
        out: Any = None,
        dtype: Any = None,
        shape: Optional[Tuple[int, ...]] = None,
        framework: Optional[str] = None,
    ) -> Any:
        """Decompresses one whole frame.

        Returns ``bytes``, or, with ``out=``, fills that buffer/array/tensor
        (it must hold exactly the decoded size) and returns it. With ``dtype``
        (numpy, ml_dtypes or torch dtype, or a name) or ``framework`` ("np" or
        "pt"; the frame's recorded dtype is used when no dtype is given) a new
        array or tensor of ``shape`` (default 1-D) is returned."""
        if out is not None:
            view = _as_writable(out)
            size = self._decoded_size(data)
            if _nbytes(view) != size:
                raise ValueError(f"out holds {_nbytes(view)} bytes; the frame decodes to {size}")
            self._decompress_into(data, view)
            return out
        if dtype is not None or framework is not None:
            info = frame_info(data)
            if info.content_size > self._max_size:
                raise ZipnnError(_raw.ZIPNN_ERROR_SIZE_LIMIT, f"frame decodes to {info.content_size} bytes")
            target = _new_array(info.content_size, dtype, shape, framework, info.dtype)
            self._decompress_into(data, _as_writable(target))
            return target
        size = self._decoded_size(data)
        ptr = self._enter()
        try:
            status, result = _raw.zipnn_decompress(ptr, data, size)
        finally:
            self._leave()
        _check(status)
        return result

    def decompress_into(self, data: Any, out: Any) -> int:
        """Decompresses into a writable buffer at least as large as the decoded
        data; returns the number of bytes written."""
        return self._decompress_into(data, _as_writable(out))

    def _decompress_into(self, data: Any, view: Any) -> int:
        ptr = self._enter()
        try:
            status, written = _raw.zipnn_decompress(ptr, data, view)
        finally:
            self._leave()
        _check(status)
        return int(written)

    def decompress_range(self, data: Any, offset: int, length: int, *, out: Any = None) -> Any:
        """Decodes content bytes [offset, offset + length), decoding only the
        chunks that overlap them. Returns bytes, or fills ``out`` and returns it."""
        if offset < 0 or length < 0:
            raise ValueError("offset and length must be >= 0")
        ptr = self._enter()
        try:
            if out is None:
                status, result = _raw.zipnn_decompress_range(ptr, data, offset, length, length)
            else:
                view = _as_writable(out)
                if _nbytes(view) < length:
                    raise ValueError(f"out holds {_nbytes(view)} bytes; {length} requested")
                status, _ = _raw.zipnn_decompress_range(ptr, data, offset, length, view)
                result = out
        finally:
            self._leave()
        _check(status, f"range [{offset}, {offset + length})")
        return result

    def reset(self) -> None:
        ptr = self._enter()
        try:
            _check(_raw.zipnn_dctx_reset(ptr))
        finally:
            self._leave()


def _new_array(nbytes: int, dtype: Any, shape: Optional[Tuple[int, ...]], framework: Optional[str], frame_dtype: int) -> Any:
    fw = framework or framework_of_dtype(dtype)
    if fw is None:
        fw = "np"
    if fw not in ("np", "numpy", "pt", "torch"):
        raise ValueError(f"framework must be 'np' or 'pt', not {framework!r}")
    zdt = to_zipnn(dtype) if dtype is not None else DType(frame_dtype)
    itemsize = zdt.itemsize
    if nbytes % itemsize:
        raise ValueError(f"{nbytes} bytes is not a whole number of {zdt.name} elements")
    count = nbytes // itemsize
    if shape is None:
        shape = (count,)
    shape = tuple(int(s) for s in shape)
    total = 1
    for s in shape:
        total *= s
    if total != count:
        raise ValueError(f"shape {shape} holds {total} elements; the frame holds {count}")
    if fw in ("pt", "torch"):
        import torch

        return torch.empty(shape, dtype=torch_dtype(zdt))
    import numpy as np

    return np.empty(shape, dtype=numpy_dtype(zdt))


# ------------------------------------------------------------ inspection
@dataclasses.dataclass(frozen=True)
class FrameInfo:
    """What a frame's header, index and footer say (no chunk is decoded)."""

    content_size: int
    frame_size: int
    chunk_count: int
    tensor_count: int
    format_version: int
    chunk_size: int
    dtype: int
    element_size: int
    flags: int
    method_streams: Tuple[int, ...]
    method_bytes: Tuple[int, ...]
    dtype_bytes: Tuple[int, ...]

    @property
    def ratio(self) -> float:
        """frame_size / content_size (1.0 for empty content)."""
        return self.frame_size / self.content_size if self.content_size else 1.0

    @property
    def dtype_name(self) -> str:
        return str(_raw.zipnn_dtype_name(self.dtype))


def frame_info(data: Any) -> FrameInfo:
    """Validates a whole frame's header, index and footer and describes it."""
    status, d = _raw.zipnn_frame_info_get(data)
    _check(status)
    assert isinstance(d, dict)
    for key in ("method_streams", "method_bytes", "dtype_bytes"):
        d[key] = tuple(d[key])
    return FrameInfo(**d)


def content_size(data: Any) -> Optional[int]:
    """Decoded size from the frame header alone (the first 32 bytes suffice);
    None when the frame was streamed without a pledged size."""
    status, size = _raw.zipnn_frame_content_size(data)
    _check(status)
    return None if size == (1 << 64) - 1 else int(size)


def compress_bound(size: int) -> int:
    """Largest frame ``compress`` can produce for ``size`` input bytes."""
    return int(_raw.zipnn_compress_bound(size))


# -------------------------------------------------- module-level helpers
_local = threading.local()


def _compressor() -> Compressor:
    c = getattr(_local, "cctx", None)
    if c is None:
        c = _local.cctx = Compressor()
    return c


def _decompressor() -> Decompressor:
    d = getattr(_local, "dctx", None)
    if d is None:
        d = _local.dctx = Decompressor()
    return d


def compress(
    data: Any,
    dtype: Any = None,
    *,
    threads: int = 0,
    chunk_size: Optional[int] = None,
    zstd_level: Optional[int] = None,
    tensor_aware: Optional[bool] = None,
) -> bytes:
    """Compresses ``data`` (any bytes-like object, numpy array or torch tensor)
    into one .znn frame and returns it as bytes. The input is never modified.

    ``dtype`` names the element type of plain bytes ("bf16", "fp32",
    ``zipnn.DType.BF16``, a numpy/ml_dtypes/torch dtype); arrays and tensors
    supply their own. ``threads=0`` uses every core. Safetensors input is
    detected and compressed tensor by tensor unless ``tensor_aware=False``."""
    c = _compressor()
    c.configure(threads=threads, chunk_size=chunk_size, zstd_level=zstd_level, tensor_aware=tensor_aware)
    return c.compress(data, dtype)


def decompress(
    data: Any,
    *,
    out: Any = None,
    dtype: Any = None,
    shape: Optional[Tuple[int, ...]] = None,
    framework: Optional[str] = None,
    threads: int = 0,
    verify: bool = True,
    max_size: Optional[int] = None,
) -> Any:
    """Decompresses one whole frame (any bytes-like object).

    Returns bytes by default. ``out=`` fills an existing buffer, numpy array or
    torch tensor of exactly the decoded size and returns it. ``dtype=`` and
    ``shape=`` (or ``framework="np"``/``"pt"``) return a new array or tensor,
    e.g. ``decompress(frame, dtype=torch.bfloat16, shape=t.shape)``.
    Every chunk checksum is verified unless ``verify=False``; ``max_size``
    refuses frames decoding to more bytes. Errors raise ZipnnError."""
    d = _decompressor()
    d.configure(threads=threads, verify=verify, max_size=max_size)
    return d.decompress(data, out=out, dtype=dtype, shape=shape, framework=framework)


def decompress_into(data: Any, out: Any, *, threads: int = 0, verify: bool = True) -> int:
    """Decompresses into ``out`` (at least the decoded size); returns bytes written."""
    d = _decompressor()
    d.configure(threads=threads, verify=verify)
    return d.decompress_into(data, out)


def decompress_range(data: Any, offset: int, length: int, *, out: Any = None, threads: int = 0) -> Any:
    """Random access: content bytes [offset, offset + length) of a whole frame,
    decoding only the chunks they overlap (each verified)."""
    d = _decompressor()
    d.configure(threads=threads)
    return d.decompress_range(data, offset, length, out=out)


def version_info() -> Dict[str, Any]:
    """Versions of the package's compile-time header and the linked library."""
    return {
        "header": _raw.ZIPNN_VERSION_STRING,
        "library": _raw.zipnn_version_string(),
        "format": _raw.ZIPNN_FORMAT_VERSION,
    }
