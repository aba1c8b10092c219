"""Pages for people: the map, and the assets it needs."""

from __future__ import annotations

from flask import Blueprint, Response, send_file, url_for

from bordermap import api as library
from bordermap.model import SECTORS
from bordermap.mapbuild import MapConfig, build_map, render_document

from .resources import assets, store

bp = Blueprint("pages", __name__)

TITLE = "bordermap: Cambodia–Viet Nam border commitments"


def _nav() -> list[dict]:
    return [
        {"label": "Layers (JSON)", "href": url_for("api.layers")},
    ]


@bp.get("/")
def index():
    """The map with every layer, fetched by URL so the page stays light."""
    current = store()
    config = MapConfig(
        layers=library.live_layer_configs(current, lambda lid: url_for("api.features", layer=lid)),
        commitments={
            "url": url_for("api.commitments"),
            "documentsUrl": url_for("api.documents"),
            "sectors": SECTORS,
        },
        as_of=library.dataset_as_of(current),
        dataset_version=library.dataset_version(current),
    )
    html = render_document(
        build_map(config),
        title=TITLE,
        assets=assets(),
        chrome={"as_of": config.as_of, "dataset_version": config.dataset_version, "nav": _nav()},
        url_for_asset=lambda path: url_for("pages.asset", path=path),
    )
    return Response(html, mimetype="text/html")


@bp.get("/assets/<path:path>")
def asset(path: str):
    """Leaflet (from xstatic-leaflet) and bordermap's own scripts and styles."""
    package, _, name = path.partition("/")
    file = assets().path(package, name)
    return send_file(file, mimetype=assets().mime(file), max_age=3600)
