"""The query parameters of OGC API – Features items requests, checked; and bounding boxes.

Part 1 asks a server to refuse (400) any parameter it does not know and any malformed value;
everything here raises MalformedInput with a message naming the parameter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .errors import MalformedInput

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# An HTML page of items is for a person to read, and costs the server a hundred times a JSON
# one's to write: 10,000 features took 1.6 s a request, which a few clients turned into every
# thread's work (review 21, F5). Larger pages are for the JSON (GeoJSON) form.
HTML_MAX_LIMIT = 500
# Query parameters every items request understands; any other name must be a queryable.
ITEMS_PARAMETERS = ("f", "bbox", "limit", "offset", "datetime")

Box = tuple[float, float, float, float]

# ----------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class ItemsQuery:
    """A checked items request: paging, bbox, datetime interval and property filters."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: Box | None = None
    datetime: tuple[str | None, str | None] | None = None
    filters: dict[str, str] = field(default_factory=dict)

    def link_args(self, **changes: Any) -> dict[str, str]:
        """The query string that asks for this request again, with `changes` applied."""
        args: dict[str, str] = dict(self.filters)
        if self.bbox is not None:
            args["bbox"] = ",".join(_number(value) for value in self.bbox)
        if self.datetime is not None:
            start, end = self.datetime
            args["datetime"] = start if start == end else f"{start or '..'}/{end or '..'}"
        args["limit"] = str(changes.get("limit", self.limit))
        args["offset"] = str(changes.get("offset", self.offset))
        return args


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def refuse_unknown(args: Iterable[str], allowed: Iterable[str], hint: str = "") -> None:
    """MalformedInput (400) naming every query parameter not in `allowed` (and `hint`, if any)."""
    allowed = set(allowed)
    unknown = sorted({name for name in args if name not in allowed})
    if unknown:
        raise MalformedInput(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(repr(n) for n in unknown)}; "
            f"this resource takes {', '.join(sorted(allowed)) or 'none'}" + (f"; {hint}" if hint else "")
        )


def refuse_repeated(args) -> None:
    """MalformedInput (400) naming every query parameter given more than once (`args`: a
    MultiDict, as Flask's `request.args`): which one was meant is not ours to guess."""
    repeated = sorted(name for name in args if len(args.getlist(name)) > 1)
    if repeated:
        raise MalformedInput(f"parameter {', '.join(map(repr, repeated))} given more than once")


_LARGEST = 2 ** 63 - 1  # what a database takes as a number (a larger offset was a 500: review 21, F10)


def _whole(name: str, text: str, minimum: int) -> int:
    if not (text.isascii() and text.isdigit()) or not minimum <= int(text) <= _LARGEST:
        raise MalformedInput(f"{name}: expected a whole number of at least {minimum} (and at most {_LARGEST}), "
                             f"got {text!r}")
    return int(text)


def parse_limit(text: str) -> int:
    """`limit`: a whole number of at least 1; one above MAX_LIMIT (however many digits) counts as
    MAX_LIMIT, as Part 1 says and the README promises, and the refusal says so (review 21b, L8)."""
    digits = text.isascii() and text.isdigit()
    if not digits or not text.strip("0"):
        raise MalformedInput(f"limit: expected a whole number of at least 1 (a limit above {MAX_LIMIT:,} "
                             f"counts as {MAX_LIMIT:,}), got {text!r}")
    # Compared by length first: int() of thousands of digits is slow, and Python refuses it.
    return MAX_LIMIT if len(text.lstrip("0")) > len(str(MAX_LIMIT)) else min(int(text), MAX_LIMIT)


def parse_bbox(text: str) -> Box:
    """`minLon,minLat,maxLon,maxLat` (6 numbers: the heights are ignored) in CRS84 degrees."""
    parts = text.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(parts) not in (4, 6) or len(numbers) != len(parts) or not all(math.isfinite(n) for n in numbers):
        raise MalformedInput(f"bbox: expected 4 or 6 comma-separated numbers "
                             f"(minLon,minLat,maxLon,maxLat), got {text!r}")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    west, south, east, north = numbers
    if south > north:
        raise MalformedInput(f"bbox: the southern edge {south} is north of the northern edge {north}")
    if not (-90 <= south <= 90 and -90 <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise MalformedInput(f"bbox: expected longitudes in -180..180 and latitudes in -90..90, got {text!r}")
    return (west, south, east, north)


_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$", re.IGNORECASE)


def parse_datetime(text: str) -> tuple[str | None, str | None]:
    """An RFC 3339 instant, or an interval `start/end` with `..` (or nothing) for an open end."""
    parts = text.split("/")
    if len(parts) > 2 or not text:
        raise MalformedInput(f"datetime: expected an RFC 3339 date-time or an interval start/end, got {text!r}")
    ends: list[str | None] = []
    for part in parts:
        if part in ("", "..") and len(parts) == 2:
            ends.append(None)
        elif _INSTANT.match(part):
            ends.append(part.upper())
        else:
            raise MalformedInput(f"datetime: {part!r} is not an RFC 3339 date or date-time "
                                 "(such as 2025-12-08 or 2025-12-08T09:00:00Z) nor '..'")
    if len(ends) == 1:
        return (ends[0], ends[0])
    if ends == [None, None]:
        raise MalformedInput("datetime: an interval needs at least one end")
    return (ends[0], ends[1])


def parse_items_query(args: Mapping[str, str], queryables: Iterable[str]) -> ItemsQuery:
    """Check an items request's parameters; 400 for an unknown name or a malformed value.

    A `limit` above the maximum is not an error: the maximum is used (Part 1 says so).
    """
    queryables = list(queryables)
    refuse_unknown(args, (*ITEMS_PARAMETERS, *queryables))
    limit = parse_limit(args["limit"]) if "limit" in args else DEFAULT_LIMIT
    offset = _whole("offset", args["offset"], 0) if "offset" in args else 0
    return ItemsQuery(
        limit=limit,
        offset=offset,
        bbox=parse_bbox(args["bbox"]) if "bbox" in args else None,
        datetime=parse_datetime(args["datetime"]) if "datetime" in args else None,
        filters={name: args[name] for name in queryables if name in args},
    )


# ----------------------------------------------------------------------------- geometry
def geometry_bbox(geometry: Mapping[str, Any] | None) -> Box | None:
    """The bounding box of a GeoJSON geometry, or None when it has no positions."""
    if not geometry:
        return None
    xs: list[float] = []
    ys: list[float] = []
    stack: list[Any] = []
    if geometry.get("type") == "GeometryCollection":
        stack.extend(part.get("coordinates", []) for part in geometry.get("geometries", []))
    else:
        stack.append(geometry.get("coordinates", []))
    while stack:
        coords = stack.pop()
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            stack.extend(coords)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def intersects(box: Box, query: Box) -> bool:
    west, south, east, north = query
    if box[1] > north or box[3] < south:
        return False
    if west <= east:
        return box[0] <= east and box[2] >= west
    # A query box across the antimeridian (west > east) is two boxes.
    return box[2] >= west or box[0] <= east


def union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
