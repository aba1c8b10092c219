"""The editors' ledger every SQL backend shares: documents and commitments editors add.

Editors' records live in their own tables (`editor_documents`, `editor_commitments`: id, seq,
data), apart from the curated ones a curated update replaces. Each change is a revision whose
changes name the entity 'document' or 'commitment'; a recorded state is `{"id", "seq",
"data"}`, `data` the record as the contract gives it. The backend's `_set_states` applies them
like any other entity, so revert needs nothing of its own beyond the citation guard below.
"""

from __future__ import annotations

from typing import Any

from ..errors import ChangedSince, Conflict, NotFound
from .common_events import EVENT_COLUMNS, event_from_state

# Ids the store gives new editors' records; curated ids never take these prefixes.
ID_PREFIX = {"document": "doc-ed-", "commitment": "c-ed-"}
_TABLE = {"document": "editor_documents", "commitment": "editor_commitments"}
_CURATED_TABLE = {"document": "documents", "commitment": "commitments"}


def citation_label(item: dict[str, Any]) -> str:
    return f"{item['id']} (paragraph {item['paragraph']})"


def broken_citations(document_id: str, old: list[str], new: list[str], commitments: list[dict[str, Any]],
                     events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The citations of `document_id` a change of its paragraphs from `old` to `new` would break
    (a cited paragraph changed or gone): `{"kind": "commitment" or "event", "id", "paragraph"}`,
    the commitments' first. The editors' status events count as the commitments do (review
    rv22a, M1: an edit rewrote the paragraph an event cited, and only commitments were checked)."""
    cited = [("commitment", item["id"], item.get("paragraph")) for item in commitments
             if item.get("document") == document_id]
    cited += [("event", event["id"], (event.get("source") or {}).get("paragraph")) for event in events
              if (event.get("source") or {}).get("document") == document_id]
    return [{"kind": kind, "id": cited_id, "paragraph": n} for kind, cited_id, n in cited
            if isinstance(n, int) and (n > len(new) or n > len(old) or new[n - 1] != old[n - 1])]


def citation_problem(citation: dict[str, Any]) -> str:
    """A broken citation as a refusal lists it, saying what to do first."""
    if citation["kind"] == "commitment":
        return (f"commitment {citation['id']} cites paragraph {citation['paragraph']}: make it cite another "
                "paragraph first")
    return (f"status event {citation['id']} cites paragraph {citation['paragraph']}: correct it to cite another "
            "source, or retract it, first")


class LedgerMixin:
    """Editors' documents and commitments over a SQL store (which provides `_read`, `_write`,
    `_P`, `_load`, `_key`, `_set_states`, `_begin_revision` and `_revision`)."""

    # --- reading -------------------------------------------------------------------------
    def _editor_records(self, db, entity: str) -> list[dict[str, Any]]:
        rows = db.execute(f"SELECT data FROM {_TABLE[entity]} ORDER BY seq").fetchall()
        return [self._load(row["data"]) for row in rows]

    def _editor_record(self, db, entity: str, record_id: str) -> dict[str, Any] | None:
        row = db.execute(f"SELECT data FROM {_TABLE[entity]} WHERE id = {self._P}", (record_id,)).fetchone()
        return None if row is None else self._load(row["data"])

    def _is_curated(self, db, entity: str, record_id: str) -> bool:
        return db.execute(f"SELECT 1 FROM {_CURATED_TABLE[entity]} WHERE id = {self._P}",
                          (record_id,)).fetchone() is not None

    def _commitment_exists(self, db, commitment_id: str) -> bool:
        return self._is_curated(db, "commitment", commitment_id) or \
            self._editor_record(db, "commitment", commitment_id) is not None

    def _refuse_editor_clash(self, db, curated) -> None:
        """Conflict when a curated document or commitment would take an editor's record's id."""
        for entity, records in (("document", curated.documents), ("commitment", curated.commitments)):
            taken = {r["id"] for r in self._editor_records(db, entity)}
            clash = next((r["id"] for r in records if r["id"] in taken), None)
            if clash is not None:
                raise Conflict(f"curated {entity} id {clash!r} is taken by a {entity} editors added")

    # --- changing ------------------------------------------------------------------------
    def _next_id(self, db, entity: str) -> str:
        key = f"next_id:{_TABLE[entity]}"
        row = db.execute(f"SELECT value FROM meta WHERE key = {self._P}", (key,)).fetchone()
        n = int(row["value"]) if row else 1
        while True:
            candidate = f"{ID_PREFIX[entity]}{n}"
            n += 1
            if not self._is_curated(db, entity, candidate) and self._editor_record(db, entity, candidate) is None:
                break
        db.execute(f"INSERT INTO meta VALUES ({self._P}, {self._P}) ON CONFLICT (key) DO UPDATE"
                   " SET value = excluded.value", (key, str(n)))
        return candidate

    def _put(self, db, entity: str, record: dict[str, Any], action: str) -> tuple[str, dict | None]:
        """Settle the record's id and the state it replaces: (id, the stored row's state or None)."""
        record_id = record.get("id")
        if action.endswith("-add"):
            if record_id is None:
                record_id = self._next_id(db, entity)
            elif self._is_curated(db, entity, record_id) or self._editor_record(db, entity, record_id):
                raise Conflict(f"a {entity} with id {record_id!r} already exists")
            return record_id, None
        if self._is_curated(db, entity, record_id):
            raise Conflict(f"{entity} {record_id!r} is curated (geodata/); only records editors "
                           "added change here")
        before = self._editor_record(db, entity, record_id)
        if before is None:
            raise NotFound(f"no {entity} with id {record_id!r} added by editors")
        return record_id, before

    def _seq(self, db, entity: str, record_id: str) -> int:
        row = db.execute(f"SELECT seq FROM {_TABLE[entity]} WHERE id = {self._P}", (record_id,)).fetchone()
        if row is not None:
            return row["seq"]
        return db.execute(f"SELECT coalesce(max(seq), -1) + 1 AS n FROM {_TABLE[entity]}").fetchone()["n"]

    def record_revision(self, entity, record_id):
        with self._read() as db:
            return self._newest_revision(db, entity, record_id)

    def _newest_revision(self, db, entity: str, record_id: str) -> int | None:
        P = self._P
        row = db.execute(f"SELECT max(revision_id) AS n FROM changes WHERE entity = {P} AND entity_id = {P}",
                         (entity, record_id)).fetchone()
        return None if row is None or row["n"] is None else int(row["n"])

    def _unchanged_since(self, db, entity: str, record_id: str, based_on: int | None) -> None:
        """Conflict when a revision other than `based_on` changed the record last."""
        if based_on is None:
            return
        newest = self._newest_revision(db, entity, record_id)
        if newest != based_on:
            raise ChangedSince(f"{entity} {record_id!r} was changed by revision {newest} after you opened it, so "
                           "nothing was saved: open it again to see that change, then make yours")

    def put_document(self, document, *, author, action, summary, based_on=None):
        with self._write() as db:
            document_id, before = self._put(db, "document", document, action)
            self._unchanged_since(db, "document", document_id, based_on)
            after = {**document, "id": document_id, "origin": "editor"}
            self._refuse_broken_citations(db, document_id, before, after)
            revision_id = self._begin_revision(db, author=author, action=action, layer_id=None,
                                               summary=summary.replace("{id}", document_id))
            self._set_states(db, revision_id, [(self._key("document", document_id),
                                                {"id": document_id, "seq": self._seq(db, "document", document_id),
                                                 "data": after})])
            return self._revision(db, revision_id)

    def put_commitment(self, commitment, *, author, action, summary, based_on=None):
        with self._write() as db:
            commitment_id, _ = self._put(db, "commitment", commitment, action)
            self._unchanged_since(db, "commitment", commitment_id, based_on)
            after = {**commitment, "id": commitment_id, "origin": "editor"}
            self._check_commitment(db, after)
            revision_id = self._begin_revision(db, author=author, action=action, layer_id=None,
                                               summary=summary.replace("{id}", commitment_id))
            self._set_states(db, revision_id, [(self._key("commitment", commitment_id),
                                                {"id": commitment_id,
                                                 "seq": self._seq(db, "commitment", commitment_id),
                                                 "data": after})])
            return self._revision(db, revision_id)

    # --- the rules -----------------------------------------------------------------------
    def _document(self, db, document_id: str) -> dict[str, Any] | None:
        row = db.execute(f"SELECT data FROM documents WHERE id = {self._P}", (document_id,)).fetchone()
        if row is not None:
            return self._load(row["data"])
        return self._editor_record(db, "document", document_id)

    def _check_citation(self, db, document_id: str, paragraph: Any) -> None:
        """NotFound for a citation of a document, or of a paragraph, the store does not hold."""
        document = self._document(db, document_id)
        if document is None:
            raise NotFound(f"document: no document with id {document_id!r}")
        numbered = document.get("paragraphs")
        if numbered is not None and isinstance(paragraph, int) and not 1 <= paragraph <= len(numbered):
            raise NotFound(f"paragraph: document {document_id!r} has paragraphs 1 to {len(numbered)}, not {paragraph}")

    def _check_commitment(self, db, item: dict[str, Any]) -> None:
        """NotFound for a citation or a link the store does not hold."""
        self._check_citation(db, item["document"], item["paragraph"])
        for key in ("features", "provinces"):
            ids = list(item.get(key, []))
            where, param = self._in_ids(ids)
            known = {r["id"] for r in db.execute(f"SELECT id FROM features WHERE id {where}", (param,)).fetchall()}
            for index, feature_id in enumerate(ids):
                if feature_id not in known:
                    raise NotFound(f"{key}[{index}]: no feature with id {feature_id!r}")

    def _refuse_broken_citations(self, db, document_id: str, before: dict | None, after: dict | None) -> None:
        """Conflict naming every commitment and editors' status event whose cited paragraph would
        change or go (`broken_citations`)."""
        if before is None:
            return
        events = [event_from_state(row, self._load) for row in db.execute(
            f"SELECT {EVENT_COLUMNS} FROM status_events WHERE origin = 'user' ORDER BY seq").fetchall()]
        broken = broken_citations(document_id, before.get("paragraphs") or [], (after or {}).get("paragraphs") or [],
                                  self._commitments(db), events)
        if broken:
            what = "removing document" if after is None else "this change to document"
            raise Conflict(f"{what} {document_id!r} would break {len(broken)} citation(s): "
                           + ", ".join(citation_label(item) for item in broken),
                           problems=[citation_problem(item) for item in broken])

    def _guard_ledger(self, db, revision_id: int, steps: list) -> None:
        """Before a revert of `revision_id` applies its steps: no document goes or changes under a
        citation, no commitment or editors' event comes back citing a document that is gone or a
        paragraph whose words changed since, and no commitment goes while an editor's status
        event names it."""
        documents = {key[1]: state for key, state in steps if key[0] == "document"}
        for key, state in steps:
            entity, entity_id = key[0], key[1]
            if entity == "document":
                self._refuse_broken_citations(db, entity_id, self._editor_record(db, "document", entity_id),
                                              None if state is None else state["data"])
            elif entity == "commitment" and state is not None:
                self._check_commitment(db, state["data"])
                self._refuse_reworded(db, revision_id, documents, entity_id, state["data"])
            elif entity == "event" and state is not None:
                # An editors' event a revert brings back cites as a new one must (the change's
                # review, M3: a retraction reverted after its document went, or its paragraph).
                data = state["data"] if isinstance(state["data"], dict) else self._load(state["data"])
                source = data.get("source") or {}
                if source.get("document"):
                    self._check_citation(db, source["document"], source.get("paragraph"))
                    self._refuse_reworded(db, revision_id, documents, entity_id, source, event=True)
        # (A feature's events outlive it, as its deletion keeps them: a commitment is never
        # deleted, only retired, so one a revert would remove is a mistake still named.)
        removed = [key[1] for key, state in steps if key[0] == "commitment" and state is None]
        if removed:
            self._refuse_orphaned_events(db, "commitment", removed)

    def _refuse_reworded(self, db, revision_id: int, documents: dict, cited_id: str, citation: dict,
                         *, event: bool = False) -> None:
        """Conflict when a commitment or an editors' status event a revert of `revision_id` brings
        back cites a paragraph of an editors' document whose words are not those it had when the
        citation was last in effect, before that revision (review rv22f, M3: a retraction reverted
        after the paragraph it cited was rewritten, which no citation then held back). The
        document's words then are read from the revisions that wrote it; its words after the
        revert are those the revert gives it, else today's."""
        document_id, n = citation.get("document"), citation.get("paragraph")
        if not isinstance(n, int) or not document_id:
            return
        then = self._editor_document_before(db, document_id, revision_id)
        now = documents[document_id]["data"] if document_id in documents and documents[document_id] is not None \
            else self._editor_record(db, "document", document_id)
        if then is None or now is None:
            return  # a curated document (its words are the curated data's), or one gone: said apart
        old, new = then.get("paragraphs") or [], now.get("paragraphs") or []
        if n <= len(old) and (n > len(new) or old[n - 1] != new[n - 1]):
            label = citation_label({"id": cited_id, "paragraph": n})
            what = "status event" if event else "commitment"
            instead = ("record it again, citing the paragraph as it reads now, rather than bring it back" if event
                       else "edit the commitment instead, citing the paragraph as it reads now")
            raise Conflict(f"reverting would bring back {what} {label} of document {document_id!r}, whose "
                           "words changed since it was cited",
                           problems=[f"{what} {cited_id} would cite paragraph {n}, reworded since: {instead}"])

    def _editor_document_before(self, db, document_id: str, revision_id: int) -> dict[str, Any] | None:
        """An editors' document's record as the revisions before `revision_id` left it (None: it
        was none of the editors' then)."""
        row = db.execute(f"SELECT after FROM changes WHERE entity = 'document' AND entity_id = {self._P}"
                         f" AND revision_id < {self._P} ORDER BY revision_id DESC, seq DESC LIMIT 1",
                         (document_id, revision_id)).fetchone()
        state = None if row is None else row["after"]
        if isinstance(state, (str, bytes)):
            state = self._load(state)
        if state is None:
            return None
        return state["data"] if isinstance(state["data"], dict) else self._load(state["data"])

    def _refuse_orphaned_events(self, db, entity: str, ids: list[str]) -> None:
        """Conflict naming the editors' status events of the commitments a revert would remove:
        the published history would name a commitment that no longer exists."""
        where, param = self._in_ids(ids)
        rows = db.execute(f"SELECT id, entity_id FROM status_events WHERE entity = {self._P}"
                          f" AND origin = 'user' AND entity_id {where} ORDER BY id", (entity, param)).fetchall()
        if rows:
            first = rows[0]["entity_id"]
            raise Conflict(f"reverting would remove {entity} {first!r}, which status event {rows[0]['id']} names"
                           + (f" ({len(rows)} events in all)" if len(rows) > 1 else "") + "; retract them first",
                           problems=[f"{row['id']}: names {entity} {row['entity_id']!r}" for row in rows])
