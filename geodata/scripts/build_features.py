"""Write the curated point and line layers of bordermap from the facts in geodata/facts/.

Run from the repository root:  python geodata/scripts/build_features.py [--out DIR]

Reads checkpoints.toml, routes.toml, places.toml and the sources they cite (sources.toml,
../documents.toml) and writes checkpoints.geojson, expressways.geojson, railways.geojson,
corridors.geojson and places.geojson (RFC 7946, [lon, lat], at most 6 decimals, features
sorted by id, one feature per line).

No public source gives the coordinates of the border gates. Each gate's fact is our own
estimate of where its road crosses the border; this script moves that estimate to the nearest
point of the boundary line in geodata/boundary.geojson, so a gate always sits on the boundary
the map draws. Rerun it whenever boundary.geojson or a fact changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, Point, shape

import facts as fact_files
from geojson_text import dumps_collection, feature, write_atomic

GEODATA = Path(__file__).resolve().parents[1]
BOUNDARY_FILE = GEODATA / "boundary.geojson"
METRIC_CRS = "EPSG:32648"  # UTM zone 48N covers the whole Cambodia-Viet Nam border
MAX_SNAP_M = 12_000  # an estimate further than this from the line means the line is wrong here
GEOD = Geod(ellps="WGS84")

# The order of the properties in the written files (it is part of their byte-for-byte form).
NAME_FACTS = {"name", "name_km", "name_vi", "name_km_status", "name_vi_status", "names_sources"}
CHECKPOINT_KEYS = ("gate_kh", "gate_kh_status", "gate_kh_km", "gate_kh_vi", "gate_vn", "gate_vn_status", "gate_vn_vi",
                   "province_kh", "province_vn", "province_vn_pre2025", "checkpoint_type", "opened", "status",
                   "status_date")
CHECKPOINT_FACTS = {"id", "highlight", "road", "placement_note", "road_estimate", "precision_m",
                    "about", "sources", "names_note", *NAME_FACTS, *CHECKPOINT_KEYS}
ROUTE_KEYS = ("kind", "status", "status_date", "length_km", "indicative", "location_precision",
              "precision_m", "description")
ROUTE_FACTS = {"id", "coordinates", "at_checkpoint", "sources", *NAME_FACTS, *ROUTE_KEYS}
PLACE_FACTS = {"id", "label", "lat", "lon", "precision_m", "about", "sources", *NAME_FACTS}


# --- geometry ------------------------------------------------------------------------------

_TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_LONLAT = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


def to_metric(geom):
    """Reproject a shapely geometry from EPSG:4326 to the metric CRS."""
    # the (n, 2) array form of shapely.transform works on every shapely 2.x
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def load_boundary(path: Path = BOUNDARY_FILE):
    """Return the boundary as one shapely (Multi)LineString in EPSG:4326."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for feat in data["features"]:
        geom = shape(feat["geometry"])
        lines.extend(getattr(geom, "geoms", [geom]))
    return lines[0] if len(lines) == 1 else MultiLineString(lines)


def snap_to_line(lonlat, line_m):
    """Nearest point of a metric line to [lon, lat]; returns ([lon, lat], move in metres)."""
    pt = to_metric(Point(lonlat))
    parts = [line_m] if isinstance(line_m, LineString) else list(line_m.geoms)
    nearest = min((g.interpolate(g.project(pt)) for g in parts), key=pt.distance)
    lon, lat = _TO_LONLAT.transform(nearest.x, nearest.y)
    return [round(lon, 6), round(lat, 6)], pt.distance(nearest)


def line_length_km(coords) -> float:
    """Geodesic length of a [lon, lat] line on the WGS84 ellipsoid."""
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats) / 1000


def rounded(coords):
    return [[round(x, 6), round(y, 6)] for x, y in coords]


# --- features ------------------------------------------------------------------------------

def unknown_keys(entries: list[dict], allowed: set[str], where: str) -> list[str]:
    """Keys a fact gives that this script would silently drop (a typo, or a new property)."""
    return [f"{where}[{e.get('id', i)}]: unknown key {key!r}"
            for i, e in enumerate(entries) for key in e if key not in allowed]


def cited(fact: dict) -> list[str]:
    """The source ids of a fact and of its names, each once."""
    return list(dict.fromkeys(fact["sources"] + fact.get("names_sources", [])))


