"""Geometry of the province and boundary layers: noding, splitting, simplifying, writing.

Everything works on a grid of GRID degrees, so shared edges stay identical on both sides and
the same inputs give byte-identical output.
"""

from __future__ import annotations

import math

import shapely
from pyproj import Geod
from shapely.geometry import MultiPoint, mapping
from shapely.ops import linemerge

GRID = 1e-5  # coordinate grid in degrees (5 decimals, about 1 m)
TOLERANCE = 0.006  # coverage simplification tolerance in degrees (about 450 m)
M_PER_DEG = 111_320  # an upper bound for one degree of latitude or longitude, in metres
GEOD = Geod(ellps="WGS84")


def snap(geom):
    return shapely.set_precision(geom, GRID)


def largest_first(geom):
    return sorted(shapely.get_parts(geom), key=lambda p: -p.area)


def length_km(geom) -> float:
    return GEOD.geometry_length(geom) / 1000.0


def parts_at(unit, points: list[tuple[float, float]], where: str) -> list:
    """The part of unit under each (lon, lat) point, in order; every part must be under exactly one.

    Stops when a point is on no part or a part has no point, so no part is handed out unseen.
    """
    parts = list(shapely.get_parts(unit))
    tree = shapely.STRtree(parts)
    owner: dict[int, int] = {}
    for i, (lon, lat) in enumerate(points):
        hits = tree.query(shapely.Point(lon, lat), predicate="within")
        if len(hits) != 1:
            raise SystemExit(f"{where}[{i}]: expected [{lon}, {lat}] on one part of the unit, "
                             f"found it on {len(hits)}")
        j = int(hits[0])
        if j in owner:
            raise SystemExit(f"{where}[{i}]: [{lon}, {lat}] is on the same part as {where}[{owner[j]}]")
        owner[j] = i
    unclaimed = [parts[j] for j in range(len(parts)) if j not in owner]
    if unclaimed:
        at = [[round(c, 3) for c in g.representative_point().coords[0]] for g in unclaimed]
        raise SystemExit(f"{where}: {len(unclaimed)} part(s) of the unit have no row, at {at}")
    return [parts[j] for j in sorted(owner, key=owner.get)]


def split_region(unit, places: list[dict], country: str, old_code: str, new_code: str):
    """Area nearer to GeoNames places of first-level code new_code than to those of old_code.

    Returns the region and how many places were used.
    """
    pts, is_new = [], []
    zone = unit.buffer(0.05)
    for p in places:
        if p["country"] != country or p["admin1"] not in (old_code, new_code):
            continue
        pt = shapely.Point(float(p["lng"]), float(p["lat"]))
        if zone.contains(pt):
            pts.append(pt)
            is_new.append(p["admin1"] == new_code)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(MultiPoint(pts), extend_to=unit.envelope.buffer(1.0), ordered=True)
    )
    return shapely.union_all([c for c, new in zip(cells, is_new, strict=True) if new]), len(pts)


def rebuild_coverage(units: dict[str, object], extra_line, split_id, region, new_id):
    """Node every edge plus extra_line on the grid, polygonise, and give faces back to units.

    Faces of split_id inside region go to new_id. Noding the whole coverage at once keeps
    shared edges identical on both sides, which coverage simplification needs.
    """
    ids = sorted(units)
    lines = shapely.union_all([units[i].boundary for i in ids] + [extra_line], grid_size=GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    tree = shapely.STRtree([units[i] for i in ids])
    pieces: dict[str, list] = {}
    for face in faces:
        point = face.point_on_surface()
        hits = [ids[j] for j in tree.query(point, predicate="within")]
        if not hits:
            continue  # a hole between units, e.g. a lake or the sea inside an outline
        owner = hits[0]
        if owner == split_id and region.contains(point):
            owner = new_id
        pieces.setdefault(owner, []).append(face)
    out = {k: shapely.union_all(v, grid_size=GRID) for k, v in pieces.items()}
    # the new unit keeps its largest part; strays go back to the unit it was split from
    parts = largest_first(out[new_id])
    if len(parts) > 1:
        out[new_id] = parts[0]
        out[split_id] = shapely.union_all([out[split_id], *parts[1:]], grid_size=GRID)
    parts = largest_first(out[split_id])
    if len(parts) > 1:
        out[split_id] = parts[0]
        out[new_id] = shapely.union_all([out[new_id], *parts[1:]], grid_size=GRID)
    return out


def precision_m(original, simplified) -> int:
    """Stated radius: the largest shift that simplification caused, rounded up to 500 m."""
    shift = original.hausdorff_distance(simplified) * M_PER_DEG
    return max(500, int(math.ceil(shift / 500.0)) * 500)


def simplify_coverage(units: dict[str, object]) -> dict[str, object]:
    """Simplify all units together, so neighbours keep one shared edge."""
    ids = sorted(units)
    geoms = [units[i] for i in ids]
    if not shapely.coverage_is_valid(geoms, gap_width=0.0):
        raise SystemExit("input polygons do not form a valid coverage")
    simple = shapely.coverage_simplify(geoms, TOLERANCE, simplify_boundary=True)
    out = {}
    for i, g in zip(ids, simple, strict=True):
        g = snap(g)
        if not g.is_valid or g.is_empty:
            raise SystemExit(f"{i}: simplified geometry is not valid")
        out[i] = g
    return out


def shared_edge(a, b):
    """Merged line where two polygonal areas touch (their common boundary)."""
    common = a.boundary.intersection(b.boundary)
    lines = [g for g in shapely.get_parts(common) if g.geom_type == "LineString"]
    lines += [
        seg for g in shapely.get_parts(common) if g.geom_type == "MultiLineString"
        for seg in g.geoms
    ]
    return snap(linemerge(lines))


def touches_boundary(geom, boundary) -> bool:
    """Whether more than 1 km of the area's outline runs along the boundary."""
    return length_km(geom.boundary.intersection(boundary.buffer(GRID * 10))) > 1.0


def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [rounded(c) for c in coords]


def geometry_json(geom) -> dict:
    """RFC 7946 geometry: exteriors counter-clockwise, largest part first, 5 decimals."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
        parts = largest_first(geom)
        geom = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": rounded(gj["coordinates"])}
