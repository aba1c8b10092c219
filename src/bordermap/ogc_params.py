"""The query parameters of OGC API – Features items requests, checked; and bounding boxes
and whether a geometry meets one.

Part 1 asks a server to refuse (400) any parameter it does not know and any malformed value;
everything here raises MalformedInput with a message naming the parameter.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

import orjson
import shapely
import shapely.errors

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
    """MalformedInput (400) naming every query parameter not in `allowed` (and `hint`, if any).
    `lang`, the language of the answer's words (a refusal's description), every resource takes."""
    allowed = set(allowed)
    unknown = sorted({name for name in args if name not in allowed and name != "lang"})
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


_INSTANT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2})))?$",
                      re.IGNORECASE)
_UNITS = (("year", 1, 9999), ("month", 1, 12), ("hour", 0, 23), ("minute", 0, 59),
          ("second", 0, 60),  # 60: a leap second
          ("offset's hours", 0, 23), ("offset's minutes", 0, 59))
_DAY = 86_400


def _instant(part: str) -> tuple[int, int]:
    """The earliest and the latest second (counted from 0001-01-01 UTC) an RFC 3339 date or
    date-time can mean (a date without a time: its day anywhere on Earth, from UTC+14 to UTC-12);
    MalformedInput for one that does not exist, naming what is out of range (2025-13-01,
    T25:00:00Z, 2025-02-30)."""
    found = _INSTANT.match(part)
    if found is None:
        raise MalformedInput(f"datetime: {part!r} is not an RFC 3339 date or date-time "
                             "(such as 2025-12-08 or 2025-12-08T09:00:00Z) nor '..'")
    year, month, day, hour, minute, second, _, zone, sign, zone_hours, zone_minutes = found.groups()
    for (unit, lowest, highest), text in zip(_UNITS, (year, month, hour, minute, second, zone_hours, zone_minutes),
                                              strict=True):
        if text is not None and not lowest <= int(text) <= highest:
            raise MalformedInput(f"datetime: {part!r} has {unit} {text} "
                                 f"(expected {lowest:0{len(text)}} to {highest:0{len(text)}})")
    try:
        days = date(int(year), int(month), int(day)).toordinal()
    except ValueError:
        last = calendar.monthrange(int(year), int(month))[1]
        raise MalformedInput(f"datetime: {part!r} is not a day of the calendar "
                             f"({year}-{month} has {last} days)") from None
    if hour is None:
        return days * _DAY - 14 * 3600, (days + 1) * _DAY + 12 * 3600
    offset = 0 if zone.upper() == "Z" else \
        (1 if sign == "+" else -1) * (int(zone_hours) * 3600 + int(zone_minutes) * 60)
    moment = days * _DAY + int(hour) * 3600 + int(minute) * 60 + min(int(second), 59) - offset
    return moment, moment


def parse_datetime(text: str) -> tuple[str | None, str | None]:
    """An RFC 3339 instant, or an interval `start/end` with `..` (or nothing) for an open end;
    MalformedInput for a date or time that does not exist and for an end before the start."""
    parts = text.split("/")
    if len(parts) > 2 or not text:
        raise MalformedInput(f"datetime: expected an RFC 3339 date-time or an interval start/end, got {text!r}")
    ends: list[str | None] = []
    moments: list[tuple[int, int] | None] = []
    for part in parts:
        if part in ("", "..") and len(parts) == 2:
            ends.append(None)
            moments.append(None)
        else:
            moments.append(_instant(part))
            ends.append(part.upper())
    if len(ends) == 1:
        return (ends[0], ends[0])
    if ends == [None, None]:
        raise MalformedInput("datetime: an interval needs at least one end")
    if moments[0] is not None and moments[1] is not None and moments[0][0] > moments[1][1]:
        raise MalformedInput(f"datetime: the interval {text!r} ends before it starts "
                             f"(expected start/end with the start first)")
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
        # Compared as NFC (uploads are stored so): text typed on macOS, or pasted from some PDFs,
        # arrives decomposed (NFD), and matched nothing (review 23, finding 14).
        filters={name: unicodedata.normalize("NFC", args[name]) for name in queryables if name in args},
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
    """Whether a bounding box meets the query box (edges included; one across the antimeridian,
    west > east, is two boxes). `box` may hold arrays (its four rows of many boxes): the answer
    is then an array, as `&` and `|` keep it for one box or many."""
    west, south, east, north = query
    rows = (box[1] <= north) & (box[3] >= south)
    if west <= east:
        return rows & (box[0] <= east) & (box[2] >= west)
    return rows & ((box[2] >= west) | (box[0] <= east))


def within(box: Box, query: Box) -> bool:
    """Whether a bounding box lies inside the query box (edges included; across the antimeridian,
    inside either of its two parts): whatever it bounds then meets the query box. Arrays too,
    as `intersects`."""
    west, south, east, north = query
    rows = (box[1] >= south) & (box[3] <= north)
    if west <= east:
        return rows & (box[0] >= west) & (box[2] <= east)
    return rows & ((box[0] >= west) | (box[2] <= east))


def geometries_meeting(geometries: Sequence[Mapping[str, Any]], query: Box) -> list[bool]:
    """For each GeoJSON geometry, whether it meets the query box (edges included), by its shape
    and not its bounding box: a polygon whose box meets the query box may lie wholly outside it."""
    west, south, east, north = query
    region = shapely.box(west, south, east, north) if west <= east else shapely.union(
        shapely.box(west, south, 180, north), shapely.box(-180, south, east, north))
    shapely.prepare(region)
    shapes = shapely.from_geojson([orjson.dumps(geometry) for geometry in geometries], on_invalid="ignore")
    try:
        found = shapely.intersects(region, shapes)
    except shapely.errors.GEOSException:
        found = [_meets_or_kept(region, shape) for shape in shapes]
    return [bool(meets) or shape is None for meets, shape in zip(found, shapes, strict=True)]


def _meets_or_kept(region: Any, shape: Any) -> bool:
    # A shape GEOS cannot read or compare (an invalid one from before uploads were checked) keeps
    # the answer its bounding box gave, rather than failing the whole page.
    try:
        return bool(shapely.intersects(region, shape))
    except shapely.errors.GEOSException:
        return True


def union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
