"""The changing half every SQL backend shares: which checks come in which order, and what they refuse.

The backend says how it writes a revision's entity states (`_key`, `_set_states`,
`_write_import`, `_undo_steps`) and declares the dialect common_reading describes; the order
of the checks and each refusal live here, so the backends cannot drift apart in what a user
is told.
"""

from __future__ import annotations

from typing import Any

from ..errors import Conflict, NotFound
from ..model import LaterChange
from .base import Feature
from .columns import FeatureColumns, given_ids
from .common_ledger import LedgerMixin
from .rules import (
    check_on_taken,
    duplicate_conflict,
    later_change_conflict,
    refuse_repeated,
    renamed,
    stale_version,
    standing,
    taken_conflict,
    version_of,
)


def curated_refusal(layer_id: str) -> Conflict:
    return Conflict(f"layer {layer_id!r} is curated; add features to a layer of your own")


# An import records the features it wrote as one `changes` row per WRITTEN_CHUNK of them (entity
# 'written', entity_id the layer, `after` the JSON array of their ids, `seq` the number of the
# first; the next row's seq follows the last id's), not a row per feature: the features table
# says which revision wrote each row. SQLite since its schema 4, PostGIS since its schema 6;
# rows written before keep one per feature, and both read as the same changes.
WRITTEN_CHUNK = 1000

def link_state(commitment_id: str, feature_id: str) -> dict[str, str]:
    """A link's state, as recorded in a revision's changes."""
    return {"commitment_id": commitment_id, "feature_id": feature_id}


