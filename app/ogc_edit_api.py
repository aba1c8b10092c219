"""OGC API – Features Part 4 at /ogc: a user layer's features created, replaced, merge-patched and
deleted, each with the editor token and (but a creation) the version it replaces as If-Match.
Views of the "ogc" blueprint (`ogc_api`), apart from the reading ones.
"""

from __future__ import annotations

import orjson
from flask import Response, request, url_for

from bordermap import ogc, ogc_edit
from bordermap.errors import MalformedInput, PreconditionFailed, PreconditionRequired, UnsupportedMediaType

from .auth import require_bearer
from .edit_api import _author, limits
from .ogc_api import bp, current_tag
from .ogc_html import PAGE_LANGUAGE
from .resources import store


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
                    current_tag(collection_id, first) if first else None)


@bp.put("/collections/<collection_id>/items/<path:feature_id>")
def replace_item(collection_id: str, feature_id: str):
    """Part 4 PUT: the body's Feature replaces this one; needs If-Match."""
    require_bearer()
    ogc.refuse_unknown(request.args, (PAGE_LANGUAGE,))
    _refuse_other_than_geojson()
    expected = _expected()
    revision = ogc_edit.replace(store(), collection_id, feature_id, request.get_data(cache=False),
                                author=_author(), expected=expected, limits=limits())
    return _written(revision, 204, version=current_tag(collection_id, feature_id))


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
    return _written(revision, 204, version=current_tag(collection_id, feature_id))


@bp.delete("/collections/<collection_id>/items/<path:feature_id>")
def delete_item(collection_id: str, feature_id: str):
    """Part 4 DELETE: the feature and its links go, as one revision; needs If-Match."""
    require_bearer()
    ogc.refuse_unknown(request.args, (PAGE_LANGUAGE,))
    expected = _expected()
    return _written(ogc_edit.delete(store(), collection_id, feature_id, author=_author(), expected=expected), 204)
