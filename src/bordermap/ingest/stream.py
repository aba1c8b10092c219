"""Big GeoJSON files a slice at a time: the command line's import in bounded memory.

A FeatureCollection file is read three times, never whole:

1. `scan`: block reads and a scanner (a C-speed regex that takes a whole JSON string as one
   token and stops at each brace or bracket) find the top-level "features" array and cut it
   into slices of whole features (at most `SLICE_FEATURES` features or `SLICE_BYTES` bytes).
   Only offsets are kept.
2. `plan_file` checks each slice with the very code a whole-file upload runs
   (`pipeline._read`): the slice is wrapped in the file's own top level (every member but the
   features, exactly as the file writes them, crs and bbox included), so every rule applies.
   Paths in problems are made the file's own (`features[40123]`, not the slice's index); the
   warnings a whole file gives once (null values dropped, winding, elevation, features far
   from the region) are added up across slices; ids are settled over the whole file (an id
   repeated in slice 2 and slice 40 is found). Each planned slice goes to a spool file.
   Any error in any slice: nothing is stored (the store is not even written to).
3. `store_plan` writes the spooled slices as one import and one revision, a batch at a time,
   inside the store's transaction (`Store.add_feature_batches`).

Files this reader does not take (another format, a lone Feature, UTF-16/32 text, a features
array holding something other than objects) raise `NotStreamable`: the caller reads them
whole, under the ordinary upload limits.
"""

from __future__ import annotations

import pickle
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator

import orjson

from ..errors import BordermapError, Conflict, InvalidInput, MalformedInput, NotFound
from ..model import Layer, Revision
from ..store import Store
from . import formats
from .check import property_warnings
from .crs import crs_title, is_lonlat
from .parse import Limits, gc_paused
from .text import AUTHOR, FILENAME, SUMMARY, text_problems
from .validate import Problem, raise_for

SLICE_FEATURES = 20_000
SLICE_BYTES = 16 << 20
BLOCK = 8 << 20
# Per slice, nothing bounds the count of features or positions: the slice bounds the memory.
UNBOUNDED = 1 << 62

# From where the scan stands, everything up to the next brace or bracket outside strings.
_NEXT_BRACKET = re.compile(rb'(?:[^"{}\[\]]++|"(?:[^"\\]++|\\.)*+")*+([{}\[\]])', re.S)
# The key just before a `[` at the top level (a key's opening quote follows `{`, `,` or a space).
_FEATURES_KEY = re.compile(rb'(?:^|[{,\s])"features"\s*:\s*\Z')
_SPACE = re.compile(rb"\s*\Z")
_COMMA = re.compile(rb"\s*,\s*\Z")


def _nested(depth: int) -> re.Pattern:
    """A whole JSON object holding arrays and objects `depth` deep at most, as one match: a
    feature skipped at C speed (deeper ones are walked a bracket at a time)."""
    string = rb'"(?:[^"\\]++|\\.)*+"'
    inner = rb'(?:[^"{}\[\]]++|' + string + rb')*+'
    for _ in range(depth):
        group = rb"(?:\{" + inner + rb"\}|\[" + inner + rb"\])"
        inner = rb'(?:[^"{}\[\]]++|' + string + rb"|" + group + rb")*+"
    return re.compile(rb"\{" + inner + rb"\}", re.S)


_FEATURE = _nested(6)
_BOM = b"\xef\xbb\xbf"
_FEATURE_PATH = re.compile(r"^features\[(\d+)\]")
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character


class NotStreamable(Exception):
    """The file is not a UTF-8 GeoJSON FeatureCollection of objects: read it whole instead."""


@dataclass
class Scan:
    """Where a FeatureCollection's parts are: byte offsets in the file."""

    path: Path
    size: int
    start: int  # after a byte order mark
    features_open: int  # the `[` of the features array
    features_close: int  # its `]`
    slices: list[tuple[int, int, int]]  # (first byte, byte after the last, features)
    broken_at: int | None = None  # where the structure stops making sense (a syntax error)
    sequence: bool = False  # a GeoJSON text sequence (RFC 8142) or newline-delimited GeoJSON

    @property
    def features(self) -> int:
        return sum(n for _, _, n in self.slices)


Progress = Callable[[int], None]  # bytes done so far in the current pass


