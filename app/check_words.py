"""The sentences of the upload's and the editors' checks, for `problem_words`: a value out of its
range, a layer's id and title, what another editor changed since (a revision, a citation, a
retired commitment), a ring, a text, a key, the JSON itself.

The first part of problem_tables.MESSAGES (after structure_words.BEFORE); the order matters: a
message is said by the first pattern it matches, so a special case comes before its general one.
tests/test_problem_words.py makes the library write each of them.
"""

from __future__ import annotations

from bordermap.i18n import N_

# Each message as the library writes it (after "path: "), the sentence the catalogue
# translates and, as a third item, the named groups that are counts too (problem_tables.table).
ENTRIES = (
    (r"expected a latitude within -90…90, got (?P<got>.+)",
     N_("expected a latitude within -90…90, got %(got)s")),
    (r"expected a longitude within -180…180, got (?P<got>.+)",
     N_("expected a longitude within -180…180, got %(got)s")),
    (r"expected a number, got (?P<got>.+)", N_("expected a number, got %(got)s")),
    (r"could not be reprojected: the positions lie outside the area where the CRS is defined",
     N_("could not be reprojected: the positions lie outside the area where the CRS is defined")),
    (r"expected one of (?P<allowed>.+), got (?P<got>.+)",
     N_("expected one of %(allowed)s, got %(got)s")),
    (r"a layer with id '(?P<id>[^']+)' already exists; choose it as the target or give the new layer another id",
     N_("a layer with id %(id)s already exists; choose it as the target or give the new layer another id")),
    (r"the checked file is no longer waiting for import; choose it and check it again",
     N_("the checked file is no longer waiting for import; choose it and check it again")),
    (r"since you checked it, this file was imported into '(?P<id>[^']+)' as revision (?P<n>\d+) \((?P<when>[^,]+), "
     r"by (?P<who>.+)\); it was not imported again",
     N_("since you checked it, this file was imported into %(id)s as revision %(n)s (%(when)s, by %(who)s); "
        "it was not imported again")),
    (r"the editor token is not valid", N_("the editor token is not valid")),
    (r"commitment '(?P<id>[^']+)' was changed by revision (?P<n>\d+) after you opened it, so nothing was saved: "
     r"open it again to see that change, then make yours",
     N_("commitment %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: "
        "open it again to see that change, then make yours")),
    # A document's change (or a revert) that would break what cites it (bordermap.store.common_ledger).
    (r"commitment (?P<id>\S+) cites paragraph (?P<n>\d+): make it cite another paragraph first",
     N_("commitment %(id)s cites paragraph %(n)s: make it cite another paragraph first")),
    (r"status event (?P<id>\S+) cites paragraph (?P<n>\d+): correct it to cite another source, or retract it, first",
     N_("status event %(id)s cites paragraph %(n)s: correct it to cite another source, or retract it, first")),
    # A revert that would bring a citation back onto a paragraph rewritten since (common_ledger).
    (r"status event (?P<id>\S+) would cite paragraph (?P<n>\d+), reworded since: record it again, citing the "
     r"paragraph as it reads now, rather than bring it back",
     N_("status event %(id)s would cite paragraph %(n)s, reworded since: record it again, citing the paragraph "
        "as it reads now, rather than bring it back")),
    (r"commitment (?P<id>\S+) would cite paragraph (?P<n>\d+), reworded since: edit the commitment instead, "
     r"citing the paragraph as it reads now",
     N_("commitment %(id)s would cite paragraph %(n)s, reworded since: edit the commitment instead, citing the "
        "paragraph as it reads now")),
    (r"this status event is already in the record as (?P<id>\S+) \(the same day, status, source and note\): "
     r"correct that one if it needs it",
     N_("this status event is already in the record as %(id)s (the same day, status, source and note): correct "
        "that one if it needs it")),
    (r"event '(?P<id>[^']+)' was changed by revision (?P<n>\d+) after you opened it, so nothing was saved: "
     r"open it again to see that change, then make yours",
     N_("status event %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: what is "
        "stored now is shown above the form")),
    (r"commitment '(?P<id>[^']+)' is retired: revert its retirement before giving it a status",
     N_("commitment %(id)s is retired: revert its retirement before giving it a status")),
    (r"commitment '(?P<id>[^']+)' is retired: revert its retirement before changing it",
     N_("commitment %(id)s is retired: revert its retirement before changing it")),
    (r"a ring needs at least 4 positions, got (?P<got>\d+)",
     N_("a ring needs at least 4 positions, got %(got)s"), "got"),
    (r"ring is not closed \(first (?P<first>\[.*?\]), last (?P<last>\[.*?\])\)",
     N_("ring is not closed (first %(first)s, last %(last)s)")),
    (r"invalid (?P<kind>\w+): Self-intersection at (?P<at>\[.*\]); ask for a repair to fix it "
     r"\(--repair, or the repair box\)",
     N_("invalid %(kind)s: its outline crosses itself at %(at)s")),
    (r"invalid (?P<kind>\w+): (?P<reason>.+); ask for a repair to fix it \(--repair, or the repair box\)",
     N_("invalid %(kind)s: %(reason)s")),
    (r"expected a title for the new layer, got nothing", N_("give the new layer a title")),
    (r"expected an id of lowercase letters, digits and hyphens \(like special-zones\), got (?P<got>.+)",
     N_("expected an id of lowercase letters, digits and hyphens (like special-zones), got %(got)s")),
    (r"expected an id that does not begin with gpkg \(GeoPackage keeps such names for itself\) and is not "
     r"commitments, documents, links or licences \(tables of the downloads\), got (?P<got>.+)",
     N_("expected an id that does not begin with gpkg (GeoPackage keeps such names for itself) and is not "
        "commitments, documents, links or licences (tables of the downloads), got %(got)s")),
    (r"expected a geometry object, got null \(a feature without a location cannot be drawn\)",
     N_("expected a geometry object, got null (a feature without a location cannot be drawn)")),
    (r"expected plain text, got a control character U\+(?P<code>[0-9A-F]{4,6}) at character (?P<at>\d+): remove it",
     N_("expected plain text, got a control character U+%(code)s at character %(at)s: remove it")),
    (r"expected one line of text, got a line break or tab U\+(?P<code>[0-9A-F]{4}) at character (?P<at>\d+): "
     r"put it on one line",
     N_("expected one line of text, got a line break or tab U+%(code)s at character %(at)s: put it on one "
        "line")),
    (r"text is (?P<n>[\d,]+) characters long; the limit is (?P<limit>[\d,]+): shorten it",
     N_("text is %(n)s characters long; the limit is %(limit)s: shorten it")),
    (r"key (?P<key>'.*') appears (?P<n>\d+) times; expected each key once in an object",
     N_("key %(key)s appears %(n)s times; expected each key once in an object")),
    (r"expected an array of Features, got (?P<got>.+)",
     N_("expected an array of Features, got %(got)s")),
    (r"expected a CRS code such as EPSG:32648, got (?P<got>.+)",
     N_("expected a CRS code such as EPSG:32648, got %(got)s")),
    (r"the upload is empty: expected a GeoJSON Feature or FeatureCollection",
     N_("the upload is empty: expected a GeoJSON Feature or FeatureCollection")),
    (r"not valid JSON at line (?P<line>\d+), column (?P<column>\d+) \(character (?P<at>\d+)\): (?P<what>.+)",
     N_("not valid JSON at line %(line)s, column %(column)s (character %(at)s): %(what)s")),
)
