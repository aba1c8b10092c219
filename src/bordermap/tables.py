"""The commitments, documents and links as tables (CSV and JSON), and the whole dataset as one
GeoPackage: every layer a table of features, with commitments, documents and links beside them.

Each file is built once per state of the data, as the layer downloads are. Lists in a table's
cells (a commitment's actors, the features it names) are written `; `-separated in CSV and
GeoPackage, and as arrays in JSON. The licences go inside the JSON (and its pointer to
`/api/licences`) and the GeoPackage (layer metadata and a `licences` table); a CSV has no place
for them that CSV readers would not take for data, so the page names them beside its link.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pandas
import pyogrio

from . import commitments as ledger
from . import download_columns, download_formats, licences, queries, tracking
from .download_columns import inert_in_spreadsheets
from .errors import NotFound
from .model import DATA_TABLES, DATASET_TABLES, LICENCES_TABLE
from .store import Store

TABLES = DATA_TABLES
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
DATASET_FILE = "bordermap.gpkg"
GPKG = "application/geopackage+sqlite3"

COMMITMENT_COLUMNS = ("id", "sector", "summary", "actors", "statement", "status", "stated", "document",
                      "paragraph", "features", "provinces", "user_features", "origin")


def _cell(value: Any) -> Any:
    """A value as a CSV or GeoPackage cell: lists joined with "; ", objects as JSON text."""
    if isinstance(value, list):
        return "; ".join(v if isinstance(v, str) else orjson.dumps(v).decode() for v in value)
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return value


def rows(store: Store, table: str) -> list[dict[str, Any]]:
    """The rows of one table, as JSON values: `commitments`, `documents` or `links`. The
    commitments are those the map shows, each with its status of today (its latest event, as
    the map and /api/commitments give it) and its origin (curated, or added by editors); a link
    names the origin of each side (the commitment's, and the feature's: curated or user); a
    retired one is left out, as everywhere readers look (its record stays in the revisions)."""
    if table == "commitments":
        return [{name: item.get(name) for name in COMMITMENT_COLUMNS} for item in ledger.commitments(store)]
    if table == "documents":  # an editors' document's full text stays with the editors (review 21, F3)
        return [ledger.public_document(item) for item in store.documents()]
    if table == "links":
        # Whose is each side, named apart: a reader took one `origin` column for who made the link
        # (an editors' commitment linked to a curated checkpoint read "curated").
        return [{"commitment_id": item["id"], "commitment_origin": item["origin"],
                 "feature_id": feature_id, "feature_origin": feature_origin}
                for item in ledger.commitments(store)
                for feature_origin, ids in (("curated", item["features"] + item["provinces"]),
                                            ("user", item["user_features"]))
                for feature_id in ids]
    raise NotFound(f"no table {table!r}; there are {', '.join(TABLES)}")


def _columns(items: list[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for item in items:
        names.update(dict.fromkeys(item))
    return list(names)


def _csv(items: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_columns(items), lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        writer.writerow({key: inert_in_spreadsheets(_cell(value)) for key, value in item.items()})
    return out.getvalue().encode("utf-8")


def _json(table: str, items: list[dict[str, Any]]) -> bytes:
    terms = licences.licences()
    return orjson.dumps({"table": table, "licences": "/api/licences",
                         "licence": "; ".join(f"{s['name']}: {s['licence']}" for s in terms["sources"]),
                         table: items})


def table_file(store: Store, table: str, fmt: str) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of one table as CSV or JSON; NotFound for another."""
    if table not in TABLES or fmt not in MEDIA:
        raise NotFound(f"no download {table}.{fmt}; there are "
                       + ", ".join(f"{t}.{f}" for t in TABLES for f in MEDIA))

    def build() -> bytes:
        items = rows(store, table)
        return _csv(items) if fmt == "csv" else _json(table, items)

    # Statuses are today's: a file built yesterday may hold a status an event dated today changed.
    body = queries.cached(store, ("table", table, fmt, tracking.today()), queries.data_state(store), build)
    return f"{table}.{fmt}", MEDIA[fmt], body


def _attributes(items: list[dict[str, Any]]) -> pandas.DataFrame:
    names = _columns(items)
    return pandas.DataFrame({name: [_cell(item.get(name)) for item in items] for name in names})


def dataset(store: Store) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of the whole dataset as one GeoPackage."""
    def build() -> bytes:
        with tempfile.TemporaryDirectory(prefix="bordermap-dataset-") as tmp:
            path = Path(tmp) / DATASET_FILE
            layers = store.layers()
            taken = set(DATASET_TABLES) | {layer.id for layer in layers}
            for layer in layers:
                features = store.features(layer.id)
                if not features:
                    continue
                terms = licences.for_layer(layer)
                name = download_formats.table_name(layer.id, taken - {layer.id})
                taken.add(name)
                pyogrio.write_dataframe(
                    download_columns.frame(features), path, layer=name, driver="GPKG", promote_to_multi=False,
                    dataset_options=download_formats.GPKG_VERSION,
                    # Identifiers are unique in a GeoPackage: a layer "links" cannot take the table's.
                    layer_options={"IDENTIFIER": name if layer.id in DATASET_TABLES else layer.id},
                    layer_metadata={"DESCRIPTION": layer.title, "LICENSE": terms["licence"]})
            for table in TABLES:
                pyogrio.write_dataframe(_attributes(rows(store, table)), path, layer=table, driver="GPKG",
                                        dataset_options=download_formats.GPKG_VERSION)
            every = licences.licences()
            pyogrio.write_dataframe(_attributes(
                [{"name": s["name"], "licence": s["licence"], "spdx": s.get("spdx", ""), "url": s.get("url", ""),
                  "attribution": s["attribution"], "layers": s.get("layers", [])} for s in every["sources"]]),
                path, layer=LICENCES_TABLE, driver="GPKG", dataset_options=download_formats.GPKG_VERSION)
            return path.read_bytes()

    body = queries.cached(store, ("dataset", "gpkg", tracking.today()), queries.data_state(store), build)
    return DATASET_FILE, GPKG, body
