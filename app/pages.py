"""Pages for people: the map, and the assets it needs."""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import orjson
from flask import Blueprint, Response, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _

from bordermap import licences, ogc, queries, settings
from bordermap.errors import BordermapError, StoreUnavailable
from bordermap.i18n import DEFAULT_LANGUAGE, N_
from bordermap.mapview.assets import BUNDLE
from bordermap.mapview.export import ExportOptions, parse_view
from bordermap.mapview.page import map_page
from bordermap.model import SECTORS

from .conventions import accepts_gzip, compressed, gzip_joined
from .language import language_links, words
from .resources import assets, exports, store
from .security import allow_framing, embed_origins, script_nonce
from .throttle import client_key

bp = Blueprint("pages", __name__)
log = logging.getLogger(__name__)


def _nav() -> list[dict]:
    return [
        # The export is written in the page's language, whether or not `?lang=` chose it
        # (English, the default, needs no parameter).
        {"label": _("Download map (HTML)"), "download": True,
         "href": url_for("pages.export_html", lang=None if words().lang == DEFAULT_LANGUAGE else words().lang)},
        {"label": _("Add data"), "href": url_for("edit.upload")},
        {"label": _("Revisions"), "href": url_for("edit.revisions")},
        # The page's title says the rest; the header keeps to one line on a desktop in every language.
        {"label": _("Data"), "href": url_for("pages.data")},
    ]


_TABLES = (("commitments", N_("Commitments")), ("documents", N_("Documents")),
           ("links", N_("Links between commitments and places")))


# What licenses an editors' layer (geodata/licences.toml's [user] licence, which the API and the
# downloads' LICENSE.txt give as it is), in the catalogue: our own sentence, said in the page's language.
USER_LICENCE = N_("As given by the person who uploaded it; bordermap grants none")


def _licence_said(layer, here) -> dict[str, str]:
    """A layer's licence for the data page, and the language it is written in: an editors' layer's
    in the page's; a curated layer's sources and their licences by the names they bear (English)."""
    if layer.origin == "user":
        return {"licence": here.gettext(USER_LICENCE), "licence_lang": here.lang}
    return {"licence": licences.for_layer(layer)["licence"], "licence_lang": "en"}


@bp.get("/data")
def data():
    """Every download in one place, in the page's language: the whole dataset, the tables, each
    layer in each GIS format, and the addresses GIS programs and developers use."""
    here = words()
    current = store()
    layers = [{"id": layer.id, "count": layer.feature_count, **_licence_said(layer, here),
               "title": here.gettext(layer.title) if layer.origin == "curated" else layer.title,
               # Each format as the OGC collections link it (ogc.DOWNLOADS), by the name a reader knows it by.
               "files": [(here.gettext(label), url_for("edit_api.download_layer", layer_id=layer.id) if fmt == "geojson"
                          else url_for("downloads.layer", layer_id=layer.id, fmt=fmt))
                         for fmt, _, label in ogc.DOWNLOADS]}
              for layer in current.layers()]
    tables = [{"label": here.gettext(label), "files": [(fmt.upper(), url_for("downloads.table", table=name, fmt=fmt))
                                                      for fmt in ("csv", "json")]} for name, label in _TABLES]
    lang = None if here.lang == DEFAULT_LANGUAGE else here.lang
    return render_template("data.html", layers=layers, tables=tables,
                           ogc_page=url_for("ogc.landing", f="html", lang=lang),
                           ogc_address=url_for("ogc.landing", _external=True))


# The map page for the last few (state of the data, language, address) it was asked for, kept per
# app, as bytes with a stand-in where each response puts its own script nonce: building it
# (folium, the template, the inlined layers) took most of the first view's wait for the page.
# The stand-in is random per process, so no stored text can hold it.
PAGES_KEPT = 32
_NONCE_SLOT = "bm" + secrets.token_hex(16)
_pages_lock = threading.Lock()


@bp.get("/")
def index():
    """The map: the layers shown at first inlined while small, the others fetched by URL."""
    return _map(embed=False)


@bp.get("/embed")
def embed():
    """The map for another site's page: the map alone, framed only by the sites configured."""
    allow_framing()
    return _map(embed=True)


def _map(*, embed: bool) -> Response:
    current = store()
    lang = None if words().lang == DEFAULT_LANGUAGE else words().lang
    links = {"embed": url_for("pages.embed"), "embedOrigins": " ".join(embed_origins()),
             "data": url_for("pages.data", lang=lang)}
    full_map = {"label": _("Open the full map"), "href": url_for("pages.index", lang=lang), "target": "_blank"}
    nav = [full_map] if embed else _nav()
    pages = current_app.extensions.setdefault("bordermap.pages", OrderedDict())
    # The app's own token keeps the compressed parts of its pages apart from another app's.
    token = current_app.extensions.setdefault("bordermap.pages_token", secrets.token_hex(8))

    def key_of(state: tuple) -> tuple:
        return (token, state, words().lang, request.script_root, request.full_path)

    def build(state: tuple) -> str:
        return map_page(
            current,
            layers=queries.live_layer_configs(current, lambda lid: url_for("api.features", layer=lid), state,
                                              lambda lid: url_for("api.layer_points_body", layer_id=lid),
                                              lambda lid: url_for("api.layer_search", layer_id=lid)),
            commitments={"url": url_for("api.commitments"), "documentsUrl": url_for("api.documents"),
                         "historyUrl": url_for("api.history"), "sectors": SECTORS},
            nav=nav,
            nonce=_NONCE_SLOT,
            links=links,
            embed=embed,
            link_for=lambda path: url_for("pages.asset", path=path),
            state=state,
            words=words(),
            languages=language_links(),
        )

    key = key_of(queries.data_state(current))
    with _pages_lock:
        parts = pages.get(key)
        if parts is not None:
            pages.move_to_end(key)
    if parts is None:
        # Kept under the state it is all of: the revision its header names, with that revision's
        # layers (built again when the data changed meanwhile; review 23, F1).
        state, html = queries.of_one_state(current, build, key[1])
        key = key_of(state)
        parts = html.encode("utf-8").split(_NONCE_SLOT.encode("ascii"))
        with _pages_lock:
            pages[key] = parts
            while len(pages) > PAGES_KEPT:
                pages.popitem(last=False)
    nonce = script_nonce().encode("ascii")
    if not accepts_gzip():
        return Response(nonce.join(parts), mimetype="text/html")
    response = Response(gzip_joined(parts, nonce, key=key), mimetype="text/html")
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


