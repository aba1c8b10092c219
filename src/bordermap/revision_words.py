"""Revisions in the reader's language: what a revision did, its action and entities, its time.

The store records each revision's summary in English, in a few fixed forms (common_changes,
edits, ingest); a page in another language describes the revision in its own words from them.
A summary in another form (one an editor wrote) is shown as written.
"""

from __future__ import annotations

import re

from .i18n import N_, Messages

ACTIONS = {"import": N_("import"), "delete": N_("deletion"), "delete-layer": N_("layer deletion"),
           "link": N_("link"), "revert": N_("revert")}
ENTITIES = {"feature": N_("feature"), "layer": N_("layer"), "link": N_("link")}

_FORMS = (
    (re.compile(r"imported (\d+) feature\(s\) from (.+) into (\S+)"),
     lambda w, m: w.ngettext("imported %(num)s feature from %(file)s into %(layer)s",
                             "imported %(num)s features from %(file)s into %(layer)s",
                             int(m[1]), file=m[2], layer=m[3])),
    (re.compile(r"deleted feature (\S+)"), lambda w, m: w.gettext("deleted feature %(feature)s", feature=m[1])),
    (re.compile(r"deleted (\d+) feature\(s\)"),
     lambda w, m: w.ngettext("deleted %(num)s feature", "deleted %(num)s features", int(m[1]))),
    (re.compile(r"deleted layer (\S+)"), lambda w, m: w.gettext("deleted layer %(layer)s", layer=m[1])),
    (re.compile(r"linked (\d+) feature\(s\) to (\S+)"),
     lambda w, m: w.ngettext("linked %(num)s feature to %(commitment)s", "linked %(num)s features to %(commitment)s",
                             int(m[1]), commitment=m[2])),
    (re.compile(r"reverted revision (\d+) \((.*)\)", re.S),
     lambda w, m: w.gettext("reverted revision %(revision)s (%(summary)s)", revision=m[1],
                            summary=describe(m[2], w))),
)


def describe(summary: str, words: Messages) -> str:
    """A revision's summary in the language of `words` (English: as recorded)."""
    if words.lang == "en":
        return summary
    for pattern, say in _FORMS:
        match = pattern.fullmatch(summary or "")
        if match:
            return say(words, match)
    return summary


def action(name: str, words: Messages) -> str:
    """The name of a revision's action in the language of `words`."""
    return words.gettext(ACTIONS[name]) if name in ACTIONS else name


def entity(name: str, words: Messages) -> str:
    """The name of what a change changed (feature, layer, link) in the language of `words`."""
    return words.gettext(ENTITIES[name]) if name in ENTITIES else name


def when(created_at: str, words: Messages) -> str:
    """A revision's time (UTC) to the minute: ISO in English, the language's date and digits otherwise."""
    text = (created_at or "")[:16].replace("T", " ")
    if words.lang == "en" or len(text) < 16:
        return text
    return f"{words.date(text[:10])} {words.digits(text[11:16])}"
