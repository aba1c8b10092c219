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
from .problems import Problem, raise_for

_BOM = b"\xef\xbb\xbf"
# An escaped colon would hide a key from the fast duplicate check below.
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
# Byte order marks, longest first (UTF-32 LE begins like UTF-16 LE).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 (little-endian)"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 (big-endian)"),
         (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian)"),
         (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian)"))
# Without a mark, JSON's first character is ASCII, so its zero bytes give the encoding (RFC 4627 §3).
_ZEROS = ((re.compile(rb"\x00\x00\x00[^\x00]"), "utf-32-be", "UTF-32 (big-endian)"),
          (re.compile(rb"[^\x00]\x00\x00\x00"), "utf-32-le", "UTF-32 (little-endian)"),
          (re.compile(rb"\x00[^\x00]"), "utf-16-be", "UTF-16 (big-endian)"),
          (re.compile(rb"[^\x00]\x00"), "utf-16-le", "UTF-16 (little-endian)"))
# An integer of 19 digits or more may not fit in 64 bits, where orjson would make it a float.
_LONG_INTEGER = re.compile(rb"(?<![0-9.eE+\-])-?[0-9]{19,}(?![0-9.eE])")
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_INT64 = (-(2 ** 63), 2 ** 64 - 1)  # what orjson reads as an integer


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


def to_utf8(raw: bytes) -> tuple[bytes, str | None]:
    """The upload as UTF-8 bytes, and the name of the encoding it came in when another (UTF-16 or
    UTF-32); MalformedInput naming what the file is when it is not JSON text at all."""
    if raw.startswith(b"\x1f\x8b"):
        raise MalformedInput("the file is gzip-compressed, not GeoJSON text: decompress it (gunzip) "
                             "and upload the .geojson file inside")
    if raw.startswith(b"PK\x03\x04"):
        raise MalformedInput("the file is a ZIP archive (a zipped shapefile or KMZ?), not GeoJSON text: "
                             "extract or convert the data to a .geojson file and upload that")
    if raw.startswith(b"--") and b"content-disposition:" in raw[:4096].lower():
        raise MalformedInput("this is a multipart form upload; send the GeoJSON file itself as the body "
                             "(curl --data-binary @file.geojson, not curl -F)")
    encoding, skipped = None, 0
    for mark, codec, name in _BOMS:
        if raw.startswith(mark):
            encoding, skipped = (codec, name), len(mark)
            break
    else:
        for pattern, codec, name in _ZEROS:
            if pattern.match(raw):
                encoding = (codec, name)
                break
    if encoding is None:
        return raw, None
    codec, name = encoding
    try:
        return raw[skipped:].decode(codec).encode("utf-8"), name
    except UnicodeError as exc:
        where = skipped + getattr(exc, "start", 0)
        raise MalformedInput(f"the file looks like {name} text but byte {where:,} is not valid {name}: "
                             "save the file as UTF-8 and upload it again") from None


def read_json(raw: bytes, limits: Limits, repeated_keys: bool = True) -> Any:
    """Parse JSON strictly: MalformedInput with the position of a syntax error, InvalidInput
    listing repeated keys, TooLarge over the size limit. Integers beyond 64 bits stay exact.
    Without `repeated_keys`, the caller looks for them itself (`duplicate_keys`), before it
    raises any other problem."""
    check_size(len(raw), limits)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    if not raw.strip():
        raise MalformedInput("the upload is empty: expected a GeoJSON Feature or FeatureCollection")
    try:
        with gc_paused():
            document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MalformedInput(_syntax_message(raw, exc)) from None
    if raw.translate(_DIGITS_AS_ZERO).find(b"0" * 19) != -1:  # quicker than the regex on a large file
        document = _exact_integers(raw, document)
    if repeated_keys:
        raise_for(duplicate_keys(raw, document))
    return document


def _syntax_message(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    """Where the JSON text breaks; for bytes that are not UTF-8, where the first one is."""
    if exc.msg.startswith("str is not valid UTF-8"):  # orjson gives no position for these
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            start = bad.start
            line = raw.count(b"\n", 0, start) + 1
            column = start - raw.rfind(b"\n", 0, start)
            return (f"not valid JSON at line {line}, column {column} (byte {start:,}): byte 0x{raw[start]:02X} "
                    "is not UTF-8 text; the file may be in Latin-1 or Windows-1252: save it as UTF-8 "
                    "and upload it again")
    return f"not valid JSON at line {exc.lineno}, column {exc.colno} (character {exc.pos}): {exc.msg}"


def _exact_integers(raw: bytes, document: Any) -> Any:
    """The document again, read so that integers beyond 64 bits keep every digit (orjson would
    make them floats); the same document when it holds none."""
    candidates = (int(match.group()) for match in _LONG_INTEGER.finditer(raw))
    if all(_INT64[0] <= number <= _INT64[1] for number in candidates):
        return document  # the long runs of digits were inside strings, or fit in 64 bits
    try:
        with gc_paused():
            return json.loads(raw)
    except RecursionError:
        raise MalformedInput("the JSON text is nested too deeply to read") from None


def duplicate_keys(raw: bytes, document: Any, features_colons: int | None = None) -> list[Problem]:
    """Every object in which a key appears more than once, by JSON path.

    Fast path: outside strings, every colon separates a key from its value, so the raw text
    and a re-serialisation of the parsed document hold the same number of colons exactly when
    no key was swallowed by a repeat. Only on a mismatch is the document parsed again slowly
    to name the keys. `features_colons`, the colons orjson writes for a collection's features
    array as the fast checks counted them (`fast.WrittenColons`), spares writing it again.
    """
    # An escaped colon needs a backslash, looked for first (one byte is quick to find, research 21).
    if b"\\" not in raw or not _ESCAPED_COLON.search(raw):
        try:
            if _written_colons(document, features_colons) == raw.count(b":"):
                return []
        except TypeError:  # e.g. an integer too large to write back; use the slow path
            pass
    return _find_duplicates(raw)


def _written_colons(document: Any, features_colons: int | None) -> int:
    """How many colons `orjson.dumps(document)` holds; a collection's features counted for it."""
    if features_colons is None or type(document) is not dict or document.get("type") != "FeatureCollection":
        return orjson.dumps(document).count(b":")
    around = {key: value for key, value in document.items() if key != "features"}
    return orjson.dumps(around).count(b":") + 1 + features_colons  # and the one after "features"


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
