"""Status history over a store: a record as of a date, the layers and commitments then, edits.

What the history API, the commitments list and the map's time control answer; plain functions
(no HTTP). "Today" is the UTC date unless an `at` date is given.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Any, Iterator, Mapping

import orjson

from . import queries, timeline
from .errors import NotFound
from .history import commitment_target, first_day, statement_event
from .history_editors import editor_event
from .model import Layer, Revision
from .store import Store
from .vocabulary import HISTORY_FIELDS, current_translations

# The fields of an event or target the map's script needs (ids and origin stay on the server).
_SHOWN = ("kind", "date", "precision", "estimated", "by", "date_note", "status", "source", "confidence", "note",
          "target", "set", "statement")
# Since when a status holds, as timeline.track says it: the day, and whether a bound or an estimate.
_SINCE = ("status_date", "status_by", "status_estimated")


def today() -> str:
    return _dt.datetime.now(_dt.timezone.utc).date().isoformat()


def grouped(store: Store) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every event and target by (entity, id), read once per state of the data.

    A commitment an editor added through the ledger has its statement as its first event, as
    a curated one has (derived here from its `stated` day, so that it cannot drift from it),
    before the events editors record for it later, and its `target`, when that names a date, as
    a target to be done by then (review 31a, #4: it was shown and never tracked, so never
    overdue). (A curated commitment's statement and targets are among the curated ones.)"""

    def build() -> dict[tuple[str, str], list[dict[str, Any]]]:
        groups = timeline.by_entity(store.status_events())
        for item in queries.commitment_records(store):
            if item.get("origin") == "curated" or not (item.get("stated") and item.get("status")):
                continue
            statement = {"id": f"{item['id']}@{item['stated']}", "kind": "event", "origin": "user",
                         **statement_event(item)}
            key = ("commitment", item["id"])
            groups[key] = [statement, *groups.get(key, [])]
            target = commitment_target(item)
            if target:
                groups[key].append({"id": f"{item['id']}@target", "kind": "target", "origin": "user", **target})
        return groups

    return queries.cached(store, "status_events", queries.data_state(store), build)


def record(store: Store, entity: str, entity_id: str, at: str | None = None) -> dict[str, Any]:
    """A feature's or commitment's history and targets as of `at` (today when None); NotFound
    for an unknown id."""
    if entity == "feature":
        store.feature(entity_id)
    else:
        store.commitment(entity_id)
    day = at or today()
    items = grouped(store).get((entity, entity_id), [])
    return {"entity": entity, "id": entity_id, "at": day, **timeline.track(entity, items, day)}