def _sniff(head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or (len(head) > 1 and b"\x00" in head[:4]):
        raise NotStreamable("not UTF-8 text")
    if not head.lstrip(b" \t\r\n\x1e").startswith(b"{"):
        raise NotStreamable("not a JSON object")


def scan(path: Path | str, *, slice_features: int = SLICE_FEATURES, slice_bytes: int = SLICE_BYTES,
         progress: Progress | None = None) -> Scan:
    """Find the features array of a GeoJSON FeatureCollection file and cut it into slices."""
    path = Path(path)
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4)
        start = len(_BOM) if head.startswith(_BOM) else 0
        _sniff(head[start:] + handle.read(64))
        handle.seek(start)
        scanner = _Scanner(handle, path, size, start, slice_features, slice_bytes, progress)
        try:
            return scanner.run()
        except _Sequence:
            handle.seek(start)
            return scanner.run_sequence()


class _Sequence(Exception):
    """The first top-level object closed with no features array: maybe a sequence of features."""


class _Scanner:
    def __init__(self, handle: BinaryIO, path: Path, size: int, start: int, slice_features: int,
                 slice_bytes: int, progress: Progress | None):
        self.handle, self.path, self.size, self.start = handle, path, size, start
        self.slice_features, self.slice_bytes, self.progress = slice_features, slice_bytes, progress

    def run(self) -> Scan:
        buffer = b""
        base = self.start  # the file offset of buffer[0]
        pos = 0
        eof = False
        stack: list[int] = []  # open brackets; the features array is marked by 0
        features_open = features_close = None
        slices: list[tuple[int, int, int]] = []
        first = count = 0  # the pending slice: its first byte, and features so far
        element_start = element_end = 0
        after_element = False  # the features array has an element: `,` or `]` come next
        gap_from = 0  # where the text since the last bracket begins (buffer offset)
        broken = None
        while True:
            match = _NEXT_BRACKET.match(buffer, pos)
            if match is None:
                if eof:
                    if stack or features_open is None:
                        broken = base + pos
                    break
                block = self.handle.read(BLOCK)
                eof = not block
                keep = min(pos, gap_from)
                base += keep
                buffer = buffer[keep:] + block
                pos -= keep
                gap_from -= keep
                if self.progress is not None:
                    self.progress(base - self.start)
                continue
            at = match.end() - 1
            bracket = buffer[at]
            depth = len(stack)
            if bracket in b"{[":
                if depth == 1 and bracket == 0x5B and _FEATURES_KEY.search(buffer, gap_from, at):
                    if features_open is not None:
                        raise NotStreamable("two features members")
                    features_open = base + at
                    stack.append(0)
                elif depth == 2 and stack[1] == 0:
                    if bracket != 0x7B or not (_COMMA if after_element else _SPACE).match(buffer, gap_from, at):
                        broken = base + gap_from  # not an object, or no comma between features
                        break
                    element_start = base + at
                    if count == 0:
                        first = element_start
                    whole = _FEATURE.match(buffer, at)
                    if whole is not None:  # the common case: the feature in one step
                        pos = gap_from = whole.end()
                        element_end = base + pos
                        count += 1
                        after_element = True
                        if count >= self.slice_features or element_end - first >= self.slice_bytes:
                            slices.append((first, element_end, count))
                            count = 0
                        continue
                    stack.append(bracket)
                else:
                    if depth == 0 and (slices or count or features_open is not None):
                        broken = base + at
                        break
                    stack.append(bracket)
            else:
                if not stack or (stack[-1] == 0x7B) != (bracket == 0x7D) or (stack[-1] == 0 and bracket != 0x5D):
                    broken = base + at
                    break
                opened = stack.pop()
                if not stack and features_open is None:
                    raise _Sequence()
                if opened == 0:  # the features array closes
                    if after_element and not _SPACE.match(buffer, gap_from, at):
                        broken = base + gap_from
                        break
                    if not after_element:
                        raise NotStreamable("an empty features array")
                    features_close = base + at
                    if count:
                        slices.append((first, element_end, count))
                        count = 0
                elif len(stack) == 2 and stack[1] == 0:  # a feature ends
                    element_end = base + at + 1
                    count += 1
                    after_element = True
                    if count >= self.slice_features or element_end - first >= self.slice_bytes:
                        slices.append((first, element_end, count))
                        count = 0
            pos = gap_from = at + 1
        if features_open is None and broken is None:
            raise NotStreamable("no features array")
        if broken is not None:
            # The pending slice is read again with the rest of the file, to name the syntax error.
            if features_open is None:
                raise NotStreamable("broken before the features")
            return Scan(self.path, self.size, self.start, features_open, features_close or self.size,
                        slices, broken_at=first if count else (slices[-1][1] if slices else features_open + 1))
        if features_close is None:
            raise NotStreamable("the features array does not close")
        return Scan(self.path, self.size, self.start, features_open, features_close, slices)


    def run_sequence(self) -> Scan:
        """A GeoJSON text sequence or newline-delimited GeoJSON: one Feature per record, each
        after a record separator (0x1E) or a line break; cut into slices like a features array."""
        buffer = b""
        base = self.start
        pos = gap_from = 0
        eof = False
        stack: list[int] = []
        slices: list[tuple[int, int, int]] = []
        first = count = element_end = 0
        broken = None
        marked = False
        while True:
            match = _NEXT_BRACKET.match(buffer, pos)
            if match is None:
                if eof:
                    if stack or not _BETWEEN_RECORDS.match(buffer, gap_from):
                        broken = base + gap_from
                    break
                block = self.handle.read(BLOCK)
                eof = not block
                keep = min(pos, gap_from)
                base += keep
                buffer = buffer[keep:] + block
                pos -= keep
                gap_from -= keep
                if self.progress is not None:
                    self.progress(base - self.start)
                continue
            at = match.end() - 1
            bracket = buffer[at]
            if not stack:  # a record starts
                between = _BETWEEN_RECORDS.match(buffer, gap_from, at)
                if bracket != 0x7B or between is None or (element_end and not between.group(1)):
                    broken = base + gap_from
                    break
                if count == 0:
                    first = base + at
                if not element_end and not slices:
                    marked = b"\x1e" in buffer[gap_from:at]  # a text sequence's record separator
                whole = _FEATURE.match(buffer, at)
                if whole is not None:
                    pos = gap_from = whole.end()
                    element_end = base + pos
                    count += 1
                    if count >= self.slice_features or element_end - first >= self.slice_bytes:
                        slices.append((first, element_end, count))
                        count = 0
                    continue
                stack.append(bracket)
            elif bracket in b"{[":
                stack.append(bracket)
            else:
                if (stack[-1] == 0x7B) != (bracket == 0x7D):
                    broken = base + at
                    break
                stack.pop()
                if not stack:
                    element_end = base + at + 1
                    count += 1
                    if count >= self.slice_features or element_end - first >= self.slice_bytes:
                        slices.append((first, element_end, count))
                        count = 0
            pos = gap_from = at + 1
        if broken is None and count:
            slices.append((first, element_end, count))
        if broken is None and sum(n for _, _, n in slices) < 2 and not marked:
            raise NotStreamable("one object, not a FeatureCollection")
        elif broken is not None:
            broken = first if count else (slices[-1][1] if slices else self.start)
        return Scan(self.path, self.size, self.start, -1, self.size, slices, broken_at=broken, sequence=True)


