"""OGC API – Features at /ogc: each view checks its parameters, calls `bordermap.ogc`, renders.

JSON or HTML is chosen by `f=json|html`, else by the `Accept` header (JSON when it does not
prefer HTML); errors follow the same choice (see error_handlers).
"""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, render_template, request, url_for

from bordermap import ogc, ogc_openapi
from bordermap.errors import MalformedInput

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


def _base() -> str:
    return url_for("ogc.landing", _external=True).rstrip("/")


def _simple_args() -> str:
    ogc.refuse_unknown(request.args, ("f",))
    return output_format()


def _answer(doc: dict, fmt: str, kind: str, media: str = ogc.JSON) -> Response:
    if fmt == "html":
        response = Response(render_template("ogc.html", doc=doc, kind=kind, base=_base()), mimetype="text/html")
    else:
        response = Response(orjson.dumps(doc), mimetype=media)
    response.vary.add("Accept")
    return response


@bp.get("/")
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


@bp.get("/collections/<collection_id>/items")
def items(collection_id: str):
    fmt = output_format()
    args = {name: request.args.get(name, "") for name in request.args}
    repeated = sorted(name for name in request.args if len(request.args.getlist(name)) > 1)
    if repeated:
        raise MalformedInput(f"parameter {', '.join(map(repr, repeated))} given more than once")
    doc = ogc.items(store(), _base(), collection_id, args, fmt)
    response = _answer(doc, fmt, "items", ogc.GEOJSON)
    # The paging links as headers too (RFC 8288), for clients that page without reading the body.
    paging = [f'<{link["href"]}>; rel="{link["rel"]}"' for link in doc["links"] if link["rel"] in ("next", "prev")]
    if paging:
        response.headers["Link"] = ", ".join(paging)
    return response


@bp.get("/collections/<collection_id>/items/<path:feature_id>")
def feature(collection_id: str, feature_id: str):
    fmt = _simple_args()
    return _answer(ogc.feature(store(), _base(), collection_id, feature_id, fmt), fmt, "feature", ogc.GEOJSON)
