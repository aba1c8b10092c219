"""The first view drawn by the server: every feature of the layers shown at first, as one SVG
picture in the page, which the browser paints with the page's first frame, before Leaflet and
bordermap's scripts have arrived or run. Once the map's own layers are drawn, the script takes
the picture away (startup.js); the page looks the same before and after, now interactive.

What the script would draw at the page's opening view is drawn here the same way: positions
projected to Web Mercator with pyproj and to pixels at the view's zoom, rounded as Leaflet rounds
them, each path simplified by Leaflet's own rule (a tolerance of one pixel, its `smoothFactor`),
markers on one spot set apart and lines drawn beside their course as firstview.js does, and every
look from the layer's style (first_view_looks). The picture is centred on the map's centre by the
stylesheet, so it fits any map size. A browser test compares each of its paths with the one the
map then draws.

There is no picture when a layer shown at first is not in the page (fetched by URL: the picture
would lack its features) or when it would pass MAX_BYTES, and the page hides it when its
address names a view, a selection or a day (the map would open elsewhere).
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Iterator, TypeVar

import numpy as np
import orjson
from markupsafe import Markup, escape
from pyproj import Transformer

from .. import queries, tracking
from ..store import Store
from .first_view_looks import path_options, shape_of, svg_attributes

T = TypeVar("T")

# Leaflet's spherical Mercator and tile size.
EARTH_RADIUS = 6378137.0
MAX_LATITUDE = 85.0511287798
TILE = 256
# Leaflet's smoothFactor: paths are simplified to this many pixels.
TOLERANCE = 1.0
# firstview.js: SMALL_LAYER, CLEARANCE, SPREAD_AT_MOST.
SMALL_LAYER = 200
CLEARANCE = 2
SPREAD_AT_MOST = 6
# A picture larger than this is not drawn: the page would carry it for every reader of a map
# of many small features (the default map's is about 35 KB; each marker takes some 200 bytes).
MAX_BYTES = 120_000


@functools.lru_cache(maxsize=1)
def _mercator() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


def first_view_svg(store: Store, layers: list[dict[str, Any]], center: tuple[float, float], zoom: float,
                state: tuple | None = None) -> Markup:
    """The picture of the first view for the page's layer entries, or "" when there is none."""
    shown = [layer for layer in layers if layer.get("visible") and not layer.get("onDemand")]
    if not shown or any("data" not in layer for layer in shown):
        return Markup("")
    state = state or queries.data_state(store)
    key = ("first view", tuple(layer["id"] for layer in shown), tuple(center), zoom)
    return Markup(queries.cached(store, key, state, lambda: _picture(store, shown, center, zoom, state)))


def _picture(store: Store, shown: list[dict[str, Any]], center: tuple[float, float], zoom: float,
             state: tuple) -> str:
    scale = TILE * 2 ** zoom
    exact = _pixels(np.array([[center[1], center[0]]]), scale)[0]
    origin = _round(exact)
    drawings = []
    for layer in shown:
        features = orjson.loads(tracking.feature_collection_today_json(store, layer["id"], state)).get("features") or []
        drawings.append(_layer_drawing(layer, features, scale))
    _spread_markers(drawings)
    paths, count = [], 0
    for parts in drawings:
        for drawing in parts:
            paths.append(_path_element(drawing, origin))
        count += len({drawing["feature"] for drawing in parts})
    picture = (f'<div class="bm-firstview" id="bm-firstview" aria-hidden="true" data-features="{count}">'
               f'<svg class="bm-firstview-svg" width="1" height="1" style="{_placed(exact - origin)}">'
               f'{"".join(paths)}</svg></div>')
    return picture if len(picture) <= MAX_BYTES else ""


def _placed(offset: np.ndarray) -> str:
    """Where the picture's origin (the centre's pixel, rounded) goes in the map's frame, as
    Leaflet places it: its view's pixel origin is the centre less half the map's size, rounded,
    so on a map of odd width or height the centre's pixel sits half a pixel off the frame's
    middle, one way or the other as the centre's fraction of a pixel falls (review 29, #4).
    Only the stylesheet knows the frame's size: CSS `round()` does the rounding, and a browser
    without it keeps the stylesheet's exact middle (`left: 50%`), half a pixel off at most.
    `offset` is the centre's exact pixel less the rounded one, in [-0.5, 0.5)."""
    # The origin's position is -floor(h - size / 2) = ceil(size / 2 - h), h = offset + 0.5 in
    # [0, 1), written truncated (never rounded up to 1); the size is the frame's rounded to a
    # pixel, as Leaflet reads it (clientWidth): a frame can be 735.625 px high.
    h = [math.floor((value + 0.5) * 1e6) / 1e6 for value in offset]
    return (f"left:round(up,calc(round(100%,1px) / 2 - {h[0]:.6f}px),1px);"
            f"top:round(up,calc(round(100%,1px) / 2 - {h[1]:.6f}px),1px)")


