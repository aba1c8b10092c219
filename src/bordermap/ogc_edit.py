"""OGC API – Features Part 4 on user layers: create, replace, update (JSON Merge Patch), delete.

Every write goes through the upload's checks (`bordermap.ingest`) and is one revision. A
change to an existing feature names the version it replaces (the `If-Match` ETag, given here
as `expected`); the store compares it inside its write transaction, so two writers, on one
server or several sharing the database, cannot both pass (`Store.replace_feature`). Curated
layers refuse every write with a message, as uploads into them are refused.
"""

from __future__ import annotations

from typing import Any

import orjson

from . import ingest
from .errors import BordermapError, Conflict, InvalidInput, NotFound
from .ingest.coordinates import check_coordinates
from .ingest.parse import Limits, read_json, to_utf8
from .ingest.problems import Problem, describe, raise_for, to_json
from .ingest.properties import RESERVED_PROPERTIES
from .ingest.validate import check_feature, depth_problems
from .model import Revision
from .store import Store

MERGE_PATCH = "application/merge-patch+json"
ANY = "*"  # `If-Match: *`: whatever version the feature has now


def merge_patch(target: Any, patch: Any) -> Any:
    """`target` with `patch` applied as RFC 7396 says: objects merge, null removes, the rest replaces.

    A loop, not recursion: a patch nested past Python's recursion limit is refused by the checks
    of the result with the depth limit's message, never a RecursionError (review 22c, F7)."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    pending = [(result, patch)]
    while pending:
        merged, changes = pending.pop()
        for name, value in changes.items():
            if value is None:
                merged.pop(name, None)
            elif isinstance(value, dict):
                inner = merged.get(name)
                merged[name] = inner = dict(inner) if isinstance(inner, dict) else {}
                pending.append((inner, value))
            else:
                merged[name] = value
    return result


def writable(store: Store, collection_id: str) -> None:
    """NotFound for an unknown collection; Conflict, with what to do instead, for a curated one."""
    if store.layer(collection_id).origin != "user":
        raise Conflict(f"collection {collection_id!r} is curated: its features change only through the "
                       "reviewed data in geodata/, never through the API; write to a layer of your own")


def _in_collection(store: Store, collection_id: str, feature_id: str) -> dict[str, Any]:
    """The stored feature, when it belongs to this writable collection; NotFound otherwise."""
    writable(store, collection_id)
    try:
        found = store.feature(feature_id)
    except NotFound:
        found = None
    if found is None or found["properties"].get("layer") != collection_id:
        store.layer(collection_id)  # an unknown collection says so first
        raise NotFound(f"no feature with id {feature_id!r} in collection {collection_id!r}")
    return found


def create(store: Store, collection_id: str, raw: bytes, *, author: str, limits: Limits) -> Revision:
    """POST: add the body's Feature (or FeatureCollection) to a user layer, as an upload would."""
    writable(store, collection_id)
    plan = ingest.plan_import(raw, layer=collection_id, store=store, limits=limits, filename="request body")
    raise_for(_posted_store_properties(raw, collection_id))
    # Posting the same feature twice makes two features, as the standard's POST does.
    return ingest.run_import(store, plan, author=author, allow_duplicate=True)


def replace(store: Store, collection_id: str, feature_id: str, raw: bytes, *, author: str,
            expected: str | None, limits: Limits) -> Revision:
    """PUT: the body's Feature takes the place of this one (same id, place and links)."""
    current = _in_collection(store, collection_id, feature_id)
    feature, _ = ingest.check_feature(raw, layer=collection_id, feature_id=feature_id, store=store, limits=limits)
    raise_for(_set_by_the_store(_sent(raw), current))
    return store.replace_feature(feature_id, feature, author=author, summary=f"replaced feature {feature_id}",
                                 expected_version=None if expected == ANY else expected)