# What may come between two records of a sequence (group 1: a separator, which must be there).
_BETWEEN_RECORDS = re.compile(rb"[ \t\r]*([\n\x1e])?[\s\x1e]*\Z")
# A record's end and the next one's start: a line break or a record separator cannot be inside
# a JSON string, and `}` then `{` cannot follow each other inside a JSON value.
_RECORD_BREAK = re.compile(rb"\}[ \t\r]*[\n\x1e][\s\x1e]*\{")
_SEQUENCE_HEADER = b'{"type":"FeatureCollection","features":['


# ------------------------------------------------------------------------------ planning
@dataclass
class StreamPlan:
    """A planned file, checked whole, its features spooled a slice at a time (nothing stored)."""

    scan: Scan
    layer_id: str
    new_layer: Layer | None
    spool: BinaryIO  # a temporary file without a name: gone when closed, or when the process ends
    spooled: list[tuple[int, int]]  # (offset, length) of each slice's record in the spool
    count: int
    geometry_types: Counter
    warnings: list[Problem]
    source_crs: str | None
    file_sha256: str
    filename: str
    links: list[str]
    repair: bool
    location_precision: str
    precision_m: float | None
    precision_given: int
    counts: Counter  # usable ids the file gives, and how often
    taken: set[str]
    ids_kept: int
    reserved: set[str] = field(default_factory=set)  # ids kept that look like the store's own

    @property
    def summary(self) -> str:
        return f"imported {self.count} feature(s) from {self.filename} into {self.layer_id}"

    def batches(self) -> Iterator[list[dict[str, Any]]]:
        """The planned features, a slice at a time, with their ids settled and precision given."""
        from .pipeline import _apply_ids, _give_precision, _id_candidates

        for offset, length in self.spooled:
            self.spool.seek(offset)
            blob, file_ids = pickle.loads(self.spool.read(length))
            planned = orjson.loads(blob)
            if file_ids is not None:
                _apply_ids(planned, _id_candidates(file_ids), self.counts, self.taken)
            _give_precision(planned, self.location_precision, self.precision_m)
            yield planned

    def features(self) -> list[dict[str, Any]]:
        """Every planned feature (for tests and small files: holds them all)."""
        return [feature for batch in self.batches() for feature in batch]

    def report(self, preview: int = 20) -> dict[str, Any]:
        """What `ImportPlan.report` says, for the whole file."""
        shown = next(self.batches(), [])[:preview] if preview else []
        return {
            "layer": self.layer_id,
            "new_layer": self.new_layer.to_dict() if self.new_layer else None,
            "file": self.filename,
            "file_sha256": self.file_sha256,
            "features": self.count,
            "geometry_types": dict(sorted(self.geometry_types.items())),
            "source_crs": crs_title(self.source_crs) if self.source_crs else "longitude/latitude (EPSG:4326)",
            "reprojected": not is_lonlat(self.source_crs),
            "ids_kept": self.ids_kept,
            "ids_to_assign": self.count - self.ids_kept,
            "links": self.links,
            "location_precision": self.location_precision or None,
            "precision_m": self.precision_m,
            "features_given_precision": self.precision_given,
            "warnings": [str(w) for w in self.warnings],
            "preview": [{"id": f.get("id"), "geometry": f["geometry"]["type"], "bbox": f["bbox"],
                         "properties": f["properties"]} for f in shown],
        }

    def close(self) -> None:
        self.spool.close()

    def __enter__(self) -> "StreamPlan":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_range(handle: BinaryIO, start: int, end: int) -> bytes:
    handle.seek(start)
    return handle.read(end - start)


