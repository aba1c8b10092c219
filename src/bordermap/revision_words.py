"""Revisions in the reader's language: what a revision did, its action and entities, its time.

The store records each revision's summary in English, in a few fixed forms (common_changes,
common_events, edits, ingest, ledger.actions); a page in another language describes the revision
in its own words from them: ids, titles and an editor's words are kept, statuses and dates are
put in the page language.
A summary in another form (one an editor wrote) is shown as written.
"""

from __future__ import annotations

import re

from . import vocabulary
from .i18n import N_, Messages

ACTIONS = {"import": N_("import"), "delete": N_("deletion"), "delete-layer": N_("layer deletion"),
           "link": N_("link"), "revert": N_("revert"), "replace": N_("replacement"),
           "document-add": N_("document added"), "document-edit": N_("document edited"),
           "commitment-add": N_("commitment added"), "commitment-edit": N_("commitment edited"),
           "commitment-retire": N_("commitment retired"), "event": N_("status event added"),
           "event-correct": N_("status event corrected"), "event-retract": N_("status event retracted")}
ENTITIES = {"feature": N_("feature"), "layer": N_("layer"), "link": N_("link"), "document": N_("document"),
            "commitment": N_("commitment"), "event": N_("status event")}
# The fields an edit of a commitment names ("edited commitment c-ed-1: sector, summary").
FIELDS = {"summary": N_("summary"), "sector": N_("sector"), "statement": N_("statement"), "status": N_("status"),
          "stated": N_("date stated"), "document": N_("document"), "paragraph": N_("paragraph"),
          "features": N_("places"), "provinces": N_("provinces"), "actors": N_("actors"), "target": N_("target"),
          "links_reading": N_("reading of the links"), "nothing": N_("nothing")}


def _status(name: str, words: Messages, entity: str | None = None, in_sentence: bool = False) -> str:
    """A status id as the vocabulary names it in the page language (a feature's, or else a commitment's)."""
    labels = vocabulary.labels(words.lang)
    tables = {"feature": ("feature_statuses",), "commitment": ("commitment_statuses",)}.get(
        entity, ("feature_statuses", "commitment_statuses"))
    label = next((labels[table][name] for table in tables if name in labels[table]), name)
    # Inside a sentence, a label the legend capitalises ("Suspended", "Tạm dừng") is not.
    return label[0].lower() + label[1:] if in_sentence and label[1:2].islower() else label


def _fields(names: str, words: Messages) -> str:
    return ", ".join(words.gettext(FIELDS[n]) if n in FIELDS else n for n in names.split(", "))


def _day(date: str) -> bool:
    """Whether a status's date names a day ("on 2026-01-15"), not a month or a year ("in 2026";
    the stored summary says "on" for every precision)."""
    return len(date) == 10


# An added event's line by (named in its summary?, its subject, dated by its day?). Recorded
# before events were named in their summary, a line has no event id.
_ADDED = {
    (False, "feature", True): N_("added status event for feature %(id)s: %(status)s on %(date)s"),
    (False, "feature", False): N_("added status event for feature %(id)s: %(status)s in %(date)s"),
    (False, "commitment", True): N_("added status event for commitment %(id)s: %(status)s on %(date)s"),
    (False, "commitment", False): N_("added status event for commitment %(id)s: %(status)s in %(date)s"),
    (True, "feature", True): N_("added status event %(event)s for feature %(id)s: %(status)s on %(date)s"),
    (True, "feature", False): N_("added status event %(event)s for feature %(id)s: %(status)s in %(date)s"),
    (True, "commitment", True): N_("added status event %(event)s for commitment %(id)s: %(status)s on %(date)s"),
    (True, "commitment", False): N_("added status event %(event)s for commitment %(id)s: %(status)s in %(date)s"),
}
# A correction's line, and a retraction's (with a reason given?), by dated by its day?
_CORRECTED = {True: N_("corrected status event %(event)s: %(status)s on %(date)s"),
              False: N_("corrected status event %(event)s: %(status)s in %(date)s")}
_RETRACTED = {
    (False, True): N_("retracted status event %(event)s (%(subject)s: %(status)s on %(date)s)"),
    (False, False): N_("retracted status event %(event)s (%(subject)s: %(status)s in %(date)s)"),
    (True, True): N_("retracted status event %(event)s (%(subject)s: %(status)s on %(date)s): %(reason)s"),
    (True, False): N_("retracted status event %(event)s (%(subject)s: %(status)s in %(date)s): %(reason)s"),
}


