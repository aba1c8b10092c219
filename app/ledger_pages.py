"""The editors' ledger pages: add a document, see its numbered paragraphs with suggestions, add,
edit and retire commitments citing them. Plain forms (CSRF-protected like every form here) that
call the functions the API and the command line call (`bordermap.ledger.actions`).
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext

from bordermap import edits, place_search, tracking
from bordermap.errors import BordermapError, ChangedSince, InvalidInput
from bordermap.i18n import western_digits
from bordermap.layer_search import MAX_QUERY
from bordermap.ledger import actions, naming, reading, records, suggest
from bordermap.model import SECTORS, date_span

from . import auth
from .editor_words import FIELDS, commitment_summary, place_kinds, place_names, problem
from .forms import TokenForm
from .language import words
from .resources import sources_dir, store

bp = Blueprint("ledger", __name__, url_prefix="/ledger")

DOCUMENT_FIELDS = ("title", "publisher", "date", "date_precision", "date_latest", "place", "url", "language", "kind")
PLACES_FOUND = 12  # places the commitment form's finder lists at once (its script asks for as many)


@bp.app_template_global()
def document_date(document: dict) -> str:
    """A document's date in the page language, as the map's citations give it: "2025-02-19 or
    2025-02-20" when the day it came out is not known for sure (`model.date_span`)."""
    here = words()
    first, latest = document.get("date") or "", document.get("date_latest")
    span = date_span(first, latest) if first else None
    if span is None:
        return here.date(first)
    dates = {"date": here.date(first), "later": here.date(latest)}
    if span == "or":
        return gettext("%(date)s or %(later)s", **dates)
    return gettext("between %(date)s and %(later)s", **dates)


# A paragraph's own number at its start ("១. ", "2) ", "(3) "), which the list's marker says already.
_DIGITS = r"[0-9\u17e0-\u17e9]{1,4}"  # Western or Khmer
_OWN_NUMBER = re.compile(rf"(?:\((?P<within>{_DIGITS})\)|(?P<n>{_DIGITS})[.)\u17d4\u17d6:])\s+(?=\S)")


@bp.app_template_global()
def paragraph_shown(text: str, n: int) -> str:
    """A numbered paragraph's text as its list shows it: without its own leading number when that
    is the paragraph's (the marker says it), or the same number was written twice (review 25a, #10).
    A different number is the publisher's own numbering and stays; the stored text is not changed."""
    found = _OWN_NUMBER.match(text or "")
    if found is None:
        return text
    return text[found.end():] if int(western_digits(found["within"] or found["n"])) == n else text


def _render(template: str, status: int = 200, **context):
    vocab = records.vocabulary()
    return render_template(
        template, token_form=TokenForm(), editing=auth.editing_enabled(), unlocked=auth.is_unlocked(),
        sectors=SECTORS, statements=vocab["statement"], statuses=vocab["status"],
        languages_of_text=records.LANGUAGES, kinds=records.DOCUMENT_KINDS, **context), status


def _names(paragraphs: list[dict], also=()) -> dict[str, tuple[str, str]]:
    """The suggested places' (and `also`'s) names in the page language, by feature id."""
    ids = [place for p in paragraphs for place in p["suggestions"]["places"]] + list(also)
    return place_names(store(), ids, words().lang)


def _kinds(paragraphs: list[dict]) -> dict[str, str]:
    """What each suggested place no source names in the page language is, in that language
    (`place_kinds`), said beside its English name."""
    return place_kinds(store(), [place for p in paragraphs for place in p["suggestions"]["places"]], words())


def _author(check) -> str:
    """The editor's name for the revision; a refused name is said with `check()`'s problems."""
    return edits.author_with(request.form.get("author"), "editor", check)


def _records() -> tuple[list[dict], list[dict], list[dict]]:
    """The ledger page's lists, from one read of the documents and one of the commitments: the
    documents and the commitments editors added, and the curated documents, each with the number
    of commitments citing it (their pages were reached only by typing their address: review 27,
    #4)."""
    commitments, documents = store().commitments(), store().documents()
    cited: dict[str, int] = {}
    for item in commitments:
        cited[item.get("document")] = cited.get(item.get("document"), 0) + 1
    return ([d for d in documents if d.get("origin") == "editor"],
            [c for c in commitments if c.get("origin") == "editor"],
            [{**d, "cited": cited.get(d["id"], 0)} for d in documents if d.get("origin") != "editor"])