def _global(text: str, offset: int) -> str:
    """A path or problem of a slice, with its feature index made the file's own."""
    if offset and text.startswith("features["):
        return _FEATURE_PATH.sub(lambda m: f"features[{int(m.group(1)) + offset}]", text, count=1)
    return text


class _Errors:
    """Errors of every slice, in file order, as `raise_for` would list them for the whole file.

    The errors a whole file gives once about all its features (coordinates in degrees for a
    projected CRS, or projected without one; a collection bbox too small) are merged into
    one, their ranges joined; the others are listed with their place in the file.
    """

    LIMIT = 200

    def __init__(self) -> None:
        self.entries: list[Any] = []  # a problem's text, or a list [kind, path, numbers, rest...]
        self.merged: dict[str, list] = {}
        self.total = 0
        self.seen_top: set[str] = set()
        self.bounds: list[float] | None = None  # of the slices that passed, when in longitude/latitude

    def passed(self, planned: list[dict], source: str | None) -> None:
        """A slice passed: its bounds count if the collection's bbox is refused in another."""
        if planned and is_lonlat(source):
            boxes = [f["bbox"] for f in planned]
            west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
            east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
            old = self.bounds or [west, south, east, north]
            self.bounds = [min(old[0], west), min(old[1], south), max(old[2], east), max(old[3], north)]

    def add(self, problems: list[str], offset: int) -> None:
        for text in problems:
            more = re.match(r"… and (\d+) more problems$", text)
            if more:
                self.total += int(more.group(1))
                continue
            if not text.startswith("features["):  # the file's top level: the same in every slice
                if text in self.seen_top:
                    continue
                self.seen_top.add(text)
            text = _global(text, offset)
            if self._merge(text):
                continue
            self.total += 1
            if len(self.entries) < self.LIMIT:
                self.entries.append(text)

    def _merge(self, text: str) -> bool:
        for kind, pattern in _MERGED.items():
            found = pattern.match(text)
            if found is None:
                continue
            numbers = [float(v.replace(",", "")) for v in _NUMBER.findall(found.group("numbers"))]
            entry = self.merged.get(kind)
            if entry is None:
                self.merged[kind] = entry = [kind, found, numbers]
                self.entries.append(entry)
                self.total += 1
            else:
                old = entry[2]
                pairs = enumerate(zip(old, numbers, strict=False))
                entry[2] = [min(a, b) if i % 2 == 0 else max(a, b) for i, (a, b) in pairs]
                if kind == "projected":
                    entry[2][4] = old[4] + numbers[4]
                if kind == "bbox":  # [west, south, east, north]: minima first
                    entry[2] = [min(old[0], numbers[0]), min(old[1], numbers[1]),
                                max(old[2], numbers[2]), max(old[3], numbers[3])]
            return True
        return False

    @staticmethod
    def _text(entry: Any) -> str:
        if isinstance(entry, str):
            return entry
        kind, found, n = entry
        if kind == "degrees":
            return f"{found.group('head')}(x {n[0]:g}…{n[1]:g}){found.group('tail')}"
        if kind == "projected":
            return (f"{found.group('head')}(x {n[0]:,.0f}…{n[1]:,.0f}, y {n[2]:,.0f}…{n[3]:,.0f} in "
                    f"{int(n[4])} feature(s)){found.group('tail')}")
        return f"{found.group('head')}[{', '.join(f'{v:.10g}' for v in n)}]{found.group('tail')}"

    def raise_any(self) -> None:
        if not self.total:
            return
        box = self.merged.get("bbox")
        if box is not None and self.bounds is not None:
            n, m = box[2], self.bounds
            box[2] = [min(n[0], m[0]), min(n[1], m[1]), max(n[2], m[2]), max(n[3], m[3])]
        shown = [self._text(entry) for entry in self.entries]
        if self.total > len(shown):
            shown.append(f"… and {self.total - len(shown)} more problems")
        more = f" (and {self.total - 1} more)" if self.total > 1 else ""
        raise InvalidInput(f"the upload was not imported: {shown[0]}{more}", problems=shown)


