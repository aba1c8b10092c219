"""The ledger's document pages: a document added (checked first: its numbered paragraphs and
the places they suggest, nothing stored) and a document's own page, its paragraphs and the
commitments citing it. Views of the "ledger" blueprint (`ledger_pages`), apart from the
commitment pages.
"""

from __future__ import annotations

from pathlib import Path

from flask import redirect, request, url_for

from bordermap import vocabulary
from bordermap.commitments import public_document
from bordermap.errors import BordermapError
from bordermap.i18n import western_digits
from bordermap.ledger import actions, naming, reading, suggest

from . import auth
from .editor_words import commitment_summary, place_kinds
from .language import words
from .ledger_pages import bp, names_of, numbered, page_lists, render, saved_by
from .refusal_words import problem
from .resources import store

DOCUMENT_FIELDS = ("title", "publisher", "date", "date_precision", "date_latest", "place", "url", "language", "kind")


def _kinds(paragraphs: list[dict]) -> dict[str, str]:
    """What each suggested place no source names in the page language is, in that language
    (`place_kinds`), said beside its English name."""
    return place_kinds(store(), [place for p in paragraphs for place in p["suggestions"]["places"]], words())


def _document_body() -> dict:
    body = {key: request.form.get(key, "").strip() for key in DOCUMENT_FIELDS}
    body.update({key: western_digits(body[key]) for key in ("date", "date_latest")})
    body = {k: v for k, v in body.items() if v or k in ("title", "publisher", "date", "language", "kind")}
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        body["text"] = reading.document_text(upload.read(), Path(upload.filename).name)
    else:
        body["text"] = request.form.get("text", "")
    return body


@bp.post("/documents")
def add_document():
    """Check (numbered paragraphs and suggestions, nothing stored) or save a document."""
    documents, items, curated = page_lists()
    body = {}
    try:
        auth.require_session()
        body = _document_body()
        author = saved_by(lambda: actions.prepare_document(store(), body))  # "Check" checks the name too
        record = actions.prepare_document(store(), body)
        if request.form.get("action") != "save":
            preview = actions.document_preview(store(), record)
            warnings = [problem(text, words()) for text in actions.document_warnings(record)]
            return render("ledger.html", documents=documents, commitments=items, form=body,
                           curated=curated, preview=preview, names=names_of(preview),
                           place_kinds=_kinds(preview), alike=actions.like_documents(store(), record),
                           warnings=warnings)
        revision = actions.add_document(store(), body, author=author)
    except BordermapError as error:  # after "Check", which stores nothing, the box says only what it found
        return render("ledger.html", error.status, documents=documents, commitments=items,
                       curated=curated, form=body or dict(request.form), error=error,
                       checking=request.form.get("action") != "save")
    document_id = actions.revision_record_id(store(), revision)
    return redirect(url_for("ledger.document", document_id=document_id, added=revision.id))


@bp.get("/documents/<document_id>")
def document(document_id: str):
    """A document's page: for editors with its numbered paragraphs, to add commitments from; for
    readers (the ledger's public lists link here: review 31a, #10, they were answered 401) what
    is known of it and the commitments citing it, each a link to the map, without its text,
    which stays with the editors (docs/ledger.md)."""
    reader = not auth.is_unlocked()
    record = actions.document_for_editor(store(), document_id)
    if reader:
        record = public_document(record)
    paragraphs = [] if reader else suggest.suggestions(store(), numbered(record))
    alike = actions.like_documents(store(), record, but=document_id) if request.args.get("added") and not reader else []
    lang = str(words().lang)
    return render("ledger_document.html", document=record, added=None if reader else request.args.get("added"),
                   reader=reader, paragraphs=paragraphs, names=names_of(paragraphs), place_kinds=_kinds(paragraphs),
                   alike=alike, citing=_citing(document_id),
                   text_language=naming.language_name(record.get("language") or "en", lang),
                   issued_at=naming.issued_at(store(), record["place"], lang) if record.get("place") else None)


def _citing(document_id: str) -> list[dict]:
    """The commitments citing a document, by paragraph, each with its summary in the page language
    where we have a translation (`lang`): what a document's page lists whether or not this server
    holds the document's text (review 26, #5: a curated document's page showed an empty list of
    paragraphs and nothing of the 48 commitments citing it)."""
    lang = words().lang
    listed = []
    for item in store().commitments():
        if item.get("document") == document_id:
            summary, said_in = commitment_summary(item, lang)
            # Our translation nobody has reviewed is marked, as the map marks it (review 32a, #6).
            own = vocabulary.current_translations(item).get(lang, {})
            listed.append({"id": item["id"], "paragraph": item.get("paragraph"), "summary": summary,
                           "lang": said_in, "retired": bool(item.get("retired")),
                           "unreviewed": said_in == lang != "en" and bool(own.get("summary"))
                           and not own.get("reviewed")})
    return sorted(listed, key=lambda c: (c["paragraph"] if isinstance(c["paragraph"], int) else 10**9, c["id"]))
