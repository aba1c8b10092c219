"""The JSON API: each view parses the request, calls the library and returns its answer."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, jsonify, request, url_for

from bordermap import commitments as records
from bordermap import layer_points, place_search, queries, timeline, tracking
from bordermap import layer_search as layer_search_module
from bordermap import licences as licence_list
from bordermap.ogc_params import parse_bbox, refuse_repeated, refuse_unknown

from .language import page_language
from .resources import sources_dir, store

bp = Blueprint("api", __name__, url_prefix="/api")


def _geojson(data) -> Response:
    return Response(orjson.dumps(data), mimetype="application/geo+json")


@bp.get("/layers")
def layers():
    refuse_unknown(request.args, ())  # a query nothing reads is refused (reviews 32a, #3, and 32b, #4)
    return jsonify(queries.layer_summaries(store()))


@bp.get("/features")
def features():
    """A whole layer, or every layer, or what of it meets `bbox`, as of `at` (today by default);
    paging is the OGC API's (/ogc/collections/ID/items)."""
    refuse_unknown(request.args, ("layer", "bbox", "at"),
                   hint="for limit and offset use /ogc/collections/<layer>/items")
    layer = request.args.get("layer") or None
    bbox = parse_bbox(request.args["bbox"]) if "bbox" in request.args else None
    at = timeline.parse_at(request.args.get("at"))
    if at:
        return _geojson(tracking.features_at(store(), layer, at, bbox))
    # Today's status where a feature's dated events give one (review 31a, #3: without `at` the
    # stored one came, which the record may have moved on from); a layer none of whose features
    # has events passes its stored text through.
    if bbox:
        features = store().features_in_bbox(layer, bbox)[1]
        return _geojson({"type": "FeatureCollection", "features": tracking.as_of_today(store(), features)})
    body = tracking.feature_collection_today_json(store(), layer)
    return Response(body, mimetype="application/geo+json")


@bp.get("/layers/<layer_id>/points")
def layer_points_body(layer_id: str):
    """A layer's positions and feature ids as one binary body (see bordermap.layer_points): how
    the map fetches a large point layer when it is switched on."""
    refuse_unknown(request.args, ())
    return Response(layer_points.layer_points_body(store(), layer_id), mimetype=layer_points.MEDIA_TYPE)


@bp.get("/layers/<layer_id>/search")
def layer_search(layer_id: str):
    """The features of a layer whose names hold every word of ?q= (see bordermap.layer_search):
    how the panel's search finds the features of a large layer, which the page never loads."""
    refuse_unknown(request.args, ("q", "limit", "lang"))
    refuse_repeated(request.args)
    return jsonify(layer_search_module.search_layer(store(), layer_id, request.args.get("q"),
                                                    request.args.get("limit"), page_language()))


@bp.get("/layers/<layer_id>/search/index")
def layer_search_index(layer_id: str):
    """Reads the layer's names for its search now, if they are not kept yet: the panel asks when
    the reader focuses the search box, so the first search need not wait for a million names."""
    refuse_unknown(request.args, ())
    return jsonify(layer_search_module.prepare(store(), layer_id))


@bp.get("/search")
def search():
    """The features of every layer whose names (in any language) or id hold every word of ?q=
    (see bordermap.place_search): how the commitment form finds the places to link."""
    refuse_unknown(request.args, ("q", "limit", "lang"))
    refuse_repeated(request.args)
    return jsonify(place_search.find_places(store(), request.args.get("q"), request.args.get("limit"),
                                            page_language()))


@bp.get("/features/<feature_id>")
def feature(feature_id: str):
    """One feature, with its status as of `at` (today by default) where its dated events give
    one; as stored before its first event."""
    refuse_unknown(request.args, ("at", "lang"))  # lang: the language of a refusal's description
    at = timeline.parse_at(request.args.get("at"))
    found = queries.feature(store(), feature_id)
    if at:
        then = tracking.features_at_one(store(), found, at)
        return _geojson(then)
    return _geojson(tracking.as_of_today(store(), [found])[0])