def _pixels(lonlat: np.ndarray, scale: float) -> np.ndarray:
    """Positions (lon, lat) as Leaflet's projected pixels at `scale` (unrounded)."""
    lon = lonlat[:, 0]
    lat = np.clip(lonlat[:, 1], -MAX_LATITUDE, MAX_LATITUDE)
    x, y = _mercator().transform(lon, lat)
    half = 0.5 / (math.pi * EARTH_RADIUS)
    return np.column_stack([scale * (half * np.asarray(x) + 0.5), scale * (-half * np.asarray(y) + 0.5)])


def _layer_drawing(layer: dict[str, Any], features: list[dict], scale: float) -> list[dict]:
    """Each drawn part of the layer's features: {feature, shape, options, rings | point}."""
    style = layer.get("style") or {}
    small = len(features) <= SMALL_LAYER
    offset = float(style.get("offset") or 0) if small else 0.0
    parts = []
    for index, feature in enumerate(features):
        geometry = feature.get("geometry")
        if not geometry:
            continue
        props = feature.get("properties") or {}
        ident = feature_id(feature)
        composite = geometry.get("type") in ("GeometryCollection", "MultiPoint")
        for part in geometry_parts(geometry):
            shape = shape_of(part["type"])
            drawing = {"feature": index, "id": ident, "shape": shape,
                       "options": path_options(style, shape, props),
                       "spreadable": small and shape == "point" and not composite}
            if shape == "point":
                drawing["point"] = _pixels(np.array([part["coordinates"][:2]], dtype=float), scale)[0]
            else:
                rings = [_pixels(np.array(ring, dtype=float)[:, :2], scale) for ring in _rings(part)]
                if shape == "line" and offset:
                    rings = [_offset(ring, offset) for ring in rings]
                drawing["rings"] = rings
            parts.append(drawing)
    return parts


def feature_id(feature: dict) -> Any:
    """The id the script keys a feature by: its own, else its properties'."""
    return feature.get("id", (feature.get("properties") or {}).get("id"))


def geometry_parts(geometry: dict) -> Iterator[dict]:
    """A geometry part by part, as BorderMap.geometryParts splits it."""
    if geometry.get("type") == "GeometryCollection":
        for member in geometry.get("geometries") or []:
            yield from geometry_parts(member)
    elif geometry.get("type") == "MultiPoint":
        for coordinates in geometry.get("coordinates") or []:
            yield {"type": "Point", "coordinates": coordinates}
    else:
        yield geometry


def _rings(geometry: dict) -> list[list]:
    """The lines of a path: a line's one, a polygon's rings (the closing position dropped, as
    Leaflet drops it), every part's of a multi-geometry."""
    kind, coordinates = geometry["type"], geometry.get("coordinates") or []
    if kind == "LineString":
        return [coordinates] if coordinates else []
    if kind == "MultiLineString":
        return [line for line in coordinates if line]
    polygons = coordinates if kind == "MultiPolygon" else [coordinates]
    rings = []
    for polygon in polygons:
        for ring in polygon:
            if len(ring) > 1 and ring[0] == ring[-1]:
                ring = ring[:-1]
            if ring:
                rings.append(ring)
    return rings


def _offset(points: np.ndarray, pixels: float) -> np.ndarray:
    """firstview.js's offsetRing: each position moved `pixels` along the left-hand normal of
    the course through it (from the position before to the one after)."""
    before = np.vstack([points[:1], points[:-1]])
    after = np.vstack([points[1:], points[-1:]])
    d = after - before
    length = np.hypot(d[:, 0], d[:, 1])
    length[length == 0] = 1
    return np.column_stack([points[:, 0] + d[:, 1] / length * pixels, points[:, 1] - d[:, 0] / length * pixels])


