"""Pages for people: the map, and the assets it needs."""

from __future__ import annotations

import os
from typing import BinaryIO, Iterator

from flask import Blueprint, Response, request, send_file, url_for
from flask_babel import gettext as _

from bordermap import queries
from bordermap.i18n import DEFAULT_LANGUAGE
from bordermap.mapview.export import ExportOptions, parse_view
from bordermap.mapview.page import map_page
from bordermap.model import SECTORS

from .language import language_links, words
from .resources import assets, exports, sources_dir, store
from .security import allow_framing, embed_origins, script_nonce

bp = Blueprint("pages", __name__)
CHUNK = 1 << 20  # bytes of the export sent at a time


def _nav() -> list[dict]:
    return [
        # The export is written in the page's language, whether or not `?lang=` chose it
        # (English, the default, needs no parameter).
        {"label": _("Download map (HTML)"), "download": True,
         "href": url_for("pages.export_html", lang=None if words().lang == DEFAULT_LANGUAGE else words().lang)},
        {"label": _("Add data"), "href": url_for("edit.upload")},
        {"label": _("Revisions"), "href": url_for("edit.revisions")},
        {"label": _("Layers (JSON)"), "href": url_for("api.layers")},
    ]


@bp.get("/")
def index():
    """The map with every layer, fetched by URL so the page stays light."""
    return _map(embed=False)


@bp.get("/embed")
def embed():
    """The map for another site's page: the map alone, framed only by the sites configured."""
    allow_framing()
    return _map(embed=True)


def _map(*, embed: bool) -> Response:
    current = store()
    lang = None if words().lang == DEFAULT_LANGUAGE else words().lang
    links = {"embed": url_for("pages.embed"), "embedOrigins": " ".join(embed_origins())}
    full_map = {"label": _("Open the full map"), "href": url_for("pages.index", lang=lang), "target": "_blank"}
    nav = [full_map] if embed else _nav()
    state = queries.data_state(current)
    html = map_page(
        current,
        layers=queries.live_layer_configs(current, lambda lid: url_for("api.features", layer=lid), state),
        commitments={"url": url_for("api.commitments"), "documentsUrl": url_for("api.documents"),
                     "sectors": SECTORS},
        nav=nav,
        nonce=script_nonce(),
        links=links,
        embed=embed,
        link_for=lambda path: url_for("pages.asset", path=path),
        state=state,
        words=words(),
        languages=language_links(),
    )
    return Response(html, mimetype="text/html")


@bp.get("/export.html")
def export_html():
    """The same self-contained file as `bordermap export`, as a download (built once per data)."""
    current = store()
    layers = request.args.get("layers")
    options = ExportOptions(
        layers=[part for part in layers.split(",") if part] if layers else None,
        view=parse_view(request.args["view"]) if request.args.get("view") else None,
        sources_dir=sources_dir(),
        lang=words().lang,
    )
    name = f"bordermap-{queries.dataset_as_of(current) or 'map'}.html"
    handle = exports().open(current, options)
    size = handle.seek(0, os.SEEK_END)
    handle.seek(0)
    return Response(_chunks(handle), mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Content-Length": str(size)})


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The file a piece at a time, closed when sent or when the client goes away."""
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


@bp.get("/assets/<path:path>")
def asset(path: str):
    """Leaflet (from xstatic-leaflet) and bordermap's own scripts and styles."""
    package, _, name = path.partition("/")
    file = assets().path(package, name)
    return send_file(file, mimetype=assets().mime(file), max_age=3600)
