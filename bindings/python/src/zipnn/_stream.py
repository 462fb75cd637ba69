"""Streaming: incremental (de)compressors, ``zipnn.open`` file objects and
whole-file helpers. Memory stays bounded whatever the input size."""

from __future__ import annotations

import io
import os
import tempfile
from typing import IO, Any, Callable, Optional, Union

from . import _zipnn_swig as _raw
from ._core import Compressor, Decompressor, Param, ZipnnError, _as_readable, _check

__all__ = [
    "StreamCompressor",
    "StreamDecompressor",
    "ZipnnFile",
    "open",
    "compress_file",
    "decompress_file",
    "compress_stream",
    "decompress_stream",
]

_OUT_SIZE = 1 << 20  # bytes handed to the library per output call
_IN_SIZE = 1 << 20  # bytes read from a source file per call

PathLike = Union[str, "os.PathLike[str]"]


class StreamCompressor:
    """Incremental compressor: ``compress(chunk)`` returns the frame bytes
    ready so far, ``flush()`` finishes the frame (the context is then ready for
    a new one). The frame equals ``zipnn.compress`` of the concatenated input.
    ``content_size`` pledges the total input size (stored in the header)."""

    def __init__(
        self,
        dtype: Any = None,
        *,
        threads: int = 0,
        chunk_size: Optional[int] = None,
        zstd_level: Optional[int] = None,
        tensor_aware: Optional[bool] = None,
        content_size: Optional[int] = None,
    ) -> None:
        self._ctx = Compressor(dtype, threads=threads, chunk_size=chunk_size, zstd_level=zstd_level, tensor_aware=tensor_aware)
        self._ctx.set_param(Param.CONTENT_SIZE, -1 if content_size is None else content_size)
        self._out = bytearray(_OUT_SIZE)

    def _run(self, data: Any, end_op: int, sink: Callable[[Any], Any]) -> None:
        view, _ = _as_readable(data)
        pos = 0
        size = memoryview(view).nbytes
        ptr = self._ctx._enter()
        try:
            while True:
                status, pos, out_pos, pending = _raw.zipnn_compress_stream(ptr, (view, pos), (self._out, 0), end_op)
                if out_pos:
                    sink(memoryview(self._out)[:out_pos])
                _check(status)
                if end_op == _raw.ZIPNN_STREAM_END:
                    if pending == 0:
                        return
                elif pos == size and out_pos < len(self._out):
                    return
        finally:
            self._ctx._leave()

    def compress_to(self, data: Any, sink: Callable[[Any], Any]) -> None:
        """Feeds ``data``; frame bytes go to ``sink`` (e.g. a file's write)."""
        self._run(data, _raw.ZIPNN_STREAM_CONTINUE, sink)

    def flush_to(self, sink: Callable[[Any], Any]) -> None:
        """Ends the frame; its remaining bytes go to ``sink``."""
        self._run(b"", _raw.ZIPNN_STREAM_END, sink)

    def compress(self, data: Any) -> bytes:
        parts: list = []
        self.compress_to(data, lambda b: parts.append(bytes(b)))
        return b"".join(parts)

    def flush(self) -> bytes:
        parts: list = []
        self.flush_to(lambda b: parts.append(bytes(b)))
        return b"".join(parts)

    def close(self) -> None:
        self._ctx.close()


class StreamDecompressor:
    """Incremental decompressor over concatenated frames: ``decompress_into``
    decodes from the pending input into a buffer. Every chunk is verified
    before any of its bytes are returned."""

    def __init__(self, *, threads: int = 0, verify: bool = True, max_size: Optional[int] = None) -> None:
        self._ctx = Decompressor(threads=threads, verify=verify, max_size=max_size)
        self._in: Any = b""
        self._pos = 0
        self.in_frame = False  # inside a frame: its end not yet decoded

    @property
    def needs_input(self) -> bool:
        return self._pos >= len(self._in)

    def feed(self, data: Any) -> None:
        if not self.needs_input:
            raise RuntimeError("feed() before the previous input was consumed")
        self._in = data
        self._pos = 0

    def decompress_into(self, buf: Any) -> int:
        """Decodes pending input into ``buf``; returns the bytes written (0 when
        more input is needed)."""
        mv = memoryview(buf).cast("B")
        out_pos = 0
        ptr = self._ctx._enter()
        try:
            while out_pos < len(mv):
                status, pos, new_out, done = _raw.zipnn_decompress_stream(ptr, (self._in, self._pos), (mv, out_pos))
                if status != _raw.ZIPNN_OK:
                    # After an error the context must be reset (C contract).
                    _raw.zipnn_dctx_reset(ptr)
                    self._in, self._pos, self.in_frame = b"", 0, False
                    _check(status)
                progressed = pos != self._pos or new_out != out_pos
                self._pos, out_pos = pos, new_out
                if done:
                    self.in_frame = False
                elif progressed:
                    self.in_frame = True
                if not progressed:
                    break
        finally:
            self._ctx._leave()
        return out_pos

    def close(self) -> None:
        self._ctx.close()


