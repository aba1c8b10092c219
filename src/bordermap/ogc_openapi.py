"""The OpenAPI 3.0 definition of bordermap's OGC API – Features, built from the layers there are.

Every collection gets its own items path so that its property filters are documented as
parameters (Part 1 asks that every parameter the server accepts be in the definition); a user
layer's own paths list its Part 4 writes too, since a client reads a concrete path's operations
before a templated one's.
"""

from __future__ import annotations

from typing import Any

from . import ogc, ogc_collections
from .store import Store


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


def _response(description: str, media: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": media}


_ANY_OBJECT = {"schema": {"type": "object"}}
_HTML = {"text/html": {"schema": {"type": "string"}}}
_JSON_OR_HTML = {"application/json": _ANY_OBJECT, **_HTML}
_GEOJSON_OR_HTML = {"application/geo+json": _ANY_OBJECT, **_HTML}
_ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "404": {"$ref": "#/components/responses/NotFound"},
}

_PARAMETERS: dict[str, dict[str, Any]] = {
    "f": {
        "name": "f", "in": "query", "required": False,
        "description": "The format of the answer; without it, the `Accept` header decides (JSON by default).",
        "schema": {"type": "string", "enum": ["json", "html"]},
    },
    "collectionId": {
        "name": "collectionId", "in": "path", "required": True,
        "description": "The id of a collection (a layer of the map).", "schema": {"type": "string"},
    },
    "featureId": {
        "name": "featureId", "in": "path", "required": True,
        "description": "The id of a feature.", "schema": {"type": "string"},
    },
    "limit": {
        "name": "limit", "in": "query", "required": False, "style": "form", "explode": False,
        "description": f"How many features a page holds at most; a value above {ogc.MAX_LIMIT:,} is "
                       f"taken as {ogc.MAX_LIMIT:,}.",
        "schema": {"type": "integer", "minimum": 1, "maximum": ogc.MAX_LIMIT, "default": ogc.DEFAULT_LIMIT},
    },
    "offset": {
        "name": "offset", "in": "query", "required": False,
        "description": "How many matching features to skip before the page starts (the `next` and "
                       "`prev` links carry it).",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
    "bbox": {
        "name": "bbox", "in": "query", "required": False, "style": "form", "explode": False,
        "description": "Only features whose bounding box meets this box: minimum longitude, minimum "
                       "latitude, maximum longitude, maximum latitude, in WGS 84 degrees (CRS84). Six "
                       "numbers give heights too, which are ignored. A west edge east of the east edge "
                       "crosses the antimeridian.",
        "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
    },
    "datetime": {
        "name": "datetime", "in": "query", "required": False, "style": "form", "explode": False,
        "description": "An RFC 3339 date-time or interval (`start/end`, `..` for an open end). No "
                       "feature carries a time yet, so any value matches no feature.",
        "schema": {"type": "string"},
    },
}


def _items_operation(collection_id: str | None, title: str, queryables: dict[str, str]) -> dict[str, Any]:
    filters = [
        {"name": name, "in": "query", "required": False,
         "description": f"Only features whose `{name}` property equals this value.",
         "schema": {"type": kind}}
        for name, kind in sorted(queryables.items())
    ]
    parameters = ([] if collection_id else [_ref("collectionId")]) + [
        _ref("f"), _ref("limit"), _ref("offset"), _ref("bbox"), _ref("datetime"), *filters]
    return {
        "get": {
            "summary": f"The features of {title}",
            "description": "One page of features, with `next` and `prev` links, `numberMatched` and "
                           "`numberReturned`. Any query parameter not listed is refused with 400.",
            "operationId": f"getFeatures.{collection_id}" if collection_id else "getFeatures",
            "tags": ["Data"],
            "parameters": parameters,
            "responses": {"200": _response("The features (GeoJSON FeatureCollection).", _GEOJSON_OR_HTML),
                          **_ERRORS},
        }
    }


_FEATURE_BODY = {"required": True, "content": {"application/geo+json": _ANY_OBJECT}}
_IF_MATCH = {"name": "If-Match", "in": "header", "required": True,
             "description": "The feature's ETag as last read (or `*`): a stale one is refused with 412, "
                            "a change without it with 428; nothing changes either way.",
             "schema": {"type": "string"}}
_WRITE_ERRORS = {
    **_ERRORS,
    "401": {"description": "No editor token (`Authorization: Bearer ...`)."},
    "409": {"description": "The collection is curated: it is never written through the API."},
    "412": {"description": "`If-Match` names a version that is no longer the feature's."},
    "422": {"description": "The body breaks the upload's rules; `problems` says where."},
    "428": {"description": "`If-Match` is missing."},
}
_NOT_GEOJSON = {"description": "The body is declared as another format than GeoJSON (`Content-Type`)."}
_CHANGED = {"204": {"description": "Changed, as one revision; `ETag` is the feature's new version and "
                                   "`Link` points to the revision."}}


def _writes(collection_id: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Part 4's operations: (POST on items, PUT/PATCH/DELETE on one item); user layers only.
    With `collection_id`, those of that collection's own paths (no `collectionId` parameter)."""
    user = "Only on user layers, with the editor token; checked and stored as an upload is, as one revision."
    named = [] if collection_id else [_ref("collectionId")]
    suffix = f".{collection_id}" if collection_id else ""
    post = {"post": {
        "summary": "Add a feature (or a FeatureCollection) to a user layer", "operationId": f"createFeature{suffix}",
        "description": user, "tags": ["Data"], "parameters": named, "requestBody": _FEATURE_BODY,
        "responses": {"201": {"description": "Added; `Location` is the (first) new feature."},
                      "415": _NOT_GEOJSON, **_WRITE_ERRORS}}}
    one = [*named, _ref("featureId"), _IF_MATCH]
    item = {
        "put": {"summary": "Replace a feature", "operationId": f"replaceFeature{suffix}", "description": user,
                "tags": ["Data"], "parameters": one, "requestBody": _FEATURE_BODY,
                "responses": {**_CHANGED, "415": _NOT_GEOJSON, **_WRITE_ERRORS}},
        "patch": {"summary": "Change part of a feature (JSON Merge Patch, RFC 7396)",
                  "operationId": f"updateFeature{suffix}",
                  "description": user + " The patched feature is checked whole.", "tags": ["Data"],
                  "parameters": one,
                  "requestBody": {"required": True, "content": {"application/merge-patch+json": _ANY_OBJECT}},
                  "responses": {**_CHANGED, "415": {"description": "Not a merge patch."}, **_WRITE_ERRORS}},
        "delete": {"summary": "Delete a feature", "operationId": f"deleteFeature{suffix}", "description": user,
                   "tags": ["Data"], "parameters": one, "responses": {**_CHANGED, **_WRITE_ERRORS}},
    }
    return post, item


def _feature_read(collection_id: str | None) -> dict[str, Any]:
    """GET of one feature, of any collection or (with its id) of that collection's own path."""
    return {"get": {
        "summary": "One feature", "operationId": f"getFeature.{collection_id}" if collection_id else "getFeature",
        "tags": ["Data"], "parameters": [*([] if collection_id else [_ref("collectionId")]), _ref("featureId"),
                                         _ref("f")],
        "responses": {"200": _response("The feature (GeoJSON Feature), linked to its commitments.",
                                       _GEOJSON_OR_HTML), **_ERRORS}}}


def openapi(store: Store, base: str) -> dict[str, Any]:
    """The API definition as an OpenAPI 3.0 document (a dict to serve as JSON)."""
    simple = [_ref("f")]
    paths: dict[str, Any] = {
        "/": {"get": {
            "summary": "The landing page", "operationId": "getLandingPage", "tags": ["Capabilities"],
            "parameters": simple,
            "responses": {"200": _response("Links to the API definition, the conformance classes and "
                                           "the collections.", _JSON_OR_HTML), **_ERRORS}}},
        "/api": {"get": {
            "summary": "This API definition", "operationId": "getAPI", "tags": ["Capabilities"],
            "parameters": simple,
            "responses": {"200": _response("The OpenAPI 3.0 document.", {
                "application/vnd.oai.openapi+json;version=3.0": _ANY_OBJECT, **_HTML}), **_ERRORS}}},
        "/conformance": {"get": {
            "summary": "The conformance classes implemented", "operationId": "getConformance",
            "tags": ["Capabilities"], "parameters": simple,
            "responses": {"200": _response("The list `conformsTo`.", _JSON_OR_HTML), **_ERRORS}}},
        "/collections": {"get": {
            "summary": "Every collection (one per layer)", "operationId": "getCollections",
            "tags": ["Capabilities"], "parameters": simple,
            "responses": {"200": _response("The collections, each with its extent.", _JSON_OR_HTML), **_ERRORS}}},
        "/collections/{collectionId}": {"get": {
            "summary": "One collection", "operationId": "describeCollection", "tags": ["Capabilities"],
            "parameters": [_ref("collectionId"), _ref("f")],
            "responses": {"200": _response("The collection.", _JSON_OR_HTML), **_ERRORS}}},
        "/collections/{collectionId}/schema": {"get": {
            "summary": "The JSON Schema of a collection's features", "operationId": "getSchema",
            "tags": ["Capabilities"], "parameters": [_ref("collectionId")],
            "description": "A GeoJSON Feature whose `properties` list every property the collection's "
                           "features have, with the JSON types of its values (the collection links it "
                           "as `describedby`).",
            "responses": {"200": _response("The schema.", {ogc.SCHEMA: _ANY_OBJECT}), **_ERRORS}}},
        "/collections/{collectionId}/items": _items_operation(None, "a collection", {}),
        "/collections/{collectionId}/items/{featureId}": _feature_read(None),
    }
    post, writes = _writes()
    paths["/collections/{collectionId}/items"].update(post)
    paths["/collections/{collectionId}/items/{featureId}"].update(writes)
    for item in ogc_collections.collections(store):
        path = f"/collections/{item.layer.id}/items"
        paths[path] = _items_operation(item.layer.id, item.layer.title, item.queryables)
        if item.layer.origin == "user":
            # A concrete path is matched before a templated one (OpenAPI 3.0, "Paths Object"): it
            # names every operation on it, or a client concludes a user layer takes no POST.
            post, writes = _writes(item.layer.id)
            paths[path].update(post)
            paths[f"{path}/{{featureId}}"] = {**_feature_read(item.layer.id), **writes}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}, **_HTML}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": ogc.TITLE,
            "version": "1.0.0",
            "description": "OGC API – Features, Part 1: Core, with the GeoJSON, HTML and OpenAPI 3.0 "
                           "conformance classes; Part 4 (create, replace, update, delete, with ETags) "
                           "on user layers.",
            "license": {"name": "Code: MIT; data: see /api/licences"},
        },
        "servers": [{"url": base}],
        "tags": [{"name": "Capabilities"}, {"name": "Data"}],
        "paths": paths,
        "components": {
            "parameters": _PARAMETERS,
            "schemas": {"Error": {"type": "object", "required": ["code", "error", "message", "status"], "properties": {
                "code": {"type": "string"}, "description": {"type": "string"},
                "error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"},
                "problems": {"type": "array", "items": {"type": "string"}},
                # `description` and these in the request's language (Accept-Language), where words exist.
                "localized_problems": {"type": "array", "items": {"type": "string"}}}}},
            "responses": {
                "BadRequest": _response("A parameter is unknown or its value malformed; the message names it.", error),
                "NotFound": _response("No such collection or feature.", error),
            },
        },
    }
