"""The JSON API: each view parses the request, calls the library and returns its answer."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
import orjson

from bordermap import api as library

from .resources import store

bp = Blueprint("api", __name__, url_prefix="/api")


def _geojson(data) -> Response:
    return Response(orjson.dumps(data), mimetype="application/geo+json")


@bp.get("/layers")
def layers():
    return jsonify(library.layer_summaries(store()))


@bp.get("/features")
def features():
    return _geojson(library.feature_collection(store(), request.args.get("layer") or None))


@bp.get("/features/<feature_id>")
def feature(feature_id: str):
    return _geojson(library.feature(store(), feature_id))
