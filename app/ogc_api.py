"""OGC API – Features at /ogc: each view checks its parameters, calls `bordermap.ogc`, renders.

JSON or HTML is chosen by `f=json|html`, else by the `Accept` header (JSON when it does not
prefer HTML); errors follow the same choice (see error_handlers). The HTML pages' words are in
`ogc_html`; Part 4's writes join this blueprint from `ogc_edit_api`.
"""

from __future__ import annotations

import hashlib

import orjson
from flask import Blueprint, Response, render_template, request, url_for

from bordermap import ogc, ogc_items, ogc_openapi, ogc_schema
from bordermap.errors import MalformedInput, NotFound
from bordermap.ogc_params import refuse_repeated

from .ogc_html import PAGE_LANGUAGE, as_json, in_page_language, page_links, place_name, value_language
from .resources import store

bp = Blueprint("ogc", __name__, url_prefix="/ogc")
FORMATS = ("json", "html")


def output_format() -> str:
    """"json" or "html", from `f` or else `Accept`; MalformedInput for another `f`."""
    chosen = request.args.get("f")
    if chosen is not None:
        if chosen not in FORMATS:
            raise MalformedInput(f"f: expected one of {', '.join(FORMATS)}, got {chosen!r}")
        return chosen
    best = request.accept_mimetypes.best_match(
        ["application/json", "application/geo+json", ogc.OPENAPI, "text/html"], default="application/json")
    return "html" if best == "text/html" else "json"


def answers_html() -> bool:
    """Whether this request is answered by an HTML page, which speaks the reader's language, and
    not by a JSON document, the same in every language (False for an `f` the API refuses)."""
    try:
        return output_format() == "html"
    except MalformedInput:
        return False


def _base() -> str:
    return url_for("ogc.landing", _external=True).rstrip("/")


def _simple_args() -> str:
    ogc.refuse_unknown(request.args, ("f", PAGE_LANGUAGE))
    return output_format()


def _answer(doc: dict, fmt: str, kind: str, media: str = ogc.JSON) -> Response:
    if fmt == "html":
        base = _base()
        response = Response(render_template("ogc.html", doc=doc, kind=kind, base=base, here=page_links(base),
                                            in_page_language=in_page_language, place_name=place_name,
                                            as_json=as_json, value_language=value_language),
                            mimetype="text/html")
    else:
        response = Response(orjson.dumps(doc), mimetype=media)
    response.vary.add("Accept")
    return response


# Served at /ogc too, the address the README gives and the landing page's own links name: a
# redirect to /ogc/ is one a browser does not follow for a script of another origin (review 23, #5).
@bp.get("/", strict_slashes=False)
def landing():
    fmt = _simple_args()
    return _answer(ogc.landing_page(store(), _base(), fmt), fmt, "landing")


@bp.get("/api")
def api_definition():
    fmt = _simple_args()
    return _answer(ogc_openapi.openapi(store(), _base()), fmt, "api", ogc.OPENAPI)


@bp.get("/conformance")
def conformance():
    fmt = _simple_args()
    return _answer(ogc.conformance(_base(), fmt), fmt, "conformance")


@bp.get("/collections")
def collections():
    fmt = _simple_args()
    return _answer(ogc.collections_doc(store(), _base(), fmt), fmt, "collections")


@bp.get("/collections/<collection_id>")
def collection(collection_id: str):
    fmt = _simple_args()
    return _answer(ogc.collection_doc(store(), _base(), collection_id, fmt), fmt, "collection")


@bp.get("/collections/<collection_id>/schema")
def schema(collection_id: str):
    """The JSON Schema of the collection's features (JSON only: it is for programs)."""
    ogc.refuse_unknown(request.args, ("f", PAGE_LANGUAGE))
    if request.args.get("f", "json") != "json":
        raise MalformedInput(f"f: the schema is JSON only; expected json, got {request.args['f']!r}")
    return _answer(ogc_schema.feature_schema(store(), _base(), collection_id), "json", "schema", ogc.SCHEMA)


@bp.get("/collections/<collection_id>/items")
def items(collection_id: str):
    fmt = output_format()
    args = {name: request.args.get(name, "") for name in request.args if name != PAGE_LANGUAGE}
    refuse_repeated(request.args)
    doc = ogc_items.items(store(), _base(), collection_id, args, fmt)
    response = _answer(doc, fmt, "items", ogc.GEOJSON)
    # The paging links as headers too (RFC 8288), for clients that page without reading the body.
    paging = [f'<{link["href"]}>; rel="{link["rel"]}"' for link in doc["links"] if link["rel"] in ("next", "prev")]
    if paging:
        response.headers["Link"] = ", ".join(paging)
    return response


@bp.get("/collections/<collection_id>/items/<path:feature_id>")
def feature(collection_id: str, feature_id: str):
    fmt = _simple_args()
    doc = ogc_items.feature(store(), _base(), collection_id, feature_id, fmt)
    version = _tag(_version(collection_id, feature_id), doc) if fmt == "json" else None
    if version is not None and request.if_none_match.contains(version):
        response = Response(status=304)
        response.set_etag(version)
        return response
    response = _answer(doc, fmt, "feature", ogc.GEOJSON)
    response.headers["Link"] = f'<{_base()}/collections/{collection_id}>; rel="collection"'
    if version is not None:
        response.set_etag(version)  # strong: what a change sends back as If-Match (Part 4)
    return response


def _tag(version: str | None, doc: dict) -> str | None:
    """The feature's ETag: its version (what If-Match compares) and a digest of its JSON, which
    also holds what changes apart from the feature: the commitments that name it (a link added
    or retired kept the same tag, and a cache its old body: review 20, F2)."""
    if version is None:
        return None
    # Not its links: they name the server's own address, which differs from server to server
    # before a proxy gives them one, and a tag must hold across servers.
    held = {key: value for key, value in doc.items() if key != "links"}
    return f"{version}.{hashlib.sha256(orjson.dumps(held, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]}"


def current_tag(collection_id: str, feature_id: str) -> str | None:
    """The tag a GET of the feature gives now (after a change)."""
    return _tag(_version(collection_id, feature_id),
                ogc_items.feature(store(), _base(), collection_id, feature_id, "json"))


def _version(collection_id: str, feature_id: str) -> str | None:
    """A user feature's version, its JSON answer's ETag; None for a curated one (never written)."""
    if store().layer(collection_id).origin != "user":
        return None
    try:
        return store().feature_version(feature_id)
    except NotFound:  # deleted since it was read: the answer is what it was
        return None


# Part 4's views join the blueprint wherever it is imported from (they import it from here).
from . import ogc_edit_api  # noqa: E402,F401
