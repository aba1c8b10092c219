"""The editors' ledger as plain functions over a store: the one code path the web forms, the JSON
API and the command line all take.

Each function checks everything first (fields, vocabulary, citation, links) and refuses with
every problem and its place; only then does it ask the store for one revision.
"""

from __future__ import annotations

import tomllib
from typing import Any

from ..errors import ChangedSince, Conflict, InvalidInput, MalformedInput, NotFound
from ..i18n import clip
from ..ingest.problems import Problem, describe
from ..model import Revision
from ..sources import own_number
from ..sources import paragraphs as number_paragraphs
from ..store import Store
from . import records, scripts, suggest


def _documents(store: Store) -> dict[str, dict]:
    return {d["id"]: d for d in store.documents()}


def _kinds(store: Store, checked: list[dict]) -> dict[str, str]:
    """The kind of each feature these records link to, by id (for the links' checks); an id
    the store does not hold is left out. One read of those features, whatever the size of the
    layers (a layer of a million points is not read to check a commitment)."""
    wanted = [feature_id for record in checked for key in ("features", "provinces")
              for feature_id in (record.get(key) or []) if isinstance(feature_id, str)]
    if not wanted:
        return {}
    layer_kinds = {layer.id: layer.kind for layer in store.layers()}
    return {feature["id"]: feature["properties"].get("kind") or layer_kinds.get(feature["properties"]["layer"], "")
            for feature in store.features_by_id(wanted)}


def _paragraph_counts(documents: dict[str, dict], sources_dir=None) -> dict[str, int]:
    """How many paragraphs each document has, where known (editors' always; curated ones from
    their text when the sources are at hand, else as documents.toml says)."""
    from ..sources import known_paragraph_count, load_document_text

    counts = {}
    for document_id, document in documents.items():
        known = known_paragraph_count(document)
        if document.get("paragraphs") is None and sources_dir is not None and document.get("source_file"):
            try:
                known = len(number_paragraphs(load_document_text(sources_dir, document["source_file"])))
            except NotFound:
                pass
        if known is not None:
            counts[document_id] = known
    return counts


# --- documents -----------------------------------------------------------------------------
def prepare_document(store: Store, body: Any) -> dict[str, Any]:
    """The checked record with its numbered paragraphs; InvalidInput listing every problem."""
    record, problems = records.document_problems(body)
    numbered: list[str] = []
    if record.get("text"):
        numbered = number_paragraphs(record["text"])
        if not numbered:
            problems.append(Problem("text", "no paragraph found: paste the document's text"))
    if record.get("text") and record.get("language"):  # a text clearly in another script (scripts.py)
        problems += scripts.language_problems(record["text"], record["language"])[0]
    records.raise_for(problems, "document")
    record["paragraphs"] = numbered
    return record


def document_warnings(record: dict[str, Any]) -> list[str]:
    """What the check says of a document that does not stop it being stored: a text much in
    another script than its language's, which may be a quotation (scripts.py); paragraphs that
    number themselves otherwise than the count (review 31a, #6: a heading line before "1." made
    the publisher's "3." our ¶4, and an editor citing "paragraph 3" as printed cites another)."""
    found = [str(problem) for problem in
             scripts.language_problems(record.get("text") or "", record.get("language") or "")[1]]
    for n, text in enumerate(record.get("paragraphs") or [], start=1):
        own = own_number(text)
        if own and own[0] != n:
            found.append(str(Problem("text", f"paragraph {n} begins with its own number {own[0]}: the text numbers "
                                             "its paragraphs otherwise than they are counted here, and a commitment "
                                             f"cites the count (¶{n}), not the number printed")))
            break
    return found