_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|-?inf|nan")
# Errors about all the features at once (`geo.position_problems`, `geo.bbox_problems`).
_MERGED = {
    "degrees": re.compile(r"^(?P<head>features\[\d+\]\.geometry\.coordinates: expected metres in .*?, got numbers "
                          r"that look like longitude/latitude )\(x (?P<numbers>\S+?…\S+?)\)(?P<tail>; leave the "
                          r"CRS out .*)$"),
    "projected": re.compile(r"^(?P<head>features\[\d+\]\.geometry\.coordinates: expected longitude/latitude, got "
                            r"numbers that look projected )\(x (?P<numbers>[-\d,]+…[-\d,]+, y [-\d,]+…[-\d,]+ in "
                            r"\d+) feature\(s\)\)(?P<tail> and .*)$"),
    "bbox": re.compile(r"^(?P<head>bbox: .* does not contain its geometry, whose bounds are )\[(?P<numbers>[^\]]*)\]"
                       r"(?P<tail>; correct the bbox .*)$"),
}


_NULLS = "empty (null) values were dropped: "
_RESERVED = re.compile(r"^dropped (.*): bordermap sets these itself$")
_WINDING = re.compile(r"^winding order normalised on (\d+) feature\(s\)")
_ELEVATION = re.compile(r"^the third coordinate \(elevation\) was dropped on (\d+) feature\(s\)")
_OUTSIDE = re.compile(r"^(\d+) feature\(s\) lie outside the Cambodia–Viet Nam region \(longitude 102–110, "
                      r"latitude 8–24\): (.*?)(?: and \d+ more)?; check")


