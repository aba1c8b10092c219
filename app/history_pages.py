"""The editors' page for status events: add one (checked, as one revision), retract their own."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from bordermap import edits, tracking
from bordermap.errors import BordermapError, ChangedSince
from bordermap.history import COMMITMENT_STATUSES, CONFIDENCES, first_day
from bordermap.i18n import N_, clip, western_digits
from bordermap.layer_points import is_big
from bordermap.model import FEATURE_STATUSES
from bordermap.vocabulary import current_translations, event_note, gates_name

from . import auth
from .editor_words import COMMITMENT_NAME_CHARS, commitment_summary, label, layer_title, place_name, place_names
from .forms import TokenForm
from .language import words
from .resources import store

bp = Blueprint("history_pages", __name__)
FIELDS = ("subject", "feature_id", "date", "status", "note", "confidence", "date_kind", "date_note", "document",
          "paragraph", "source_title", "source_publisher", "source_date", "source_url", "author")


# An editors' layer of more features than this is not listed in the form's list of subjects
# (a select of thousands is no list to choose from): its features are typed by id, the field's
# suggestions (a datalist, which the browser searches as one types) naming them.
LISTED_FEATURES = 300
# At most this many features in those suggestions; the features of larger layers are typed by
# id (their popup gives it) without suggestions, as those of a layer too large to draw at first.
SUGGESTED_FEATURES = 5_000


def _subjects(lang: str) -> tuple[dict[str, tuple[str, str, str]], list[dict], list[tuple[str, str, str]]]:
    """What the form offers to record a status for: ({value: (label, its language, name)}, the
    groups of the list ({"title", "lang", "values"}), the typed field's suggestions [(id, label,
    its language)]).

    A feature that takes a status (`tracking.takes_status`: the curated checkpoints, roads and
    rail link, every feature of an editors' layer) by its name in the page language as every
    editors' page names a place (`editor_words.place_name`), or a gate pair by its gates' names
    in it (`vocabulary.gates_name`), its id beside it; grouped by layer,
    titled as the map's layer list titles it. A
    commitment by our translation of its summary where there is one (as the map's panel; the
    list names it by the summary's start, beside its id). The features of a large layer
    (`layer_points.is_big`) are neither listed nor suggested: reading a million takes seconds;
    they are typed by id."""
    here = words()
    subjects: dict[str, tuple[str, str, str]] = {}
    groups: list[dict] = []
    suggested: list[tuple[str, str, str]] = []
    for layer in store().layers():
        if is_big(layer):
            continue
        editors = layer.origin == "user"
        listed = not editors or layer.feature_count <= LISTED_FEATURES
        if not listed and len(suggested) + layer.feature_count > SUGGESTED_FEATURES:
            continue
        values = []
        for feature_id, properties in tracking.status_features(store(), layer):
            # A gate pair the page's language gives no name of its own, by its gates as it names
            # them (review 11: a Khmer page listed every checkpoint in English, the Vietnamese one
            # by their Vietnamese names).
            name, name_lang = gates_name(properties, lang) or place_name(properties, feature_id, lang, here)
            if listed:
                subjects[f"feature:{feature_id}"] = (f"{name} ({feature_id})", name_lang, name)
                values.append(f"feature:{feature_id}")
            else:
                suggested.append((feature_id, name, name_lang))
        if values:
            title, title_lang = layer_title(layer, here)
            # By the name shown, not the id ("Mộc Bài – Bavet" came before "Bình Hiệp – Brây Vo": review 27, #9).
            values.sort(key=lambda value: unicodedata.normalize("NFKD", subjects[value][2]).casefold())
            groups.append({"title": title, "lang": title_lang, "values": values})
    values = []
    for item in store().commitments():
        if item.get("retired"):  # off the map: it takes no new status
            continue
        summary, summary_lang = commitment_summary(item, lang)
        line = f"{item['id']}: {clip(summary, 100)}"
        subjects[f"commitment:{item['id']}"] = (line, summary_lang, clip(summary, COMMITMENT_NAME_CHARS))
        values.append(f"commitment:{item['id']}")
    if values:
        groups.append({"title": here.gettext(N_("Commitments")), "lang": here.lang, "values": values})
    return subjects, groups, suggested


def _statuses() -> list[tuple[str, tuple[str, ...]]]:
    """Each status once, with the subjects it fits ("feature", "commitment"): the page shows
    only those of the chosen subject's kind."""
    kinds: dict[str, tuple[str, ...]] = {}
    for kind, names in (("feature", FEATURE_STATUSES), ("commitment", COMMITMENT_STATUSES)):
        for name in names:
            kinds[name] = kinds.get(name, ()) + (kind,)
    return list(kinds.items())


def _curated(events: list[dict], lang: str) -> list[dict]:
    """The curated events readers may look through here (the map shows each in its popups and
    panel), newest first, each with its note in the page language where we have a translation
    (`note_lang` says which). A commitment's statement is left out: the commitment is that."""
    listed = []
    for event in events:
        if event["origin"] != "curated" or event["kind"] != "event" or event.get("statement"):
            continue
        note, note_lang, unreviewed = event_note(event, lang)
        listed.append({**event, "shown_note": note, "note_lang": note_lang, "unreviewed": unreviewed})
    return sorted(listed, key=lambda e: (first_day(e["date"]), e["id"]), reverse=True)


def _page(values: dict, status: int = 200, error: BordermapError | None = None, correcting: str | None = None,
          based_on: int | None = None, stored_now: list[tuple[str, str]] | None = None):
    everything = store().status_events()
    own = [e for e in everything if e["origin"] == "user"]
    subjects, groups, suggested = _subjects(str(words().lang))
    chosen = values.get("subject", "")
    if chosen.startswith("feature:") and chosen not in subjects and not values.get("feature_id") \
            and store().feature_properties([chosen[8:]]):
        # A feature the list does not hold (an event of a long layer being corrected) is in the
        # typed field, as it would have been given; an unknown one stays in the list as sent.
        values = {**values, "subject": "", "feature_id": chosen[8:]}
    # The events list names its places and commitments as the revisions do (the event_subject
    # macro): a feature by its id, a commitment by "commitment:<id>"; a place the list does not
    # hold (a province, a large layer's feature, given through the API) by its name too.
    names = {(key.partition(":")[2] if key.startswith("feature:") else key): (name, lang)
             for key, (_, lang, name) in subjects.items()}
    unnamed = [e["entity_id"] for e in everything if e["entity"] == "feature" and e["entity_id"] not in names]
    names.update(place_names(store(), unnamed, str(words().lang)))
    return render_template(
        "history.html", values=values, error=error, subjects=subjects, groups=groups, suggested=suggested,
        names=names, events=own, statuses=_statuses(),
        curated=_curated(everything, str(words().lang)),
        subject_kind=(values.get("subject") or next(iter(subjects), "feature")).partition(":")[0],
        confidences=CONFIDENCES,
        documents=store().documents(), token_form=TokenForm(), editing=auth.editing_enabled(),
        unlocked=auth.is_unlocked(), correcting=correcting, based_on=based_on, stored_now=stored_now,
    ), status


def _with_link(sentence: str, event_id: str, revision_id: int) -> Markup:
    """A notice (its msgstr, placeholders unfilled) with the revision it names as a link to its page."""
    link = Markup('<a href="{}">{}</a>').format(url_for("edit.revision", revision_id=revision_id),
                                                gettext("revision %(revision)s", revision=words().numeral(revision_id)))
    return escape(sentence) % {"event": event_id, "revision": link}  # the event id is escaped, the link kept


@bp.get("/history")
def page():
    return _page({"confidence": "medium"})


@bp.post("/history")
def add():
    """Check the event and add it as one revision; every problem is shown on the form."""
    return _save(None)


@bp.route("/history/events/<event_id>/correct", methods=["GET", "POST"])
def correct(event_id: str):
    """The form filled with an editors' event as it stands; saving puts the corrected event in
    its place, as one revision (review rv20, M2: the page told editors to correct an event it
    offered no way to correct)."""
    auth.require_session()
    based_on = store().record_revision("event", event_id)  # read before the event: never newer
    event = tracking.editors_event(store(), event_id)
    if request.method == "GET":
        return _page(_form_values(event), correcting=event_id, based_on=based_on)
    return _save(event_id)


def _form_values(event: dict) -> dict:
    """An event as the form's fields hold it."""
    source = event.get("source") or {}
    kind = "by" if event.get("by") else "estimated" if event.get("estimated") else "exact"
    return {"subject": f"{event['entity']}:{event['entity_id']}", "date": event.get("date", ""), "date_kind": kind,
            "date_note": event.get("date_note", ""), "status": event.get("status", ""), "note": event.get("note", ""),
            "confidence": event.get("confidence", "medium"), "document": source.get("document", ""),
            "paragraph": str(source.get("paragraph", "")), "source_title": source.get("title", ""),
            "source_publisher": source.get("publisher", ""), "source_date": source.get("date", ""),
            "source_url": source.get("url", ""), "author": session.get("author", "")}


def _based_on() -> int | None:
    """The revision the posted correction was read at; None from a form that carries none."""
    given = request.form.get("based_on", "").strip()
    return int(given) if given.isascii() and given.isdigit() else None


# The form's fields a correction may change, by the label the form gives them.
_LABELS = {"date": N_("Date (2025-12-08, 2025-12 or 2025)"), "date_kind": N_("The date is"),
           "date_note": N_("What is known of the date (optional)"),
           "status": N_("Status"), "confidence": N_("Confidence"), "note": N_("What happened, in your own words"),
           "document": N_("Document"), "paragraph": N_("Paragraph"), "source_title": N_("Title"),
           "source_publisher": N_("Publisher"), "source_date": N_("Published"), "source_url": N_("Address (URL)")}


# The choices of "The date is", as the form words them.
_DATE_KINDS = {"exact": N_("the day it happened"), "estimated": N_("an estimate: about then"),
               "by": N_("a bound: the source of that date already found it so")}


def _differences(stored: dict, sent: dict) -> list[tuple[str, str]]:
    """The fields whose stored value differs from the form's: (the form's label, the value stored,
    as the form shows it: a status, a confidence or the date's kind in the page's words, a date in
    the reader's form; where the review of the change found vocabulary keys and raw dates)."""
    here = words()
    entity = str(stored.get("subject", "")).partition(":")[0] or "feature"

    def shown(name: str, value: str) -> str:
        if not value:
            return ""
        if name == "status":
            return label(f"{entity}_status", value, here)
        if name == "confidence":
            return label("confidence", value, here)
        if name == "date_kind":
            return gettext(_DATE_KINDS[value]) if value in _DATE_KINDS else value
        if name in ("date", "source_date"):
            return here.date(value)
        return value

    return [(gettext(text), shown(name, str(stored.get(name) or ""))) for name, text in _LABELS.items()
            if str(stored.get(name) or "").strip() != str(sent.get(name) or "").strip()]


def _save(correcting: str | None):
    """Add the form's event, or put it in place of `correcting`; every problem is shown on the form."""
    auth.require_session()
    values = {name: request.form.get(name, "") for name in FIELDS}
    values.update({name: western_digits(values[name]) for name in ("date", "source_date", "paragraph")})
    typed = values["feature_id"].strip()
    also = []
    if typed and values["subject"] and values["subject"] != f"feature:{typed}":
        also.append(f"feature_id: choose from the list or type a feature's id, not both (chose {values['subject']!r}, "
                    f"typed {typed!r})")
    # A typed id names a feature of a layer the list does not hold.
    entity, _, entity_id = ("feature", "", typed) if typed and not also else values["subject"].partition(":")
    # The date is the day it happened, an estimate, or a bound (its source already found it so).
    kind = values["date_kind"]
    fields = {**values, "entity": entity, "entity_id": entity_id,
              "estimated": kind == "estimated", "by": kind == "by"}
    try:
        author = edits.author_with(values["author"], "editor", lambda: tracking.checked_event(store(), fields, also))
        if correcting:
            revision = tracking.correct_event(store(), correcting, fields, author=author, also=also,
                                              based_on=_based_on())
        else:
            revision = tracking.add_event(store(), fields, author=author, also=also)
        if values["author"].strip():
            session["author"] = author  # offered again, and the name a revert from the pages is made in
    except ChangedSince as error:
        # Another editor corrected it meanwhile (review rv22a, H3: the second save silently undid
        # the first's). What is stored now is shown beside the form, which now stands on that
        # revision: a second press saves this form's version, knowingly.
        newer = store().record_revision("event", correcting)  # read before the event: never newer
        now = _form_values(tracking.editors_event(store(), correcting))
        return _page(values, error.status, error, correcting=correcting, based_on=newer,
                     stored_now=_differences(now, values))
    except BordermapError as error:
        if typed and not also:  # an unknown typed id is said of the field it was typed in, which is marked
            error.problems = [text.replace("event.entity_id: ", "feature_id: ", 1) for text in error.problems]
        return _page(values, error.status, error, correcting=correcting, based_on=_based_on())
    # The store names an event after the revision that added it; a correction keeps its id.
    event_id = correcting or f"ev-{revision.id}"
    done = gettext("Corrected status event %(event)s as %(revision)s.") if correcting \
        else gettext("Added status event %(event)s as %(revision)s.")
    flash(_with_link(done, event_id, revision.id), "ok")
    stated = tracking.stated_after(store(), fields)
    if stated:  # stored as given, and said: it may be a project under way before the statement, or a slip
        link = Markup('<a href="{}">{}</a>').format(url_for("history_pages.correct", event_id=event_id),
                                                    gettext("correct the event"))
        flash(escape(gettext("Its date, %(date)s, is before the commitment was stated (%(stated)s): the commitment "
                             "shows this status from that date. If the date is wrong, %(correct)s.")) % {
            "date": words().date(fields["date"]), "stated": words().date(stated), "correct": link}, "warning")
    return redirect(url_for("history_pages.page"))


def _subject(entity: str, entity_id: str, lang: str) -> tuple[str, str]:
    """One event's subject as the form names it: (name, its language)."""
    if entity == "feature":
        found = store().feature_properties([entity_id]).get(entity_id)
        return place_name(found, entity_id, lang, words()) if found else (entity_id, "")
    item = next((c for c in store().commitments() if c["id"] == entity_id), None)
    if item is None:
        return entity_id, ""
    own = current_translations(item).get(lang, {}).get("summary")
    return own or item.get("summary", entity_id), lang if own else "en"


def _retract_page(event: dict, status: int = 200, error: BordermapError | None = None):
    source = event.get("source") or {}
    document = next((d for d in store().documents() if d["id"] == source.get("document")), None)
    return render_template(
        "retract_confirm.html", event=event, subject=_subject(event["entity"], event["entity_id"], words().lang),
        document=document, error=error, reason=request.form.get("reason", ""),
        author=request.form.get("author") or session.get("author", ""),
        token_form=TokenForm(), unlocked=auth.is_unlocked(),
    ), status


@bp.route("/history/events/<event_id>/retract", methods=["GET", "POST"])
def retract(event_id: str):
    """The first press shows the event and asks for a reason; only the confirming one retracts it.
    The confirmation is a page of its own (GET): its language switcher and a reload show it again."""
    auth.require_session()
    event = tracking.editors_event(store(), event_id)
    if request.method == "GET" or request.form.get("confirmed") != "yes":
        return _retract_page(event)
    try:
        reason = request.form.get("reason", "")
        author = edits.author_with(request.form.get("author"), "editor", lambda: tracking.retraction_reason(reason))
        revision = tracking.retract_event(store(), event_id, reason=reason, author=author)
    except BordermapError as error:
        return _retract_page(event, error.status, error)
    flash(_with_link(gettext("Retracted status event %(event)s as %(revision)s; revert that revision to bring it "
                             "back."), event_id, revision.id), "ok")
    return redirect(url_for("history_pages.page"))