def build_checkpoints(facts, boundary) -> tuple[list[dict], list[tuple[str, float]]]:
    """The gates, each moved from its road estimate onto the boundary line."""
    line_m = to_metric(boundary)
    features, moves = [], []
    for cp in facts.checkpoints:
        where, moved = snap_to_line(cp["road_estimate"], line_m)
        if moved > MAX_SNAP_M:
            # The line does not reach this gate: keep our estimate rather than drag the gate
            # tens of km along a wrong boundary; the tests then flag the gap.
            print(f"WARNING {cp['id']}: estimate is {moved / 1000:.1f} km from the boundary line; "
                  "left unsnapped - check boundary.geojson", file=sys.stderr)
            where = [round(v, 6) for v in cp["road_estimate"]]
            placed = "and kept that estimate because the map's boundary line does not reach it"
        else:
            placed = f"then moved that estimate {moved / 1000:.1f} km to the nearest point of the map's boundary line"
        moves.append((cp["id"], moved))
        props = {"id": cp["id"], "kind": "checkpoint", **fact_files.names(cp)}
        props.update((key, cp[key]) for key in CHECKPOINT_KEYS if key in cp)
        props["highlight"] = cp.get("highlight", False)
        props["location_precision"] = "approximate"
        props["precision_m"] = cp["precision_m"]
        props["description"] = (
            f"{cp['about']} Placed by us, not from a source: no published coordinates exist for "
            f"this gate, so we estimated where {cp['road']} meets the border from nearby towns "
            f"(GeoNames) and the road's course, {placed}."
            + (f" {cp['placement_note']}" if "placement_note" in cp else "")
            + (f" Names: {cp['names_note']}" if "names_note" in cp else ""))
        props["sources"] = facts.cite(cited(cp))
        features.append(feature(props, {"type": "Point", "coordinates": where}))
    return features, moves


def build_route(fact: dict, facts, gates: dict[str, list]) -> dict:
    """A line drawn through its vertices, or a point at the gate it names."""
    if "at_checkpoint" in fact:
        geometry = {"type": "Point", "coordinates": gates[fact["at_checkpoint"]]}
    else:
        geometry = {"type": "LineString", "coordinates": rounded(fact["coordinates"])}
    props = {"id": fact["id"], "kind": fact["kind"], **fact_files.names(fact)}
    props.update((key, fact[key]) for key in ROUTE_KEYS if key in fact)
    if geometry["type"] == "LineString":
        drawn = f"{line_length_km(geometry['coordinates']):.0f}"
        props["description"] = props["description"].replace("{drawn_km}", drawn)
    props["sources"] = facts.cite(cited(fact))
    return feature(props, geometry)


def build_place(fact: dict, facts) -> dict:
    """A town at its GeoNames centre."""
    props = {"id": fact["id"], "kind": "place", **fact_files.names(fact)}
    if fact.get("label"):
        props["label"] = True  # named on the map, so the map reads without a basemap
    props["location_precision"] = "approximate"
    props["precision_m"] = fact["precision_m"]
    props["description"] = f"{fact['about']} Point at the town centre given by GeoNames."
    props["sources"] = facts.cite(cited(fact))
    point = [round(fact["lon"], 6), round(fact["lat"], 6)]
    return feature(props, {"type": "Point", "coordinates": point})


def build_layers(facts, boundary) -> tuple[dict[str, list[dict]], list[tuple[str, float]]]:
    """The features of each layer file, by file name, and how far each gate was moved."""
    problems = unknown_keys(facts.checkpoints, CHECKPOINT_FACTS, "checkpoints.toml: checkpoints")
    problems += unknown_keys(facts.places, PLACE_FACTS, "places.toml: places")
    for layer, entries in facts.routes.items():
        problems += unknown_keys(entries, ROUTE_FACTS, f"routes.toml: {layer}")
    if problems:
        raise fact_files.FactsError("\n".join(problems))
    checkpoints, moves = build_checkpoints(facts, boundary)
    gates = {f["id"]: f["geometry"]["coordinates"] for f in checkpoints}
    layers = {"checkpoints": checkpoints, "places": [build_place(p, facts) for p in facts.places]}
    for layer, entries in facts.routes.items():
        layers[layer] = [build_route(r, facts, gates) for r in entries]
    return {f"{name}.geojson": feats for name, feats in layers.items()}, moves


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GEODATA, help="output folder (default: geodata/)")
    args = parser.parse_args(argv)
    layers, moves = build_layers(fact_files.load(), load_boundary())
    for name, feats in layers.items():
        write_atomic(args.out / name, dumps_collection(feats))
        print(f"wrote {name}: {len(feats)} features")
    for cid, moved in moves:
        print(f"  {cid:30s} moved {moved / 1000:5.2f} km onto the boundary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
