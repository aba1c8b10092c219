"""User changes as plain functions over a store: revisions, reverts, deletions, links, downloads."""

from __future__ import annotations

import re
from typing import Any, Callable

import orjson

from . import licences, queries, tracking
from .commitments import public_document
from .errors import InvalidInput
from .ingest.problems import Problem, describe
from .ingest.text import AUTHOR, text_problems
from .model import Change, LaterChange, Layer, Revision
from .store import Store


def author_name(text: str | None, default: str) -> str:
    """Who made a change, as given (one line of plain text, at most 80 characters), or `default`."""
    text = (text or "").strip()
    if not text:
        return default
    # Said as the field's own problem: a name is given with every kind of change, not only an upload.
    problems = [str(problem) for problem in text_problems(text, "author", AUTHOR) if problem.severity == "error"]
    if problems:
        raise InvalidInput(problems[0], problems=problems)
    return text


def author_with(text: str | None, default: str, check: Callable[[], object]) -> str:
    """`author_name(text, default)`, and when the name is refused, whatever `check()` refuses
    of the rest of the change with it: a form lists every problem at once, not the name first
    and the others only once it is mended. `check` stores nothing."""
    try:
        return author_name(text, default)
    except InvalidInput as refused:
        try:
            check()
        except InvalidInput as error:
            problems = [*(error.problems or [error.message]), *refused.problems]
            # A message that counts its problems ("the status event breaks 2 rule(s)") counts the name's too.
            message = _COUNTED.sub(f"breaks {len(problems)} rule(s)", error.message)
            raise error.restated(message, problems) from None  # a layer choice keeps its layers
        raise


_COUNTED = re.compile(r"breaks \d+ rule\(s\)")


def revisions(store: Store, layer_id: str | None = None) -> list[dict[str, Any]]:
    """Every revision, newest first (of one layer, or all)."""
    if layer_id is not None:
        store.layer(layer_id)  # NotFound for an unknown layer
    return [revision.to_dict() for revision in store.history(layer_id)]


# A page of changes is held in memory whole; this bounds it whatever a caller asks for.
MAX_CHANGES_PAGE = 10_000


def _shown(change: Change) -> dict[str, Any]:
    """A change as the API and the pages show it (JSON-ready)."""
    def state(value: Any) -> Any:
        if isinstance(value, Layer):
            return {k: v for k, v in value.to_dict().items() if k != "feature_count"}
        if change.entity == "document" and isinstance(value, dict):  # its text stays with the editors
            return public_document(value)
        return value

    shown_id = " → ".join(change.id) if isinstance(change.id, tuple) else change.id
    return {"entity": change.entity, "id": shown_id, "before": state(change.before), "after": state(change.after)}


def revision_detail(store: Store, revision_id: int, limit: int = 1000, offset: int = 0) -> dict[str, Any]:
    """A revision and (up to `limit` of) its changes from `offset`, each with its state before and after."""
    page = store.revision(revision_id, offset=offset, limit=min(limit, MAX_CHANGES_PAGE))
    return {
        "revision": page.revision.to_dict(),
        "changes_total": page.total,
        "offset": page.offset,
        "changes": [_shown(change) for change in page.changes],
    }


def events_in_the_way(store: Store, revision_id: int) -> list[dict[str, Any]]:
    """The editors' status events that name a commitment this revision added: reverting it is
    refused while they stand (the store's rule), so the confirmation says so before it is asked."""
    # Only these add a commitment; an import's thousands of changes are not read for it.
    if store.revision(revision_id, limit=0).revision.action not in ("commitment-add", "revert"):
        return []
    added = [change.id for change in store.revision(revision_id, limit=MAX_CHANGES_PAGE).changes
             if change.entity == "commitment" and change.before is None]
    return [event for commitment_id in added for event in store.status_events("commitment", commitment_id)
            if event.get("origin") == "user"]


def citations_in_the_way(store: Store, revision_id: int) -> list[dict[str, Any]]:
    """The commitments and editors' status events citing a paragraph of a document this revision
    added or changed, which reverting it would take away or change back: the store refuses that
    revert (`common_ledger.broken_citations`), so the confirmation says so before it is asked
    (review rv22a, M4: the refusal came after the press, in English, with no next step)."""
    from .store.common_ledger import broken_citations

    if store.revision(revision_id, limit=0).revision.action not in ("document-add", "document-edit", "revert"):
        return []
    documents = [change for change in store.revision(revision_id, limit=MAX_CHANGES_PAGE).changes
                 if change.entity == "document" and change.after is not None]
    if not documents:
        return []
    commitments = [item for item in store.commitments() if item.get("origin") == "editor"]
    events = [event for event in store.status_events() if event.get("origin") == "user"]
    # From the document as this revision left it to what reverting it would put back (nothing,
    # for one it added); a later change of the document stops the revert by itself.
    return [citation for change in documents for citation in broken_citations(
        change.id, change.after.get("paragraphs") or [], (change.before or {}).get("paragraphs") or [],
        commitments, events)]


def revert_blocked(store: Store, revision_id: int, found: LaterChange | None = None) -> dict[str, Any] | None:
    """What a later revision changed that reverting this one would undo, or None: the entity
    (`entity`, `id` as `revision_detail` shows it) and the later revisions to revert first
    (`later`, as `revisions` shows them, oldest first). `found`: what a refused revert said,
    instead of asking the store again."""
    found = store.revert_blocked(revision_id) if found is None else found
    if found is None:
        return None
    return {"entity": found.entity, "id": found.shown_id, "feature": found.id if found.entity == "feature" else None,
            "later": [store.revision(later, limit=0).revision.to_dict() for later in found.later]}


def revert(store: Store, revision_id: int, *, author: str) -> Revision:
    """Undo a revision as a new one; Conflict when later changes touched the same data."""
    return store.revert(revision_id, author=author)


def delete_feature(store: Store, feature_id: str, *, author: str) -> Revision:
    return store.delete_features([feature_id], author=author, summary=f"deleted feature {feature_id}")


def delete_layer(store: Store, layer_id: str, *, author: str) -> Revision:
    return store.delete_layer(layer_id, author=author)


def link(store: Store, commitment_id: str, body: Any, *, author: str) -> Revision:
    """Link features to a commitment; `body` is {"features": [id, ...]}."""
    ids = body.get("features") if isinstance(body, dict) else None
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise InvalidInput("features: expected a non-empty array of feature ids",
                           problems=[str(Problem("features", f"expected an array of strings, got {describe(ids)}"))])
    return store.link(commitment_id, list(dict.fromkeys(ids)), author=author)


def layer_geojson(store: Store, layer_id: str) -> tuple[str, bytes]:
    """A layer as a GeoJSON file: (file name, bytes), built again only when the layer's
    features may have changed.

    Anyone may download a layer; parallel requests share one build, as the read API's do.
    """
    layer = store.layer(layer_id)
    terms = licences.for_layer(layer)

    def build() -> bytes:
        # Foreign members (RFC 7946 §6.1): GIS tools keep or ignore them, bordermap's import ignores them.
        return orjson.dumps({"type": "FeatureCollection", "name": layer.id, "title": layer.title,
                             "license": terms["licence"], "attribution": terms["attribution"],
                             "features": tracking.as_of_today(store, store.features(layer.id))})

    data = queries.cached(store, ("download", layer.id),
                          (store.layer_version(layer.id), tracking.statuses_today(store)[2]), build)
    return f"{layer.id}.geojson", data
