"""Geometry work on whole arrays: read coordinates, check positions and declared bboxes, round
as stored and check validity there, repair on request, normalise winding. The CRS and the
reprojection are in `crs`."""

from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import orjson
import shapely
from shapely import GeometryType

from .crs import CRS_HINT, crs_title, is_geographic
from .validate import Problem, check_coordinates, to_json

# The region bordermap maps: a position outside it is reported, not refused.
REGION = (102.0, 8.0, 110.0, 24.0)  # lon min, lat min, lon max, lat max
DECIMALS = 6  # about 0.1 m
HUGE = 1e10  # beyond any CRS's coordinates, in degrees or metres
_RAGGED = {"Point": GeometryType.POINT, "MultiPoint": GeometryType.MULTIPOINT,
           "LineString": GeometryType.LINESTRING, "MultiLineString": GeometryType.MULTILINESTRING,
           "Polygon": GeometryType.POLYGON, "MultiPolygon": GeometryType.MULTIPOLYGON}
# The fewest items each level of nesting may hold, outermost first.
_MINIMUMS = {"Point": (), "MultiPoint": (1,), "LineString": (2,), "MultiLineString": (1, 2),
             "Polygon": (1, 4), "MultiPolygon": (1, 1, 4)}
# What orjson writes for arrays of numbers and nothing else (no strings, booleans or null).
_NUMBERS_ONLY = re.compile(rb"[\[\]0-9eE.,+\-]*")
_REASON = re.compile(r"^(.*?)\[([-+0-9.eE]+) ([-+0-9.eE]+)\]$")


# ------------------------------------------------------------------------------- reading
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


def position_problems(geoms: np.ndarray, paths: list[str], source: str | None,
                      kind: str | None = None) -> list[Problem]:
    """Positions that cannot be what they claim: huge, out of range, swapped, or projected
    without a projected CRS; `kind`, the GIS format read (a CSV's columns, a Shapefile's .prj)."""
    bounds = shapely.bounds(geoms)
    minx, miny, maxx, maxy = bounds.T
    problems: list[Problem] = []
    # Infinite bounds come from a reprojection outside the CRS's area, reported below.
    size = np.where(np.isfinite(bounds), np.abs(bounds), 0)
    huge = (size > HUGE).any(axis=1)
    for i in np.flatnonzero(huge)[:50]:
        value = bounds[i][np.argmax(size[i])]
        problems.append(Problem(paths[i] + ".geometry.coordinates",
                                f"{value:.3g} is not a coordinate in any CRS (expected longitude/latitude "
                                "in degrees, or metres); check how the file was written"))
    if problems:
        return problems
    if source is not None and not is_geographic(source):
        degrees = (np.abs(bounds[:, [0, 2]]) <= 180).all() and (np.abs(bounds[:, [1, 3]]) <= 90).all()
        if degrees:
            fix = ("correct the Shapefile's .prj, or leave it out, if the file is in longitude/latitude"
                   if kind == "zip" else "leave the CRS out if the file is in longitude/latitude")
            problems.append(Problem(paths[0] + ".geometry.coordinates",
                                    f"expected metres in {crs_title(source)}, got numbers that look like "
                                    f"longitude/latitude (x {minx.min():g}…{maxx.max():g}); {fix}"))
        return problems
    out = (minx < -180) | (maxx > 180) | (miny < -90) | (maxy > 90)
    swapped = out & (minx >= REGION[1]) & (maxx <= REGION[3]) & (miny >= REGION[0]) & (maxy <= REGION[2])
    projected = out & ~swapped & (size.max(axis=1) > 1000) & np.isfinite(bounds).all(axis=1)
    if projected.any():
        first = int(np.flatnonzero(projected)[0])
        declared = ("the Shapefile has no .prj; give its CRS" if source is None and kind == "zip" else
                    "the file declares no CRS; give the CRS" if source is None else
                    f"the CRS is {crs_title(source)}, which is in degrees; give the projected CRS instead")
        problems.append(Problem(
            paths[first] + ".geometry.coordinates",
            f"expected longitude/latitude, got numbers that look projected (x {minx[projected].min():,.0f}…"
            f"{maxx[projected].max():,.0f}, y {miny[projected].min():,.0f}…{maxy[projected].max():,.0f} in "
            f"{int(projected.sum())} feature(s)) and {declared}, {CRS_HINT}",
        ))
    for i in np.flatnonzero(swapped)[:50]:
        # A table's columns are what its reader got wrong, not an order (review rv21b, L4).
        said = (f"latitude {miny[i]:g} is outside -90…90; the lon and lat columns look swapped (lon {minx[i]:g}, "
                f"lat {miny[i]:g})" if kind == "csv" else
                f"latitude {miny[i]:g} is outside -90…90; the positions look like [latitude, longitude] "
                f"(first {minx[i]:g}, second {miny[i]:g}) but GeoJSON order is [longitude, latitude]")
        problems.append(Problem(paths[i] + ".geometry.coordinates", said))
    for i in np.flatnonzero(out & ~swapped & ~projected)[:50]:
        problems.append(Problem(paths[i] + ".geometry.coordinates", _range_message(bounds[i])))
    return problems