def document_preview(store: Store, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbered paragraphs with their suggestions, as `POST /api/documents?dry_run=1` answers."""
    return suggest.suggestions(store, record["paragraphs"])


def add_document(store: Store, body: Any, *, author: str) -> Revision:
    """Add an editors' document; Conflict when the same one (title, publisher, date and text)
    is already in the record: a form sent twice, or a report pasted again."""
    record = prepare_document(store, body)
    same = ("title", "publisher", "date", "text")
    for earlier in store.documents():
        if earlier.get("origin") == "editor" and all(earlier.get(key) == record.get(key) for key in same):
            raise Conflict(f"this document is already in the record as {earlier['id']} (the same title, publisher, "
                           "date and text): cite that one, or edit it")
    title = clip(record["title"], 80)
    return store.put_document({"id": None, **record}, author=author, action="document-add",
                              summary=f"added document {{id}} ({title})")


def _folded(text: Any) -> str:
    return " ".join(str(text or "").casefold().split())


def like_documents(store: Store, record: dict[str, Any], but: str | None = None) -> list[dict[str, Any]]:
    """The documents in the record with the same title, publisher and date as `record` (whatever
    their spaces and capitals) but another text: the same report entered twice, its text pasted
    differently, which the exact check lets through (review rv22a, L2). Said, not refused: two
    reports of one day may share a title. `but`: the document's own id, left out."""
    key = [_folded(record.get(name)) for name in ("title", "publisher", "date")]
    return [earlier for earlier in store.documents() if earlier["id"] != but
            and [_folded(earlier.get(name)) for name in ("title", "publisher", "date")] == key]


def edit_document(store: Store, document_id: str, body: Any, *, author: str,
                  based_on: int | None = None) -> Revision:
    """Replace an editors' document; refused when a cited paragraph would change, and, given
    `based_on` (the revision the editor read it at), when another revision changed it since."""
    record = prepare_document(store, body)
    return store.put_document({**record, "id": document_id}, author=author, action="document-edit",
                              summary=f"edited document {document_id}", based_on=based_on)


def based_on_member(body: Any) -> tuple[Any, int | None]:
    """The body without its `based_on` member, and that member checked: the revision a client
    read the record at (`revision` in the record's answer), None when not given. InvalidInput
    for anything but a revision number."""
    if not isinstance(body, dict) or "based_on" not in body:
        return body, None
    rest = {key: value for key, value in body.items() if key != "based_on"}
    given = body["based_on"]
    if given is None:
        return rest, None
    if type(given) is not int or given < 1:
        raise InvalidInput(f"based_on: expected the number of the revision you read the record at (its "
                           f"\"revision\"), got {describe(given)}")
    return rest, given


def document_for_editor(store: Store, document_id: str) -> dict[str, Any]:
    """A document with its numbered paragraphs (for the picker): editors' from the store."""
    document = _documents(store).get(document_id)
    if document is None:
        raise NotFound(f"no document with id {document_id!r}")
    return document


# --- commitments ---------------------------------------------------------------------------
def _checked(store: Store, record: dict, problems: list, *, where: str = "", sources_dir=None) -> None:
    documents = _documents(store)
    problems += records.check_references(record, documents, _kinds(store, [record]), where=where,
                                         paragraph_counts=_paragraph_counts(documents, sources_dir))
    records.raise_for(problems, "commitment")


def checked_commitment(store: Store, body: Any, *, sources_dir=None) -> dict[str, Any]:
    """A new commitment's record, every rule checked (InvalidInput listing each problem); nothing stored."""
    record, problems = records.commitment_problems(body)
    if isinstance(body, dict) and body.get("id") is not None:
        problems.append(Problem("id", "the store gives a new commitment its id: leave it out"))
    _checked(store, record, problems, sources_dir=sources_dir)
    return record


def add_commitment(store: Store, body: Any, *, author: str, sources_dir=None) -> Revision:
    """Add an editors' commitment; Conflict when one standing in the record cites the same
    paragraph with the same summary (a form sent twice, or by two editors): each copy would be
    counted on the map and listed again in every popup (review rv20, M1)."""
    record = checked_commitment(store, body, sources_dir=sources_dir)
    said = _said(record.get("summary"))
    for earlier in store.commitments():
        if (not earlier.get("retired") and earlier.get("document") == record.get("document")
                and earlier.get("paragraph") == record.get("paragraph") and _said(earlier.get("summary")) == said):
            raise Conflict(f"this commitment is already in the record as {earlier['id']} (the same document, "
                           "paragraph and summary): edit that one, or say in the summary what differs")
    return store.put_commitment({"id": None, **record}, author=author, action="commitment-add",
                                summary=f"added commitment {{id}} ({clip(record['summary'], 80)})")


def _said(summary: Any) -> str:
    """A summary as compared for sameness: its words, whatever their case and the spaces between."""
    return " ".join(str(summary or "").split()).casefold()


def checked_changes(store: Store, commitment_id: str, body: Any, *, sources_dir=None) -> dict[str, Any]:
    """The fields an edit of an editors' commitment changes, every rule checked; nothing stored."""
    current = store.commitment(commitment_id)
    if current.get("origin") != "editor":
        from ..errors import Conflict

        raise Conflict(f"commitment {commitment_id!r} is curated (geodata/); only commitments editors "
                       "added change here")
    record, problems = records.commitment_problems(body, partial=True)
    if isinstance(body, dict) and "id" in body and body["id"] != commitment_id:
        problems.append(Problem("id", "a commitment's id does not change"))
    if not record and not problems:
        problems.append(Problem("body", "no field to change"))
    if "stated" in record and "document" not in record:  # a new day against the document it keeps
        document = _documents(store).get(current.get("document"))
        if document is not None:
            problems += records.stated_problems(record["stated"], current["document"], document)
    _checked(store, record, problems, sources_dir=sources_dir)
    return record


def edit_commitment(store: Store, commitment_id: str, body: Any, *, author: str, sources_dir=None,
                    based_on: int | None = None, skip_unchanged: bool = False) -> Revision | None:
    """Change the fields given (links included) of an editors' commitment.

    `based_on`, the revision the editor's form was read at (`Store.record_revision`): a change
    saved since refuses this one (Conflict), as the form sends every field and would undo it.
    Without it (the API's PATCH, which sends only the fields it changes) the fields are merged
    into the commitment as stored when the change is written: a change saved meanwhile is read
    again and kept, never overwritten with what was read before it. With `skip_unchanged`, a
    change that changes nothing is not recorded: None (the form's Save pressed as it stands).
    """
    record = checked_changes(store, commitment_id, body, sources_dir=sources_dir)
    if store.commitment(commitment_id).get("retired"):  # off the map and the lists: a change would go unseen
        raise Conflict(f"commitment {commitment_id!r} is retired: revert its retirement before changing it")
    attempts_left = 1 if based_on is not None else 5
    while True:
        attempts_left -= 1
        read_at = based_on if based_on is not None else store.record_revision("commitment", commitment_id)
        current = store.commitment(commitment_id)
        merged = {k: v for k, v in current.items() if k != "user_features"}
        merged.update(record)
        changed = sorted(k for k in record if current.get(k) != record[k])
        if skip_unchanged and not changed:
            return None
        try:
            return store.put_commitment(merged, author=author, action="commitment-edit", based_on=read_at,
                                        summary=f"edited commitment {commitment_id}: {', '.join(changed) or 'nothing'}")
        except ChangedSince:
            if not attempts_left:
                raise


def retirement_reason(body: Any) -> str:
    """The reason a retirement gives, checked (InvalidInput); nothing stored."""
    reason = body.get("reason", "") if isinstance(body, dict) else ""
    problems = []
    if not isinstance(reason, str):
        problems.append(Problem("reason", f"expected text, got {describe(reason)}"))
        reason = ""
    problems += records.text_problems(reason.strip(), "reason", records.SUMMARY) if reason else []
    records.raise_for(problems, "retirement")
    return reason.strip()


def retire_commitment(store: Store, commitment_id: str, body: Any, *, author: str) -> Revision:
    """Retire an editors' commitment (it stays in the history, off the map and the panel)."""
    current = store.commitment(commitment_id)
    reason = retirement_reason(body)
    if current.get("retired"):
        from ..errors import Conflict

        raise Conflict(f"commitment {commitment_id!r} is already retired")
    merged = {k: v for k, v in current.items() if k != "user_features"}
    merged["retired"] = {"reason": reason}
    # The reason is in the summary, as a retraction's is: the revisions say why, not only the API.
    return store.put_commitment(merged, author=author, action="commitment-retire",
                                summary=f"retired commitment {commitment_id}" + (f": {reason}" if reason else ""))


def import_commitments(store: Store, text: str, *, author: str, sources_dir=None) -> list[Revision]:
    """Add every `[[commitments]]` of a TOML file in the geodata/commitments.toml format.

    All are checked first; when any is refused nothing is stored. Each record becomes its own
    revision, so one can be reverted alone. A record's `id` is left to the store.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MalformedInput(f"not TOML: {error}") from None
    items = data.get("commitments")
    if not isinstance(items, list) or not items:
        raise InvalidInput("commitments: expected one or more [[commitments]] tables",
                           problems=[f"commitments: got {describe(items)}"])
    problems: list[Problem] = [Problem(key, "unknown table: only [[commitments]] is read") for key in data
                               if key != "commitments"]
    checked = []
    for index, item in enumerate(items):
        body = {k: v for k, v in item.items() if k != "id"} if isinstance(item, dict) else item
        record, found = records.commitment_problems(body, where=f"commitments[{index}].")
        problems += found
        checked.append(record)
    documents = _documents(store)
    kinds, counts = _kinds(store, [record for record in checked if isinstance(record, dict)]), \
        _paragraph_counts(documents, sources_dir)
    for index, record in enumerate(checked):
        problems += records.check_references(record, documents, kinds, where=f"commitments[{index}].",
                                             paragraph_counts=counts)
    records.raise_for(problems, "file")
    return [store.put_commitment({"id": None, **record}, author=author, action="commitment-add",
                                 summary=f"added commitment {{id}} ({clip(record['summary'], 80)})")
            for record in checked]


def revision_record_id(store: Store, revision: Revision) -> str:
    """The id of the document or commitment a ledger revision changed."""
    return store.revision(revision.id, limit=1).changes[0].id
