"""Find the features of a big GeoJSON file without holding it: block reads and a C-speed
regex cut a FeatureCollection's features array (or a text sequence's records) into slices of
whole features, of which only byte offsets are kept (`ingest.stream` plans them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

SLICE_FEATURES = 20_000
SLICE_BYTES = 16 << 20
BLOCK = 8 << 20

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

    def _refill(self, buffer: bytes, base: int, pos: int, gap_from: int) -> tuple[bytes, int, int, int, bool]:
        """The next block read onto what `buffer` still needs (from the earlier of `pos` and
        `gap_from`): (buffer, base, pos, gap_from, eof), the offsets moved to the new buffer and
        the progress told. Once a BLOCK, so no cost to the scanning loops that call it."""
        block = self.handle.read(BLOCK)
        keep = min(pos, gap_from)
        base += keep
        if self.progress is not None:
            self.progress(base - self.start)
        return buffer[keep:] + block, base, pos - keep, gap_from - keep, not block

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
                buffer, base, pos, gap_from, eof = self._refill(buffer, base, pos, gap_from)
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
                buffer, base, pos, gap_from, eof = self._refill(buffer, base, pos, gap_from)
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
RECORD_BREAK = re.compile(rb"\}[ \t\r]*[\n\x1e][\s\x1e]*\{")
SEQUENCE_HEADER = b'{"type":"FeatureCollection","features":['


def read_range(handle: BinaryIO, start: int, end: int) -> bytes:
    handle.seek(start)
    return handle.read(end - start)