def features_at(store: Store, layer_id: str | None, at: str,
                bbox: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
    """A layer (or every layer, or what of it meets `bbox`) as of `at`: a feature with a history
    but no event by then is left out; one with events takes that day's `status`, the day it has
    held since (`status_date`) and whether that day is a bound or an estimate (`status_by`,
    `status_estimated`). Features with no history (provinces, most uploads) are as stored. Each
    has the `commitments` on record then (`_then`)."""
    events = grouped(store)
    stated = _stated_by(events, at)
    kept = []
    for feature in store.features(layer_id) if bbox is None else store.features_in_bbox(layer_id, bbox)[1]:
        status = _status_on(events.get(("feature", feature["id"])), at)
        if status is not None and not status:
            continue
        kept.append(_then(feature, status, stated))
    return {"type": "FeatureCollection", "features": kept}


def _stated_by(events: Mapping[tuple[str, str], list[dict[str, Any]]], at: str) -> set[str]:
    """The commitments on record on `at`: those with an event (their statement, or an earlier
    one an editor recorded) by then, as the commitments list as of `at` has them."""
    return {entity_id for (entity, entity_id), items in events.items()
            if entity == "commitment" and any(i["kind"] == "event" and first_day(i["date"]) <= at for i in items)}


def _then(feature: dict[str, Any], status: dict[str, Any] | None, stated: set[str]) -> dict[str, Any]:
    """A feature as of a day: its `status` then (None: as stored), and its `commitments` those
    on record then (review 32a, #2: a gate on 2010-01-01 listed commitments stated in 2025,
    where its popup said none named it yet). Itself when neither changes it (a large upload's
    features, linked to nothing, are not copied)."""
    linked = feature["properties"].get("commitments") or []
    kept = [cid for cid in linked if cid in stated]
    if status is None and len(kept) == len(linked):
        return feature
    return {**feature, "properties": {**feature["properties"], **(status or {}), "commitments": kept}}


def _status_on(items: list[dict[str, Any]] | None, at: str) -> dict[str, Any] | None:
    """A feature's `status` and since-when properties on `at` from its history `items`: None when
    it has no dated event (as stored), empty when none by then."""
    if not items or not any(i["kind"] == "event" for i in items):
        return None
    then = timeline.track("feature", items, at)
    return {"status": then["status"], **{k: then[k] for k in _SINCE}} if then["status"] is not None else {}


def features_at_one(store: Store, feature: dict[str, Any], at: str) -> dict[str, Any]:
    """One feature as of `at`, as `features_at` gives a layer's; when its events begin later it
    is answered (the address names it), with no status then (review 32a, #1: it kept the one it
    reached later, dated after `at`), as its popup says "not yet on record"."""
    events = grouped(store)
    status = _status_on(events.get(("feature", feature["id"])), at)
    if status is not None and not status:
        status = {"status": None, "status_date": None, "status_by": False, "status_estimated": False}
    return _then(feature, status, _stated_by(events, at))


def statuses_today(store: Store) -> tuple[dict[str, dict[str, Any]], dict[str, set[str]], str]:
    """The status each feature with dated events has today, as `features_at` gives it: ({feature
    id: its status and since-when properties}, {layer id: the ids of its features among them}, a
    digest of both for what is built from them), once per state of the data and day. A feature
    with no event by today has none here: it is as stored."""

    def build() -> tuple[dict[str, dict[str, Any]], dict[str, set[str]], str]:
        day = today()
        statuses: dict[str, dict[str, Any]] = {}
        for (entity, entity_id), items in grouped(store).items():
            status = _status_on(items, day) if entity == "feature" else None
            if status:
                statuses[entity_id] = status
        layers: dict[str, set[str]] = {}
        for feature in store.features_by_id(sorted(statuses)):
            layers.setdefault(feature["properties"]["layer"], set()).add(feature["id"])
        known = {feature_id for ids in layers.values() for feature_id in ids}
        statuses = {feature_id: said for feature_id, said in statuses.items() if feature_id in known}
        digest = hashlib.sha256(orjson.dumps(statuses, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]
        return statuses, layers, digest

    return queries.cached(store, "statuses-today", (*queries.data_state(store), today()), build)


def as_of_today(store: Store, features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`features` with today's status where their dated events give one (`statuses_today`): what
    the map shows, where the stored properties keep the status the feature was loaded with
    (review 31a, #3: the downloads gave a gate "inaugurated" the record had since moved on from)."""
    statuses = statuses_today(store)[0]
    if not statuses:
        return features
    return [{**feature, "properties": {**(feature.get("properties") or {}), **statuses[feature["id"]]}}
            if feature.get("id") in statuses else feature for feature in features]


def feature_collection_today_json(store: Store, layer_id: str | None = None, state: tuple | None = None) -> bytes:
    """A layer (or every layer) as GeoJSON bytes with today's statuses (`as_of_today`): the
    stored text passed through (`queries.feature_collection_json`) when none of its features has
    dated events, else built once per state of the data and of today's statuses."""
    layers, digest = statuses_today(store)[1:]
    if not ((layer_id in layers) if layer_id else layers):
        return queries.feature_collection_json(store, layer_id, state)

    def build() -> bytes:
        collection = orjson.loads(store.features_geojson(layer_id))
        collection["features"] = as_of_today(store, collection["features"])
        return orjson.dumps(collection)

    return queries.cached(store, ("features-today", layer_id), (*(state or queries.data_state(store)), digest), build)


def tracked(store: Store, entries: list[dict[str, Any]], at: str | None) -> list[dict[str, Any]]:
    """Commitments as of `at` (today when None): those stated later left out, each with the
    status of that day and its `tracking` (since when, targets, overdue, stale, scorecard column)."""
    day = at or today()
    events = grouped(store)
    result = []
    for entry in entries:
        then = timeline.track("commitment", events.get(("commitment", entry["id"]), []), day)
        if then["status"] is None:
            continue
        tracking = {k: then[k] for k in (*_SINCE, "targets", "overdue", "stale")}
        tracking["score"] = timeline.score(then, entry.get("statement"))
        result.append({**entry, "status": then["status"], "tracking": tracking})
    return result


def scorecard(store: Store, entries: list[dict[str, Any]], at: str | None = None) -> dict[str, Any]:
    """Commitments by scorecard column, per sector and per document, as of `at`."""
    items = [{**e, "tracking": timeline.track("commitment", grouped(store).get(("commitment", e["id"]), []),
                                              at or today())} for e in entries]
    return {"at": at or today(), "columns": list(timeline.SCORE_COLUMNS),
            "sector": timeline.scorecard(items, "sector"), "document": timeline.scorecard(items, "document")}


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    """What the map's script gets of an event or target: `_SHOWN`, and our translations of its
    notes as they now read (none of older wording)."""
    shown = {k: item[k] for k in _SHOWN if k in item}
    if item.get("origin", "curated") != "curated":  # an editor's: the popup marks it so
        shown["origin"] = item["origin"]
    translations = current_translations(item, HISTORY_FIELDS)
    if translations:
        shown["translations"] = translations
    return shown


def payload(store: Store) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every event and target for the map's script, `{"feature": {id: [...]}, "commitment": {...}}`,
    oldest event first, targets after; only the fields it shows."""
    result: dict[str, dict[str, list[dict[str, Any]]]] = {"feature": {}, "commitment": {}}
    for (entity, entity_id), items in grouped(store).items():
        events = timeline.ordered(i for i in items if i["kind"] == "event")
        targets = [i for i in items if i["kind"] == "target"]
        result[entity][entity_id] = [_shown(item) for item in events + targets]
    return result


def takes_status(origin: str, properties: Mapping[str, Any]) -> bool:
    """Whether a status event may be recorded for a feature of a layer of this `origin` ("user"
    or "curated") with these properties. Every feature of an editors' layer: what they uploaded is
    theirs to follow, with or without a status in its file. Of the curated layers, the features
    that bear a status (checkpoints, roads, the rail link); the provinces, towns, countries and
    the boundary are administrative areas and places, which no status (planned, open, closed...)
    describes."""
    return origin == "user" or bool(properties.get("status"))


def status_features(store: Store, layer: Layer) -> Iterator[tuple[str, dict[str, Any]]]:
    """The features of `layer` that take a status (`takes_status`), with their properties, in the
    layer's order: the properties' texts alone are read (no geometry, no links), and of a curated
    layer only the texts that name a status at all are decoded."""
    editors = layer.origin == "user"
    for chunk in store.layer_properties(layer.id):
        for feature_id, text in chunk:
            if not editors and '"status"' not in text:
                continue
            properties = orjson.loads(text)
            if takes_status(layer.origin, properties):
                yield feature_id, properties


def subject_problems(store: Store, fields: Mapping[str, Any]) -> list[str]:
    """That the feature or commitment an event names is not in the store, or is a feature that
    takes no status (`takes_status`), said as a problem of the event (listed with its others,
    where the store alone would refuse it by itself)."""
    entity, entity_id = fields.get("entity"), fields.get("entity_id")
    if not isinstance(entity_id, str) or not entity_id:
        return []
    if entity == "feature":
        try:
            properties = store.feature(entity_id)["properties"]  # with its layer's id
        except NotFound:
            return [f"event.entity_id: no feature with id {entity_id!r}"]
        if not takes_status(store.layer(properties["layer"]).origin, properties):
            return [f"event.entity_id: {entity_id!r} is a place or an area, which takes no status; statuses "
                    "are recorded for checkpoints, roads, railways and the features of editors' layers"]
    if entity == "commitment" and all(item["id"] != entity_id for item in store.commitments()):
        return [f"event.entity_id: no commitment with id {entity_id!r}"]
    return []


def checked_event(store: Store, fields: Mapping[str, Any], also: list[str] | tuple = ()) -> dict[str, Any]:
    """An editor's event as the store takes it, checked against the store's documents and
    features (InvalidInput listing every problem, `also`'s and an unknown subject's with them);
    nothing stored."""
    documents = {d["id"]: d for d in store.documents()}
    return editor_event(fields, documents, [*also, *subject_problems(store, fields)])


def stated_after(store: Store, event: Mapping[str, Any]) -> str | None:
    """The day a commitment was stated, when an event of it is dated before it (a project under
    way before a statement restated it, or a wrong date: the panel shows the status from the
    event's date, before the commitment itself); None otherwise."""
    if event.get("entity") != "commitment" or not isinstance(event.get("date"), str):
        return None
    stated = store.commitment(event["entity_id"]).get("stated")  # checked to exist when the event was added
    return stated if stated and event["date"] < stated[:len(event["date"])] else None


def add_event(store: Store, fields: Mapping[str, Any], *, author: str, also: list[str] | tuple = ()) -> Revision:
    """Check an editor's event (`checked_event`) and add it (the store refuses the very same one
    twice: `Store.add_status_event`)."""
    return store.add_status_event(checked_event(store, fields, also), author=author)


def correct_event(store: Store, event_id: str, fields: Mapping[str, Any], *, author: str,
                  also: list[str] | tuple = (), based_on: int | None = None) -> Revision:
    """Check an editor's corrected event (`checked_event`) and put it in place of `event_id`;
    with `based_on`, only if no other revision changed it since (`Store.correct_status_event`).
    One taken back already says by which revision (review 33a, #7), as its retraction's does."""
    editors_event(store, event_id)
    return store.correct_status_event(event_id, checked_event(store, fields, also), author=author,
                                      based_on=based_on)


def editors_event(store: Store, event_id: str) -> dict[str, Any]:
    """An editors' event as it stands (what a retraction would take back): NotFound for an
    unknown id, Conflict for a curated one, as `retract_event` refuses them."""
    from .errors import Conflict, NotFound

    found = next((e for e in store.status_events() if e["id"] == event_id), None)
    if found is None:
        gone = store.record_revision("event", event_id)  # an event once in the record says what took it back
        if gone is not None:
            raise NotFound(f"no status event with id {event_id!r}: revision {gone} took it back")
        raise NotFound(f"no status event with id {event_id!r}")
    if found.get("origin") != "user":
        raise Conflict(f"status event {event_id!r} is curated: correct it in geodata/history.toml")
    return found


def retraction_reason(reason: str) -> str:
    """A retraction's reason, checked (InvalidInput listing every problem); nothing stored."""
    from .errors import InvalidInput
    from .ingest.text import SUMMARY, text_problems

    problems = [str(p) for p in text_problems(reason or "", "reason", SUMMARY)]
    if problems:
        raise InvalidInput(problems[0], problems=problems)
    return reason or ""


def retract_event(store: Store, event_id: str, *, author: str, reason: str = "") -> Revision:
    """Take an editor's event back (the revision keeps it, and the reason)."""
    reason = retraction_reason(reason)
    editors_event(store, event_id)  # one taken back already says by which revision
    return store.retract_status_event(event_id, author=author, reason=reason)
