"""The editors' ledger pages: add a document, see its numbered paragraphs with suggestions, add,
edit and retire commitments citing them. Plain forms (CSRF-protected like every form here) that
call the functions the API and the command line call (`bordermap.ledger.actions`).

This module holds the "ledger" blueprint, the ledger's index, the template globals its pages use
and the helpers both kinds of page share; the document pages (`ledger_documents`) and the
commitment pages (`ledger_commitments`) attach their views to the blueprint from modules of their own.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, session
from flask_babel import gettext

from bordermap import edits
from bordermap.errors import BordermapError
from bordermap.ledger import records
from bordermap.model import SECTORS, date_span
from bordermap.sources import own_number

from . import auth
from .editor_words import place_names
from .forms import TokenForm
from .language import words
from .resources import sources_dir, store

bp = Blueprint("ledger", __name__, url_prefix="/ledger")


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


@bp.app_template_global()
def paragraph_shown(text: str, n: int) -> str:
    """A numbered paragraph's text as its list shows it: without its own leading number when that
    is the paragraph's (the marker says it), or the same number was written twice (review 25a, #10).
    A different number is the publisher's own numbering and stays; the stored text is not changed."""
    own = own_number(text)
    return text[own[1]:] if own and own[0] == n else text


def render(template: str, status: int = 200, **context):
    """A ledger page and its status, with what every ledger template uses (vocabulary, token form, editing)."""
    vocab = records.vocabulary()
    return render_template(
        template, token_form=TokenForm(), editing=auth.editing_enabled(), unlocked=auth.is_unlocked(),
        sectors=SECTORS, statements=vocab["statement"], statuses=vocab["status"],
        languages_of_text=records.LANGUAGES, kinds=records.DOCUMENT_KINDS, **context), status


def names_of(paragraphs: list[dict], also=()) -> dict[str, tuple[str, str]]:
    """The suggested places' (and `also`'s) names in the page language, by feature id."""
    ids = [place for p in paragraphs for place in p["suggestions"]["places"]] + list(also)
    return place_names(store(), ids, words().lang)


def _author(check) -> str:
    """The editor's name for the revision; a refused name is said with `check()`'s problems."""
    return edits.author_with(request.form.get("author"), "editor", check)


def saved_by(check) -> str:
    """The editor's name for the revision, offered again on the next form (as the upload page does)."""
    author = _author(check)
    if request.form.get("author", "").strip():
        session["author"] = author
    return author


def page_lists() -> tuple[list[dict], list[dict], list[dict]]:
    """The ledger page's lists, from one read of the documents and one of the commitments: the
    documents and the commitments editors added, and the curated documents, each with the number
    of commitments citing it (their pages were reached only by typing their address: review 27,
    #4)."""
    commitments, documents = store().commitments(), store().documents()
    cited: dict[str, int] = {}
    for item in commitments:
        cited[item.get("document")] = cited.get(item.get("document"), 0) + 1
    return ([{**d, "cited": cited.get(d["id"], 0)} for d in documents if d.get("origin") == "editor"],
            [c for c in commitments if c.get("origin") == "editor"],
            [{**d, "cited": cited.get(d["id"], 0)} for d in documents if d.get("origin") != "editor"])


@bp.get("")
def index():
    documents, items, curated = page_lists()
    return render("ledger.html", documents=documents, commitments=items, form={}, curated=curated)


def numbered(document: dict) -> list[str]:
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