def update(store: Store, collection_id: str, feature_id: str, raw: bytes, *, author: str,
           expected: str | None, limits: Limits) -> Revision:
    """PATCH: a JSON Merge Patch (RFC 7396) of the feature's `geometry` and `properties`.

    The patched feature is checked as a whole, as a PUT of it would be. With `If-Match: *` the
    version the patch was applied to is the one compared, so a change made in between is not lost.
    """
    version = store.feature_version(feature_id) if expected == ANY else expected
    current = _in_collection(store, collection_id, feature_id)
    patch = read_json(to_utf8(raw)[0], limits)
    if not isinstance(patch, dict):
        raise InvalidInput(f"expected a JSON Merge Patch object (RFC 7396), got {describe(patch)}")
    unknown = sorted(set(patch) - {"type", "id", "geometry", "properties"})
    if unknown:
        raise InvalidInput(f"{unknown[0]}: a patch may change geometry and properties only")
    base = {"type": "Feature", "geometry": current["geometry"],
            "properties": {k: v for k, v in current["properties"].items() if k not in RESERVED_PROPERTIES}}
    patched = merge_patch(base, patch)
    return replace(store, collection_id, feature_id, _written_out(patched, limits), author=author,
                   expected=version, limits=limits)


# What a write may not change in the store's own properties, and where it is changed instead.
_ELSEWHERE = {
    "layer": "a feature stays in its collection: to move it, create it in the other collection and delete it here",
    "commitments": "a feature's commitments are linked from each commitment (the ledger's commitment form, or "
                   "POST /api/commitments/<id>/links)",
}


def _sent(raw: bytes) -> Any:
    """The body as JSON, None where it is not (read and checked by the upload's rules before)."""
    try:
        return orjson.loads(to_utf8(raw)[0])
    except (orjson.JSONDecodeError, BordermapError):
        return None


def _set_by_the_store(feature: Any, current: dict[str, Any], path: str = "feature") -> list[Problem]:
    """A problem for each of the store's own properties (`layer`, `commitments`) a sent feature
    sets to other than what the feature has: the write would drop it and answer as if it were
    done (review 23b, #6). Sent back as read (a GET, changed, then PUT) they are the same and pass."""
    sent = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(sent, dict):
        return []
    return [Problem(f"{path}.properties.{key}", f"set by bordermap, not by a write: {_ELSEWHERE[key]}")
            for key in RESERVED_PROPERTIES if key in sent and sent[key] is not None
            and _compared(sent[key]) != _compared(current["properties"].get(key))]


def _posted_store_properties(raw: bytes, collection_id: str) -> list[Problem]:
    """`_set_by_the_store` for each feature a POST sends, against a new feature of this
    collection (its layer, no commitments): they were dropped and answered 201 (review 23k, #2)."""
    sent = _sent(raw)
    new = {"properties": {"layer": collection_id, "commitments": []}}
    if isinstance(sent, dict) and sent.get("type") == "FeatureCollection" and isinstance(sent.get("features"), list):
        return [problem for n, feature in enumerate(sent["features"])
                for problem in _set_by_the_store(feature, new, f"features[{n}]")]
    return _set_by_the_store(sent, new)


def _compared(value: Any) -> Any:
    """A list of commitments in any order is the same list."""
    return sorted(value, key=str) if isinstance(value, list) else value


def _written_out(patched: dict[str, Any], limits: Limits) -> bytes:
    """The patched feature as the JSON a PUT would send, refused first with the upload's own
    messages when it is nested past `limits.max_depth` (BORDERMAP_MAX_DEPTH) or its coordinates
    deeper than their type: writing it out again would fail, as a 500 (review 22c, F7)."""
    raise_for(check_feature(patched, "feature") or depth_problems(patched, "feature", limits.max_depth))
    try:
        return orjson.dumps(patched)
    except orjson.JSONEncodeError:  # coordinates nested past orjson's limit, or an integer beyond 64 bits
        raise_for(check_coordinates(patched["geometry"], "feature.geometry"))
        return to_json(patched).encode()


def delete(store: Store, collection_id: str, feature_id: str, *, author: str, expected: str | None) -> Revision:
    """DELETE: remove the feature (and its links) as one revision."""
    _in_collection(store, collection_id, feature_id)
    versions = None if expected in (None, ANY) else {feature_id: expected}
    return store.delete_features([feature_id], author=author, summary=f"deleted feature {feature_id}",
                                 expected_versions=versions)
