"""``python -m zipnn`` (console script ``zipnn``): the zipnn command-line tool
in Python, with the commands, flags and exit codes of the C tool.

    zipnn [compress|decompress|info|verify] [OPTIONS] [FILE...]

With no FILE, or FILE ``-``, standard input is read and standard output
written. Outputs go to a temporary file in the target folder and are renamed
into place when complete; inputs are deleted only with --rm (a symbolic link
is removed itself, never its target).

Exit codes: 0 success, 1 usage error, 2 data error, 3 I/O error, 4 internal
error, 130 interrupted. With several inputs every input is attempted and the
exit code is that of the first failure.
"""

from __future__ import annotations

import argparse
import io
import json
import mmap
import os
import re
import struct
import sys
from typing import IO, List, Optional, Sequence, Tuple

from . import __version__, version_info
from ._core import ZipnnError, frame_info
from ._dtypes import SAFETENSORS_DTYPES, DType
from ._index import INDEX_SUFFIX, restore_index, rewrite_index
from ._stream import _progress_bar, atomic_output, compress_stream, decompress_stream

COMMANDS = ("compress", "decompress", "info", "verify")
SUFFIX = ".znn"
WEIGHT_EXTENSIONS = (".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx")
EXIT_OK, EXIT_USAGE, EXIT_DATA, EXIT_IO, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


class UsageError(Exception):
    pass


