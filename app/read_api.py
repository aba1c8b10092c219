"""The JSON API: each view parses the request, calls the library and returns its answer."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, jsonify, request

from bordermap import commitments as records
from bordermap import licences as licence_list
from bordermap import queries
from bordermap.ogc_params import parse_bbox, refuse_unknown

from .resources import sources_dir, store

bp = Blueprint("api", __name__, url_prefix="/api")


def _geojson(data) -> Response:
    return Response(orjson.dumps(data), mimetype="application/geo+json")


@bp.get("/layers")
def layers():
    return jsonify(queries.layer_summaries(store()))


@bp.get("/features")
def features():
    """A whole layer, or every layer, or what of it meets `bbox`; paging is the OGC API's
    (/ogc/collections/ID/items)."""
    refuse_unknown(request.args, ("layer", "bbox"), hint="for limit and offset use /ogc/collections/<layer>/items")
    layer = request.args.get("layer") or None
    if "bbox" in request.args:
        body = queries.features_in_bbox_json(store(), layer, parse_bbox(request.args["bbox"]))
    else:
        body = queries.feature_collection_json(store(), layer)
    return Response(body, mimetype="application/geo+json")


@bp.get("/features/<feature_id>")
def feature(feature_id: str):
    return _geojson(queries.feature(store(), feature_id))


@bp.get("/commitments")
def commitments():
    args = request.args
    return jsonify(records.commitments(
        store(), sector=args.get("sector"), feature=args.get("feature"), document=args.get("document"),
        status=args.get("status"), q=args.get("q"), sources_dir=sources_dir(),
    ))


@bp.get("/commitments/<commitment_id>")
def commitment(commitment_id: str):
    return jsonify(records.commitment(store(), commitment_id, sources_dir=sources_dir()))


@bp.get("/documents")
def documents():
    return jsonify(records.documents(store()))


@bp.get("/licences")
def licences():
    """The data's licences and attributions (geodata/licences.toml), and the code's."""
    return jsonify(licence_list.licences())