@bp.get("/export.html")
def export_html():
    """The same self-contained file as `bordermap export`, as a download (built once per data)."""
    current = store()
    layers = request.args.get("layers")
    options = ExportOptions(
        # A filter, not an order: "b,a,a" is the file of "a,b", built once.
        layers=sorted({part for part in layers.split(",") if part}) if layers else None,
        view=parse_view(request.args["view"]) if request.args.get("view") else None,
        lang=words().lang,
        base_url=request.url_root.rstrip("/"),
    )
    # Named for the day it was made, its "today" (review rv21a, L5: the curated data's date made
    # two files of different days one name, and read as a snapshot of that day); the language in
    # the name (but English's): the three files of one day do not overwrite one another.
    language = "" if options.lang == "en" else f"-{options.lang}"
    name = f"bordermap-{options.made_on}{language}.html"
    sent = exports().open(current, options, client_key(request.remote_addr))
    return Response(sent.chunks(), mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Content-Length": str(sent.size)})


@bp.get("/assets/<path:path>")
def asset(path: str):
    """Leaflet (from xstatic-leaflet) and bordermap's own scripts and styles."""
    package, _, name = path.partition("/")
    if package == "bordermap" and name == BUNDLE:
        return _text_asset(assets().bundle(), "text/javascript")
    file = assets().path(package, name)
    mime = assets().mime(file)
    if mime in COMPRESSIBLE:
        return _text_asset(file.read_bytes(), mime)
    return send_file(file, mimetype=mime, max_age=3600)


# Scripts, styles and the font shrink to a third or half when gzipped (a proxy would do it too;
# the app does it for clients that reach it directly).
COMPRESSIBLE = {"text/javascript", "text/css", "font/ttf", "image/svg+xml"}


def _text_asset(body: bytes, mime: str) -> Response:
    response = Response(body, mimetype=mime)
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    response.add_etag(weak=True)  # one tag for the plain and the gzipped bytes
    response = response.make_conditional(request)
    response.vary.add("Accept-Encoding")
    if response.status_code == 200 and accepts_gzip() and len(body) >= 1024:
        response.set_data(compressed(body))
        response.headers["Content-Encoding"] = "gzip"
    return response


# The store's answer to a health check runs on a thread of its own, one check at a time: a
# database that hangs rather than refuses (a stopped host, a full disk) held each check's server
# thread for the statement timeout plus BORDERMAP_DB_WAIT_S, 40 s by default, and checks every
# few seconds took every thread (review 23a, F7). The check answers within the wait; one still
# hung answers for the next.
_health_lock = threading.Lock()


@bp.get("/healthz")
def health():
    """For a proxy or a supervisor: 200 when this server answers and so does its store (one read
    of the store's own record: for PostgreSQL, a round trip to the database), else 503 with
    Retry-After, within BORDERMAP_DB_WAIT_S (review 20, F12). No page is built."""
    kind = "postgresql" if current_app.config.get("DATABASE_URL") else "sqlite"
    held = store()
    wait_s = settings.database(current_app.config).wait_s if kind == "postgresql" else HEALTH_WAIT_S
    try:
        curated = _checked(held, wait_s)
    except BordermapError as error:
        log.warning("health check: %s", error.message)
        answer = Response(orjson.dumps({"status": "unavailable", "store": kind}), status=503,
                          mimetype="application/json")
        answer.headers["Retry-After"] = str(wait_s)
    else:
        answer = Response(orjson.dumps({"status": "ok", "store": kind, "schema": held.schema_upgrade[1],
                                        "curated": curated}), mimetype="application/json")
    answer.headers["Cache-Control"] = "no-store"
    return answer


HEALTH_WAIT_S = 10  # SQLite's: a file that does not answer in that time is as good as gone


def _checked(held, wait_s: float) -> str:
    """The store's curated version, asked on a thread of its own and waited for `wait_s`;
    StoreUnavailable when it does not come, or a check before this one is still waiting. The
    thread is a daemon: a server stopping does not wait for a check a hung database holds."""
    with _health_lock:
        asked = current_app.extensions.get("bordermap.health")
        if asked is not None and not asked.done():
            raise StoreUnavailable("the store has not yet answered the health check before this one")
        asked = current_app.extensions["bordermap.health"] = Future()

        def check() -> None:
            try:
                asked.set_result(held.curated_version())
            except BaseException as error:  # noqa: BLE001 - handed to the request that waits
                asked.set_exception(error)

        threading.Thread(target=check, name="bordermap-health", daemon=True).start()
    try:
        return asked.result(timeout=wait_s)
    except FutureTimeout:
        raise StoreUnavailable(f"the store did not answer the health check within {wait_s} s") from None