def _event(w: Messages, m, named) -> str:
    values = {"id": named(m[3], m[2]), "status": _status(m[4], w, m[2], True),
              "date": w.date(m[5]), "event": m[1]}
    # Said as its neighbours are, by what was done ("added", as "retracted", "corrected"; review
    # rv25b, #11), whatever the stored summary says.
    return w.gettext(_ADDED[(m[1] is not None, m[2], _day(m[5]))], **values)


def _corrected(w: Messages, m, named) -> str:
    return w.gettext(_CORRECTED[_day(m[3])], event=m[1], status=_status(m[2], w, None, True), date=w.date(m[3]))


def _retracted(w: Messages, m, named) -> str:
    """A retraction, with what the event said (recorded since events are named in summaries)."""
    subject = f"{w.gettext(ENTITIES[m[2]])} {named(m[3], m[2])}"
    values = {"event": m[1], "subject": subject, "status": _status(m[4], w, m[2], True), "date": w.date(m[5])}
    if m[6] is not None:
        values["reason"] = m[6]
    return w.gettext(_RETRACTED[(m[6] is not None, _day(m[5]))], **values)

# The file name an upload through the API or the OGC API records when it gives none
# (app/edit_api.py, bordermap.ogc_edit.create): said to a reader as "through the API".
API_SOURCE = "request body"


def _imported(w: Messages, m, named) -> str:
    """An import, its layer as `named` names a layer (by its title, where a page knows it)."""
    layer = named(m[3], "layer")
    if m[2] == API_SOURCE:
        return w.ngettext("imported %(num)s feature through the API into %(layer)s",
                          "imported %(num)s features through the API into %(layer)s", int(m[1]), layer=layer)
    return w.ngettext("imported %(num)s feature from %(file)s into %(layer)s",
                      "imported %(num)s features from %(file)s into %(layer)s", int(m[1]), file=m[2], layer=layer)


# Each form: its pattern, what it says in another language (given the words, the match, and
# `named`, which names a feature, a commitment or a layer by its id), and the group that is a feature's
# id, if one is (or, where the group before it says "commitment", a commitment's).
_FORMS = (
    (_IMPORTED := re.compile(r"imported (\d+) feature\(s\) from (.+) into (\S+)"), _imported, None),
    (re.compile(r"deleted feature (\S+)"),
     lambda w, m, named: w.gettext("deleted feature %(feature)s", feature=named(m[1])), 1),
    (re.compile(r"deleted (\d+) feature\(s\)"),
     lambda w, m, named: w.ngettext("deleted %(num)s feature", "deleted %(num)s features", int(m[1])), None),
    (re.compile(r"deleted layer (\S+)"), lambda w, m, named: w.gettext("deleted layer %(layer)s", layer=m[1]), None),
    (re.compile(r"linked (\d+) feature\(s\) to (\S+)"),
     lambda w, m, named: w.ngettext("linked %(num)s feature to %(commitment)s",
                                    "linked %(num)s features to %(commitment)s", int(m[1]), commitment=m[2]), None),
    (re.compile(r"replaced feature (\S+)"),
     lambda w, m, named: w.gettext("replaced feature %(feature)s", feature=named(m[1])), 1),
    (re.compile(r"added document (\S+) \((.*)\)", re.S),
     lambda w, m, named: w.gettext("added document %(document)s (%(title)s)", document=m[1], title=m[2]), None),
    (re.compile(r"edited document (\S+)"),
     lambda w, m, named: w.gettext("edited document %(document)s", document=m[1]), None),
    (re.compile(r"added commitment (\S+) \((.*)\)", re.S),
     lambda w, m, named: w.gettext("added commitment %(commitment)s (%(summary)s)", commitment=m[1],
                                   summary=m[2]), None),
    (re.compile(r"edited commitment (\S+): (.*)"),
     lambda w, m, named: w.gettext("edited commitment %(commitment)s: %(fields)s", commitment=m[1],
                                   fields=_fields(m[2], w)), None),
    (re.compile(r"retired commitment (\S+): (.*)", re.S),
     lambda w, m, named: w.gettext("retired commitment %(commitment)s: %(reason)s", commitment=m[1], reason=m[2]),
     None),
    (re.compile(r"retired commitment (\S+)"),  # recorded before the reason was in the summary, or without one
     lambda w, m, named: w.gettext("retired commitment %(commitment)s", commitment=m[1]), None),
    (re.compile(r"status event (?:(\S+) )?for (feature|commitment) (\S+): (\S+) on (\S+)"), _event, 3),
    (re.compile(r"corrected status event (\S+): (\S+) on (\S+)"), _corrected, None),
    (re.compile(r"retracted status event (\S+) \((feature|commitment) (\S+): (\S+) on (\S+)\)(?:: (.*))?", re.S),
     _retracted, 3),
    (re.compile(r"retracted status event (\S+): (.*)", re.S),
     lambda w, m, named: w.gettext("retracted status event %(event)s: %(reason)s", event=m[1], reason=m[2]), None),
    (re.compile(r"retracted status event (\S+)"),
     lambda w, m, named: w.gettext("retracted status event %(event)s", event=m[1]), None),
    (_REVERTED := re.compile(r"reverted revision (\d+) \((.*)\)", re.S),
     lambda w, m, named: w.gettext("reverted revision %(revision)s (%(summary)s)", revision=w.numeral(m[1]),
                                   summary=describe(m[2], w, named)), None),
)
# The forms that name a status, said in English too by its label, not its id.
_STATUS_FORMS = (_event, _corrected, _retracted)
# Where a summary names a feature by its id (the forms above whose group is one).
_FEATURE_ID = re.compile(r"(?:deleted|replaced) feature ([^\s)]+)\)*\Z|status event (?:\S+ )?for feature (\S+):"
                         r"|\Afeature (\S+): \S+ on \S+\)")  # the last: a retraction's, after its "("