def _spread_markers(drawings: list[list[dict]]) -> None:
    """firstview.js's spreadMarkers: a few markers whose discs touch are set around a circle."""
    points = in_script_order([d for parts in drawings for d in parts if d["spreadable"]], lambda d: d["id"])
    if len(points) < 2:
        return
    at = [d["point"] for d in points]
    radius = [d["options"]["radius"] + (d["options"]["weight"] or 0) / 2 for d in points]
    group = list(range(len(points)))

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            if math.dist(at[i], at[j]) < radius[i] + radius[j] + CLEARANCE:
                group[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for k in range(len(points)):
        members.setdefault(find(k), []).append(k)
    for ks in members.values():
        if len(ks) < 2 or len(ks) > SPREAD_AT_MOST:
            continue
        centre = sum(at[k] for k in ks) / len(ks)
        widest = max(radius[k] for k in ks)
        ring = max(widest + CLEARANCE, (widest + CLEARANCE) / math.sin(math.pi / len(ks)))
        for n, k in enumerate(ks):
            angle = math.pi + 2 * math.pi * n / len(ks)
            points[k]["point"] = centre + np.array([math.cos(angle) * ring, math.sin(angle) * ring])


def in_script_order(items: list[T], ident: Callable[[T], Any]) -> list[T]:
    """Items (drawn parts, features) in the order the script meets them by their feature's id
    (`Object.keys(BorderMap.features)`): ids that are array indices first, by number, then the
    others as drawn; one per id."""
    seen: dict[str, T] = {}
    for item in items:
        seen.setdefault(str(ident(item)), item)
    index = {key for key in seen if key.isdigit() and (key == "0" or not key.startswith("0")) and int(key) < 2**32 - 1}
    others = [key for key in seen if key not in index]
    return [seen[key] for key in sorted(index, key=int) + others]


def _path_element(drawing: dict, origin: np.ndarray) -> str:
    options = drawing["options"]
    if drawing["shape"] == "point":
        x, y = (int(v) for v in _round(drawing["point"] - origin))
        r = max(int(_round(np.array([options["radius"]]))[0]), 1)
        arc = f"a{r},{r} 0 1,0 "
        d = f"M{x - r},{y}{arc}{r * 2},0 {arc}{-r * 2},0 "
    else:
        closed = drawing["shape"] == "area"
        d = ""
        for ring in drawing["rings"]:
            points = [(int(x), int(y)) for x, y in _simplify(_round(ring - origin))]
            d += f"M{points[0][0]} {points[0][1]}" + _relative(points) + ("z" if closed else "")
        d = d or "M0 0"
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in svg_attributes(options).items())
    return f'<path data-id="{escape(str(drawing["id"]))}" d="{d}"{attrs}></path>'


def _relative(points: list[tuple[int, int]]) -> str:
    """The lines from each position to the next as SVG's relative "l" (the same path as Leaflet's
    absolute "L"s, in about half the characters: a minus sign separates numbers by itself)."""
    if len(points) < 2:
        return ""
    out = ["l"]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        for number in (x1 - x0, y1 - y0):
            if number >= 0 and out[-1] != "l":
                out.append(" ")
            out.append(str(number))
    return "".join(out)


def _round(values: np.ndarray) -> np.ndarray:
    """JavaScript's Math.round (halves up), as Leaflet rounds a point."""
    return np.floor(values + 0.5)


def _simplify(points: np.ndarray) -> list[tuple[float, float]]:
    """Leaflet's LineUtil.simplify at TOLERANCE: radial distance, then Douglas–Peucker."""
    pts = [tuple(p) for p in points.tolist()]
    if len(pts) < 2:
        return pts
    sq = TOLERANCE * TOLERANCE
    reduced, prev = [pts[0]], 0
    for i in range(1, len(pts)):
        if (pts[i][0] - pts[prev][0]) ** 2 + (pts[i][1] - pts[prev][1]) ** 2 > sq:
            reduced.append(pts[i])
            prev = i
    if prev < len(pts) - 1:
        reduced.append(pts[-1])
    keep = [False] * len(reduced)
    keep[0] = keep[-1] = True
    stack = [(0, len(reduced) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            dist = _sq_segment_distance(reduced[i], reduced[first], reduced[last])
            if dist > best:
                best, index = dist, i
        if index is not None and best > sq:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(reduced, keep, strict=True) if kept]


def _sq_segment_distance(p, a, b) -> float:
    """Leaflet's _sqClosestPointOnSegment: the squared distance from p to the segment a–b."""
    x, y = a
    dx, dy = b[0] - x, b[1] - y
    dot = dx * dx + dy * dy
    if dot > 0:
        t = ((p[0] - x) * dx + (p[1] - y) * dy) / dot
        if t > 1:
            x, y = b
        elif t > 0:
            x, y = x + dx * t, y + dy * t
    return (p[0] - x) ** 2 + (p[1] - y) ** 2
