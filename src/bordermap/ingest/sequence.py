"""GeoJSON text sequences on the page and the API, found as the command line finds them.

`ogr2ogr -f GeoJSONSeq` writes one Feature a record, each after a record separator (RFC 8142,
`.geojsons`), or one Feature a line (`.geojsonl`, newline-delimited GeoJSON). `bordermap import`
reads such a file with `ingest.scanner`, a slice at a time. An upload is read whole: the same
scanner finds its records, and they become the FeatureCollection every upload is checked as,
with the same checks and limits (the few bytes the collection's own brackets add aside). A
record that is not JSON is placed at its line and column in the file, as the command line says.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import orjson

from .merge import record_error
from .parse import Limits, check_size
from .scanner import RECORD_BREAK, SEQUENCE_HEADER, NotStreamable, scan

# The names `ogr2ogr` and other tools give such files.
SUFFIXES = (".geojsons", ".geojsonl", ".geojsonseq", ".ndjson", ".jsonl")
_SEPARATORS = b" \t\r\n\x1e"
_BOM = b"\xef\xbb\xbf"


def _looks_like_one(raw: bytes, filename: str) -> bool:
    """Whether the upload may be a sequence: its name says so, it starts with a record separator,
    or a JSON object is followed by another on a later line (which no single JSON text holds)."""
    head = raw[:64].removeprefix(_BOM).lstrip(b" \t\r\n")
    # A record break holds a line break or a record separator: one byte, quickly looked for,
    # before the pattern (10 ms of a 19 MB file written on one line; research 21).
    return (head.startswith(b"\x1e") or filename.lower().endswith(SUFFIXES)
            or (head.startswith(b"{") and (b"\n" in raw or b"\x1e" in raw) and RECORD_BREAK.search(raw) is not None))


def joined(records: bytes) -> bytes:
    """The records of a sequence as the text of one FeatureCollection (their own text unchecked)."""
    body = records.removeprefix(_BOM).strip(_SEPARATORS)
    return SEQUENCE_HEADER + RECORD_BREAK.sub(b"},{", body) + b"]}"


def limits_for(limits: Limits) -> Limits:
    """The limits the collection of a sequence within `limits` is read under: as many features
    and positions, and the bytes its opening and closing brackets add."""
    return replace(limits, max_bytes=limits.max_bytes + len(joined(b"")))


def as_collection(raw: bytes, filename: str, limits: Limits) -> bytes | None:
    """An upload that is a GeoJSON text sequence as one FeatureCollection (UTF-8 bytes), to be read
    under `limits_for(limits)`; None for any other upload (a lone Feature on one line included).
    MalformedInput placing the first record that is not JSON; TooLarge over the size limit."""
    if not _looks_like_one(raw, filename):
        return None
    check_size(len(raw), limits)
    with tempfile.TemporaryDirectory(prefix="bordermap-upload-") as tmp:
        path = Path(tmp) / "upload.geojsons"
        path.write_bytes(raw)
        try:
            found = scan(path)
        except NotStreamable:  # not UTF-8, or one object: read as any upload
            return None
        if not found.sequence:
            return None
        first = found.slices[0][0] if found.slices else found.start
        end = found.slices[-1][1] if found.broken_at is None else found.size
        collection = joined(raw[first:end])
        try:
            if found.broken_at is not None:
                raise ValueError("the records break off")
            orjson.loads(collection)  # a record's own syntax, which the scan does not check
        except ValueError:  # orjson.JSONDecodeError is one
            raise record_error(path, found, first, found.size) from None
    return collection