class _Warnings:
    """The warnings of every slice, merged into those the whole file gives, in the same order."""

    def __init__(self) -> None:
        self.rings: list[Problem] = []  # per feature, by stage, as `_read` lists them
        self.properties: list[Problem] = []
        self.geometries: list[Problem] = []
        self.antimeridian: list[Problem] = []
        self.nulls: set[str] = set()
        self.reserved: set[str] = set()
        self.winding = self.elevation = self.outside = 0
        self.named: list[str] = []
        self.other: list[Problem] = []

    def add(self, warnings: list[Problem], offset: int) -> None:
        from .pipeline import FAR_NAMED

        for problem in warnings:
            path, message = _global(problem.path, offset), problem.message
            if path == "properties" and message.startswith(_NULLS):
                self.nulls.update(message[len(_NULLS):].split(", "))
            elif path == "properties" and _RESERVED.match(message):
                self.reserved.update(_RESERVED.match(message).group(1).split(", "))
            elif path == "geometry" and _WINDING.match(message):
                self.winding += int(_WINDING.match(message).group(1))
            elif path == "geometry" and _ELEVATION.match(message):
                self.elevation += int(_ELEVATION.match(message).group(1))
            elif path == "geometry" and _OUTSIDE.match(message):
                found = _OUTSIDE.match(message)
                self.outside += int(found.group(1))
                self.named += [_global(name, offset) for name in found.group(2).split(", ")]
                del self.named[FAR_NAMED:]
            elif message.startswith("ring was not closed"):
                self.rings.append(Problem(path, message, problem.severity))
            elif message.startswith("repaired (") or "would make it invalid" in message:
                self.geometries.append(Problem(path, message, problem.severity))
            elif "antimeridian" in message:
                self.antimeridian.append(Problem(path, message, problem.severity))
            elif path.startswith("features["):
                self.properties.append(Problem(path, message, problem.severity))
            elif problem not in self.other:
                self.other.append(problem)

    def merged(self) -> list[Problem]:
        """In `pipeline._read`'s order."""
        from .pipeline import FAR_NAMED

        notes = self.rings + property_warnings(self.nulls, self.reserved) + self.properties + self.geometries \
            + self.antimeridian[:50] + self.other
        if self.winding:
            notes.append(Problem("geometry", f"winding order normalised on {self.winding} feature(s): exterior "
                                             "rings counterclockwise, holes clockwise (RFC 7946)", "warning"))
        if self.elevation:
            notes.append(Problem("geometry", f"the third coordinate (elevation) was dropped on {self.elevation} "
                                             "feature(s); bordermap keeps longitude and latitude", "warning"))
        if self.outside:
            more = f" and {self.outside - FAR_NAMED} more" if self.outside > FAR_NAMED else ""
            notes.append(Problem("geometry", f"{self.outside} feature(s) lie outside the Cambodia–Viet Nam region "
                                             f"(longitude 102–110, latitude 8–24): {', '.join(self.named)}{more}; "
                                             "check the coordinates and the CRS (a UTM file needs its zone, e.g. "
                                             "EPSG:32648 for 48N)", "warning"))
        return notes


