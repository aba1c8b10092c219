"""Turn uploaded bytes into JSON: size, syntax (with the position of an error), duplicate keys."""

from __future__ import annotations

import gc
import json
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import orjson

from ..errors import MalformedInput, TooLarge
from .validate import Problem, raise_for

_BOM = b"\xef\xbb\xbf"
# An escaped colon would hide a key from the fast duplicate check below.
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


@dataclass(frozen=True)
class Limits:
    """How much one upload may hold; every limit is configurable (BORDERMAP_MAX_*)."""

    max_bytes: int = 20 * 1024 * 1024
    max_features: int = 200_000
    max_vertices: int = 2_000_000
    max_depth: int = 32
    max_text: int = 10_000  # characters in one property value

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> "Limits":
        """Limits from MAX_UPLOAD_BYTES, MAX_FEATURES, MAX_VERTICES, MAX_DEPTH (missing: default)."""
        values = {}
        for field, key in (("max_bytes", "MAX_UPLOAD_BYTES"), ("max_features", "MAX_FEATURES"),
                           ("max_vertices", "MAX_VERTICES"), ("max_depth", "MAX_DEPTH")):
            raw = config.get(key)
            if raw in (None, ""):
                continue
            try:
                value = int(str(raw).replace("_", ""))
            except ValueError:
                raise ValueError(f"BORDERMAP_{key} must be a whole number, got {raw!r}") from None
            if value < 1:
                raise ValueError(f"BORDERMAP_{key} must be at least 1, got {value}")
            values[field] = value
        return cls(**values)


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small, acyclic objects.

    Parsing a large file creates millions of lists and dicts; each would count towards a
    collection that finds nothing, which triples the time. Nested and threaded use is safe.
    """
    global _gc_users, _gc_was_enabled
    with _gc_lock:
        if _gc_users == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_was_enabled:
                gc.enable()


def check_size(size: int, limits: Limits) -> None:
    """TooLarge when an upload of `size` bytes passes the limit."""
    if size > limits.max_bytes:
        raise TooLarge(f"the file is {size:,} bytes; the limit is {limits.max_bytes:,} bytes")


def read_json(raw: bytes, limits: Limits) -> Any:
    """Parse JSON strictly: MalformedInput with the position of a syntax error, InvalidInput
    listing repeated keys, TooLarge over the size limit."""
    check_size(len(raw), limits)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    if not raw.strip():
        raise MalformedInput("the upload is empty: expected a GeoJSON Feature or FeatureCollection")
    try:
        with gc_paused():
            document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MalformedInput(
            f"not valid JSON at line {exc.lineno}, column {exc.colno} (character {exc.pos}): {exc.msg}"
        ) from None
    raise_for(duplicate_keys(raw, document))
    return document


def duplicate_keys(raw: bytes, document: Any) -> list[Problem]:
    """Every object in which a key appears more than once, by JSON path.

    Fast path: outside strings, every colon separates a key from its value, so the raw text
    and a re-serialisation of the parsed document hold the same number of colons exactly when
    no key was swallowed by a repeat. Only on a mismatch is the document parsed again slowly
    to name the keys.
    """
    if not _ESCAPED_COLON.search(raw):
        try:
            if orjson.dumps(document).count(b":") == raw.count(b":"):
                return []
        except TypeError:  # e.g. an integer too large to write back; use the slow path
            pass
    return _find_duplicates(raw)


class _Pairs(dict):
    """A JSON object that remembers which of its keys repeated."""

    repeated: dict[str, int]


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
    result = _Pairs(pairs)
    if len(result) != len(pairs):
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        result.repeated = {key: n for key, n in counts.items() if n > 1}
    return result


def _find_duplicates(raw: bytes) -> list[Problem]:
    try:
        tree = json.loads(raw.decode("utf-8", "replace"), object_pairs_hook=_pairs_hook)
    except (ValueError, RecursionError):
        return []
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, n in getattr(node, "repeated", {}).items():
                problems.append(Problem(
                    path or "(top level)",
                    f"key {key!r} appears {n} times; expected each key once in an object",
                ))
            stack.extend((f"{path}.{key}" if path else key, value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", value) for i, value in enumerate(node))
    return sorted(problems, key=lambda p: p.path)
