"""Where a file's geometries lie: positions that cannot be coordinates, that look swapped or
projected, declared bboxes that do not contain their geometry, segments across the antimeridian,
and geometries outside the Cambodia–Viet Nam region.

Apart from validity and rounding (`geo`) because these are about the positions' meaning (the
CRS, the region), not the geometries' shapes.
"""

from __future__ import annotations

import numpy as np
import shapely

from .crs import CRS_HINT, crs_title, is_geographic
from .problems import Problem, to_json

# The region bordermap maps: a position outside it is reported, not refused.
REGION = (102.0, 8.0, 110.0, 24.0)  # lon min, lat min, lon max, lat max
HUGE = 1e10  # beyond any CRS's coordinates, in degrees or metres


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



def outside_region(geoms: np.ndarray) -> np.ndarray:
    """The indexes of the geometries that lie wholly outside the Cambodia–Viet Nam region."""
    return np.flatnonzero(boxes_outside_region(shapely.bounds(geoms)))


def boxes_outside_region(boxes) -> np.ndarray:
    """For bounding boxes [[minx, miny, maxx, maxy], …]: which lie wholly outside the region."""
    minx, miny, maxx, maxy = np.asarray(boxes, dtype=float).reshape(-1, 4).T
    return (maxx < REGION[0]) | (minx > REGION[2]) | (maxy < REGION[1]) | (miny > REGION[3])