class _DecompressReader(io.RawIOBase):
    def __init__(self, fp: IO[bytes], **kwargs: Any) -> None:
        self._fp = fp
        self._kwargs = kwargs
        self._dec = StreamDecompressor(**kwargs)
        self._eof = False
        self._start = fp.tell() if fp.seekable() else None

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._eof or len(memoryview(b)) == 0:
            return 0
        while True:
            n = self._dec.decompress_into(b)
            if n:
                return n
            if self._dec.needs_input:
                chunk = self._fp.read(_IN_SIZE)
                if not chunk:
                    if self._dec.in_frame:
                        raise ZipnnError(_raw.ZIPNN_ERROR_TRUNCATED, "the stream ends inside a frame")
                    self._eof = True
                    return 0
                self._dec.feed(chunk)

    def rewind(self) -> None:
        if self._start is None:
            raise io.UnsupportedOperation("the underlying file is not seekable")
        self._fp.seek(self._start)
        self._dec.close()
        self._dec = StreamDecompressor(**self._kwargs)
        self._eof = False

    def close(self) -> None:
        self._dec.close()
        super().close()


class ZipnnFile(io.BufferedIOBase):
    """A binary file object over a .znn stream, like ``gzip.GzipFile``.

    Reading decodes concatenated frames with bounded memory; writing produces
    one frame, finished by ``close()``. Seeking while reading is supported
    (backwards seeks restart decoding from the start)."""

    def __init__(
        self,
        filename: Union[PathLike, IO[bytes]],
        mode: str = "rb",
        *,
        dtype: Any = None,
        threads: int = 0,
        chunk_size: Optional[int] = None,
        zstd_level: Optional[int] = None,
        tensor_aware: Optional[bool] = None,
        content_size: Optional[int] = None,
        verify: bool = True,
    ) -> None:
        mode = mode.replace("b", "")
        if mode not in ("r", "w", "x", "a"):
            raise ValueError(f"invalid mode {mode!r}")
        self._mode = mode
        if isinstance(filename, (str, bytes, os.PathLike)):
            self._fp: IO[bytes] = io.open(filename, mode + "b")  # noqa: SIM115
            self._owns = True
            self.name = os.fspath(filename)
        elif hasattr(filename, "read" if mode == "r" else "write"):
            self._fp = filename  # type: ignore[assignment]
            self._owns = False
            self.name = getattr(filename, "name", "")
        else:
            raise TypeError("filename must be a path or a binary file object")
        self._pos = 0
        self._reader: Optional[io.BufferedReader] = None
        self._writer: Optional[StreamCompressor] = None
        try:
            if mode == "r":
                self._raw_reader = _DecompressReader(self._fp, threads=threads, verify=verify)
                self._reader = io.BufferedReader(self._raw_reader, buffer_size=_OUT_SIZE)
            else:
                self._writer = StreamCompressor(
                    dtype,
                    threads=threads,
                    chunk_size=chunk_size,
                    zstd_level=zstd_level,
                    tensor_aware=tensor_aware,
                    content_size=content_size,
                )
        except BaseException:
            if self._owns:
                self._fp.close()
            raise

    # -- state
    @property
    def closed(self) -> bool:  # type: ignore[override]
        return self._fp is None  # type: ignore[comparison-overlap]

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def readable(self) -> bool:
        self._check_open()
        return self._reader is not None

    def writable(self) -> bool:
        self._check_open()
        return self._writer is not None

    def seekable(self) -> bool:
        self._check_open()
        return self._reader is not None and self._fp.seekable()

    def fileno(self) -> int:
        return self._fp.fileno()

    # -- reading
    def _r(self) -> io.BufferedReader:
        self._check_open()
        if self._reader is None:
            raise io.UnsupportedOperation("file not open for reading")
        return self._reader

    def read(self, size: Optional[int] = -1) -> bytes:
        data = self._r().read(size)
        self._pos += len(data)
        return data

    def read1(self, size: int = -1) -> bytes:
        data = self._r().read1(size)
        self._pos += len(data)
        return data

    def readinto(self, b: Any) -> int:
        n = self._r().readinto(b)
        self._pos += n
        return n

    def readline(self, size: Optional[int] = -1) -> bytes:
        line = self._r().readline(size)
        self._pos += len(line)
        return line

    def peek(self, size: int = 0) -> bytes:
        return self._r().peek(size)

    def tell(self) -> int:
        self._check_open()
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        reader = self._r()
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence == io.SEEK_END:
            while self.read(_OUT_SIZE):
                pass
            offset += self._pos
        elif whence != io.SEEK_SET:
            raise ValueError("invalid whence")
        if offset < 0:
            raise ValueError("negative seek position")
        if offset < self._pos:
            reader.detach()  # drops the buffered bytes, keeps the raw reader open
            self._raw_reader.rewind()
            self._reader = io.BufferedReader(self._raw_reader, buffer_size=_OUT_SIZE)
            self._pos = 0
        while self._pos < offset:
            if not self.read(min(offset - self._pos, _OUT_SIZE)):
                break
        return self._pos

    # -- writing
    def write(self, data: Any) -> int:
        self._check_open()
        if self._writer is None:
            raise io.UnsupportedOperation("file not open for writing")
        n = memoryview(_as_readable(data)[0]).nbytes
        self._writer.compress_to(data, self._fp.write)
        self._pos += n
        return n

    def flush(self) -> None:
        self._check_open()
        if self._writer is not None:
            self._fp.flush()

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._writer is not None:
                try:
                    self._writer.flush_to(self._fp.write)
                finally:
                    self._writer.close()
            elif self._reader is not None:
                self._reader.close()
        finally:
            fp, self._fp = self._fp, None  # type: ignore[assignment]
            if self._owns:
                fp.close()
            elif self._writer is not None:
                fp.flush()

    def __repr__(self) -> str:
        return f"<zipnn.ZipnnFile name={self.name!r} mode={self._mode!r}>"