def bbox_problems(geoms: np.ndarray, declared: list[tuple[str, list, int | None, int | None]]) -> list[Problem]:
    """Declared bboxes that do not contain their geometry, in the file's own CRS.

    Each item of `declared` is (path, bbox, index of the feature or None for the whole
    collection, index of the part of a GeometryCollection or None).
    """
    problems: list[Problem] = []
    for path, box, feature, part in declared:
        if feature is None:
            shapes = geoms
        else:
            shapes = np.array([geoms[feature] if part is None else shapely.get_geometry(geoms[feature], part)])
        if shapely.is_empty(shapes).all():
            continue
        minx, miny, maxx, maxy = shapely.total_bounds(shapes)
        half = len(box) // 2
        west, south, east, north = box[0], box[1], box[half], box[half + 1]
        tolerance = 1e-7 * max(1.0, *map(abs, (west, south, east, north)))
        inside_y = miny >= south - tolerance and maxy <= north + tolerance
        if west <= east:
            inside_x = minx >= west - tolerance and maxx <= east + tolerance
        else:  # across the antimeridian: every longitude east of west or west of east
            x = shapely.get_coordinates(shapes)[:, 0]
            inside_x = bool(((x >= west - tolerance) | (x <= east + tolerance)).all())
        if not (inside_x and inside_y):
            bounds = ", ".join(f"{v:.10g}" for v in (minx, miny, maxx, maxy))
            problems.append(Problem(path, f"{to_json(box)} does not contain its geometry, whose bounds are "
                                          f"[{bounds}]; correct the bbox or remove it (bordermap works out its own)"))
        if len(problems) >= 50:
            break
    return problems


def antimeridian_problems(geoms: np.ndarray, paths: list[str]) -> list[Problem]:
    """Warnings for lines and rings with a step of more than 180° of longitude: a map draws it
    the long way round the world, since RFC 7946 §3.1.9 asks to cut such geometries in two."""
    minx, _, maxx, _ = shapely.bounds(geoms).T
    problems: list[Problem] = []
    for i in np.flatnonzero(maxx - minx > 180)[:50]:
        for part in shapely.get_parts(shapely.get_parts(geoms[i])):
            rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
            steps = [(x[j], x[j + 1]) for x in (shapely.get_coordinates(ring)[:, 0] for ring in rings)
                     for j in np.flatnonzero(np.abs(np.diff(x)) > 180)[:1]]
            if steps:
                a, b = steps[0]
                problems.append(Problem(paths[i] + ".geometry", f"a segment goes from longitude {a:g} to {b:g}: "
                                        "maps draw it the long way round the world; if it crosses the "
                                        "antimeridian, cut it there into two parts (RFC 7946 §3.1.9)", "warning"))
                break
    return problems


def _range_message(box: np.ndarray) -> str:
    minx, miny, maxx, maxy = box
    if not np.isfinite(box).all():
        return "could not be reprojected: the positions lie outside the area where the CRS is defined"
    if minx < -180 or maxx > 180:
        return f"expected a longitude within -180…180, got {maxx if maxx > 180 else minx:g}"
    return f"expected a latitude within -90…90, got {maxy if maxy > 90 else miny:g}"