@bp.get("")
def index():
    documents, items, curated = _records()
    return _render("ledger.html", documents=documents, commitments=items, form={}, curated=curated)


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
    documents, items, curated = _records()
    body = {}
    try:
        auth.require_session()
        body = _document_body()
        author = _saved_by(lambda: actions.prepare_document(store(), body))  # "Check" checks the name too
        record = actions.prepare_document(store(), body)
        if request.form.get("action") != "save":
            preview = actions.document_preview(store(), record)
            warnings = [problem(text, words()) for text in actions.document_warnings(record)]
            return _render("ledger.html", documents=documents, commitments=items, form=body,
                           curated=curated, preview=preview, names=_names(preview),
                           place_kinds=_kinds(preview), alike=actions.like_documents(store(), record),
                           warnings=warnings)
        revision = actions.add_document(store(), body, author=author)
    except BordermapError as error:  # after "Check", which stores nothing, the box says only what it found
        return _render("ledger.html", error.status, documents=documents, commitments=items,
                       curated=curated, form=body or dict(request.form), error=error,
                       checking=request.form.get("action") != "save")
    document_id = actions.revision_record_id(store(), revision)
    return redirect(url_for("ledger.document", document_id=document_id, added=revision.id))


@bp.get("/documents/<document_id>")
def document(document_id: str):
    auth.require_session()
    record = actions.document_for_editor(store(), document_id)
    paragraphs = suggest.suggestions(store(), _numbered(record))
    alike = actions.like_documents(store(), record, but=document_id) if request.args.get("added") else []
    lang = str(words().lang)
    return _render("ledger_document.html", document=record, added=request.args.get("added"),
                   paragraphs=paragraphs, names=_names(paragraphs), place_kinds=_kinds(paragraphs), alike=alike,
                   citing=_citing(document_id),
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
            listed.append({"id": item["id"], "paragraph": item.get("paragraph"), "summary": summary,
                           "lang": said_in, "retired": bool(item.get("retired"))})
    return sorted(listed, key=lambda c: (c["paragraph"] if isinstance(c["paragraph"], int) else 10**9, c["id"]))


def _numbered(document: dict) -> list[str]:
    """A document's paragraphs: stored for editors' documents, from the sources for curated ones."""
    if document.get("paragraphs") is not None:
        return document["paragraphs"]
    from bordermap.sources import load_document_text, paragraphs

    folder = sources_dir()
    if folder is None or not document.get("source_file"):
        return []
    try:
        return paragraphs(load_document_text(folder, document["source_file"]))
    except BordermapError:
        return []


def _places_found() -> tuple[str, dict | None]:
    """The place finder's words (`place_q`, from the form or the address) and what they find,
    in the page language; None when there are none, or too many to look for."""
    query = (request.values.get("place_q") or "").strip()
    if not query or len(query) > MAX_QUERY:
        return query, None
    return query, place_search.find_places(store(), query, PLACES_FOUND, words().lang)


def _status_now(item: dict) -> dict | None:
    """A stored commitment's status today when a dated event since its statement set it (the
    form's Status is the one stated, which the panel shows only until a later event: review
    rv22a, H2, an editor changed it to record progress and rewrote what the document said)."""
    if not item.get("id") or item.get("origin") != "editor":
        return None
    try:
        now = tracking.record(store(), "commitment", item["id"])
    except BordermapError:
        return None
    later = [e for e in now["history"] if not e.get("statement")]
    if not later or now["status"] is None:
        return None
    return {"status": now["status"], "date": now["status_date"], "event": later[-1].get("id")}


def _commitment_form(item: dict, status: int = 200, **extra):
    """The commitment form, its paragraph picker showing the chosen document's paragraphs, and
    its places: those linked and suggested as boxes to tick, the finder's results, and any id
    no feature has, kept as typed in the field of other ids and said beside it."""
    documents = store().documents()
    chosen = next((d for d in documents if d["id"] == item.get("document")), None)
    paragraphs = suggest.suggestions(store(), _numbered(chosen)) if chosen else []
    cited = next((p for p in paragraphs if str(p["n"]) == str(item.get("paragraph"))), None)
    # A paragraph its document does not have (a link's, or the number kept when another document
    # was picked) is said, not passed over (review rv20, L2: the picker showed none chosen, and
    # only a save said "choose a paragraph"); a refused save's box says it already, and a document
    # whose text this instance does not hold has no paragraphs to count.
    asked = str(item.get("paragraph") or "").strip()
    if paragraphs and asked and cited is None and extra.get("error") is None:
        n = words().numeral(int(asked)) if asked.isascii() and asked.isdigit() else asked
        said = gettext("document %(id)s has paragraphs 1 to %(count)s, not %(n)s",
                       id=f"“{chosen.get('title') or chosen['id']}”", count=words().numeral(len(paragraphs)), n=n)
        extra["missing_paragraph"] = said[:1].upper() + said[1:]  # a sentence of its own, not after a field's name
        item = {**item, "paragraph": ""}
    names = _names([cited] if cited else [], item.get("features", []))
    linked = [f for f in item.get("features", []) if f in names]
    unknown = [f for f in item.get("features", []) if f not in names]
    suggested = cited["suggestions"]["places"] if cited else []
    choices = [(f, True, f in suggested) for f in linked] + [(f, False, True) for f in suggested if f not in linked]
    query, found = _places_found()
    extra.setdefault("status_now", _status_now(item))
    return _render("ledger_commitment.html", status, item=item, documents=documents, chosen=chosen,
                   paragraphs=paragraphs, cited=cited, names=names, place_kinds=place_kinds(store(), names, words()),
                   place_choices=choices, unknown=unknown,
                   place_query=query, places_found=found, max_query=MAX_QUERY, places_limit=PLACES_FOUND,
                   author=request.form.get("author") or session.get("author", ""), **extra)


def _redrawn() -> bool:
    """Whether the editor asked to see the form again, nothing stored: another document's
    paragraphs, the places found for their words, or a found place added."""
    return request.form.get("action") in ("pick", "find") or bool(request.form.get("add_place"))


def _saved_by(check) -> str:
    """The editor's name for the revision, offered again on the next form (as the upload page does)."""
    author = _author(check)
    if request.form.get("author", "").strip():
        session["author"] = author
    return author


def _commitment_body() -> dict:
    form = request.form
    features = form.getlist("features") + form.get("more_features", "").replace(",", " ").split()
    if form.get("add_place", "").strip():  # a place the finder found, added without the script
        features.append(form["add_place"].strip())
    body = {"summary": form.get("summary", ""), "sector": form.get("sector", ""),
            "statement": form.get("statement", ""), "status": form.get("status", ""),
            "stated": western_digits(form.get("stated", "")), "document": form.get("document", ""),
            "paragraph": western_digits(form.get("paragraph", "")),
            "actors": [a.strip() for a in form.get("actors", "").split(",") if a.strip()],
            "features": list(dict.fromkeys(features))}
    if form.get("target", "").strip():
        body["target"] = western_digits(form["target"])  # "២០២៦-០៦" is June 2026 (the change's review, L3)
    return body


@bp.get("/commitments/new")
def new_commitment():
    auth.require_session()
    item = {"document": request.args.get("document", ""), "paragraph": request.args.get("paragraph", ""),
            "features": [], "actors": ["Cambodia", "Viet Nam"]}
    return _commitment_form(item)


@bp.post("/commitments")
def add_commitment():
    body = _commitment_body()
    if _redrawn():
        return _commitment_form(body)
    try:
        auth.require_session()
        author = _saved_by(lambda: actions.checked_commitment(store(), body, sources_dir=sources_dir()))
        revision = actions.add_commitment(store(), body, author=author, sources_dir=sources_dir())
    except BordermapError as error:
        return _commitment_form(body, error.status, error=error)
    commitment_id = actions.revision_record_id(store(), revision)
    return redirect(url_for("ledger.edit_commitment", commitment_id=commitment_id, saved=revision.id))


def _editors_commitment(commitment_id: str) -> dict:
    """An editors' commitment as it stands; NotFound for an unknown id, refused for a curated one."""
    item = store().commitment(commitment_id)
    if item.get("origin") != "editor":
        raise InvalidInput(f"commitment {commitment_id!r} is curated; only commitments editors added change here")
    return item


@bp.get("/commitments/<commitment_id>/edit")
def edit_commitment(commitment_id: str):
    auth.require_session()
    based_on = store().record_revision("commitment", commitment_id)  # read before the record: never newer
    return _commitment_form(_editors_commitment(commitment_id), saved=request.args.get("saved"), based_on=based_on)


def _based_on() -> int | None:
    """The revision the posted form was read at; None from a form that carries none."""
    given = request.form.get("based_on", "").strip()
    return int(given) if given.isascii() and given.isdigit() else None


@bp.post("/commitments/<commitment_id>/edit")
def save_commitment(commitment_id: str):
    body = _commitment_body()
    current = store().commitment(commitment_id)
    based_on = _based_on()
    if _redrawn():
        return _commitment_form({**current, **body, "id": commitment_id}, based_on=based_on)
    try:
        auth.require_session()
        author = _saved_by(lambda: actions.checked_changes(store(), commitment_id, body, sources_dir=sources_dir()))
        revision = actions.edit_commitment(store(), commitment_id, body, author=author, sources_dir=sources_dir(),
                                           based_on=based_on)
    except ChangedSince as error:
        # Another editor saved it meanwhile (review rv20, L3: the page kept this editor's text but
        # not the other's, and every further press failed the same way until a reload lost it).
        # What is stored now is shown beside the form, which now stands on that revision: a
        # second press saves this form's version, knowingly.
        newer = store().record_revision("commitment", commitment_id)  # read before the record: never newer
        now = store().commitment(commitment_id)
        return _commitment_form({**current, **body, "id": commitment_id}, error.status, error=error,
                                based_on=newer, stored_now=_differences(now, body))
    except BordermapError as error:
        return _commitment_form({**current, **body, "id": commitment_id}, error.status, error=error,
                                based_on=based_on)
    return redirect(url_for("ledger.edit_commitment", commitment_id=commitment_id, saved=revision.id))


def _differences(stored: dict, sent: dict) -> list[tuple[str, str]]:
    """The fields whose stored value differs from the form's: (the form's name for it, the value
    stored, as text)."""
    def shown(value) -> str:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return "" if value is None else str(value)

    return [(gettext(FIELDS[key]), shown(stored.get(key))) for key in sent
            if key in FIELDS and shown(stored.get(key)) != shown(sent.get(key))]


def _retire_page(item: dict, status: int = 200, error: BordermapError | None = None):
    """The retirement asked for: the commitment as it stands, and its reason and the editor's name
    to give (kept as typed when refused)."""
    document = next((d for d in store().documents() if d["id"] == item.get("document")), None)
    return _render("retire_confirm.html", status, item=item, document=document, error=error,
                   reason=request.form.get("reason", ""),
                   author=request.form.get("author") or session.get("author", ""))


@bp.route("/commitments/<commitment_id>/retire", methods=["GET", "POST"])
def retire_commitment(commitment_id: str):
    """The first press shows the commitment and asks for a reason; only the confirming one retires
    it, as one revision whose summary keeps the reason. The question is a page of its own (GET):
    its language switcher and a reload show it again."""
    auth.require_session()
    item = _editors_commitment(commitment_id)
    if item.get("retired"):  # the page says so, where the form would be
        return _retire_page(item, 409 if request.method == "POST" else 200)
    if request.method == "GET" or request.form.get("confirmed") != "yes":
        return _retire_page(item)
    body = {"reason": request.form.get("reason", "")}
    try:
        author = _saved_by(lambda: actions.retirement_reason(body))
        revision = actions.retire_commitment(store(), commitment_id, body, author=author)
    except BordermapError as error:
        return _retire_page(item, error.status, error)
    return redirect(url_for("edit.revision", revision_id=revision.id))