def plan_file(
    path: Path | str,
    *,
    layer: str = "",
    new_layer: Layer | None = None,
    crs: str | None = None,
    repair: bool = False,
    limits: Limits | None = None,
    links: Iterable[str] = (),
    store: Store | None = None,
    filename: str | None = None,
    location_precision: str | None = None,
    precision_m: Any = None,
    slice_features: int = SLICE_FEATURES,
    slice_bytes: int = SLICE_BYTES,
    progress: Callable[[str, int, int], None] | None = None,
) -> StreamPlan:
    """`plan_import` for a GeoJSON FeatureCollection file, a slice at a time (see the module).

    The same checks and the same report; the features go to a temporary spool file, which
    `StreamPlan.close` removes (as the end of the process does). `limits` bound each feature
    (depth, text); the file's size, feature count and positions are not bounded: memory is,
    by the slice. NotStreamable when the file is
    not a UTF-8 FeatureCollection of objects.
    """
    from . import pipeline

    path = Path(path)
    filename = filename or path.name
    limits = limits or Limits()
    raise_for(text_problems(filename, "filename", FILENAME))
    with path.open("rb") as handle:
        if formats.kind_of(handle.read(4096), filename) is not None:
            raise NotStreamable("another format")
    precision, radius = pipeline.editor_precision(location_precision, precision_m)
    found = scan(path, slice_features=slice_features, slice_bytes=slice_bytes,
                 progress=(lambda done: progress("reading", done, path.stat().st_size)) if progress else None)
    try:
        layer_id, kind = pipeline._target(store, layer, new_layer)
    except Conflict:
        sha256 = _sha256(path)
        earlier = store.find_import(new_layer.id, sha256) if store is not None and new_layer is not None else None
        if earlier is None:
            raise
        raise Conflict(f"this file was already imported into a new layer {new_layer.id!r} as revision "
                       f"{earlier.id}; to add it again, import it into that layer with allow_duplicate") from None
    links = list(dict.fromkeys(links))
    if store is not None:
        known = {item["id"] for item in store.commitments()}
        missing = [cid for cid in links if cid not in known]
        if missing:
            raise NotFound(f"no commitment with id {missing[0]!r}")
    per_slice = replace(limits, max_bytes=UNBOUNDED, max_features=UNBOUNDED, max_vertices=UNBOUNDED)
    spool = out = tempfile.TemporaryFile(prefix="bordermap-import-")
    try:
        with path.open("rb") as handle:
            if found.sequence:
                header, trailer = _SEQUENCE_HEADER, b"]}"
            else:
                header = _read_range(handle, found.start, found.features_open + 1)
                trailer = _read_range(handle, found.features_close, found.size)
            errors, warnings = _Errors(), _Warnings()
            spooled: list[tuple[int, int]] = []
            types: Counter = Counter()
            counts: Counter = Counter()
            source = None
            offset = given = 0
            with_ids = False
            # A file whose structure breaks: the whole slices are closed here, the rest is read to the end.
            closing = trailer if found.broken_at is None else b"]}"
            pieces = [(first, end, n, closing) for first, end, n in found.slices]
            if found.broken_at is not None:
                pieces.append((found.broken_at, found.size, 0, b""))
            for first, end, n, tail in pieces:
                body = _read_range(handle, first, end)
                if not n:  # after the last whole slice: a comma may come before the next feature
                    comma = re.match(rb"\s*,", body)
                    if comma:
                        first, body = first + comma.end(), body[comma.end():]
                if found.sequence:
                    body = _RECORD_BREAK.sub(b"},{", body.strip(b" \t\r\n\x1e"))
                    tail = b"]}"
                raw = header + body + tail
                try:
                    with gc_paused():
                        planned, file_ids, kinds, notes, source = pipeline._read(raw, per_slice, crs, repair)
                except MalformedInput:
                    if found.sequence:
                        raise _record_error(path, found, first, end) from None
                    raise _syntax_error(path, found, raw, len(header), first) from None
                except InvalidInput as error:
                    errors.add(error.problems, offset)
                    offset += n
                    del raw, body
                    if progress:
                        progress("checking", end - found.start, found.size - found.start)
                    continue
                except BordermapError as error:  # TooLarge and the like: the same for the whole file
                    raise type(error)(error.message, problems=[_global(p, offset) for p in error.problems]) from None
                del raw, body
                if not n:  # a tail that parsed: the structure was irregular, not broken
                    raise NotStreamable("irregular features array")
                warnings.add(notes, offset)
                types.update(kinds)
                errors.passed(planned, source)
                if not errors.total:
                    for props in map(lambda f: f["properties"], planned):
                        props.setdefault("kind", kind)
                    if precision:
                        given += sum(1 for f in planned if "location_precision" not in f["properties"])
                    ids = None if file_ids.count(None) == len(file_ids) else file_ids
                    if ids is not None:
                        with_ids = True
                        counts.update(fid for _, fid in pipeline._id_candidates(ids) if fid)
                    record = pickle.dumps((orjson.dumps(planned), ids), protocol=pickle.HIGHEST_PROTOCOL)
                    spooled.append((out.tell(), len(record)))
                    out.write(record)
                offset += n
                if progress:
                    progress("checking", end - found.start, found.size - found.start)
            errors.raise_any()
        sha256 = _sha256(path)
        notes = warnings.merged()
        taken: set[str] = set()
        ids_kept = 0
        if with_ids:
            unique = [fid for fid, n in counts.items() if n == 1]
            taken = store.taken_ids(unique) if store is not None else set()
            notes += _id_tally(spool, spooled, counts, taken)
            ids_kept = sum(1 for fid in unique if fid not in taken)
        earlier = store.find_import(layer_id, sha256) if store is not None and new_layer is None else None
        if earlier is not None:
            notes.append(Problem("file", f"this file was already imported into {layer_id} as revision "
                                         f"{earlier.id}; importing it again needs allow_duplicate", "warning"))
        prefix = f"{layer_id}-"
        reserved = {fid for fid, n in counts.items() if n == 1 and fid.startswith(prefix) and fid not in taken}
        return StreamPlan(found, layer_id, new_layer, spool, spooled, offset, types, notes, source, sha256,
                          filename, links, repair, precision, radius, given, counts, taken, ids_kept, reserved)
    except BaseException:
        spool.close()
        raise


