"""Who stands behind what the map shows: the curated data's date apart from the editors' changes.

Readers must be able to tell the curated facts (cited, dated) from what editors uploaded. The
header gives the curated data's own date and, separately, the day of the editors' last change
still in effect; each uploaded layer carries who added it and when, for its popups and the
export.
"""

from __future__ import annotations

from typing import Any

from . import queries
from .model import Revision
from .store import Store


def _in_effect(history: list[Revision]) -> list[Revision]:
    """The revisions whose change still stands: neither reverted nor a revert themselves.

    A revert puts the data back as it was, so neither it nor the revision it undid counts as a
    change a reader sees: reverting the only upload takes the editors' date back to nothing.
    """
    return [rev for rev in history if rev.reverted_by is None and rev.reverts is None]


def editors_changed_on(store: Store, state: tuple | None = None) -> str:
    """The day (YYYY-MM-DD) of the newest editors' change still in effect, or "" for none."""
    state = state or queries.data_state(store)
    if not state[1]:
        return ""

    def build() -> str:
        standing = _in_effect(store.history())
        return standing[0].created_at[:10] if standing else ""

    return queries.cached(store, "editors_changed_on", state, build)


def layer_provenance(store: Store, state: tuple | None = None) -> dict[str, dict[str, Any]]:
    """For each layer editors added: {"authors": [...], "added": date, "changed": date}.

    Authors are those of the changes still in effect in that layer, first added first; the
    dates are the days of the first and the newest of those changes.
    """
    state = state or queries.data_state(store)
    if not state[1]:
        return {}

    def build() -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for rev in reversed(_in_effect(store.history())):  # oldest first
            if not rev.layer_id:
                continue
            entry = found.setdefault(rev.layer_id, {"authors": [], "added": rev.created_at[:10]})
            if rev.author and rev.author not in entry["authors"]:
                entry["authors"].append(rev.author)
            entry["changed"] = rev.created_at[:10]
        return found

    return queries.cached(store, "layer_provenance", state, build)


def reader_version(state: tuple, curated_as_of: str) -> dict[str, Any]:
    """The data's version as a reader can quote it: the curated data's date and the number of
    the editors' last revision, with the exact identifier kept for reference."""
    return {"curated": curated_as_of or "", "revision": state[1], "id": f"{state[0] or 'empty'}-r{state[1]}"}