class _Failure(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _size(text: str) -> int:
    m = re.fullmatch(r"(\d+)\s*([KMG]?)(I?B)?", text.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError(f"invalid size {text!r} (e.g. 256K, 1M)")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="zipnn",
        description="Lossless compression for AI model weights (.znn files).",
        epilog="Commands (the first argument; default compress): compress, decompress (-d), info, verify (-t).",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="inputs; none or '-' is standard input")
    p.add_argument("-d", "--decompress", "--uncompress", action="store_true", help="decompress")
    p.add_argument("-t", "--test", action="store_true", help="verify")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (one input only; - is standard output)")
    p.add_argument("-c", "--stdout", action="store_true", help="write to standard output, keep the inputs")
    p.add_argument("-k", "--keep", action="store_true", help="keep the input files (the default)")
    p.add_argument("--rm", action="store_true", help="remove each input file after its output is complete")
    p.add_argument("-f", "--force", action="store_true", help="overwrite outputs; compress .znn files again; write to a terminal")
    p.add_argument("-r", "--recursive", action="store_true", help="operate on folders (weight files, *.index.json shard maps)")
    p.add_argument("-T", "--threads", type=int, default=0, metavar="N", help="worker threads (0 = all cores)")
    p.add_argument("--dtype", default="auto", help="auto (default), bytes, bf16, fp16, fp32, fp8_e4m3fn, fp8_e5m2, ...")
    p.add_argument("--chunk-size", type=_size, metavar="SIZE", help="decoded bytes per chunk, e.g. 256K, 1M")
    p.add_argument("--zstd-level", type=int, metavar="N", help="level for streams coded with zstd")
    p.add_argument("--no-tensor-aware", action="store_true", help="do not detect safetensors input")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors")
    p.add_argument("-v", "--verbose", action="count", default=0, help="a summary line per file (repeat for more)")
    p.add_argument("-V", "--version", action="store_true", help="versions of the tool, the library and the format")
    return p


# ----------------------------------------------------------------- helpers
def _log(args: argparse.Namespace, level: int, message: str) -> None:
    if not args.quiet and args.verbose >= level:
        print(message, file=sys.stderr)


def _error_code(e: BaseException) -> int:
    if isinstance(e, _Failure):
        return e.code
    if isinstance(e, ZipnnError):
        return EXIT_INTERNAL if e.code >= 40 else EXIT_DATA if e.code >= 20 else EXIT_USAGE
    if isinstance(e, MemoryError):
        return EXIT_INTERNAL
    return EXIT_IO  # OSError


def _sniff_dtype(path: str) -> DType:
    """``--dtype auto``: the main dtype (by bytes) of a safetensors file, else bytes."""
    try:
        with io.open(path, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                return DType.BYTES
            (n,) = struct.unpack("<Q", head)
            if n > 100_000_000:
                return DType.BYTES
            header = json.loads(f.read(n))
        totals: dict = {}
        for name, e in header.items():
            if name == "__metadata__":
                continue
            dt = SAFETENSORS_DTYPES.get(e["dtype"], DType.BYTES)
            begin, end = e["data_offsets"]
            totals[dt] = totals.get(dt, 0) + int(end) - int(begin)
        return max(totals, key=totals.get) if totals else DType.BYTES  # type: ignore[arg-type]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return DType.BYTES


def _expand(args: argparse.Namespace, decompress: bool, files: Sequence[str]) -> Tuple[List[str], List[str]]:
    """Input files, and shard indexes (with -r), in a stable order."""
    inputs: List[str] = []
    indexes: List[str] = []
    for f in files:
        if f != "-" and os.path.isdir(f):
            if not args.recursive:
                raise _Failure(EXIT_USAGE, f"{f}: is a folder (use -r)")
            for root, dirs, names in os.walk(f):
                dirs.sort()
                for n in sorted(names):
                    path = os.path.join(root, n)
                    if not os.path.isfile(path):  # follows links: snapshots are read through
                        continue
                    if decompress or args.command in ("info", "verify"):
                        if n.endswith(INDEX_SUFFIX + SUFFIX):
                            indexes.append(path)
                        elif n.endswith(SUFFIX):
                            inputs.append(path)
                    elif n.endswith(INDEX_SUFFIX):
                        indexes.append(path)
                    elif n.endswith(WEIGHT_EXTENSIONS):
                        inputs.append(path)
        else:
            inputs.append(f)
    return inputs, indexes


class _Stdout:
    def __enter__(self) -> IO[bytes]:
        return sys.stdout.buffer

    def __exit__(self, *exc: object) -> None:
        sys.stdout.buffer.flush()


class _Counter:
    def __init__(self, f: object) -> None:
        self.f = f
        self.count = 0

    def write(self, b: bytes) -> int:
        n = memoryview(b).nbytes
        self.f.write(b)  # type: ignore[attr-defined]
        self.count += n
        return n


def _open_in(path: str) -> IO[bytes]:
    return sys.stdin.buffer if path == "-" else io.open(path, "rb")


def _remove_source(args: argparse.Namespace, src: str, dst: str) -> None:
    if args.rm and src != "-" and dst != "-":
        os.unlink(src)  # a symbolic link is removed itself, never its target


# ---------------------------------------------------------------- commands
def _convert(args: argparse.Namespace, decompress: bool, src: str) -> None:
    if args.stdout or args.output == "-" or (src == "-" and args.output is None):
        dst = "-"
    elif args.output is not None:
        dst = args.output
    elif decompress:
        if not src.endswith(SUFFIX):
            raise _Failure(EXIT_USAGE, f"{src}: unknown suffix (expected {SUFFIX}); use -o or -c")
        dst = src[: -len(SUFFIX)]
    else:
        if src.endswith(SUFFIX) and not args.force:
            raise _Failure(EXIT_USAGE, f"{src}: already a {SUFFIX} file (use -f to compress it again)")
        dst = src + SUFFIX
    if dst == "-" and not decompress and sys.stdout.isatty() and not args.force:
        raise _Failure(EXIT_USAGE, "refusing to write compressed data to a terminal (use -f)")
    if src != "-" and dst != "-" and os.path.realpath(src) == os.path.realpath(dst):
        raise _Failure(EXIT_USAGE, f"{src}: input and output are the same file")
    size = os.path.getsize(src) if src != "-" else None
    bar = _progress_bar(not (args.quiet or args.no_progress), size, os.path.basename(src) if src != "-" else "stdin")
    progress = bar.update if bar is not None else None
    try:
        with _open_in(src) as fin, (_Stdout() if dst == "-" else atomic_output(dst, args.force)) as fout:
            counter = _Counter(fout)
            if decompress:
                n_out = decompress_stream(fin, counter, progress=progress, threads=args.threads)
                raw, packed = n_out, size
            else:
                dtype = args.dtype
                if dtype == "auto":
                    dtype = _sniff_dtype(src) if src != "-" else DType.BYTES
                raw = compress_stream(
                    fin,
                    counter,
                    size=size,
                    progress=progress,
                    dtype=dtype,
                    threads=args.threads,
                    zstd_level=args.zstd_level,
                    chunk_size=args.chunk_size,
                    tensor_aware=False if args.no_tensor_aware else None,
                )
                packed = counter.count
    except FileExistsError:
        raise _Failure(EXIT_IO, f"{dst}: already exists (use -f to overwrite)") from None
    finally:
        if bar is not None:
            bar.close()
    if packed is not None and raw:
        _log(args, 1, f"{src}: {raw} -> {packed} bytes ({packed / raw * 100:.2f}%), {dst}")
    else:
        _log(args, 1, f"{src}: {raw} bytes, {dst}")
    _remove_source(args, src, dst)


def _convert_index(args: argparse.Namespace, decompress: bool, src: str, compressed: List[str]) -> None:
    with io.open(src, "r", encoding="utf-8", newline="") as f:
        text = f.read()
    folder = os.path.dirname(src)
    done = {os.path.realpath(p) for p in compressed}
    try:
        if decompress:
            new, n = restore_index(text)
            dst = src[: -len(SUFFIX)]
        else:
            new, n = rewrite_index(text, lambda v: os.path.realpath(os.path.join(folder, v)) in done)
            dst = src + SUFFIX
    except ValueError as e:
        raise _Failure(EXIT_DATA, f"{src}: shard index left as it is: {e}") from None
    try:
        with atomic_output(dst, args.force) as out:
            out.write(new.encode("utf-8"))
    except FileExistsError:
        raise _Failure(EXIT_IO, f"{dst}: already exists (use -f to overwrite)") from None
    _log(args, 1, f"{src}: shard index {'restored' if decompress else 'rewritten'} ({n} entries), {dst}")
    _remove_source(args, src, dst)


def _info(args: argparse.Namespace, path: str) -> None:
    with _open_in(path) as f:
        data = f.read() if path == "-" else mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            info = frame_info(data)
        finally:
            if isinstance(data, mmap.mmap):
                data.close()
    from . import _zipnn_swig as raw

    print(f"{path}:")
    print(f"  format version  {info.format_version}")
    print(f"  content size    {info.content_size}")
    print(f"  frame size      {info.frame_size}")
    print(f"  ratio           {info.ratio * 100:.2f}%")
    print(f"  chunks          {info.chunk_count} x {info.chunk_size} bytes")
    print(f"  dtype           {info.dtype_name}")
    print(f"  tensors         {info.tensor_count}")
    for d, n in enumerate(info.dtype_bytes):
        if n:
            print(f"  dtype bytes     {raw.zipnn_dtype_name(d)}: {n}")
    for m, name in enumerate(("raw", "constant", "huffman", "zstd")):
        if info.method_streams[m] or args.verbose:
            print(f"  method {name:<9}{info.method_streams[m]} streams, {info.method_bytes[m]} bytes")


class _Null:
    def write(self, b: bytes) -> int:
        return memoryview(b).nbytes


def _verify(args: argparse.Namespace, path: str) -> None:
    size = os.path.getsize(path) if path != "-" else None
    bar = _progress_bar(not (args.quiet or args.no_progress), size, os.path.basename(path))
    try:
        with _open_in(path) as f:
            n = decompress_stream(f, _Null(), progress=bar.update if bar is not None else None, threads=args.threads)
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(f"{path}: OK ({n} bytes)")


def _verify_index(args: argparse.Namespace, path: str) -> None:
    with io.open(path, "r", encoding="utf-8", newline="") as f:
        try:
            _, n = restore_index(f.read())
        except ValueError as e:
            raise _Failure(EXIT_DATA, f"{path}: not a shard index written by zipnn -r: {e}") from None
    if not args.quiet:
        print(f"{path}: OK (shard index, {n} entries)")


def _run(args: argparse.Namespace) -> int:
    command = args.command
    if command in ("compress", "decompress"):
        if args.stdout and args.output is not None:
            raise UsageError("-c and -o cannot be combined")
        if args.stdout and args.recursive:
            raise UsageError("-c and -r cannot be combined")
        if args.output is not None and (len(args.files) > 1 or args.recursive):
            raise UsageError("-o needs exactly one input file (and no -r)")
    elif args.output is not None:
        raise UsageError("-o applies to compress and decompress only")
    if command == "info" and not args.files:
        raise UsageError("this command needs a file name")
    files = args.files or ["-"]
    if files.count("-") > 1:
        raise UsageError("standard input (-) given more than once")
    decompress = command == "decompress"
    first_failure = EXIT_OK
    try:
        inputs, indexes = _expand(args, decompress, files)
    except _Failure as e:
        print(f"zipnn: {e}", file=sys.stderr)
        return e.code
    done: List[str] = []
    # A shard index named on the command line is handled as -r handles it.
    indexes += [p for p in inputs if p.endswith(INDEX_SUFFIX + SUFFIX) and command in ("decompress", "verify")]
    inputs = [p for p in inputs if p not in indexes]
    for path in inputs:
        try:
            if command == "info":
                _info(args, path)
            elif command == "verify":
                _verify(args, path)
            else:
                _convert(args, decompress, path)
                done.append(path)
        except (_Failure, ZipnnError, OSError, MemoryError, ValueError) as e:
            code = _error_code(e) if not isinstance(e, ValueError) else EXIT_USAGE
            first_failure = first_failure or code
            print(f"zipnn: {e}" if isinstance(e, _Failure) else f"zipnn: {path}: {e}", file=sys.stderr)
    for path in indexes:
        try:
            if command == "verify":
                _verify_index(args, path)
            elif command in ("compress", "decompress"):
                _convert_index(args, decompress, path, done)
        except (_Failure, OSError) as e:
            first_failure = first_failure or _error_code(e)
            print(f"zipnn: {e}" if isinstance(e, _Failure) else f"zipnn: {path}: {e}", file=sys.stderr)
    return first_failure


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in COMMANDS else None
    try:
        args = _parser().parse_args(argv)
        if args.version:
            v = version_info()
            print(f"zipnn {__version__} (Python), library {v['library']}, format {v['format']}")
            return EXIT_OK
        for flag, implied in ((args.decompress, "decompress"), (args.test, "verify")):
            if flag:
                if command not in (None, implied):
                    raise UsageError(f"-{'d' if implied == 'decompress' else 't'} cannot be combined with this command")
                command = implied
        args.command = command or "compress"
        return _run(args)
    except UsageError as e:
        print(f"zipnn: {e}\nTry 'zipnn --help'.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
