"""The JSON API for changing data: every change needs `Authorization: Bearer <editor token>`."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.datastructures import MultiDict

from bordermap import edits, history_editors, ingest, tracking
from bordermap.errors import InvalidInput, MalformedInput
from bordermap.i18n import DEFAULT_LANGUAGE
from bordermap.ingest.parse import read_json, to_utf8
from bordermap.ogc_params import refuse_repeated, refuse_unknown

from . import api_words
from .auth import require_bearer
from .language import chosen_by_header, words
from .resources import store

bp = Blueprint("edit_api", __name__, url_prefix="/api")


def limits():
    return current_app.extensions["bordermap.limits"]


def _author(check=None) -> str:
    """Who made the change (`?author=` or X-Bordermap-Author), "api" when unnamed; a refused
    name is said with what `check()` (nothing stored) refuses of the rest of the change."""
    given = request.args.get("author") or request.headers.get("X-Bordermap-Author")
    return edits.author_with(given, "api", check or (lambda: None))


_YES, _NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
# Said where a write that takes no dry run is asked for one: a script sending it where it is not
# taken would otherwise make the change for real.
_DRY_RUNS = "only POST /api/features and POST /api/documents take dry_run=1 (a check that stores nothing)"


def _flag(name: str) -> bool:
    """A yes-or-no parameter; a value that is neither (`dry_run=ture`) is refused, not read as no."""
    value = request.args.get(name, "")
    if value.lower() not in _YES + _NO:
        raise MalformedInput(f"{name}: expected 1 or 0 (or true or false), got {value!r}")
    return value.lower() in _YES


def takes(*names: str, repeatable: tuple[str, ...] = ()) -> None:
    """Refuse (400) a write's query parameters other than `names`, and any given twice but those
    `repeatable`, before anything is read or stored: a change given a parameter it does not take
    (a mistyped `dry_run`, or `dry_run` where no dry run is offered) was made for real, the
    parameter dropped unseen (review rv25a, #1). Each takes `lang`, the language its refusals'
    `description` is said in (`language.page_language`)."""
    hint = _DRY_RUNS if "dry_run" in request.args and "dry_run" not in names else None
    refuse_unknown(request.args, (*names, "lang"), hint)
    refuse_repeated(MultiDict([(k, v) for k, v in request.args.items(multi=True) if k not in repeatable]))


def _revision(revision, status: int = 201) -> Response:
    response = jsonify({"revision": revision.to_dict()})
    response.status_code = status
    response.headers["Location"] = url_for("edit_api.revision", revision_id=revision.id)
    return response


@bp.post("/features")
def add_features():
    """Import a Feature or FeatureCollection body into ?layer=ID (?dry_run=1 to only check).

    A new layer: add new_layer_title (and optionally kind, color); layer is then its id.
    Other parameters: crs=EPSG:N, repair=1, link=<commitment id> (repeatable), author,
    allow_duplicate=1 (import a file already imported into the layer again), source_layer=NAME
    (the layer to read from a GeoPackage, KML, GPX or zip of several), location_precision=exact|approximate
    (and precision_m=METRES with approximate) for the features whose file gives none, encoding=utf-8|windows-1258|
    windows-1252|iso-8859-1 for a Shapefile's or a CSV file's text. The body may be GeoJSON or a
    GIS file (GeoPackage, zipped Shapefile, KML, CSV with lon/lat or WKT columns, FlatGeobuf, GPX).
    """
    require_bearer()
    takes("layer", "new_layer_title", "kind", "color", "crs", "repair", "link", "author", "allow_duplicate",
          "source_layer", "location_precision", "precision_m", "encoding", "filename", "dry_run",
          repeatable=("link",))
    args = request.args
    author = _author()  # checked first, so a dry run reports a bad author too
    new_layer = None
    if args.get("new_layer_title"):
        new_layer = ingest.make_layer(args.get("layer", ""), title=args["new_layer_title"],
                                      kind=args.get("kind", ""), color=args.get("color", ""), store=store())
    plan = ingest.plan_import(
        request.get_data(cache=False), layer=args.get("layer", ""), new_layer=new_layer,
        crs=args.get("crs"), repair=_flag("repair"), limits=limits(), links=args.getlist("link"),
        store=store(), filename=args.get("filename", "request body"), source_layer=args.get("source_layer") or None,
        location_precision=args.get("location_precision"), precision_m=args.get("precision_m"),
        encoding=args.get("encoding"),
    )
    if _flag("dry_run"):
        return chosen_by_header(jsonify({"dry_run": True, "report": _report(plan)}))
    revision = ingest.run_import(store(), plan, author=author, allow_duplicate=_flag("allow_duplicate"))
    response = _revision(revision)
    response.set_data(orjson.dumps({"revision": revision.to_dict(), "report": _report(plan)}))
    return chosen_by_header(response)


def _report(plan: ingest.ImportPlan) -> dict:
    """An import's report; its `warnings` English as the library writes them (for scripts), and
    in a language other than English also `localized_warnings`, each in the request's language
    where the catalogue has words for it, as a refusal's `localized_problems`."""
    report = plan.report()
    here = words()
    if report["warnings"] and here.lang != DEFAULT_LANGUAGE:
        report["localized_warnings"] = [text for text, _ in api_words.problems(report["warnings"], here)]
    return report


@bp.delete("/features/<feature_id>")
def delete_feature(feature_id: str):
    require_bearer()
    takes("author")
    return _revision(edits.delete_feature(store(), feature_id, author=_author()), 200)


@bp.delete("/layers/<layer_id>")
def delete_layer(layer_id: str):
    require_bearer()
    takes("author")
    return _revision(edits.delete_layer(store(), layer_id, author=_author()), 200)


@bp.get("/layers/<layer_id>.geojson")
def download_layer(layer_id: str):
    """A layer as a GeoJSON file to save."""
    refuse_unknown(request.args, ())
    name, data = edits.layer_geojson(store(), layer_id)
    response = Response(data, mimetype="application/geo+json")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Link"] = f'<{url_for("api.licences", _external=True)}>; rel="license"'
    return response


@bp.get("/revisions")
def revisions():
    refuse_unknown(request.args, ("layer", "lang"))
    return jsonify(edits.revisions(store(), request.args.get("layer") or None))


@bp.get("/revisions/<int:revision_id>")
def revision(revision_id: int):
    refuse_unknown(request.args, ("limit", "offset", "lang"))
    limit, offset = request.args.get("limit", "1000"), request.args.get("offset", "0")
    for name, value in (("limit", limit), ("offset", offset)):
        if not (value.isascii() and value.isdigit()):
            raise MalformedInput(f"{name}: expected a whole number, got {value!r}")
    return jsonify(edits.revision_detail(store(), revision_id, int(limit), int(offset)))


@bp.post("/revisions/<int:revision_id>/revert")
def revert(revision_id: int):
    require_bearer()
    takes("author")
    return _revision(edits.revert(store(), revision_id, author=_author()))


@bp.post("/commitments/<commitment_id>/links")
def link(commitment_id: str):
    """Link features to a commitment: body {"features": ["id", ...]}."""
    require_bearer()
    takes("author")
    # The same reader as uploads: the same messages for another encoding, gzip or bad JSON.
    body = read_json(to_utf8(request.get_data(cache=False))[0], limits())
    return _revision(edits.link(store(), commitment_id, body, author=_author()))


def _fields() -> tuple[dict, list[str]]:
    """A JSON object body, read like an upload (the same messages for encodings and bad JSON):
    the event's fields, and the problems of keys that are none of them."""
    body = read_json(to_utf8(request.get_data(cache=False))[0], limits())
    if not isinstance(body, dict):
        raise InvalidInput(f"expected a JSON object of the event's fields, got {type(body).__name__}")
    return history_editors.api_event_fields(body)


@bp.post("/history/events")
def add_event():
    """Add a status event: body {entity, entity_id, date, status, note, confidence, estimated, by,
    and document + paragraph, or source_title, source_publisher, source_date, source_url; or
    `source` as GET /api/history gives it}."""
    require_bearer()
    takes("author")
    fields, problems = _fields()
    author = _author(lambda: tracking.checked_event(store(), fields, problems))
    return _revision(tracking.add_event(store(), fields, author=author, also=problems))


@bp.put("/history/events/<event_id>")
def correct_event(event_id: str):
    """Correct an editor's status event: the body gives every field again, as for adding."""
    require_bearer()
    takes("author")
    fields, problems = _fields()
    author = _author(lambda: tracking.checked_event(store(), fields, problems))
    return _revision(tracking.correct_event(store(), event_id, fields, author=author, also=problems), 200)


@bp.delete("/history/events/<event_id>")
def retract_event(event_id: str):
    """Retract an editor's status event (its reason, `?reason=` or {"reason": ...} in a JSON
    body, is kept in the revision)."""
    require_bearer()
    takes("author", "reason")
    reason = request.args.get("reason")
    if reason is None and request.get_data(cache=True):
        body = read_json(to_utf8(request.get_data(cache=True))[0], limits())
        if not isinstance(body, dict) or set(body) - {"reason"}:
            raise InvalidInput('expected a JSON object {"reason": "…"} or ?reason=, got another body')
        reason = body.get("reason")
        if not isinstance(reason, str):
            raise InvalidInput(f"reason: expected text, got {type(reason).__name__}")
    reason = reason or ""
    author = _author(lambda: tracking.retraction_reason(reason))
    return _revision(tracking.retract_event(store(), event_id, author=author, reason=reason), 200)

