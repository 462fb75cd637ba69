"""Shard indexes (``model.safetensors.index.json``...), as the zipnn C tool
writes them: ``NAME.index.json`` -> ``NAME.index.json.znn``, a plain JSON file
equal to the original byte for byte except that each weight_map value naming a
compressed shard gets ".znn" inserted before its closing quote. Restoring
removes exactly those bytes, so the original index comes back with the same
hash."""

from __future__ import annotations

import json
import re
from typing import Callable, Dict, Tuple

INDEX_SUFFIX = ".index.json"
ZNN = ".znn"


def _weight_map_span(text: str) -> Tuple[int, int, Dict[str, str]]:
    """The character span of the weight_map object and its parsed value."""
    doc = json.loads(text)
    wm = doc.get("weight_map") if isinstance(doc, dict) else None
    if not isinstance(wm, dict) or not all(isinstance(v, str) for v in wm.values()):
        raise ValueError("not a shard index with a weight_map")
    m = re.search(r'"weight_map"\s*:\s*\{', text)
    if m is None:
        raise ValueError("weight_map not found")
    depth, i, in_str = 1, m.end(), False
    while depth:
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    return m.end(), i - 1, wm


def _edit(text: str, change: Callable[[str], str]) -> Tuple[str, int]:
    start, end, wm = _weight_map_span(text)
    body = text[start:end]
    count = 0

    def repl(m: "re.Match[str]") -> str:
        nonlocal count
        new = change(m.group(2))
        count += new != m.group(2)
        return m.group(1) + new + '"'

    # "name": "value" pairs; shard file names contain no quotes or escapes.
    new_body = re.sub(r'("(?:[^"\\]|\\.)*"\s*:\s*")([^"\\]*)"', repl, body)
    result = text[:start] + new_body + text[end:]
    expected = {k: change(v) for k, v in wm.items()}
    if json.loads(result).get("weight_map") != expected:
        raise ValueError("the weight_map cannot be rewritten reversibly")
    return result, count


def rewrite_index(text: str, compressed: Callable[[str], bool]) -> Tuple[str, int]:
    """Appends ".znn" to every weight_map value for which ``compressed(value)``."""
    _, _, wm = _weight_map_span(text)
    if any(v.endswith(ZNN) for v in wm.values()):
        raise ValueError("the index already names .znn files")
    return _edit(text, lambda v: v + ZNN if compressed(v) else v)


def restore_index(text: str) -> Tuple[str, int]:
    """Removes ".znn" from every weight_map value that ends with it."""
    return _edit(text, lambda v: v[: -len(ZNN)] if v.endswith(ZNN) else v)
