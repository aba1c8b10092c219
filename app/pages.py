"""Pages for people: the map, and the assets it needs."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_file, url_for

from bordermap import queries
from bordermap.mapview.export import ExportOptions, build_export, parse_view
from bordermap.model import SECTORS
from bordermap.mapview.mapbuild import MapConfig, build_map, render_document

from .resources import assets, store
from .security import script_nonce

bp = Blueprint("pages", __name__)

SUBTITLE = "Cambodia–Viet Nam border commitments"
TITLE = f"bordermap: {SUBTITLE}"


def _nav() -> list[dict]:
    return [
        {"label": "Download map (HTML)", "href": url_for("pages.export_html"), "download": True},
        {"label": "Add data", "href": url_for("edit.upload")},
        {"label": "Revisions", "href": url_for("edit.revisions")},
        {"label": "Layers (JSON)", "href": url_for("api.layers")},
    ]


@bp.get("/")
def index():
    """The map with every layer, fetched by URL so the page stays light."""
    current = store()
    state = queries.data_state(current)
    config = MapConfig(
        layers=queries.live_layer_configs(current, lambda lid: url_for("api.features", layer=lid), state),
        commitments={
            "url": url_for("api.commitments"),
            "documentsUrl": url_for("api.documents"),
            "sectors": SECTORS,
        },
        as_of=queries.dataset_as_of(current, state),
        dataset_version=queries.dataset_version(current, state),
    )
    html = render_document(
        build_map(),
        config,
        title=TITLE,
        assets=assets(),
        chrome={"as_of": config.as_of, "dataset_version": config.dataset_version, "nav": _nav(),
                "brand": "bordermap", "subtitle": SUBTITLE, "nonce": script_nonce(),
                # The data starts downloading while the scripts load and run.
                "preload": [c["url"] for c in config.layers]
                + [config.commitments["url"], config.commitments["documentsUrl"]]},
        link_for=lambda path: url_for("pages.asset", path=path),
    )
    return Response(html, mimetype="text/html")


@bp.get("/export.html")
def export_html():
    """The same self-contained file as `bordermap export`, as a download."""
    current = store()
    sources = current_app.config.get("SOURCES_DIR")
    layers = request.args.get("layers")
    options = ExportOptions(
        layers=[part for part in layers.split(",") if part] if layers else None,
        view=parse_view(request.args["view"]) if request.args.get("view") else None,
        sources_dir=Path(sources) if sources else None,
    )
    html = build_export(current, options)
    name = f"bordermap-{queries.dataset_as_of(current) or 'map'}.html"
    return Response(html, mimetype="text/html",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/assets/<path:path>")
def asset(path: str):
    """Leaflet (from xstatic-leaflet) and bordermap's own scripts and styles."""
    package, _, name = path.partition("/")
    file = assets().path(package, name)
    return send_file(file, mimetype=assets().mime(file), max_age=3600)
