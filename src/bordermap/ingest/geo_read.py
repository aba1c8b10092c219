"""GeoJSON geometries read into shapely arrays, a whole type at a time with numpy, and only a
type whose fast read fails walked position by position to say what is wrong where.

Apart from the checks on what was read (`geo_positions`, `geo`) because reading fast is its own
concern: the other modules take the geometries as given.
"""

from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import orjson
import shapely
from shapely import GeometryType

from .coordinates import check_coordinates
from .problems import Problem

_RAGGED = {"Point": GeometryType.POINT, "MultiPoint": GeometryType.MULTIPOINT,
           "LineString": GeometryType.LINESTRING, "MultiLineString": GeometryType.MULTILINESTRING,
           "Polygon": GeometryType.POLYGON, "MultiPolygon": GeometryType.MULTIPOLYGON}
# The fewest items each level of nesting may hold, outermost first.
_MINIMUMS = {"Point": (), "MultiPoint": (1,), "LineString": (2,), "MultiLineString": (1, 2),
             "Polygon": (1, 4), "MultiPolygon": (1, 1, 4)}
# What orjson writes for arrays of numbers and nothing else (no strings, booleans or null).
_NUMBERS_ONLY = re.compile(rb"[\[\]0-9eE.,+\-]*")


def build_geometries(geometries: list[dict], paths: list[str]) -> tuple[np.ndarray, list[Problem], int, np.ndarray]:
    """Shapely geometries (2D) for GeoJSON geometries whose members are known to be sound.

    Each geometry type is read in one pass with numpy (`from_ragged_array`); only a type whose
    fast read fails is walked position by position, to say exactly what is wrong where.
    Returns (geometries, problems, number of geometries whose third coordinate was dropped,
    `plain`): `plain` is True where the file's `coordinates` hold exactly the geometry's
    positions, as floats in two dimensions (see `to_geojson`). A third coordinate of 0 on every
    position of a geometry is not counted: KML writers (Google Earth, GDAL's LIBKML) write 0 for
    "on the ground", and a note about dropping it was noise (review 21b, L2).
    """
    result = np.empty(len(geometries), dtype=object)
    plain = np.zeros(len(geometries), dtype=bool)
    problems: list[Problem] = []
    dropped_z = 0
    kinds = list(map(itemgetter("type"), geometries))
    groups: dict[str, Any] = {}
    if kinds and kinds.count(kinds[0]) == len(kinds):  # one type: no need to sort them out
        groups = {kinds[0]: range(len(kinds))}
    else:
        for i, kind in enumerate(kinds):
            groups.setdefault(kind, []).append(i)
    for kind, indices in groups.items():
        fast = None if kind == "GeometryCollection" else _read_fast(
            kind, list(map(itemgetter("coordinates"), geometries)) if len(groups) == 1
            else [geometries[i]["coordinates"] for i in indices])
        if fast is not None:
            result[indices], has_z, floats, raised = fast
            dropped_z += raised
            plain[indices] = floats and not has_z
            continue
        for i in indices:
            found = check_coordinates(geometries[i], f"{paths[i]}.geometry")
            if found:
                problems += found
                continue
            try:
                geometry = shapely.from_geojson(orjson.dumps(geometries[i]))
            except shapely.errors.GEOSException as exc:
                problems.append(Problem(f"{paths[i]}.geometry", f"could not be read: {exc}"))
                continue
            if shapely.get_coordinate_dimension(geometry) > 2:
                dropped_z += bool((shapely.get_coordinates(geometry, include_z=True)[:, 2] != 0).any())
                geometry = shapely.force_2d(geometry)
            result[i] = geometry
    return result, problems, dropped_z, plain


def _read_fast(kind: str, coordinates: list[Any]) -> tuple[np.ndarray, bool, bool, int] | None:
    """Read every geometry of one type at once: (geometries, whether they had a third
    coordinate, whether every coordinate was a float, how many have a third coordinate other
    than 0), or None when anything looks wrong."""
    items = coordinates
    offsets = []
    try:
        for minimum in _MINIMUMS[kind]:
            lengths = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
            if len(lengths) == 0 or lengths.min() < minimum:
                return None
            offsets.append(np.concatenate(([0], np.cumsum(lengths))))
            items = list(chain.from_iterable(items))
        coords = _floats(items)
        floats = coords is not None
        if coords is None:
            coords = _numbers(items)
    except (TypeError, ValueError):
        return None
    if coords is None:
        return None
    if coords.ndim != 2 or coords.shape[1] not in (2, 3) or not np.isfinite(coords).all():
        return None
    if kind in ("Polygon", "MultiPolygon"):
        starts, ends = offsets[-1][:-1], offsets[-1][1:] - 1
        if not (coords[starts] == coords[ends]).all():
            return None
    xy = np.ascontiguousarray(coords[:, :2])
    geoms = shapely.from_ragged_array(_RAGGED[kind], xy, tuple(reversed(offsets)) or None)
    has_z = coords.shape[1] == 3
    return geoms, has_z, floats, _raised(coords[:, 2], offsets) if has_z else 0


def _raised(heights: np.ndarray, offsets: list[np.ndarray]) -> int:
    """How many geometries have a height other than 0: `offsets`, outermost first, lead from the
    geometries through each level of nesting to the positions (none for points)."""
    above = heights != 0
    if not above.any():
        return 0
    if not offsets:
        return int(above.sum())
    bounds = offsets[0]
    for inner in offsets[1:]:
        bounds = inner[bounds]
    counted = np.concatenate(([0], np.cumsum(above)))
    return int((counted[bounds[1:]] > counted[bounds[:-1]]).sum())


def _floats(positions: list) -> np.ndarray | None:
    """The positions (read from JSON) as an array of 2 or 3 columns when every one holds as many
    floats (what orjson reads from a file of decimals: the common case); None when not, or not
    sure. Where it gives an array, `_numbers` gives the same one (tests/test_fast_checks.py).
    A text or an object of that length yields its characters or names: not floats."""
    widths = set(map(len, positions))
    if len(widths) != 1 or not widths <= {2, 3}:
        return None
    numbers = list(chain.from_iterable(positions))
    if set(map(type, numbers)) != {float}:
        return None
    return np.fromiter(numbers, dtype=np.float64, count=len(numbers)).reshape(len(positions), widths.pop())


def _numbers(positions: list) -> np.ndarray | None:
    """The positions as an array of numbers (any shape, checked by the caller); None when an
    item is not a number (text, true, false, null) or an integer too large to write back."""
    if not _NUMBERS_ONLY.fullmatch(orjson.dumps(positions)):
        return None
    return np.array(positions, dtype=np.float64)