def open(  # noqa: A001 - mirrors gzip.open
    filename: Union[PathLike, IO[bytes]],
    mode: str = "rb",
    *,
    encoding: Optional[str] = None,
    errors: Optional[str] = None,
    newline: Optional[str] = None,
    **kwargs: Any,
) -> IO[Any]:
    """Opens a .znn file (path or binary file object) like ``gzip.open``.

    Modes: "rb", "wb", "xb", "ab" (appends a frame) and their text variants
    "rt", "wt", "xt", "at". Keyword arguments go to ``ZipnnFile`` (dtype,
    threads, chunk_size, zstd_level, tensor_aware, content_size, verify)."""
    if "t" in mode:
        if "b" in mode:
            raise ValueError(f"invalid mode {mode!r}")
        binary = ZipnnFile(filename, mode.replace("t", ""), **kwargs)
        return io.TextIOWrapper(binary, encoding, errors, newline)
    if encoding is not None or errors is not None or newline is not None:
        raise ValueError("encoding/errors/newline are for text mode only")
    return ZipnnFile(filename, mode, **kwargs)


# ------------------------------------------------------------- whole files
def compress_stream(
    src: IO[bytes],
    dst: IO[bytes],
    *,
    size: Optional[int] = None,
    progress: Optional[Callable[[int], Any]] = None,
    **kwargs: Any,
) -> int:
    """Compresses everything read from ``src`` into one frame written to
    ``dst``; ``size`` pledges the input size. Returns the input bytes read."""
    comp = StreamCompressor(content_size=size, **kwargs)
    total = 0
    buf = bytearray(_IN_SIZE)
    mv = memoryview(buf)
    try:
        while True:
            n = src.readinto(mv) if hasattr(src, "readinto") else _readinto(src, mv)
            if not n:
                break
            comp.compress_to(mv[:n], dst.write)
            total += n
            if progress is not None:
                progress(n)
        comp.flush_to(dst.write)
    finally:
        comp.close()
    return total