class ChangingMixin(LedgerMixin):
    """The changing half of a SQL store: which checks come in which order, and what they refuse.

    The backend provides `_write`, `_begin_revision`, `_revision`, `_assign_ids`
    and the state hooks below.
    """

    def _key(self, entity: str, entity_id: str, commitment_id: str | None = None) -> Any:
        """How the backend names an entity in `_set_states` (links by feature and commitment)."""
        raise NotImplementedError

    def _set_states(self, db, revision_id: int, steps: list[tuple[Any, dict | None]]) -> None:
        """Give each entity (a `_key`) its new state in order, recording each step in the revision;
        a feature that goes takes its links with it."""
        raise NotImplementedError

    def _new_layer_state(self, new_layer, position: int) -> dict:
        raise NotImplementedError

    def _prefixed_ids(self, db, layer_id: str) -> set[str]:
        """The store's ids that start with `<layer>-`, which numbering skips."""
        raise NotImplementedError

    def _write_import(self, db, revision_id: int, layer_id: str, features: list[Feature], ids: list[str],
                      next_seq: int, links: list[str]) -> None:
        """Write an import's features (from `next_seq` in the layer) and their links, and record them."""
        raise NotImplementedError

    def _feature_state(self, db, feature_id: str) -> dict | None:
        """A feature's state as `_set_states` takes it (None when absent)."""
        raise NotImplementedError

    def _replaced_state(self, state: dict, feature: Feature, properties: dict, revision_id: int) -> dict:
        """`state` with the feature's geometry, these properties and `revision_id` as the writer."""
        raise NotImplementedError

    def _undo_steps(self, db, revision_id: int) -> tuple[list[tuple[Any, dict | None]], Any]:
        """The steps that undo a revision, last change first, and the `_key` of the first entity
        (in that order) a later revision changed since, or None when none was."""
        raise NotImplementedError

    def _touched_after(self, db, revision_id: int, key: Any) -> tuple[str, Any, list[int]]:
        """The entity a `_key` names, as a `Change` names it (entity, id), and the ids of the
        revisions after `revision_id` whose changes touched it, ascending."""
        raise NotImplementedError

    def _later_change(self, db, revision_id: int, key: Any) -> LaterChange:
        entity, entity_id, ids = self._touched_after(db, revision_id, key)
        return LaterChange(revision_id, entity, entity_id, standing([self._revision(db, i) for i in ids]))

    def revert_blocked(self, revision_id):
        with self._read() as db:
            self._revision(db, revision_id)  # NotFound for an unknown id
            _, changed = self._undo_steps(db, revision_id)
            return None if changed is None else self._later_change(db, revision_id, changed)

    def revert_refused(self, revision_id):
        with self._read() as db:
            original = self._revision(db, revision_id)  # NotFound for an unknown id
            steps, changed = self._undo_steps(db, revision_id)
            if changed is not None or original.reverted_by is not None:
                return None  # said by revert_blocked, or reverted already
            try:
                self._guard_ledger(db, revision_id, steps)  # reads only: what `revert` would refuse
            except (Conflict, NotFound) as refusal:
                return refusal
            return None

    def _user_layer(self, db, layer_id: str) -> None:
        row = db.execute(f"SELECT origin FROM layers WHERE id = {self._P}", (layer_id,)).fetchone()
        if row is None:
            raise NotFound(f"no layer with id {layer_id!r}")
        if row["origin"] != "user":
            raise curated_refusal(layer_id)

    def _first_missing(self, db, table: str, ids: list[str]) -> str | None:
        """The first of these ids (in the order given) that `table` does not hold."""
        where, param = self._in_ids(ids)
        known = {r["id"] for r in db.execute(f"SELECT id FROM {table} WHERE id {where}", (param,)).fetchall()}
        return next((i for i in ids if i not in known), None)

    def _import_write(self):
        """The transaction an import writes in (the SQLite store checkpoints after it, apart)."""
        return self._write()

    def add_features(self, layer_id, features, *, author, summary, file_sha256=None, new_layer=None, links=(),
                     on_taken="refuse", allow_duplicate=False):
        check_on_taken(on_taken)
        if not isinstance(features, FeatureColumns):  # columns are written as they are (store/columns)
            features = list(features)
        links = list(dict.fromkeys(links))
        with self._import_write() as db:
            revision_id, layer_id = self._begin_import(db, layer_id, author, summary, file_sha256, new_layer,
                                                       links, allow_duplicate)
            self._import_batch(db, revision_id, layer_id, features, links, on_taken, set())
            return self._revision(db, revision_id)

    def add_feature_batches(self, layer_id, batches, *, author, summary, file_sha256=None, new_layer=None,
                            links=(), on_taken="refuse", allow_duplicate=False, reserved=()):
        check_on_taken(on_taken)
        links = list(dict.fromkeys(links))
        reserved = set(reserved)
        with self._import_write() as db:
            revision_id, layer_id = self._begin_import(db, layer_id, author, summary, file_sha256, new_layer,
                                                       links, allow_duplicate)
            first = 0
            # The store's ids with the layer's prefix, read once; ids given in each batch join
            # them (those numbered are below the layer's counter, which only grows).
            known: set[str] | None = None
            prefix = f"{layer_id}-"
            for batch in batches:
                batch = list(batch)
                if known is None and any(f.get("id") is None for f in batch):
                    known = self._prefixed_ids(db, layer_id)
                self._import_batch(db, revision_id, layer_id, batch, links, on_taken, reserved, first, known)
                if known is not None:
                    known.update(f["id"] for f in batch if isinstance(f.get("id"), str) and f["id"].startswith(prefix))
                first += len(batch)
            return self._revision(db, revision_id)

    def _begin_import(self, db, layer_id, author, summary, file_sha256, new_layer, links, allow_duplicate):
        """An import's checks before its features, its revision and new layer: (revision id, layer id)."""
        P = self._P
        target = new_layer.id if new_layer is not None else layer_id
        if file_sha256 and not allow_duplicate:
            self._refuse_duplicate(db, target, file_sha256)
        if new_layer is not None:
            if db.execute(f"SELECT 1 FROM layers WHERE id = {P}", (new_layer.id,)).fetchone():
                # Said as the import's own check says it: the race's loser needs the same way out.
                raise Conflict(f"a layer with id {new_layer.id!r} already exists; choose it as the "
                               "target or give the new layer another id")
            layer_id = new_layer.id
        revision_id = self._begin_revision(db, author=author, action="import", layer_id=layer_id,
                                           summary=summary, file_sha256=file_sha256)
        if new_layer is not None:
            position = db.execute("SELECT coalesce(max(position), 0) + 1 AS p FROM layers").fetchone()["p"]
            self._set_states(db, revision_id, [(self._key("layer", new_layer.id),
                                                self._new_layer_state(new_layer, position))])
        self._user_layer(db, layer_id)
        missing = next((c for c in links if not self._commitment_exists(db, c)), None)
        if missing is not None:
            raise NotFound(f"no commitment with id {missing!r}")
        return revision_id, layer_id

    def _import_batch(self, db, revision_id, layer_id, features, links, on_taken, reserved, first=0, known=None):
        """Write features of an import (the `first` of the whole upload onwards) and their links;
        `reserved` ids are kept free when numbering, as are `known` ones (None: read them)."""
        given = given_ids(features)
        taken = self._existing_ids(db, given)
        if taken and on_taken == "rename":
            features = renamed(features, set(taken))
            given = given_ids(features)
        elif taken:
            raise taken_conflict(taken, features, first)
        ids = self._assign_ids(db, layer_id, features, set(given) | reserved if reserved else set(given), known)
        next_seq = db.execute(f"SELECT coalesce(max(seq), -1) + 1 AS n FROM features WHERE layer_id = {self._P}",
                              (layer_id,)).fetchone()["n"]
        self._write_import(db, revision_id, layer_id, features, ids, next_seq, links)

    def _find_import(self, db, layer_id: str, file_sha256: str) -> int | None:
        """The id of the last import of this file into this layer that was not reverted."""
        row = db.execute(
            f"SELECT id FROM revisions WHERE file_sha256 = {self._P} AND layer_id = {self._P}"
            " AND action = 'import' AND reverted_by IS NULL ORDER BY id DESC LIMIT 1",
            (file_sha256, layer_id),
        ).fetchone()
        return None if row is None else row["id"]

    def find_import(self, layer_id, file_sha256):
        with self._read() as db:
            found = self._find_import(db, layer_id, file_sha256)
            return None if found is None else self._revision(db, found)

    def _refuse_duplicate(self, db, layer_id: str, file_sha256: str) -> None:
        """Conflict when this file was imported into this (existing) layer and not reverted."""
        if db.execute(f"SELECT 1 FROM layers WHERE id = {self._P}", (layer_id,)).fetchone() is None:
            return  # a layer deleted since, or never made: nothing of the file is there
        earlier = self._find_import(db, layer_id, file_sha256)
        if earlier is not None:
            raise duplicate_conflict(self._revision(db, earlier), layer_id, file_sha256)

    def taken_ids(self, feature_ids):
        with self._read() as db:
            return set(self._existing_ids(db, list(dict.fromkeys(feature_ids))))

    def _existing_ids(self, db, ids: list[str]) -> list[str]:
        refuse_repeated(ids)
        where, param = self._in_ids(ids)
        taken = [r["id"] for r in db.execute(f"SELECT id FROM features WHERE id {where}", (param,)).fetchall()]
        order = {feature_id: i for i, feature_id in enumerate(ids)}
        return sorted(taken, key=order.__getitem__)

    def _check_version(self, feature_id: str, row, expected: str | None) -> None:
        """PreconditionFailed when `expected` is given and is not the version `row` holds now."""
        if expected is None:
            return
        current = version_of(row["revision_id"], row["created_at"])
        if current != expected:
            raise stale_version(feature_id, expected, current)

    def replace_feature(self, feature_id, feature, *, author, summary="", expected_version=None):
        properties = {**(feature.get("properties") or {}), "id": feature_id}
        with self._write() as db:
            row = db.execute("SELECT f.layer_id, f.revision_id, r.created_at, l.origin FROM features f JOIN layers l"
                             " ON l.id = f.layer_id LEFT JOIN revisions r ON r.id = f.revision_id"
                             f" WHERE f.id = {self._P}", (feature_id,)).fetchone()
            if row is None:
                raise NotFound(f"no feature with id {feature_id!r}")
            if row["origin"] != "user":
                raise curated_refusal(row["layer_id"])
            self._check_version(feature_id, row, expected_version)
            revision_id = self._begin_revision(db, author=author, action="replace", layer_id=row["layer_id"],
                                               summary=summary or f"replaced feature {feature_id}")
            state = self._replaced_state(self._feature_state(db, feature_id), feature, properties, revision_id)
            self._set_states(db, revision_id, [(self._key("feature", feature_id), state)])
            return self._revision(db, revision_id)

    def delete_features(self, feature_ids, *, author, summary="", expected_versions=None):
        feature_ids = list(feature_ids)
        with self._write() as db:
            where, param = self._in_ids(feature_ids)
            found = {row["id"]: row for row in db.execute(
                "SELECT f.id, f.layer_id, f.revision_id, r.created_at, l.origin FROM features f JOIN layers l"
                " ON l.id = f.layer_id LEFT JOIN revisions r ON r.id = f.revision_id"
                f" WHERE f.id {where}", (param,)).fetchall()}
            for feature_id in feature_ids:  # the first refused id in the order given is named
                if feature_id not in found:
                    raise NotFound(f"no feature with id {feature_id!r}")
                if found[feature_id]["origin"] != "user":
                    raise curated_refusal(found[feature_id]["layer_id"])
                self._check_version(feature_id, found[feature_id], (expected_versions or {}).get(feature_id))
            layer_ids = {row["layer_id"] for row in found.values()}
            revision_id = self._begin_revision(
                db, author=author, action="delete", layer_id=layer_ids.pop() if len(layer_ids) == 1 else None,
                summary=summary or f"deleted {len(feature_ids)} feature(s)",
            )
            self._set_states(db, revision_id, [(self._key("feature", feature_id), None)
                                               for feature_id in feature_ids])
            return self._revision(db, revision_id)

    def delete_layer(self, layer_id, *, author):
        with self._write() as db:
            self._user_layer(db, layer_id)
            revision_id = self._begin_revision(db, author=author, action="delete-layer", layer_id=layer_id,
                                               summary=f"deleted layer {layer_id}")
            ids = [r["id"] for r in db.execute(f"SELECT id FROM features WHERE layer_id = {self._P} ORDER BY seq",
                                               (layer_id,)).fetchall()]
            # Each feature takes its commitment links with it.
            self._set_states(db, revision_id, [(self._key("feature", feature_id), None) for feature_id in ids]
                             + [(self._key("layer", layer_id), None)])
            return self._revision(db, revision_id)

    def link(self, commitment_id, feature_ids, *, author):
        feature_ids = list(feature_ids)
        with self._write() as db:
            if not self._commitment_exists(db, commitment_id):
                raise NotFound(f"no commitment with id {commitment_id!r}")
            missing = self._first_missing(db, "features", feature_ids)
            if missing is not None:
                raise NotFound(f"no feature with id {missing!r}")
            revision_id = self._begin_revision(db, author=author, action="link", layer_id=None,
                                               summary=f"linked {len(feature_ids)} feature(s) to {commitment_id}")
            self._set_states(db, revision_id, [
                (self._key("link", feature_id, commitment_id), link_state(commitment_id, feature_id))
                for feature_id in feature_ids])
            return self._revision(db, revision_id)

    def revert(self, revision_id, *, author):
        with self._write() as db:
            original = self._revision(db, revision_id)
            if original.reverted_by is not None:
                raise Conflict(f"revision {revision_id} was already reverted by revision {original.reverted_by}")
            steps, changed = self._undo_steps(db, revision_id)
            if changed is not None:
                raise later_change_conflict(self._later_change(db, revision_id, changed))
            self._guard_ledger(db, revision_id, steps)
            new_id = self._begin_revision(
                db, author=author, action="revert", layer_id=original.layer_id,
                summary=f"reverted revision {revision_id} ({original.summary})", reverts=revision_id,
            )
            self._set_states(db, new_id, steps)
            db.execute(f"UPDATE revisions SET reverted_by = {self._P} WHERE id = {self._P}", (new_id, revision_id))
            return self._revision(db, new_id)
