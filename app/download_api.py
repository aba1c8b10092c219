"""Layer downloads in GIS formats: `/api/layers/<id>.<gpkg|csv|fgb|kml|shp.zip>`.

(`.geojson` is the editing API's download, `edit_api.download_layer`.)
"""

from __future__ import annotations

from flask import Blueprint, Response

from bordermap import downloads

from .resources import store

bp = Blueprint("downloads", __name__, url_prefix="/api")


def _layer(layer_id: str, fmt: str) -> Response:
    name, media_type, body = downloads.layer_file(store(), layer_id, fmt)
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


for _fmt in downloads.FORMATS:
    bp.add_url_rule(f"/layers/<layer_id>.{_fmt}", "layer", _layer, methods=["GET"], defaults={"fmt": _fmt})