def as_stored(geoms: np.ndarray, paths: list[str], repair: bool) -> tuple[np.ndarray, list[Problem]]:
    """Geometries rounded to 6 decimals, as they will be stored, and checked there.

    A geometry invalid in the file is refused with shapely's reason (or repaired, on request).
    One that only rounding makes invalid (a hole a few centimetres from its shell) keeps as many
    more decimals as it needs to stay valid, and a warning says so.
    """
    result = _round(geoms, DECIMALS)
    # A point stays valid however it is rounded; lines and polygons may not.
    check = np.flatnonzero(~np.isin(shapely.get_type_id(result), (0, 4)))
    bad = check[~shapely.is_valid(result[check])] if len(check) else check
    if not len(bad):
        return result, []
    in_file = bad[~shapely.is_valid(geoms[bad])]
    problems: list[Problem] = []
    if len(in_file):
        fixed, problems = validity(geoms[in_file], [paths[i] for i in in_file], repair)
        geoms = geoms.copy()
        geoms[in_file] = fixed
        if any(p.severity == "error" for p in problems):
            return result, problems
    for i in bad:
        candidate = _round(geoms[i], DECIMALS)
        if shapely.is_valid(candidate):  # a repaired geometry that rounds well
            result[i] = candidate
            continue
        reason = _reason(str(shapely.is_valid_reason(candidate)))
        for decimals in range(DECIMALS + 1, 16):
            candidate = _round(geoms[i], decimals)
            if shapely.is_valid(candidate):
                kept = f"kept {decimals} decimals"
                break
        else:
            candidate, kept = geoms[i], "kept every decimal"
        result[i] = candidate
        problems.append(Problem(paths[i] + ".geometry", f"{kept} instead of {DECIMALS}: rounding to {DECIMALS} "
                                                        f"(about 0.1 m) would make it invalid ({reason})", "warning"))
    return result, problems


def _round(geoms, decimals: int):
    """Geometries with every coordinate rounded to `decimals`, as `_round_each` makes them.

    Only the geometries rounding changes are rebuilt: a file written with 6 decimals or fewer
    (the common case) keeps its geometries, where rebuilding all took a fifth of an import.
    """
    if not isinstance(geoms, np.ndarray):
        return _round_each(geoms, decimals)
    coords = shapely.get_coordinates(geoms)
    moved = np.any(np.round(coords, decimals) != coords, axis=1)
    if not moved.any():
        return geoms.copy()
    owner = np.repeat(np.arange(len(geoms)), shapely.get_num_coordinates(geoms))
    changed = np.unique(owner[moved])
    result = geoms.copy()
    result[changed] = _round_each(geoms[changed], decimals)
    return result


def _round_each(geoms, decimals: int):
    """Every geometry rebuilt with rounded coordinates (the reference `_round` must equal)."""
    return shapely.transform(geoms, lambda coords: np.round(coords, decimals))


def outside_region(geoms: np.ndarray) -> np.ndarray:
    """The indexes of the geometries that lie wholly outside the Cambodia–Viet Nam region."""
    return np.flatnonzero(boxes_outside_region(shapely.bounds(geoms)))


def boxes_outside_region(boxes) -> np.ndarray:
    """For bounding boxes [[minx, miny, maxx, maxy], …]: which lie wholly outside the region."""
    minx, miny, maxx, maxy = np.asarray(boxes, dtype=float).reshape(-1, 4).T
    return (maxx < REGION[0]) | (minx > REGION[2]) | (maxy < REGION[1]) | (miny > REGION[3])


# ------------------------------------------------------------------------------- validity
def validity(geoms: np.ndarray, paths: list[str], repair: bool) -> tuple[np.ndarray, list[Problem]]:
    """Invalid geometries with shapely's reason and location: errors, or repaired when asked."""
    reasons = shapely.is_valid_reason(geoms)
    bad = np.flatnonzero(reasons != "Valid Geometry")
    problems: list[Problem] = []
    if not len(bad):
        return geoms, problems
    geoms = geoms.copy()
    for i in bad:
        where = paths[i] + ".geometry"
        kind = shapely.get_type_id(geoms[i])
        reason = _reason(str(reasons[i]))
        if not repair:
            problems.append(Problem(where, f"invalid {geoms[i].geom_type}: {reason}; "
                                           "ask for a repair to fix it (--repair, or the repair box)"))
            continue
        polygonal = kind in (3, 6)
        fixed = shapely.make_valid(geoms[i], method="structure" if polygonal else "linework",
                                   **({"keep_collapsed": False} if polygonal else {}))
        if fixed is None or fixed.is_empty:
            problems.append(Problem(where, f"invalid {geoms[i].geom_type}: {reason}; nothing is left after repair"))
            continue
        problems.append(Problem(where, f"repaired ({reason}); now a {fixed.geom_type}", "warning"))
        geoms[i] = fixed
    return geoms, problems


