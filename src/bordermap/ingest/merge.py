"""What the slices of a streamed file say, merged into what the whole file would say: paths
made the file's own, errors listed as `raise_for` lists them, the warnings and errors a whole
file gives once added up, syntax errors placed in the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from ..errors import InvalidInput, MalformedInput
from .check import property_warnings
from .crs import is_lonlat
from .problems import Problem
from .scanner import BLOCK, RECORD_BREAK, Scan, read_range

_FEATURE_PATH = re.compile(r"^features\[(\d+)\]")
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character


def global_path(text: str, offset: int) -> str:
    """A path or problem of a slice, with its feature index made the file's own."""
    if offset and text.startswith("features["):
        return _FEATURE_PATH.sub(lambda m: f"features[{int(m.group(1)) + offset}]", text, count=1)
    return text


class Errors:
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
            text = global_path(text, offset)
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
# Errors about all the features at once (`geo_positions.position_problems`, `geo_positions.bbox_problems`).
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


class Warnings:
    """The warnings of every slice, merged into those the whole file gives, in the same order."""

    def __init__(self) -> None:
        self.rings: list[Problem] = []  # per feature, by stage, as `read_upload` lists them
        self.properties: list[Problem] = []
        self.geometries: list[Problem] = []
        self.antimeridian: list[Problem] = []
        self.nulls: set[str] = set()
        self.reserved: set[str] = set()
        self.winding = self.elevation = self.outside = 0
        self.named: list[str] = []
        self.other: list[Problem] = []

    def add(self, warnings: list[Problem], offset: int) -> None:
        from .read_upload import FAR_NAMED

        for problem in warnings:
            path, message = global_path(problem.path, offset), problem.message
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
                self.named += [global_path(name, offset) for name in found.group(2).split(", ")]
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
        """In `read_upload`'s order."""
        from .read_upload import FAR_NAMED

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


def _error_byte(raw: bytes, exc: orjson.JSONDecodeError) -> tuple[bool, int]:
    """Whether orjson refused `raw` as not UTF-8, and the byte offset in `raw` of its error (its
    `pos` counts characters; a byte that is not UTF-8 is found by decoding)."""
    if exc.msg.startswith("str is not valid UTF-8"):
        try:
            raw.decode("utf-8")
            return True, len(raw)
        except UnicodeDecodeError as bad:
            return True, bad.start
    return False, len(raw.decode("utf-8", "replace")[:exc.pos].encode("utf-8"))


def syntax_error(path: Path, found: Scan, raw: bytes, header: int, first: int) -> MalformedInput:
    """The syntax error of a slice, placed in the whole file as `parse.read_json` would say it."""
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        utf8, at = _error_byte(raw, exc)
        where = found.start + at if at < header else first + at - header
        line, column, character = _position(path, found.start, where, utf8)
        if utf8:
            with path.open("rb") as handle:
                byte = read_range(handle, where, where + 1)[0]
            return MalformedInput(
                f"not valid JSON at line {line}, column {column} (byte {where - found.start:,}): byte 0x{byte:02X} "
                "is not UTF-8 text; the file may be in Latin-1 or Windows-1252: save it as UTF-8 "
                "and upload it again")
        return MalformedInput(f"not valid JSON at line {line}, column {column} (character {character}): {exc.msg}")
    return MalformedInput("not valid JSON")


def record_error(path: Path, found: Scan, first: int, end: int) -> MalformedInput:
    """The first record between `first` and `end` of a sequence that is not JSON, placed in the file."""
    with path.open("rb") as handle:
        body = read_range(handle, first, end)
    start = len(body) - len(body.lstrip(b" \t\r\n\x1e"))
    for cut in [*RECORD_BREAK.finditer(body), None]:
        stop = len(body) if cut is None else cut.start() + 1
        record = body[start:stop]
        try:
            orjson.loads(record)
        except orjson.JSONDecodeError as exc:
            where = first + start + _error_byte(record, exc)[1]
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
