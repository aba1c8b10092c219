"""Downloads: layers in GIS formats (`/api/layers/<id>.<gpkg|csv|fgb|kml|shp.zip>`), the
commitments, documents and links as CSV and JSON (`/api/<table>.<csv|json>`) and the whole
dataset as one GeoPackage (`/api/bordermap.gpkg`).

(`.geojson` is the editing API's download, `edit_api.download_layer`.)
"""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from bordermap import download_formats, downloads, ogc, tables
from bordermap.errors import NotFound

from .resources import store

bp = Blueprint("downloads", __name__, url_prefix="/api")


def _file(name: str, media_type: str, body: bytes) -> Response:
    ogc.refuse_unknown(request.args, ())
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Link"] = f'<{url_for("api.licences", _external=True)}>; rel="license"'
    return response


def _layer(layer_id: str, fmt: str) -> Response:
    return _file(*downloads.layer_file(store(), layer_id, fmt))


def _table(table: str, fmt: str) -> Response:
    return _file(*tables.table_file(store(), table, fmt))


@bp.get("/bordermap.gpkg")
def dataset():
    """Every layer, the commitments, documents, links and licences in one GeoPackage."""
    return _file(*tables.dataset(store()))


def no_such_download(name: str):
    """A layer's address with an ending it does not download as (`.shp`, `.json`, `.GPKG`, none):
    404 naming the endings it does (where the editing API's DELETE on the same address made it
    405, "Method Not Allowed")."""
    layer = store().layer(name.partition(".")[0])  # a layer id has no dot; an unknown one says so
    endings = ", ".join(f".{ext}" for ext, _, _ in ogc.DOWNLOADS)
    raise NotFound(f"no download {name!r}; layer {layer.id!r} downloads as {endings}")


bp.add_url_rule("/layers/<name>", "no_such_download", no_such_download, methods=["GET"])
for _fmt in download_formats.FORMATS:
    bp.add_url_rule(f"/layers/<layer_id>.{_fmt}", "layer", _layer, methods=["GET"], defaults={"fmt": _fmt})
for _name in tables.TABLES:
    for _fmt in tables.MEDIA:
        bp.add_url_rule(f"/{_name}.{_fmt}", "table", _table, methods=["GET"], defaults={"table": _name, "fmt": _fmt})