@bp.get("/features/<feature_id>/history")
def feature_history(feature_id: str):
    """The feature's dated status events and targets as of ?at= (today by default)."""
    refuse_unknown(request.args, ("at",))
    return jsonify(tracking.record(store(), "feature", feature_id, timeline.parse_at(request.args.get("at"))))


@bp.get("/commitments/<commitment_id>/history")
def commitment_history(commitment_id: str):
    """The commitment's dated status events and targets as of ?at= (today by default)."""
    refuse_unknown(request.args, ("at",))
    return jsonify(tracking.record(store(), "commitment", commitment_id, timeline.parse_at(request.args.get("at"))))


@bp.get("/history")
def history():
    """Every status event and target, by feature and by commitment (what the map's time control reads).
    It takes no parameter: `?at=` was answered with every event, as if read (the security
    review's side note); the status of a day is the feature's or commitment's own history's."""
    refuse_unknown(request.args, (), "a feature's or a commitment's status on a day is "
                                     "/api/features/<id>/history?at= or /api/commitments/<id>/history?at=")
    return jsonify(tracking.payload(store()))


@bp.get("/scorecard")
def scorecard():
    """Commitments by status column per sector and per document, as of ?at= (today by default)."""
    refuse_unknown(request.args, ("at",))
    entries = records.commitments(store(), at="9999-12-31")
    return jsonify(tracking.scorecard(store(), entries, timeline.parse_at(request.args.get("at"))))


@bp.get("/commitments")
def commitments():
    args = request.args
    # An analyst's `limit=3` must not seem to work (review rv19, L6): every other is refused.
    refuse_unknown(args, ("sector", "feature", "document", "status", "q", "at"))
    # A value no commitment could have is said, not answered with an empty list that reads as
    # "none is about it" (review 32a, #4: "sector=Transport", a mistyped feature id).
    records.check_filters(store(), sector=args.get("sector"), feature=args.get("feature"),
                          document=args.get("document"), status=args.get("status"))
    return jsonify(records.commitments(
        store(), sector=args.get("sector"), feature=args.get("feature"), document=args.get("document"),
        status=args.get("status"), q=args.get("q"), sources_dir=sources_dir(), at=timeline.parse_at(args.get("at")),
    ))


def _linked_retirement(found: dict) -> dict:
    """A retired commitment with the address of the change that retired it (a page readers may open)."""
    retired = found.get("retired")
    if retired and retired.get("revision") is not None:
        found = {**found, "retired": {**retired, "url": url_for("edit.revision", revision_id=retired["revision"])}}
    return found


@bp.get("/commitments/withdrawn")
def withdrawn():
    """The commitments editors withdrew (retired), with why, when and by which change: asked by
    the map when a shared link names a commitment it does not show (an empty list, not a 404,
    when none was)."""
    refuse_unknown(request.args, ())
    return jsonify([_linked_retirement(item) for item in records.withdrawn(store(), sources_dir=sources_dir())])


@bp.get("/commitments/<commitment_id>")
def commitment(commitment_id: str):
    """One commitment, with `revision`: the revision that changed its record last (None for a
    curated one never changed), which a change may give back as `based_on`. As of ?at= (today by
    default): its status and tracking then, none before it was stated."""
    refuse_unknown(request.args, ("at",))
    at = timeline.parse_at(request.args.get("at"))
    revision = store().record_revision("commitment", commitment_id)  # read before the record: never newer
    found = _linked_retirement(records.commitment(store(), commitment_id, sources_dir=sources_dir(), at=at))
    return jsonify({**found, "revision": revision})


@bp.get("/documents")
def documents():
    refuse_unknown(request.args, ())
    return jsonify(records.documents(store()))


@bp.get("/licences")
def licences():
    """The data's licences and attributions (geodata/licences.toml), and the code's."""
    refuse_unknown(request.args, ())
    return jsonify(licence_list.licences())
