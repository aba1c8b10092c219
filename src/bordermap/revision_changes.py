"""What an edit changed in each record: its fields, each with its value before and after.

A revision's changes (`edits.revision_detail`) give each record's whole state before and after;
a reader of an edit wants the few fields that differ. A nested object (a status event's `source`,
a feature's `properties`, a layer's `style`, a commitment's `retired`) is compared field by field,
its fields named by their path ("source.title"); a list or a geometry is one value.

A document's `text` stays with the editors (docs/ledger.md): that it changed is said, not what it
was or became.
"""

from __future__ import annotations

from typing import Any

from . import edits
from .commitments import PRIVATE_DOCUMENT_FIELDS
from .store import Store

# A nested object compared field by field; any other value (a list, a geometry) is compared whole.
_BY_FIELD = frozenset({"source", "properties", "style", "retired"})


def changed_fields(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """The fields that differ between two states of one record, in the record's order (the
    fields it had after, then those it lost): [{"field": path, "before": value, "after": value}],
    a value None where the record had no such field."""
    changed: list[dict[str, Any]] = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if old == new or _empty(old) and _empty(new):  # "none given" both sides is no change (review 31a, #8)
            continue
        path = f"{prefix}{key}"
        if key in _BY_FIELD and not prefix and isinstance(old or {}, dict) and isinstance(new or {}, dict):
            if key == "retired" and bool(old) != bool(new):  # the retirement itself, or its revert
                changed.append({"field": path, "before": bool(old), "after": bool(new)})
            changed.extend(changed_fields(old or {}, new or {}, f"{path}."))
        else:
            changed.append({"field": path, "before": old, "after": new})
    return changed


def _empty(value: Any) -> bool:
    """No value: what the revisions page says "none given" of."""
    return value is None or value == "" or value == [] or value == {}


def revision_changes(store: Store, revision_id: int, limit: int = 1000) -> dict[str, Any]:
    """`edits.revision_detail`, each change that kept its record (an edit, a correction, a
    retirement, a revert of one) with `fields`, what changed in it (`changed_fields`); a
    document's withheld field that changed is listed with `withheld: True` and no values."""
    detail = edits.revision_detail(store, revision_id, limit)
    withheld = _withheld_changes(store, revision_id, limit, detail["changes"])
    for change in detail["changes"]:
        before, after = change["before"], change["after"]
        if not isinstance(before, dict) or not isinstance(after, dict):
            change["fields"] = []
            continue
        change["fields"] = changed_fields(before, after) + [
            {"field": name, "before": None, "after": None, "withheld": True}
            for name in withheld.get(change["id"], [])]
    return detail


def _withheld_changes(store: Store, revision_id: int, limit: int, shown: list[dict[str, Any]]) -> dict[str, list[str]]:
    """{document id: its withheld fields (`text`, ...) that this revision changed}; the store is
    read again only when the revision edited a document."""
    if not any(c["entity"] == "document" and c["before"] and c["after"] for c in shown):
        return {}
    found: dict[str, list[str]] = {}
    for change in store.revision(revision_id, limit=min(limit, edits.MAX_CHANGES_PAGE)).changes:
        if change.entity != "document" or not isinstance(change.before, dict) or not isinstance(change.after, dict):
            continue
        names = [name for name in sorted(PRIVATE_DOCUMENT_FIELDS)
                 if change.before.get(name) != change.after.get(name)]
        # The paragraphs are the text numbered: one change, said once as the text's.
        if "paragraphs" in names and "text" in names:
            names.remove("paragraphs")
        if names:
            found[change.id] = names
    return found
