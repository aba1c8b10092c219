"""The ledger's commitment pages: the commitment form (its document's paragraphs, the places
linked, suggested and found, its status today), a commitment added or edited (another editor's
save in between shown beside the form), and a commitment retired after a confirmation. Views of
the "ledger" blueprint (`ledger_pages`), apart from the document pages.
"""

from __future__ import annotations

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext

from bordermap import place_search, tracking
from bordermap.errors import BordermapError, ChangedSince, InvalidInput
from bordermap.i18n import western_digits
from bordermap.layer_search import MAX_QUERY
from bordermap.ledger import actions, suggest
from bordermap.vocabulary import actor_key

from . import auth
from .editor_words import label, place_kinds
from .form_words import FIELDS
from .language import words
from .ledger_pages import bp, names_of, numbered, render, saved_by
from .resources import sources_dir, store

PLACES_FOUND = 12  # places the commitment form's finder lists at once (its script asks for as many)


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
    paragraphs = suggest.suggestions(store(), numbered(chosen)) if chosen else []
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
    names = names_of([cited] if cited else [], item.get("features", []))
    linked = [f for f in item.get("features", []) if f in names]
    unknown = [f for f in item.get("features", []) if f not in names]
    suggested = cited["suggestions"]["places"] if cited else []
    choices = [(f, True, f in suggested) for f in linked] + [(f, False, True) for f in suggested if f not in linked]
    query, found = _places_found()
    extra.setdefault("status_now", _status_now(item))
    return render("ledger_commitment.html", status, item=item, documents=documents, chosen=chosen,
                   paragraphs=paragraphs, cited=cited, names=names, place_kinds=place_kinds(store(), names, words()),
                   place_choices=choices, unknown=unknown,
                   place_query=query, places_found=found, max_query=MAX_QUERY, places_limit=PLACES_FOUND,
                   author=request.form.get("author") or session.get("author", ""), **extra)


def _redrawn() -> bool:
    """Whether the editor asked to see the form again, nothing stored: another document's
    paragraphs, the places found for their words, or a found place added."""
    return request.form.get("action") in ("pick", "find") or bool(request.form.get("add_place"))


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
        author = saved_by(lambda: actions.checked_commitment(store(), body, sources_dir=sources_dir()))
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
        author = saved_by(lambda: actions.checked_changes(store(), commitment_id, body, sources_dir=sources_dir()))
        # Saved as it stands: no revision that changes nothing, which would also refuse another
        # editor's form read before it (review 31a, #7).
        revision = actions.edit_commitment(store(), commitment_id, body, author=author, sources_dir=sources_dir(),
                                           based_on=based_on, skip_unchanged=True)
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
    if revision is None:
        flash(gettext("Nothing was changed, so nothing was saved."), "ok")
        return redirect(url_for("ledger.edit_commitment", commitment_id=commitment_id))
    return redirect(url_for("ledger.edit_commitment", commitment_id=commitment_id, saved=revision.id))


def _differences(stored: dict, sent: dict) -> list[tuple[str, str]]:
    """The fields whose stored value differs from the form's: (the form's name for it, the value
    stored, as the form words it). Actors are compared by the vocabulary's key: a Khmer or
    Vietnamese form sends them by their names in its language, which are stored as the keys
    (review 31a, #5: "Actors" was listed as changed when no one had changed them)."""
    here = words()

    def compared(key: str, value) -> str:
        if key == "actors":
            value = [actor_key(str(actor)) for actor in value or []]
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return "" if value is None else str(value)

    def shown(key: str, value) -> str:
        if key == "actors":
            return ", ".join(label("actor", actor, here) for actor in value or [])
        if key in ("sector", "statement", "status") and value:
            return label(key, value, here)
        return compared(key, value)

    return [(gettext(FIELDS[key]), shown(key, stored.get(key))) for key in sent
            if key in FIELDS and compared(key, stored.get(key)) != compared(key, sent.get(key))]


def _retire_page(item: dict, status: int = 200, error: BordermapError | None = None):
    """The retirement asked for: the commitment as it stands, and its reason and the editor's name
    to give (kept as typed when refused)."""
    document = next((d for d in store().documents() if d["id"] == item.get("document")), None)
    return render("retire_confirm.html", status, item=item, document=document, error=error,
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
        author = saved_by(lambda: actions.retirement_reason(body))
        revision = actions.retire_commitment(store(), commitment_id, body, author=author)
    except BordermapError as error:
        return _retire_page(item, error.status, error)
    return redirect(url_for("edit.revision", revision_id=revision.id))