_COMMITMENT_ID = re.compile(r"status event (?:\S+ )?for commitment (\S+):|\Acommitment (\S+): \S+ on \S+\)")


def feature_ids(summaries) -> list[str]:
    """The ids of the features these summaries name (to look their names up once for a page)."""
    found = (match[1] or match[2] or match[3] for summary in summaries for part in (summary or "").split("(")
             for match in _FEATURE_ID.finditer(part))
    return list(dict.fromkeys(found))


def commitment_ids(summaries) -> list[str]:
    """The ids of the commitments these summaries name in a status event (to name them once for a page)."""
    found = (match[1] or match[2] for summary in summaries for part in (summary or "").split("(")
             for match in _COMMITMENT_ID.finditer(part))
    return list(dict.fromkeys(found))


def layer_ids(summaries) -> list[str]:
    """The ids of the layers these summaries import into (a reverted one's too), to name them once for a page."""
    found = []
    for summary in summaries:
        text = summary or ""
        while (reverted := _REVERTED.fullmatch(text)) is not None:
            text = reverted[2]
        if (imported := _IMPORTED.fullmatch(text)) is not None:
            found.append(imported[3])
    return list(dict.fromkeys(found))


def describe(summary: str, words: Messages, named=None) -> str:
    """A revision's summary in the language of `words` (English: as recorded).

    `named`: what to put where a feature's id is (given the id, and "commitment" or "layer" where
    it is a commitment's or a layer's; a name with the id, say); in English too. Without it, ids
    stay as they are.
    """
    if words.lang == "en" and named is None:  # the command line and the API: as recorded
        return summary
    named = named or (lambda item_id, kind="feature": item_id)
    for pattern, say, feature in _FORMS:
        match = pattern.fullmatch(summary or "")
        if match is None:
            continue
        # In English too: a status by its label ("in progress", not "in-progress"), a count in
        # its number ("imported 1 feature", not "1 feature(s)").
        if words.lang != "en" or say in _STATUS_FORMS or "(s)" in match[0]:
            return say(words, match, named)
        if pattern is _REVERTED:
            return summary[:match.start(2)] + describe(match[2], words, named) + summary[match.end(2):]
        if feature is not None:
            kind = "feature" if feature == 1 else match[feature - 1]
            return summary[:match.start(feature)] + named(match[feature], kind) + summary[match.end(feature):]
        return summary
    return summary


def status(name: str, words: Messages, entity: str | None = None) -> str:
    """A status id (of a `entity`: feature or commitment) in the language of `words`."""
    return _status(name, words, entity)


def action(name: str, words: Messages) -> str:
    """The name of a revision's action in the language of `words`."""
    return words.gettext(ACTIONS[name]) if name in ACTIONS else name


def entity(name: str, words: Messages) -> str:
    """The name of what a change changed (feature, layer, link, document, commitment, status
    event) in the language of `words`."""
    return words.gettext(ENTITIES[name]) if name in ENTITIES else name


def when(created_at: str, words: Messages) -> str:
    """A revision's time (UTC) to the minute: ISO in English, the language's date and digits otherwise."""
    text = (created_at or "")[:16].replace("T", " ")
    if words.lang == "en" or len(text) < 16:
        return text
    return f"{words.date(text[:10])} {words.digits(text[11:16])}"
