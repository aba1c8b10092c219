"""Geometries written as GeoJSON text for the store, with their type ids and bounding boxes:
points by orjson all at once, an unchanged geometry from the file's own object, any other by GEOS.

Apart from the checks (`geo`, `geo_positions`) because writing is the last step, after them all.
"""

from __future__ import annotations

import numpy as np
import orjson
import shapely

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
