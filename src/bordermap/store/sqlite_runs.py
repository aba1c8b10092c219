"""Long runs of feature and link changes in the SQLite store, applied a chunk at a time.

Reverting a 100,000-feature import removed its features one at a time (a read, a delete, a
links query and a `changes` row each): 4.4 s, and 6.5 s to put them back by reverting the
revert (session 26). A run of at least RUN_MIN consecutive feature and link steps is applied
here instead: each chunk's states and links are read in one query each, worked out in memory
in the steps' order, then written with one statement per table. What it records is what
`ChangesMixin._change` records step by step: the same rows, in the same order, with the same
seq numbers and contents (tests/test_store_revert_runs.py compares the two).
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Iterable, Iterator

import orjson

from .common_changes import WRITTEN_CHUNK

# A run shorter than this goes step by step (ChangesMixin._change), as every other change does.
RUN_MIN = 64
# Steps applied together: one query reads their states, one their links (json_each of the ids).
CHUNK = WRITTEN_CHUNK

Step = tuple[tuple[str, str], Any]
_IN_IDS = "IN (SELECT value FROM json_each(?))"


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def runs(steps: Iterable[Step]) -> Iterator[tuple[bool, list[Step]]]:
    """The steps in order as (whether to apply them as a run, steps): runs of RUN_MIN or more
    consecutive feature and link steps, and whatever lies between them."""
    pending: list[Step] = []
    run: list[Step] = []
    for step in steps:
        if step[0][0] in ("feature", "link"):
            run.append(step)
            continue
        if len(run) >= RUN_MIN:
            if pending:
                yield False, pending
                pending = []
            yield True, run
        else:
            pending += run
        run = []
        pending.append(step)
    if len(run) >= RUN_MIN:
        if pending:
            yield False, pending
        yield True, run
    elif pending or run:
        yield False, pending + run


def _chunks(steps: list[Step]) -> Iterator[list[Step]]:
    it = iter(steps)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _feature_rows(db, ids: list[str]) -> dict[str, dict]:
    """The rows of these features that exist, as ChangesMixin._state reads one, in one query."""
    if not ids:
        return {}
    return {row["id"]: {k: row[k] for k in row.keys()}
            for row in db.execute(f"SELECT * FROM features WHERE id {_IN_IDS}", (_dumps(ids),))}


def current(db, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """The states (as ChangesMixin._state reads them) of these feature and link keys that exist,
    in a query for the features and one for the links."""
    features = [entity_id for entity, entity_id in keys if entity == "feature"]
    linked = [entity_id.split("\t", 1) for entity, entity_id in keys if entity == "link"]
    found: dict[tuple[str, str], dict] = {("feature", i): state for i, state in _feature_rows(db, features).items()}
    if linked:
        wanted = {(c, f) for c, f in linked}
        for c, f in db.execute(f"SELECT commitment_id, feature_id FROM user_links WHERE feature_id {_IN_IDS}",
                               (_dumps(sorted({f for _, f in linked})),)):
            if (c, f) in wanted:
                found[("link", c + "\t" + f)] = {"commitment_id": c, "feature_id": f}
    return found


def set_run(db, revision_id: int, steps: list[Step], widen) -> None:
    """Apply a run of feature and link steps as ChangesMixin._change applies each, recording them
    in `changes` from the revision's next seq on; `widen(db, layer_id, width)` as for one feature."""
    seq = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM changes WHERE revision_id = ?",
                     (revision_id,)).fetchone()[0]
    for chunk in _chunks(steps):
        seq = _set_chunk(db, revision_id, chunk, seq, widen)


def _set_chunk(db, revision_id: int, steps: list[Step], seq: int, widen) -> int:
    feature_ids = {entity_id for (entity, entity_id), _ in steps if entity == "feature"}
    linked_features = feature_ids | {entity_id.split("\t", 1)[1] for (entity, entity_id), _ in steps
                                     if entity == "link"}
    features: dict[str, dict | None] = dict(_feature_rows(db, sorted(feature_ids)))
    links: dict[str, set[str]] = {}  # feature id: the commitments it is linked to now
    for c, f in db.execute(f"SELECT commitment_id, feature_id FROM user_links WHERE feature_id {_IN_IDS}",
                           (_dumps(sorted(linked_features)),)):
        links.setdefault(f, set()).add(c)
    initial_features = dict(features)
    initial_links = {(c, f) for f, cs in links.items() for c in cs}
    written: dict[str, dict | None] = {}  # feature id: its last state set, in the order first set
    added: dict[tuple[str, str], None] = {}  # links set, in the order last set: the order inserted
    widths: dict[str, float] = {}
    records: list[tuple] = []

    def record(entity: str, entity_id: str, before, after) -> None:
        nonlocal seq
        records.append((revision_id, seq, entity, entity_id, None if before is None else _dumps(before),
                        None if after is None else _dumps(after)))
        seq += 1

    for (entity, entity_id), after in steps:
        if entity == "link":
            c, f = entity_id.split("\t", 1)
            held = links.setdefault(f, set())
            record("link", entity_id, {"commitment_id": c, "feature_id": f} if c in held else None, after)
            added.pop((c, f), None)
            if after is None:
                held.discard(c)
            else:
                held.add(c)
                added[(c, f)] = None
            continue
        if after is None:  # a feature that goes takes its links with it, each recorded first
            for c in sorted(links.get(entity_id, ())):
                record("link", c + "\t" + entity_id, {"commitment_id": c, "feature_id": entity_id}, None)
            links.pop(entity_id, None)
        elif after.get("minx") is not None:
            width = after["maxx"] - after["minx"]
            widths[after["layer_id"]] = max(width, widths.get(after["layer_id"], width))
        record("feature", entity_id, features.get(entity_id), after)
        features[entity_id] = after
        written[entity_id] = after

    # A link set again is deleted and inserted anew, as _apply does: its row comes after the others.
    final_links = {(c, f) for f, cs in links.items() for c in cs}
    db.executemany("DELETE FROM user_links WHERE commitment_id = ? AND feature_id = ?",
                   sorted((initial_links - final_links) | (initial_links & added.keys())))
    gone = [i for i in written if initial_features.get(i) is not None]
    if gone:
        db.execute(f"DELETE FROM features WHERE id {_IN_IDS}", (_dumps(gone),))
    for layer_id, width in widths.items():
        widen(db, layer_id, width)
    placed = [state for state in written.values() if state is not None]
    for columns in {tuple(state) for state in placed}:  # one statement per set of columns (one, in practice)
        marks = ", ".join("?" for _ in columns)
        db.executemany(f"INSERT INTO features ({', '.join(columns)}) VALUES ({marks})",
                       [tuple(state.values()) for state in placed if tuple(state) == columns])
    db.executemany("INSERT INTO user_links VALUES (?, ?)",
                   [pair for pair in added if pair in final_links])
    db.executemany("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?)", records)
    return seq
