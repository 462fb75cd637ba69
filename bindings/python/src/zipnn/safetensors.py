"""Compressed safetensors: ``save_file`` / ``load_file`` and a lazy
``safe_open`` with the API of ``safetensors.safe_open``.

A compressed safetensors file is one .znn frame of the whole safetensors file
(tensor-aware compression: each tensor is coded with its own dtype). The
reader maps the file, decodes the 8-byte header length and the JSON header
from the first bytes of the frame (random access), then decodes only the byte
range of each tensor, or of the rows of a slice, asked for. A plain,
uncompressed safetensors file is read too.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import threading
from typing import Any, Dict, Iterator, List, Optional, Tuple

from . import _zipnn_swig as _raw
from ._core import Decompressor, ZipnnError, _as_readable
from ._dtypes import SAFETENSORS_DTYPES, SAFETENSORS_NAME, DType, numpy_dtype, torch_dtype
from ._stream import ZipnnFile, atomic_output

__all__ = ["save_file", "save", "load_file", "load", "safe_open"]

_MAX_HEADER = 100 * 1000 * 1000  # the safetensors limit


# ------------------------------------------------------------------ writing
def _serialize(tensors: Dict[str, Any], metadata: Optional[Dict[str, str]]) -> Tuple[bytes, List[Any]]:
    """The safetensors header and the list of tensor byte views, in file order."""
    if not isinstance(tensors, dict):
        raise TypeError("tensors must be a dict of name -> array/tensor")
    entries = []
    for name, value in tensors.items():
        if not isinstance(name, str):
            raise TypeError("tensor names must be str")
        if name == "__metadata__":
            raise ValueError("'__metadata__' is not a valid tensor name")
        view, dt = _as_readable(value)
        if dt is None:
            raise TypeError(f"{name}: expected a numpy array or torch tensor, got {type(value).__name__}")
        shape = [int(s) for s in value.shape]
        entries.append((name, dt, shape, view))
    # Same order as the safetensors library: larger alignment first, then name.
    entries.sort(key=lambda e: (-e[1].itemsize, e[0]))
    header: Dict[str, Any] = {}
    if metadata is not None:
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
            raise TypeError("metadata must be a dict of str -> str")
        header["__metadata__"] = dict(metadata)
    offset = 0
    views = []
    for name, dt, shape, view in entries:
        n = memoryview(view).nbytes
        header[name] = {"dtype": SAFETENSORS_NAME[dt], "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
        views.append(view)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    return struct.pack("<Q", len(text)) + text, views


def save(tensors: Dict[str, Any], metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> bytes:
    """Serializes tensors (numpy arrays or torch tensors) as safetensors and
    returns the compressed frame. Keyword arguments go to ``zipnn.compress``."""
    from ._core import compress

    head, views = _serialize(tensors, metadata)
    buf = bytearray(len(head) + sum(memoryview(v).nbytes for v in views))
    buf[: len(head)] = head
    pos = len(head)
    for v in views:
        n = memoryview(v).nbytes
        buf[pos : pos + n] = memoryview(v).cast("B")
        pos += n
    return compress(buf, **kwargs)


def save_file(
    tensors: Dict[str, Any],
    filename: "str | os.PathLike[str]",
    metadata: Optional[Dict[str, str]] = None,
    *,
    threads: int = 0,
    zstd_level: Optional[int] = None,
    chunk_size: Optional[int] = None,
) -> None:
    """Writes tensors (numpy arrays or torch tensors) as a compressed
    safetensors file (conventionally ``*.safetensors.znn``). Tensors are
    streamed into the compressor one by one (no whole-file copy in memory);
    the file appears atomically."""
    head, views = _serialize(tensors, metadata)
    total = len(head) + sum(memoryview(v).nbytes for v in views)
    with atomic_output(filename, overwrite=True) as raw:
        with ZipnnFile(raw, "wb", threads=threads, zstd_level=zstd_level, chunk_size=chunk_size, content_size=total) as f:
            f.write(head)
            for v in views:
                f.write(v)


def load(data: Any, framework: str = "pt") -> Dict[str, Any]:
    """Loads every tensor of a compressed safetensors frame held in memory."""
    with safe_open(_Bytes(data), framework=framework) as f:
        return {k: f.get_tensor(k) for k in f.keys()}


def load_file(filename: "str | os.PathLike[str]", device: str = "cpu", *, framework: str = "pt") -> Dict[str, Any]:
    """Loads every tensor of a compressed (or plain) safetensors file:
    torch tensors on ``device`` for ``framework="pt"``, numpy arrays for "np"."""
    with safe_open(filename, framework=framework, device=device) as f:
        return {k: f.get_tensor(k) for k in f.keys()}


# ------------------------------------------------------------------ reading
class _Bytes:
    def __init__(self, data: Any) -> None:
        self.data = data


class _Source:
    """Random access to the decoded safetensors bytes."""

    def __init__(self, target: Any) -> None:
        self._file = None
        self._map: Any = None
        if isinstance(target, _Bytes):
            self._buf = target.data
        else:
            self._file = open(os.fspath(target), "rb")  # noqa: SIM115
            size = os.fstat(self._file.fileno()).st_size
            if size == 0:
                self._file.close()
                raise ZipnnError(_raw.ZIPNN_ERROR_TRUNCATED, "empty file")
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
            self._buf = self._map
        status, size = _raw.zipnn_frame_content_size(self._buf)
        self.compressed = status == _raw.ZIPNN_OK
        # One decompression context per thread: readers may call get_tensor
        # from a thread pool.
        self._local = threading.local()
        if self.compressed:
            self.size = self._dec()._decoded_size(self._buf)  # validates header, index, footer
        elif status == _raw.ZIPNN_ERROR_NOT_ZIPNN:
            self.size = len(self._buf)
        else:
            self.close()
            raise ZipnnError(status)

    def _dec(self) -> Decompressor:
        d = getattr(self._local, "dctx", None)
        if d is None:
            d = self._local.dctx = Decompressor()
        return d

    def read(self, offset: int, length: int, out: Any = None) -> Any:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise ZipnnError(_raw.ZIPNN_ERROR_RANGE, f"bytes [{offset}, {offset + length}) of {self.size}")
        if self._buf is None:
            raise ValueError("the file is closed")
        if self.compressed:
            return self._dec().decompress_range(self._buf, offset, length, out=out)
        data = memoryview(self._buf)[offset : offset + length]
        if out is None:
            return bytes(data)
        memoryview(out).cast("B")[:length] = data
        return out

    def close(self) -> None:
        self._buf = None
        if self._map is not None:
            self._map.close()
            self._map = None
        if self._file is not None:
            self._file.close()
            self._file = None


def _prod(shape: List[int]) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


class safe_open:  # noqa: N801 - the safetensors spelling
    """Lazy reader of a compressed (or plain) safetensors file, with the API
    of ``safetensors.safe_open``: ``keys()``, ``offset_keys()``,
    ``metadata()``, ``get_tensor(name)``, ``get_slice(name)``.

    framework: "pt" (torch tensors, moved to ``device``) or "np" (numpy; bf16
    and fp8 through ml_dtypes). Only the bytes asked for are decoded."""

    def __init__(self, filename: Any, framework: str = "pt", device: Any = "cpu") -> None:
        if framework in ("pt", "torch", "pytorch"):
            self._framework = "pt"
        elif framework in ("np", "numpy"):
            self._framework = "np"
        else:
            raise ValueError(f"framework must be 'pt' or 'np', not {framework!r}")
        self._device = device
        self._src = _Source(filename)
        try:
            self._parse_header()
        except BaseException:
            self._src.close()
            raise

    def _parse_header(self) -> None:
        src = self._src
        if src.size < 8:
            raise ZipnnError(_raw.ZIPNN_ERROR_CORRUPT_TENSORS, "shorter than a safetensors header")
        (n,) = struct.unpack("<Q", src.read(0, 8))
        if n > _MAX_HEADER or 8 + n > src.size:
            raise ZipnnError(_raw.ZIPNN_ERROR_CORRUPT_TENSORS, f"header length {n}")
        try:
            header = json.loads(bytes(src.read(8, n)).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise ZipnnError(_raw.ZIPNN_ERROR_CORRUPT_TENSORS, f"header is not JSON: {e}") from None
        if not isinstance(header, dict):
            raise ZipnnError(_raw.ZIPNN_ERROR_CORRUPT_TENSORS, "header is not a JSON object")
        self._metadata = header.pop("__metadata__", None)
        self._data_start = 8 + n
        data_size = src.size - self._data_start
        self._entries: Dict[str, Tuple[DType, str, List[int], int, int]] = {}
        for name, e in header.items():
            try:
                st_dtype = e["dtype"]
                shape = [int(s) for s in e["shape"]]
                begin, end = (int(x) for x in e["data_offsets"])
            except (KeyError, TypeError, ValueError):
                raise ZipnnError(_raw.ZIPNN_ERROR_CORRUPT_TENSORS, f"bad entry for {name!r}") from None
            if st_dtype not in SAFETENSORS_DTYPES:
                raise ZipnnError(_raw.ZIPNN_ERROR_UNKNOWN_DTYPE, f"{name!r} has dtype {st_dtype}")
            dt = SAFETENSORS_DTYPES[st_dtype]
            if any(s < 0 for s in shape) or not 0 <= begin <= end <= data_size or end - begin != _prod(shape) * dt.itemsize:
                raise ZipnnError(_raw.ZIPNN_ERROR_CORRUPT_TENSORS, f"bad shape or offsets for {name!r}")
            self._entries[name] = (dt, st_dtype, shape, begin, end)

    # -- the safetensors API
    def __enter__(self) -> "safe_open":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._src.close()

    def keys(self) -> List[str]:
        return sorted(self._entries)

    def offset_keys(self) -> List[str]:
        return sorted(self._entries, key=lambda k: self._entries[k][3])

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def metadata(self) -> Optional[Dict[str, str]]:
        return None if self._metadata is None else dict(self._metadata)

    def _entry(self, name: str) -> Tuple[DType, str, List[int], int, int]:
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"no tensor named {name!r}") from None

    def _empty(self, dt: DType, shape: List[int]) -> Any:
        if self._framework == "pt":
            import torch

            return torch.empty(shape, dtype=torch_dtype(dt))
        import numpy as np

        return np.empty(shape, dtype=numpy_dtype(dt))

    def _finish(self, t: Any) -> Any:
        if self._framework == "pt" and str(self._device) != "cpu":
            return t.to(self._device)
        return t

    def _read_rows(self, name: str, start: int, stop: int) -> Any:
        """Rows [start, stop) of the first dimension, decoding only their bytes."""
        dt, _, shape, begin, _ = self._entry(name)
        row = _prod(shape[1:]) * dt.itemsize
        out = self._empty(dt, [stop - start] + shape[1:])
        nbytes = (stop - start) * row
        if nbytes:
            from ._core import _as_writable

            self._src.read(self._data_start + begin + start * row, nbytes, out=_as_writable(out))
        return out

    def get_tensor(self, name: str) -> Any:
        """The whole tensor ``name``, decoding only its bytes."""
        dt, _, shape, begin, end = self._entry(name)
        if not shape:
            from ._core import _as_writable

            out = self._empty(dt, [])
            self._src.read(self._data_start + begin, end - begin, out=_as_writable(out))
            return self._finish(out)
        return self._finish(self._read_rows(name, 0, shape[0]))

    def get_slice(self, name: str) -> "_Slice":
        """A lazy view of ``name``: ``get_shape()``, ``get_dtype()`` and
        indexing (``[a:b]``, ``[i]``, ``[a:b, c:d]``...), which decodes only the
        rows of the first dimension that the index selects."""
        self._entry(name)
        return _Slice(self, name)


class _Slice:
    def __init__(self, owner: safe_open, name: str) -> None:
        self._owner = owner
        self._name = name

    def get_shape(self) -> List[int]:
        return list(self._owner._entry(self._name)[2])

    def get_dtype(self) -> str:
        return self._owner._entry(self._name)[1]

    @property
    def shape(self) -> List[int]:
        return self.get_shape()

    def __len__(self) -> int:
        shape = self.get_shape()
        if not shape:
            raise TypeError("len() of a 0-d tensor")
        return shape[0]

    def __getitem__(self, index: Any) -> Any:
        owner = self._owner
        shape = self.get_shape()
        idx = index if isinstance(index, tuple) else (index,)
        if not shape or not idx or idx[0] is Ellipsis:
            return owner.get_tensor(self._name)[index]
        first, rest = idx[0], idx[1:]
        n = shape[0]
        if isinstance(first, bool) or not isinstance(first, (int, slice)) and not hasattr(first, "__index__"):
            return owner.get_tensor(self._name)[index]
        if isinstance(first, slice):
            start, stop, step = first.indices(n)
            if step <= 0:
                raise ValueError("slice step must be positive")
            block = owner._read_rows(self._name, start, max(start, stop))
            local: Any = slice(None, None, step)
        else:
            i = first.__index__()
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError(f"index {first} is out of range for dimension of size {n}")
            block = owner._read_rows(self._name, i, i + 1)
            local = 0
        return owner._finish(block[(local,) + tuple(rest)])