def _id_tally(spool: BinaryIO, spooled: list[tuple[int, int]], counts: Counter, taken: set[str]) -> list[Problem]:
    """The notes on ids `_settle_ids` gives, over the whole file (a pass over the spool)."""
    from .pipeline import _apply_ids, _id_candidates, _id_notes

    tally = [0, 0, 0, 0]
    for offset, length in spooled:
        spool.seek(offset)
        blob, file_ids = pickle.loads(spool.read(length))
        if file_ids is None:
            continue
        planned = [{"properties": {}} for _ in file_ids]
        for k, n in enumerate(_apply_ids(planned, _id_candidates(file_ids), counts, taken)):
            tally[k] += n
    return _id_notes(*tally)


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _syntax_error(path: Path, found: Scan, raw: bytes, header: int, first: int) -> MalformedInput:
    """The syntax error of a slice, placed in the whole file as `parse.read_json` would say it."""
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        utf8 = exc.msg.startswith("str is not valid UTF-8")
        if utf8:
            try:
                raw.decode("utf-8")
                at = len(raw)
            except UnicodeDecodeError as bad:
                at = bad.start
        else:
            at = len(raw.decode("utf-8", "replace")[:exc.pos].encode("utf-8"))
        where = found.start + at if at < header else first + at - header
        line, column, character = _position(path, found.start, where, utf8)
        if utf8:
            with path.open("rb") as handle:
                byte = _read_range(handle, where, where + 1)[0]
            return MalformedInput(
                f"not valid JSON at line {line}, column {column} (byte {where - found.start:,}): byte 0x{byte:02X} "
                "is not UTF-8 text; the file may be in Latin-1 or Windows-1252: save it as UTF-8 "
                "and upload it again")
        return MalformedInput(f"not valid JSON at line {line}, column {column} (character {character}): {exc.msg}")
    return MalformedInput("not valid JSON")


def _record_error(path: Path, found: Scan, first: int, end: int) -> MalformedInput:
    """The first record between `first` and `end` of a sequence that is not JSON, placed in the file."""
    with path.open("rb") as handle:
        body = _read_range(handle, first, end)
    start = len(body) - len(body.lstrip(b" \t\r\n\x1e"))
    for cut in [*_RECORD_BREAK.finditer(body), None]:
        stop = len(body) if cut is None else cut.start() + 1
        record = body[start:stop]
        try:
            orjson.loads(record)
        except orjson.JSONDecodeError as exc:
            if exc.msg.startswith("str is not valid UTF-8"):
                try:
                    record.decode("utf-8")
                    at = len(record)
                except UnicodeDecodeError as bad:
                    at = bad.start
            else:
                at = len(record.decode("utf-8", "replace")[:exc.pos].encode("utf-8"))
            where = first + start + at
            line, column, character = _position(path, found.start, where, False)
            return MalformedInput(f"not valid JSON at line {line}, column {column} (character {character}): "
                                  f"{exc.msg}")
        if cut is not None:
            start = cut.end() - 1
    return MalformedInput("not valid JSON: the records of the sequence are not separated by line breaks")


def _position(path: Path, start: int, where: int, in_bytes: bool) -> tuple[int, int, int]:
    """Line, column (bytes when `in_bytes`, else characters, from 1) and character offset of a byte."""
    line, characters, line_start, line_chars = 1, 0, start, 0
    with path.open("rb") as handle:
        handle.seek(start)
        done = start
        while done < where:
            block = handle.read(min(BLOCK, where - done))
            if not block:
                break
            newlines = block.count(b"\n")
            if newlines:
                line += newlines
                last = block.rfind(b"\n")
                line_start = done + last + 1
                line_chars = characters + len(block[:last + 1].translate(None, _CONTINUATION))
            characters += len(block.translate(None, _CONTINUATION))
            done += len(block)
    column = (where - line_start + 1) if in_bytes else (characters - line_chars + 1)
    return line, column, characters


# ------------------------------------------------------------------------------ storing
def store_plan(store: Store, plan: StreamPlan, *, author: str, allow_duplicate: bool = False,
               progress: Callable[[str, int, int], None] | None = None) -> Revision:
    """`run_import` for a streamed plan: one revision, written a slice at a time in one transaction."""
    raise_for(text_problems(author, "author", AUTHOR)
              + text_problems(plan.filename, "filename", FILENAME)
              + text_problems(plan.summary, "summary", SUMMARY))

    def batches() -> Iterator[list[dict]]:
        done = 0
        for batch in plan.batches():
            yield batch
            done += len(batch)
            if progress:
                progress("storing", done, plan.count)

    with gc_paused():
        return store.add_feature_batches(
            plan.layer_id, batches(), author=author, summary=plan.summary, file_sha256=plan.file_sha256,
            new_layer=plan.new_layer, links=plan.links, on_taken="rename", allow_duplicate=allow_duplicate,
            reserved=plan.reserved,
        )
