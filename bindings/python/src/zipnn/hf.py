"""Hugging Face model folders: compress them, and load compressed ones with
``transformers`` ``from_pretrained``.

Layout of a compressed folder (the one ``zipnn compress -r`` makes): every
``X.safetensors`` becomes ``X.safetensors.znn``, and ``NAME.index.json``
becomes ``NAME.index.json.znn``, the same JSON with ".znn" appended to the
weight_map values that name compressed shards (byte for byte otherwise, so
decompressing restores the original hash); every other file is unchanged.

Loading uses only public transformers API: the shards are decompressed into an
ordinary folder (temporary, or kept in the zipnn cache with ``cache=True``)
and the model class's own ``from_pretrained`` reads it. No transformers
function is patched. The Hugging Face cache is only read: decompressed files
are written under the zipnn cache, never through ``snapshots/`` symlinks, so
blobs keep matching their hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from typing import Any, Dict, Iterator, Optional, Tuple

from ._index import INDEX_SUFFIX, restore_index, rewrite_index
from ._stream import atomic_output, compress_file, decompress_file

__all__ = ["compress_model", "decompress_model", "from_pretrained", "resolve", "decompressed_folder", "cache_root"]

ZNN = ".znn"
_WEIGHTS = ".safetensors"
_MARKER = ".zipnn-complete.json"
_HUB_SNAPSHOT = re.compile(r"(?P<repo>(models|datasets|spaces)--[^/]+)/snapshots/(?P<rev>[^/]+)$")


def _walk(folder: str) -> Iterator[str]:
    """Relative paths of the files under folder (hidden folders skipped), sorted."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            found.append(os.path.relpath(os.path.join(root, f), folder))
    return iter(sorted(found))


def _write_index(src: str, dst: str, restore: bool, compressed: Any = None, overwrite: bool = False) -> None:
    with open(src, "r", encoding="utf-8", newline="") as f:
        text = f.read()
    new, _ = restore_index(text) if restore else rewrite_index(text, compressed)
    with atomic_output(dst, overwrite) as out:
        out.write(new.encode("utf-8"))


def compress_model(
    folder: "str | os.PathLike[str]",
    output: "str | os.PathLike[str] | None" = None,
    *,
    threads: int = 0,
    progress: bool = False,
) -> str:
    """Compresses a model folder: ``X.safetensors`` -> ``X.safetensors.znn``
    and the index ``weight_map`` updated. In place when ``output`` is None (the
    uncompressed shards are removed once their .znn is complete); otherwise the
    folder is written to ``output`` (other files copied) and ``folder`` is left
    untouched. Returns the output folder."""
    src = os.fspath(folder)
    dst = src if output is None else os.fspath(output)
    in_place = os.path.abspath(src) == os.path.abspath(dst)
    for rel in _walk(src):
        s, d = os.path.join(src, rel), os.path.join(dst, rel)
        os.makedirs(os.path.dirname(d) or ".", exist_ok=True)
        if rel.endswith(_WEIGHTS):
            compress_file(s, d + ZNN, threads=threads, overwrite=in_place, progress=progress)
            if in_place:
                os.unlink(s)
        elif rel.endswith(INDEX_SUFFIX):
            _write_index(s, d + ZNN, restore=False, compressed=lambda v: v.endswith(_WEIGHTS), overwrite=in_place)
            if in_place:
                os.unlink(s)
        elif not in_place:
            shutil.copy2(s, d)
    return dst


def decompress_model(
    folder: "str | os.PathLike[str]",
    output: "str | os.PathLike[str] | None" = None,
    *,
    threads: int = 0,
    progress: bool = False,
) -> str:
    """The inverse of ``compress_model``: restores ``X.safetensors`` files
    and the original index, byte for byte. In place when ``output`` is None."""
    src = os.fspath(folder)
    dst = src if output is None else os.fspath(output)
    in_place = os.path.abspath(src) == os.path.abspath(dst)
    for rel in _walk(src):
        s, d = os.path.join(src, rel), os.path.join(dst, rel)
        os.makedirs(os.path.dirname(d) or ".", exist_ok=True)
        if rel.endswith(_WEIGHTS + ZNN):
            decompress_file(s, d[: -len(ZNN)], threads=threads, overwrite=in_place, progress=progress)
            if in_place:
                os.unlink(s)
        elif rel.endswith(INDEX_SUFFIX + ZNN):
            _write_index(s, d[: -len(ZNN)], restore=True, overwrite=in_place)
            if in_place:
                os.unlink(s)
        elif not in_place:
            shutil.copy2(s, d)
    return dst


def is_compressed(folder: str) -> bool:
    return any(rel.endswith(_WEIGHTS + ZNN) for rel in _walk(folder))


def resolve(
    name_or_path: "str | os.PathLike[str]",
    *,
    revision: Optional[str] = None,
    cache_dir: Optional[str] = None,
    local_files_only: bool = False,
    token: Any = None,
) -> str:
    """A local folder for ``name_or_path``: the folder itself, or the snapshot
    of a Hub repository (downloaded into the Hugging Face cache if needed;
    ``local_files_only=True`` or HF_HUB_OFFLINE=1 stays offline)."""
    path = os.fspath(name_or_path)
    if os.path.isdir(path):
        return path
    from huggingface_hub import snapshot_download

    return str(
        snapshot_download(
            repo_id=path,
            revision=revision,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
            token=token,
        )
    )


