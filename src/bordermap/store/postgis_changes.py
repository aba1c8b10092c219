"""Changes to user data in the PostGIS store: revisions, and how each is applied and undone.

Every method runs inside `_write`, which holds the store's writer lock for the whole
transaction (see postgis.py): whatever it reads is what the previous writer committed, and
nothing another process does can slip in between a check and the write it allows.
"""

from __future__ import annotations

import psycopg

from ..errors import Conflict, InvalidInput, NotFound
from .base import Feature
from .postgis_history import HistoryMixin
from .postgis_states import Changes, dumps, key, link_state, set_states, states
from .rules import (
    check_on_taken,
    duplicate_conflict,
    later_change_conflict,
    now,
    refuse_repeated,
    renamed,
    taken_conflict,
)


class ChangesMixin(HistoryMixin):
    """The changing half of PostGISStore (which provides `_read` and `_write`)."""

    @staticmethod
    def _begin_revision(db, *, author, action, layer_id, summary, file_sha256=None, reverts=None) -> int:
        # Under the writer lock no other transaction can take the same number.
        return db.execute(
            "INSERT INTO revisions (id, created_at, author, action, layer_id, summary, file_sha256, reverts)"
            " SELECT coalesce(max(id), 0) + 1, %s, %s, %s, %s, %s, %s, %s FROM revisions RETURNING id",
            (now(), author, action, layer_id, summary, file_sha256, reverts),
        ).fetchone()["id"]

    # --- changing ------------------------------------------------------------------------
    @staticmethod
    def _user_layer(db, layer_id: str) -> None:
        row = db.execute("SELECT origin FROM layers WHERE id = %s", (layer_id,)).fetchone()
        if row is None:
            raise NotFound(f"no layer with id {layer_id!r}")
        if row["origin"] != "user":
            raise Conflict(f"layer {layer_id!r} is curated; add features to a layer of your own")

    def add_features(self, layer_id, features, *, author, summary, file_sha256=None, new_layer=None, links=(),
                     on_taken="refuse", allow_duplicate=False):
        check_on_taken(on_taken)
        features = list(features)
        links = list(dict.fromkeys(links))
        with self._write() as db:
            target = new_layer.id if new_layer is not None else layer_id
            if file_sha256 and not allow_duplicate:
                self._refuse_duplicate(db, target, file_sha256)
            if new_layer is not None:
                if db.execute("SELECT 1 FROM layers WHERE id = %s", (new_layer.id,)).fetchone():
                    raise Conflict(f"a layer with id {new_layer.id!r} already exists")
                layer_id = new_layer.id
            revision_id = self._begin_revision(db, author=author, action="import", layer_id=layer_id,
                                               summary=summary, file_sha256=file_sha256)
            changes = Changes(revision_id)
            if new_layer is not None:
                position = db.execute("SELECT coalesce(max(position), 0) + 1 AS p FROM layers").fetchone()["p"]
                state = {"id": new_layer.id, "title": new_layer.title, "kind": new_layer.kind,
                         "origin": "user", "visible": True, "position": position,
                         "style": new_layer.style, "description": new_layer.description}
                set_states(db, changes, [(key("layer", new_layer.id), state)])
            self._user_layer(db, layer_id)
            known = {r["id"] for r in db.execute("SELECT id FROM commitments WHERE id = ANY(%s)", (links,))}
            for commitment_id in links:
                if commitment_id not in known:
                    raise NotFound(f"no commitment with id {commitment_id!r}")
            given = [f["id"] for f in features if f.get("id") is not None]
            taken = self._existing_ids(db, given)
            if taken and on_taken == "rename":
                features = renamed(features, set(taken))
                given = [f["id"] for f in features if f.get("id") is not None]
            elif taken:
                raise taken_conflict(taken, features)
            ids = self._assign_ids(db, layer_id, features, set(given))
            next_seq = db.execute("SELECT coalesce(max(seq), -1) + 1 AS n FROM features WHERE layer_id = %s",
                                  (layer_id,)).fetchone()["n"]
            self._copy_features(db, layer_id, features, ids, next_seq, revision_id)
            # The rows are not copied into `changes`: the features table says which revision
            # wrote each one (`written`). The rows just written are this layer's from `next_seq`.
            db.execute(
                "INSERT INTO changes (revision_id, seq, entity, entity_id, written)"
                " SELECT %s, %s + seq - %s, 'feature', id, true FROM features WHERE layer_id = %s AND seq >= %s",
                (revision_id, changes.seq, next_seq, layer_id, next_seq),
            )
            changes.seq += len(ids)
            pairs = [(commitment_id, feature_id) for commitment_id in links for feature_id in ids]
            with db.copy("COPY user_links (commitment_id, feature_id) FROM STDIN") as copy:
                for pair in pairs:
                    copy.write_row(pair)
            for c, f in pairs:
                changes.add("link", f, c, None, link_state(c, f))
            changes.write(db)
            return self._revision(db, revision_id)

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

    def _refuse_duplicate(self, db, layer_id: str, file_sha256: str) -> None:
        """Conflict when this file was imported into this (existing) layer and not reverted."""
        if db.execute("SELECT 1 FROM layers WHERE id = %s", (layer_id,)).fetchone() is None:
            return  # a layer deleted since, or never made: nothing of the file is there
        earlier = self._find_import(db, layer_id, file_sha256)
        if earlier is not None:
            raise duplicate_conflict(self._revision(db, earlier), layer_id, file_sha256)

    @staticmethod
    def _assign_ids(db, layer_id: str, features: list[Feature], given: set[str]) -> list[str]:
        """Ids for features that have none: `<layer>-<n>`, counting on from the last one given."""
        counter = f"next_id:{layer_id}"
        row = db.execute("SELECT value FROM meta WHERE key = %s", (counter,)).fetchone()
        n = int(row["value"]) if row else 1
        prefix = f"{layer_id}-"
        existing: set[str] = set()
        if any(feature.get("id") is None for feature in features):
            # Ids are COLLATE "C" and '.' sorts right after '-': this range is every id with the prefix.
            existing = {r["id"] for r in db.execute(
                "SELECT id FROM features WHERE id >= %s AND id < %s", (prefix, f"{layer_id}."))}
        ids = []
        for feature in features:
            feature_id = feature.get("id")
            while feature_id is None:
                candidate = f"{prefix}{n}"
                n += 1
                if candidate not in given and candidate not in existing:
                    feature_id = candidate
            ids.append(feature_id)
        db.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (counter, str(n)))
        return ids

    def taken_ids(self, feature_ids):
        with self._read() as db:
            return set(self._existing_ids(db, list(dict.fromkeys(feature_ids))))

    @staticmethod
    def _existing_ids(db, ids: list[str]) -> list[str]:
        refuse_repeated(ids)
        taken = [r["id"] for r in db.execute("SELECT id FROM features WHERE id = ANY(%s)", (ids,))]
        order = {feature_id: i for i, feature_id in enumerate(ids)}
        return sorted(taken, key=order.__getitem__)

    def delete_features(self, feature_ids, *, author, summary=""):
        feature_ids = list(feature_ids)
        with self._write() as db:
            found = {row["id"]: row for row in db.execute(
                "SELECT f.id, f.layer_id, l.origin FROM features f JOIN layers l ON l.id = f.layer_id"
                " WHERE f.id = ANY(%s)", (feature_ids,))}
            for feature_id in feature_ids:  # the first refused id in the order given is named
                if feature_id not in found:
                    raise NotFound(f"no feature with id {feature_id!r}")
                if found[feature_id]["origin"] != "user":
                    layer_id = found[feature_id]["layer_id"]
                    raise Conflict(f"layer {layer_id!r} is curated; add features to a layer of your own")
            layer_ids = {row["layer_id"] for row in found.values()}
            revision_id = self._begin_revision(
                db, author=author, action="delete", layer_id=layer_ids.pop() if len(layer_ids) == 1 else None,
                summary=summary or f"deleted {len(feature_ids)} feature(s)",
            )
            changes = Changes(revision_id)
            set_states(db, changes, [(key("feature", feature_id), None) for feature_id in feature_ids])
            changes.write(db)
            return self._revision(db, revision_id)

    def delete_layer(self, layer_id, *, author):
        with self._write() as db:
            self._user_layer(db, layer_id)
            revision_id = self._begin_revision(db, author=author, action="delete-layer", layer_id=layer_id,
                                               summary=f"deleted layer {layer_id}")
            ids = [r["id"] for r in db.execute("SELECT id FROM features WHERE layer_id = %s ORDER BY seq",
                                               (layer_id,)).fetchall()]
            changes = Changes(revision_id)
            # Each feature takes its commitment links with it.
            set_states(db, changes, [(key("feature", feature_id), None) for feature_id in ids]
                       + [(key("layer", layer_id), None)])
            changes.write(db)
            return self._revision(db, revision_id)

    def link(self, commitment_id, feature_ids, *, author):
        feature_ids = list(feature_ids)
        with self._write() as db:
            if db.execute("SELECT 1 FROM commitments WHERE id = %s", (commitment_id,)).fetchone() is None:
                raise NotFound(f"no commitment with id {commitment_id!r}")
            known = {r["id"] for r in db.execute("SELECT id FROM features WHERE id = ANY(%s)", (feature_ids,))}
            for feature_id in feature_ids:
                if feature_id not in known:
                    raise NotFound(f"no feature with id {feature_id!r}")
            revision_id = self._begin_revision(db, author=author, action="link", layer_id=None,
                                               summary=f"linked {len(feature_ids)} feature(s) to {commitment_id}")
            changes = Changes(revision_id)
            set_states(db, changes, [(key("link", feature_id, commitment_id), link_state(commitment_id, feature_id))
                                     for feature_id in feature_ids])
            changes.write(db)
            return self._revision(db, revision_id)

    def revert(self, revision_id, *, author):
        with self._write() as db:
            original = self._revision(db, revision_id)
            if original.reverted_by is not None:
                raise Conflict(f"revision {revision_id} was already reverted by revision {original.reverted_by}")
            rows = db.execute("SELECT entity, entity_id, commitment_id, before, after, written FROM changes"
                              " WHERE revision_id = %s ORDER BY seq DESC", (revision_id,)).fetchall()
            keys = [key(row["entity"], row["entity_id"], row["commitment_id"]) for row in rows]
            now_held = states(db, keys)
            for row, k in zip(rows, keys, strict=True):
                current = now_held.get(k)
                if row["written"]:
                    unchanged = current is not None and current["revision_id"] == revision_id
                else:
                    unchanged = current == row["after"]
                if not unchanged:
                    shown = row["entity_id"] if row["entity"] != "link" else \
                        f"{row['commitment_id']} → {row['entity_id']}"
                    raise later_change_conflict(revision_id, row["entity"], shown)
            new_id = self._begin_revision(
                db, author=author, action="revert", layer_id=original.layer_id,
                summary=f"reverted revision {revision_id} ({original.summary})", reverts=revision_id,
            )
            changes = Changes(new_id)
            set_states(db, changes, [(k, row["before"]) for row, k in zip(rows, keys, strict=True)])
            changes.write(db)
            db.execute("UPDATE revisions SET reverted_by = %s WHERE id = %s", (new_id, revision_id))
            return self._revision(db, new_id)
