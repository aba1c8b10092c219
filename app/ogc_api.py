"""OGC API – Features at /ogc: each view checks its parameters, calls `bordermap.ogc`, renders.

JSON or HTML is chosen by `f=json|html`, else by the `Accept` header (JSON when it does not
prefer HTML); errors follow the same choice (see error_handlers).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import urlencode

import orjson
from flask import Blueprint, Response, render_template, request, url_for

from bordermap import ogc, ogc_edit, ogc_items, ogc_openapi, ogc_schema
from bordermap.errors import MalformedInput, NotFound, PreconditionFailed, PreconditionRequired, UnsupportedMediaType
from bordermap.i18n import N_, text_lang
from bordermap.ogc_params import refuse_repeated
from bordermap.vocabulary import local_name

from .auth import require_bearer
from .edit_api import _author, limits
from .language import words
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


# `lang` picks the language of the HTML pages' own words (their language switcher adds it); the
# documents themselves are the same in any language, and no link in them carries it.
PAGE_LANGUAGE = "lang"


def _page_links(base: str):
    """How an OGC page links to another of its pages: keeping the language a reader chose there
    with `?lang=` (the documents' own links carry none)."""
    chosen = request.args.get(PAGE_LANGUAGE)
    query = urlencode({PAGE_LANGUAGE: chosen}) if chosen else ""

    def link(href: str) -> str:
        if not query or not (href == base or href.startswith((base + "/", base + "?"))):
            return href
        return f"{href}{'&' if '?' in href else '?'}{query}"

    return link


def _pattern(template: str) -> re.Pattern:
    """A title made from `template` ("the features of %(layer)s"), with its named parts."""
    return re.compile("^" + re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+)", re.escape(template)) + "$")


_TITLE_PATTERNS = [(template, _pattern(template)) for template in ogc.TITLE_PATTERNS]
# On the HTML pages a link a reader would take for something to read says it opens JSON, for
# programs; the map link beside it is the one for people (the JSON documents keep their title).
_HTML_TITLES = {ogc.COMMITMENTS_OF_FEATURE: N_("the commitments that name this feature, as JSON (for programs)")}


def in_page_language(text: str) -> str:
    """A document's own English words (a link's title, the API's name, a layer's made-up
    description, as bordermap.ogc writes them) in the HTML page's language, with the layer's
    title or the file format inside them too when the catalogue has them; other text as it is."""
    here = words()
    text = _HTML_TITLES.get(text, text)
    for template, pattern in _TITLE_PATTERNS:
        found = pattern.match(text)
        if found:
            parts = found.groupdict()
            return here.gettext(template) % {name: here.number(int(part)) if name == "count" and part.isdigit()
                                             else here.gettext(part) for name, part in parts.items()}
    return here.gettext(text)


def place_name(properties: dict | None, feature_id: str) -> tuple[str, str]:
    """A feature's name as the map names it in the page's language, and the language it is in."""
    return local_name(properties or {}, str(words().lang), str(feature_id))


def as_json(value) -> str:
    """A value of the data as JSON writes it (`true`, `null`, `1.5`, lists and objects, its keys
    in their order), every character as it is, for an HTML page to show (escaped there as any
    text); text itself as it is, without quotes. A space follows each comma and colon, so that a
    long list wraps between its items."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _simple_args() -> str:
    ogc.refuse_unknown(request.args, ("f", PAGE_LANGUAGE))
    return output_format()




def value_language(key: str, value: Any) -> str:
    """The language a property's value is written in, for a screen reader's voice: the one its
    name says (name_km, name_vi), else as far as its letters tell (`i18n.text_lang`), else
    English, the data's other language."""
    if key.endswith("_km"):
        return "km"
    if key.endswith("_vi"):
        return "vi"
    return (text_lang(value) if isinstance(value, str) else None) or "en"


def _answer(doc: dict, fmt: str, kind: str, media: str = ogc.JSON) -> Response:
    if fmt == "html":
        base = _base()
        response = Response(render_template("ogc.html", doc=doc, kind=kind, base=base, here=_page_links(base),
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


def _current_tag(collection_id: str, feature_id: str) -> str | None:
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


# ------------------------------------------------------------------ Part 4: changing user layers
def _expected() -> str:
    """The version `If-Match` names (or `ogc_edit.ANY`); 428 without it, 412 for a weak tag."""
    if "If-Match" not in request.headers:
        raise PreconditionRequired(
            "If-Match: a change to a feature must name the version it replaces; read the feature, "
            "then send its ETag as If-Match (or * to change whatever is there now)")
    matches = request.if_match
    if matches.star_tag:
        return ogc_edit.ANY
    strong = sorted(matches.as_set())
    if not strong:
        raise PreconditionFailed("If-Match: a weak tag (W/\"...\") never matches a change; send the "
                                 "feature's ETag as it was given")
    if len(strong) > 1:
        raise MalformedInput(f"If-Match: expected one ETag, got {len(strong)}")
    return strong[0].split(".", 1)[0]  # the version: the body's digest may differ by its links alone


def _written(revision, status: int, location: str | None = None, version: str | None = None) -> Response:
    body = orjson.dumps({"revision": revision.to_dict()}) if status != 204 else b""
    response = Response(body, status=status, mimetype=ogc.JSON)
    response.headers["Link"] = f'<{url_for("edit_api.revision", revision_id=revision.id, _external=True)}>; ' \
                               f'rel="related"; title="revision {revision.id}"'
    if location:
        response.headers["Location"] = location
    if version:
        response.set_etag(version)
    return response


def _item_url(collection_id: str, feature_id: str) -> str:
    return url_for("ogc.feature", collection_id=collection_id, feature_id=feature_id, _external=True)


# What a created or replacing feature may be sent as. A body without a Content-Type is read as
# GeoJSON (RFC 9110 §8.3 lets the recipient look); one declared as anything else is refused.
FEATURE_TYPES = (ogc.GEOJSON, ogc.JSON)


def _refuse_other_than_geojson() -> None:
    """415 when the body says it is not GeoJSON (`text/plain`, a form); its parameters (charset) aside."""
    if request.mimetype and request.mimetype not in FEATURE_TYPES:
        raise UnsupportedMediaType(f"Content-Type: expected {' or '.join(FEATURE_TYPES)} (a GeoJSON Feature), "
                                   f"got {request.mimetype!r}")


@bp.post("/collections/<collection_id>/items")
def create_items(collection_id: str):
    """Part 4 POST: a Feature or FeatureCollection into a user layer, checked as an upload."""
    require_bearer()
    ogc.refuse_unknown(request.args, (PAGE_LANGUAGE,))
    _refuse_other_than_geojson()
    revision = ogc_edit.create(store(), collection_id, request.get_data(cache=False), author=_author(),
                               limits=limits())
    first = revision.first_feature_id
    return _written(revision, 201, _item_url(collection_id, first) if first else None,
                    _current_tag(collection_id, first) if first else None)


@bp.put("/collections/<collection_id>/items/<path:feature_id>")
def replace_item(collection_id: str, feature_id: str):
    """Part 4 PUT: the body's Feature replaces this one; needs If-Match."""
    require_bearer()
    ogc.refuse_unknown(request.args, (PAGE_LANGUAGE,))
    _refuse_other_than_geojson()
    expected = _expected()
    revision = ogc_edit.replace(store(), collection_id, feature_id, request.get_data(cache=False),
                                author=_author(), expected=expected, limits=limits())
    return _written(revision, 204, version=_current_tag(collection_id, feature_id))


@bp.patch("/collections/<collection_id>/items/<path:feature_id>")
def update_item(collection_id: str, feature_id: str):
    """Part 4 PATCH: a JSON Merge Patch (RFC 7396) of the feature; needs If-Match."""
    require_bearer()
    ogc.refuse_unknown(request.args, (PAGE_LANGUAGE,))
    if request.mimetype not in (ogc_edit.MERGE_PATCH, "application/json"):
        raise UnsupportedMediaType(f"Content-Type: expected {ogc_edit.MERGE_PATCH} (RFC 7396), "
                                   f"got {request.mimetype or 'nothing'!r}")
    expected = _expected()
    revision = ogc_edit.update(store(), collection_id, feature_id, request.get_data(cache=False),
                               author=_author(), expected=expected, limits=limits())
    return _written(revision, 204, version=_current_tag(collection_id, feature_id))


@bp.delete("/collections/<collection_id>/items/<path:feature_id>")
def delete_item(collection_id: str, feature_id: str):
    """Part 4 DELETE: the feature and its links go, as one revision; needs If-Match."""
    require_bearer()
    ogc.refuse_unknown(request.args, (PAGE_LANGUAGE,))
    expected = _expected()
    return _written(ogc_edit.delete(store(), collection_id, feature_id, author=_author(), expected=expected), 204)
