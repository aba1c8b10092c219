"""Changes to user data in the PostGIS store: revisions, and how each is applied and undone.

Every method runs inside `_write`, which holds the store's writer lock for the whole
transaction (see postgis.py): whatever it reads is what the previous writer committed, and
nothing another process does can slip in between a check and the write it allows.
"""

from __future__ import annotations

import orjson
import psycopg

from ..errors import InvalidInput
from .base import Feature
from .columns import feature_ids
from .common_changes import WRITTEN_CHUNK, ChangingMixin, link_state
from .common_events import EventsMixin
from .postgis_history import HistoryMixin, expand_written
from .postgis_states import Changes, Key, dumps, key, set_states, states


class ChangesMixin(EventsMixin, ChangingMixin, HistoryMixin):
    """The changing half of PostGISStore (which provides `_read` and `_write`): how its SQL
    records and applies a change; the steps around them are common_changes.ChangingMixin's."""

    @staticmethod
    def _begin_revision(db, *, author, action, layer_id, summary, file_sha256=None, reverts=None) -> int:
        # Every change starts here, and the kept layer bodies' version is read from what it writes
        # (store/common_bodies): `layer_id` None when the change may touch another layer's
        # features, a commitment or links.
        # Under the writer lock no other transaction can take the same number. The time is the
        # database's clock, one for every server (a server whose clock was slow stamped its
        # revisions minutes in the past: review 20, F7), and never earlier than the last
        # revision's, so that times follow revision numbers even if that clock steps back.
        return db.execute(
            "INSERT INTO revisions (id, created_at, author, action, layer_id, summary, file_sha256, reverts)"
            " SELECT coalesce(max(id), 0) + 1, date_trunc('second', greatest(clock_timestamp(),"
            " (SELECT created_at FROM revisions ORDER BY id DESC LIMIT 1))), %s, %s, %s, %s, %s, %s"
            " FROM revisions RETURNING id",
            (author, action, layer_id, summary, file_sha256, reverts),
        ).fetchone()["id"]

    # --- the hooks of common_changes.ChangingMixin ----------------------------------------
    _key = staticmethod(key)

    @staticmethod
    def _set_states(db, revision_id: int, steps) -> None:
        changes = Changes(revision_id)
        set_states(db, changes, steps)
        changes.write(db)

    @staticmethod
    def _event_row_state(state: dict) -> dict:
        return dict(state)

    @staticmethod
    def _new_layer_state(new_layer, position: int) -> dict:
        return {"id": new_layer.id, "title": new_layer.title, "kind": new_layer.kind,
                "origin": "user", "visible": True, "position": position,
                "style": new_layer.style, "description": new_layer.description}

    def _write_import(self, db, revision_id, layer_id, features, ids, next_seq, links) -> None:
        changes = Changes(revision_id)
        changes.seq = db.execute("SELECT coalesce(max(seq), -1) + 1 AS n FROM changes WHERE revision_id = %s",
                                 (revision_id,)).fetchone()["n"]
        self._copy_features(db, layer_id, features, ids, next_seq, revision_id)
        # The rows are not copied into `changes`: the features table says which revision wrote
        # each one, and `changes` lists their ids a chunk per row (common_changes.WRITTEN_CHUNK),
        # where a row per feature and its two index entries took 0.63 s of the 1.9 s that
        # 100,000 points took to store.
        with db.copy("COPY changes (revision_id, seq, entity, entity_id, after, written) FROM STDIN") as copy:
            for k in range(0, len(ids), WRITTEN_CHUNK):
                copy.write_row((revision_id, changes.seq + k, "written", layer_id, dumps(ids[k:k + WRITTEN_CHUNK]),
                                True))
        changes.seq += len(ids)
        pairs = [(commitment_id, feature_id) for commitment_id in links for feature_id in ids]
        with db.copy("COPY user_links (commitment_id, feature_id) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        for c, f in pairs:
            changes.add("link", f, c, None, link_state(c, f))
        changes.write(db)

    @staticmethod
    def _feature_state(db, feature_id: str) -> dict | None:
        return states(db, [key("feature", feature_id)]).get(key("feature", feature_id))

    @staticmethod
    def _replaced_state(state: dict, feature: Feature, properties: dict, revision_id: int) -> dict:
        # Decoded, as `states` reads them back: revert compares a recorded state with the current one.
        return {**state, "properties": orjson.loads(dumps(properties)),
                "geometry": orjson.loads(dumps(feature["geometry"])), "revision_id": revision_id}

    @staticmethod
    def _undo_steps(db, revision_id: int) -> tuple[list, Key | None]:
        rows = list(expand_written(db.execute(
            "SELECT seq, entity, entity_id, commitment_id, before, after, written FROM changes"
            " WHERE revision_id = %s ORDER BY seq DESC", (revision_id,)), descending=True))
        keys = [key(row["entity"], row["entity_id"], row["commitment_id"]) for row in rows]
        # The features an import wrote are checked by id and revision alone: reading their whole
        # states made revert_blocked of a 100,000-feature import take 2 to 5 s (session 26).
        written = [k[1] for row, k in zip(rows, keys, strict=True) if row["written"]]
        standing = {r["id"] for r in db.execute("SELECT id FROM features WHERE revision_id = %s AND id = ANY(%s)",
                                                (revision_id, written))} if written else set()
        now_held = states(db, (k for row, k in zip(rows, keys, strict=True) if not row["written"]))
        changed = None
        for row, k in zip(rows, keys, strict=True):
            current = now_held.get(k)
            if row["written"]:
                unchanged = k[1] in standing
            else:
                unchanged = current == row["after"]
            if not unchanged:
                changed = k
                break
        return [(k, row["before"]) for row, k in zip(rows, keys, strict=True)], changed

    @staticmethod
    def _touched_after(db, revision_id: int, k: Key) -> tuple[str, object, list[int]]:
        entity, entity_id, commitment_id = k
        # An import's features are `changes` rows of their own (`written`) in a database from
        # before schema 6, and ids in a chunk's `after` since: the text search only spares the
        # JSON reading the chunks that cannot hold the id.
        ids = {r["revision_id"] for r in db.execute(
            "SELECT DISTINCT revision_id FROM changes WHERE entity = %s AND entity_id = %s"
            " AND commitment_id IS NOT DISTINCT FROM %s AND revision_id > %s",
            (entity, entity_id, commitment_id, revision_id))}
        if entity == "feature":
            ids |= {r["revision_id"] for r in db.execute(
                "SELECT DISTINCT revision_id FROM changes WHERE entity = 'written' AND revision_id > %s"
                " AND strpos(after::text, %s) > 0 AND %s IN (SELECT json_array_elements_text(after))",
                (revision_id, dumps(entity_id), entity_id))}
        return entity, (commitment_id, entity_id) if entity == "link" else entity_id, sorted(ids)

    @staticmethod
    def _copy_features(db, layer_id, features, ids, next_seq, revision_id) -> None:
        """Write the features with COPY, one stream for the whole import."""
        try:
            with db.copy("COPY features (id, layer_id, seq, properties, geometry, revision_id)"
                         " FROM STDIN") as copy:
                for seq_in_layer, (feature, feature_id) in enumerate(zip(features, ids, strict=True), next_seq):
                    properties = feature.get("properties") or {}
                    if feature.get("id") is None:
                        properties = {**properties, "id": feature_id}
                    copy.write_row((feature_id, layer_id, seq_in_layer, dumps(properties),
                                    dumps(feature["geometry"]), revision_id))
        except (psycopg.errors.DataError, psycopg.errors.InternalError) as error:
            # PostGIS refused a geometry when computing `geom` (the import checks come first,
            # so this is a geometry they let through that PostGIS cannot read).
            raise InvalidInput(f"a geometry PostGIS cannot read: {error.diag.message_primary or error}") from error

    @staticmethod
    def _assign_ids(db, layer_id: str, features: list[Feature], given: set[str],
                    existing: set[str] | None = None) -> list[str]:
        """Ids for features that have none: `<layer>-<n>`, counting on from the last one given;
        `existing` (the store's ids with the layer's prefix) is read when not given."""
        counter = f"next_id:{layer_id}"
        row = db.execute("SELECT value FROM meta WHERE key = %s", (counter,)).fetchone()
        n = int(row["value"]) if row else 1
        prefix = f"{layer_id}-"
        their_ids = feature_ids(features)  # a plan's columns are read as they are, no Feature made
        if existing is None:
            existing = ChangesMixin._prefixed_ids(db, layer_id) if None in their_ids else set()
        ids = []
        for feature_id in their_ids:
            while feature_id is None:
                candidate = f"{prefix}{n}"
                n += 1
                if candidate not in given and candidate not in existing:
                    feature_id = candidate
            ids.append(feature_id)
        db.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (counter, str(n)))
        return ids

    @staticmethod
    def _prefixed_ids(db, layer_id: str) -> set[str]:
        """The store's ids that start with `<layer>-`, which numbering skips."""
        # Ids are COLLATE "C" and '.' sorts right after '-': this range is every id with the prefix.
        return {r["id"] for r in db.execute("SELECT id FROM features WHERE id >= %s AND id < %s",
                                            (f"{layer_id}-", f"{layer_id}."))}