def _reason(text: str) -> str:
    match = _REASON.match(text)
    if not match:
        return text
    return f"{match.group(1)} at [{float(match.group(2)):g}, {float(match.group(3)):g}]"


def normalise_winding(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """Exterior rings counterclockwise, holes clockwise (RFC 7946 §3.1.6); how many changed."""
    polygonal = np.flatnonzero(np.isin(shapely.get_type_id(geoms), (3, 6, 7)))
    if not len(polygonal):
        return geoms, 0
    oriented = shapely.orient_polygons(geoms[polygonal], exterior_cw=False)
    changed = ~shapely.equals_exact(oriented, geoms[polygonal], tolerance=0.0)
    geoms = geoms.copy()
    geoms[polygonal[changed]] = oriented[changed]  # the others stay the very geometries given
    return geoms, int(changed.sum())


_AS_READ = ("type", "coordinates")


def to_geojson(geoms: np.ndarray, read: list[dict] | None = None,
               unchanged: np.ndarray | None = None) -> tuple[list[str], np.ndarray, np.ndarray]:
    """GeoJSON geometries written as text, their type ids and their bounding boxes, an array
    of shape (n, 4).

    Points are written from their coordinates by orjson, all at once. `read`, the file's
    geometry objects, and `unchanged`, True where a geometry is still the one read from them
    with `build_geometries`' `plain` true (not reprojected, rounded, repaired or turned): such
    a geometry is written from its object, whose floats are its positions, by orjson; any
    other by GEOS. Both write each float as the shortest digits that read back as it, but GEOS
    keeps 17 digits where fewer would do (`13.463171000000001`, orjson `13.463171`) and
    writes an exponent below 1e-4 (`1e-05`, orjson `0.00001`), so the values stored are the
    same; tests/test_fast_checks.py compares them.
    """
    type_ids = shapely.get_type_id(geoms)
    boxes = shapely.bounds(geoms)
    if len(geoms) and not type_ids.any():  # points only (type id 0)
        texts = _point_texts(geoms)
        if texts is not None:
            return texts, type_ids, boxes
    if read is None or unchanged is None or not unchanged.any():
        return shapely.to_geojson(geoms).tolist(), type_ids, boxes
    if set(map(tuple, read)) != {_AS_READ}:  # another member, or another order: written by GEOS
        unchanged = unchanged & np.fromiter((tuple(g) == _AS_READ for g in read), dtype=bool, count=len(read))
    dumps = orjson.dumps
    if unchanged.all():
        return [dumps(g).decode() for g in read], type_ids, boxes
    texts = shapely.to_geojson(geoms).tolist()
    for i in np.flatnonzero(unchanged).tolist():
        texts[i] = dumps(read[i]).decode()
    return texts, type_ids, boxes


_POINT = '{"type":"Point","coordinates":['


def _point_texts(points: np.ndarray) -> list[str] | None:
    """Points written as GeoJSON by orjson from their coordinates, in one call for them all
    (100,000 points: 25 ms, GEOS 56); None when one is empty, not finite or has a third
    coordinate."""
    if shapely.has_z(points).any():
        return None
    xy = shapely.get_coordinates(points)
    if len(xy) != len(points) or not np.isfinite(xy).all():
        return None
    # [[x,y],[x,y],...]: orjson writes no space, so each point's pair lies between "],[".
    pairs = orjson.dumps(xy, option=orjson.OPT_SERIALIZE_NUMPY).decode()[2:-2].split("],[")
    head = _POINT
    return [head + pair + "]}" for pair in pairs]


TYPE_NAMES = ("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString",
              "MultiPolygon", "GeometryCollection")