def cache_root(cache_dir: Optional[str] = None) -> str:
    """The zipnn cache: ``cache_dir``, else $ZIPNN_CACHE, else
    $XDG_CACHE_HOME/zipnn (default ~/.cache/zipnn)."""
    if cache_dir:
        return cache_dir
    if os.environ.get("ZIPNN_CACHE"):
        return os.environ["ZIPNN_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "zipnn")


def _manifest(folder: str) -> Dict[str, Tuple[int, int]]:
    result = {}
    for rel in _walk(folder):
        st = os.stat(os.path.join(folder, rel))  # follows snapshot symlinks to blobs
        result[rel] = (st.st_size, st.st_mtime_ns)
    return result


def _cache_key(folder: str) -> str:
    real = os.path.abspath(folder)
    m = _HUB_SNAPSHOT.search(real.replace(os.sep, "/"))
    if m:  # Hub snapshots are immutable: the revision names the content.
        return os.path.join("hub", m.group("repo"), m.group("rev"))
    return os.path.join("local", hashlib.sha256(os.path.realpath(folder).encode()).hexdigest()[:24])


def _materialize(src: str, dst: str, threads: int, progress: bool) -> None:
    """An ordinary model folder at dst: shards decompressed, index restored,
    every other file a symlink to the real file behind src (read only)."""
    for rel in _walk(src):
        s, d = os.path.join(src, rel), os.path.join(dst, rel)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        if rel.endswith(INDEX_SUFFIX + ZNN):
            _write_index(s, d[: -len(ZNN)], restore=True)
        elif rel.endswith(ZNN):
            decompress_file(s, d[: -len(ZNN)], threads=threads, progress=progress)
        else:
            os.symlink(os.path.realpath(s), d)


def decompressed_folder(
    folder: str, *, cache_dir: Optional[str] = None, threads: int = 0, progress: bool = False
) -> str:
    """The decompressed copy of a compressed model folder in the zipnn cache,
    made once and reused while the source files are unchanged."""
    root = cache_root(cache_dir)
    target = os.path.join(root, _cache_key(folder))
    manifest = _manifest(folder)
    marker = os.path.join(target, _MARKER)
    try:
        with open(marker, "rb") as f:
            if json.load(f) == {k: list(v) for k, v in manifest.items()}:
                return target
    except (OSError, ValueError):
        pass
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=os.path.basename(target) + ".", suffix=".tmp", dir=parent)
    try:
        _materialize(folder, tmp, threads, progress)
        with open(os.path.join(tmp, _MARKER), "w", encoding="utf-8") as f:
            json.dump({k: list(v) for k, v in manifest.items()}, f)
        if os.path.isdir(target):
            shutil.rmtree(target)  # stale copy of older source files
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if os.path.isfile(marker):
            return target  # another process finished it first
        raise
    return target


_HUB_KWARGS = ("revision", "cache_dir", "local_files_only", "token")


def from_pretrained(
    model_class: Any,
    name_or_path: "str | os.PathLike[str]",
    *model_args: Any,
    cache: bool = False,
    zipnn_cache_dir: Optional[str] = None,
    threads: int = 0,
    progress: bool = False,
    **kwargs: Any,
) -> Any:
    """``model_class.from_pretrained`` for a compressed (or plain) model folder
    or Hub repository, e.g. ``from_pretrained(AutoModelForCausalLM, path)``.

    cache=False: the shards are decompressed into a temporary folder that is
    removed once the model is loaded. cache=True: they are decompressed once
    into the zipnn cache (``zipnn_cache_dir``, $ZIPNN_CACHE or
    ~/.cache/zipnn) and later loads read that copy. Other keyword arguments go
    to ``from_pretrained`` (``revision``, ``cache_dir``, ``local_files_only``
    and ``token`` also locate a Hub repository)."""
    hub = {k: kwargs[k] for k in _HUB_KWARGS if k in kwargs}
    offline = os.environ.get("HF_HUB_OFFLINE", "0").upper() in ("1", "ON", "YES", "TRUE")
    folder = resolve(name_or_path, local_files_only=bool(hub.pop("local_files_only", False)) or offline, **hub)
    if not is_compressed(folder):
        return model_class.from_pretrained(folder, *model_args, **kwargs)
    load_kwargs = {k: v for k, v in kwargs.items() if k not in ("revision", "token")}
    if cache:
        target = decompressed_folder(folder, cache_dir=zipnn_cache_dir, threads=threads, progress=progress)
        return model_class.from_pretrained(target, *model_args, **load_kwargs)
    tmp = tempfile.mkdtemp(prefix="zipnn-model-")
    try:
        _materialize(folder, tmp, threads, progress)
        return model_class.from_pretrained(tmp, *model_args, **load_kwargs)
    finally:
        # Tensors the loader mapped from these files stay valid after unlink.
        shutil.rmtree(tmp, ignore_errors=True)