def decompress_stream(
    src: IO[bytes], dst: IO[bytes], *, progress: Optional[Callable[[int], Any]] = None, **kwargs: Any
) -> int:
    """Decompresses every frame read from ``src`` into ``dst``; returns the
    decoded bytes written. ``progress`` is called with compressed bytes read."""
    dec = StreamDecompressor(**kwargs)
    out = bytearray(_OUT_SIZE)
    total = 0
    try:
        while True:
            n = dec.decompress_into(out)
            if n:
                dst.write(memoryview(out)[:n])
                total += n
                continue
            if dec.needs_input:
                chunk = src.read(_IN_SIZE)
                if not chunk:
                    if dec.in_frame:
                        raise ZipnnError(_raw.ZIPNN_ERROR_TRUNCATED, "the stream ends inside a frame")
                    return total
                dec.feed(chunk)
                if progress is not None:
                    progress(len(chunk))
    finally:
        dec.close()


def _readinto(src: IO[bytes], mv: memoryview) -> int:
    data = src.read(len(mv))
    mv[: len(data)] = data
    return len(data)


def atomic_output(dst: PathLike, overwrite: bool) -> "_AtomicOutput":
    return _AtomicOutput(os.fspath(dst), overwrite)


class _AtomicOutput:
    """Writes to a temporary file next to ``path`` and renames it into place
    on success; removes it on failure. Never replaces an existing file unless
    ``overwrite``."""

    def __init__(self, path: str, overwrite: bool) -> None:
        self.path = path
        self.overwrite = overwrite
        if not overwrite and os.path.lexists(path):
            raise FileExistsError(path)
        directory = os.path.dirname(os.path.abspath(path))
        fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
        self.file = os.fdopen(fd, "wb")

    def __enter__(self) -> IO[bytes]:
        return self.file

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        try:
            self.file.close()
        except BaseException:
            os.unlink(self.tmp)
            raise
        if exc_type is not None:
            os.unlink(self.tmp)
            return
        if not self.overwrite and os.path.lexists(self.path):
            os.unlink(self.tmp)
            raise FileExistsError(self.path)
        os.replace(self.tmp, self.path)


def _progress_bar(enabled: bool, total: Optional[int], desc: str) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    # disable=None: no bar when stderr is not a terminal (logs, CI).
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, leave=False, disable=None)


def compress_file(
    src: PathLike,
    dst: Optional[PathLike] = None,
    *,
    overwrite: bool = False,
    progress: bool = False,
    **kwargs: Any,
) -> str:
    """Compresses file ``src`` to ``dst`` (default ``src + ".znn"``) with
    bounded memory; the output appears atomically (temporary file, then
    rename) and ``src`` is left untouched. Returns the output path. Keyword
    arguments: dtype, threads, chunk_size, zstd_level, tensor_aware."""
    src = os.fspath(src)
    dst = os.fspath(dst) if dst is not None else src + ".znn"
    size = os.path.getsize(src)
    bar = _progress_bar(progress, size, os.path.basename(src))
    try:
        with io.open(src, "rb") as fin, atomic_output(dst, overwrite) as fout:
            compress_stream(fin, fout, size=size, progress=bar.update if bar is not None else None, **kwargs)
    finally:
        if bar is not None:
            bar.close()
    return dst


def decompress_file(
    src: PathLike,
    dst: Optional[PathLike] = None,
    *,
    overwrite: bool = False,
    progress: bool = False,
    **kwargs: Any,
) -> str:
    """Decompresses file ``src`` to ``dst`` (default: ``src`` without its
    ".znn" suffix) with bounded memory, atomically; every chunk is verified.
    Returns the output path. Keyword arguments: threads, verify, max_size."""
    src = os.fspath(src)
    if dst is None:
        if not src.endswith(".znn"):
            raise ValueError(f"{src} does not end in .znn; give dst")
        dst = src[: -len(".znn")]
    dst = os.fspath(dst)
    bar = _progress_bar(progress, os.path.getsize(src), os.path.basename(src))
    try:
        with io.open(src, "rb") as fin, atomic_output(dst, overwrite) as fout:
            decompress_stream(fin, fout, progress=bar.update if bar is not None else None, **kwargs)
    finally:
        if bar is not None:
            bar.close()
    return dst
