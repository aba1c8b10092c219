"""The commitments ledger: filtering, search and citations over a store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from . import queries, tracking
from .errors import BordermapError, MalformedInput, NotFound
from .model import SECTORS
from .sources import fold, load_document_text, paragraphs
from .store import Store
from .vocabulary import current_translations


def places_of(item: dict[str, Any]) -> list[str]:
    """Every feature a commitment links: its features, provinces and editors' features."""
    return item["features"] + item["provinces"] + item["user_features"]


# The property keys that hold a name (find.js's NAME_KEY): name, name_km, gate_kh, gate_vn_vi, …
_NAME_KEY = re.compile(r"^(name|gate_kh|gate_vn)(_[a-z]{2})?$")


def _place_names(store: Store, items: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Names of every feature the commitments link to (missing ids are left out), in one store
    call: (the name each is listed by, every name it has, for `q`)."""
    wanted = dict.fromkeys(i for item in items for i in places_of(item))
    found = store.feature_properties(wanted)
    # Its names in the three languages, those it has, apart (review 19, N8: a missing Khmer name
    # left two spaces between the others).
    listed = {
        feature_id: " · ".join(name for name in (props.get("name"), props.get("name_km"), props.get("name_vi"))
                               if isinstance(name, str) and name.strip())
        for feature_id, props in found.items()
    }
    # Every name, both gates of a pair too: "បាវិត" finds a commitment about Bavet – Moc Bai,
    # which has no Khmer name of its own, as it finds the place (review 32a, #7).
    every = {feature_id: " ".join(value for key, value in props.items()
                                  if _NAME_KEY.match(key) and isinstance(value, str))
             for feature_id, props in found.items()}
    return listed, every


def _quotes(items: list[dict[str, Any]], documents: dict[str, dict], sources_dir: Path | None) -> dict:
    """(document id, paragraph) → the publisher's paragraph text, when the instance quotes them.

    The setting is the sources folder: with it, cited paragraphs are quoted, from the source
    file for curated documents and from the stored text for documents editors added.
    """
    if sources_dir is None:
        return {}
    quotes: dict[tuple[str, int], str] = {}
    for document_id in {item["document"] for item in items}:
        document = documents.get(document_id)
        if document and document.get("paragraphs") is not None:
            for number, text in enumerate(document["paragraphs"], start=1):
                quotes[(document_id, number)] = text
            continue
        if not document or not document.get("source_file"):
            continue
        try:
            numbered = paragraphs(load_document_text(sources_dir, document["source_file"]))
        except BordermapError:
            continue  # a missing file means: show the citation alone
        for number, text in enumerate(numbered, start=1):
            quotes[(document_id, number)] = text
    return quotes


def _search_text(item: dict[str, Any], names: dict[str, str], said: dict[str, dict[str, Any]]) -> SearchText:
    """The folded texts `q` reads: the record's own words, and `said`, our translations of its
    summary and target (its `current_translations`), as the panel's search reads the page
    language's (review rv21f, L4: "cửa khẩu" found two commitments on the page, none here)."""
    links = places_of(item)
    parts = [item.get("summary", ""), " ".join(item.get("actors", [])), SECTORS.get(item["sector"], ""),
             item.get("statement", ""), item.get("status", ""), item.get("target", "")]
    parts += [names.get(feature_id, "") for feature_id in links]
    translated = [str(texts.get(field) or "") for texts in said.values() for field in ("summary", "target")]
    return SearchText(fold(" ".join(str(p) for p in parts)), fold(" \u0001 ".join(translated)))


class SearchText(NamedTuple):
    own: str
    said: str


def commitments(
    store: Store,
    *,
    sector: str | None = None,
    feature: str | None = None,
    document: str | None = None,
    status: str | None = None,
    q: str | None = None,
    sources_dir: Path | None = None,
    include_retired: bool = False,
    at: str | None = None,
) -> list[dict[str, Any]]:
    """Commitments matching every filter given; `q` ignores accents and case ("tay ninh" finds "Tây Ninh").

    Retired records (editors retire, never delete) are left out unless `include_retired`.
    As of `at` (an ISO day; today when None): commitments stated later are left out, and each
    has the status of that day and its `tracking` (see `tracking.tracked`); `status` filters on it.
    """
    terms = fold(q).split() if q else []
    result, tiers = [], []
    enriched = [(entry, haystack) for entry, haystack in _enriched(store, sources_dir)
                if include_retired or not entry.get("retired")]
    then = {entry["id"]: entry for entry in tracking.tracked(store, [entry for entry, _ in enriched], at)}
    for entry, haystack in enriched:
        if entry["id"] not in then:
            continue
        entry = then[entry["id"]]
        links = entry["features"] + entry["provinces"] + entry["user_features"]
        if sector and entry["sector"] != sector:
            continue
        if feature and feature not in links:
            continue
        if document and entry["document"] != document:
            continue
        if status and entry.get("status") != status:
            continue
        if terms and not all(term in haystack.own or term in haystack.said for term in terms):
            continue
        result.append(entry)
        tiers.append(match_tier(haystack, terms) if terms else 0)
    # Where some hold each word at a word's start, those that hold one only inside another word
    # are left out, and those holding the words as typed, one after another, come first (review
    # rv19, M4: "tan nam" found "Ratanakiri", "important" and "standing" beside "Viet Nam" in four
    # other commitments, and listed one of them first).
    if min(tiers, default=2) <= 1:
        return [entry for tier, entry in sorted(((tier, entry) for entry, tier in zip(result, tiers, strict=True)
                                                if tier <= 1), key=lambda pair: pair[0])]
    return result


def _starts_a_word(text: str, term: str) -> bool:
    """Whether folded `text` has `term` at the start of a word (a term in a script written
    without spaces, Khmer, anywhere): as the panel's `BorderMap.startsAWord`."""
    if any(ord(c) > 0x24F for c in term):
        return term in text
    at = text.find(term)
    while at >= 0:
        before = text[at - 1] if at else " "
        if not (before.isascii() and before.isalnum()) and not "\u00c0" <= before <= "\u024f":
            return True
        at = text.find(term, at + 1)
    return False


def match_tier(haystack: SearchText, terms: list[str]) -> int:
    """How well `haystack` holds every one of `terms`: 0, as a phrase from a word's start; 1, each
    at a word's start in the record's own words; 2, each somewhere (the panel's search ranks
    alike). A translation counts only as the phrase: folded Vietnamese starts a word for most
    short words ("tăng" for "tan", "năm" for "nam")."""
    phrase = " ".join(terms)
    if _starts_a_word(haystack.own, phrase) or _starts_a_word(haystack.said, phrase):
        return 0
    return 1 if all(_starts_a_word(haystack.own, term) for term in terms) else 2


def _enriched(store: Store, sources_dir: Path | None) -> list[tuple[dict[str, Any], SearchText]]:
    """Every commitment with its sector label, places and quote, and its folded search text.

    Built once per state of the data (place names and source files are read then, not on
    every request).
    """

    def build() -> list[tuple[dict[str, Any], SearchText]]:
        items = queries.commitment_records(store)
        documents = {d["id"]: d for d in store.documents()}
        names, every_name = _place_names(store, items)
        quotes = _quotes(items, documents, sources_dir)
        built = []
        for item in items:
            links = places_of(item)
            entry = dict(item)
            entry["sector_label"] = SECTORS.get(item["sector"], item["sector"])
            # Our translations of the summary as it now reads (none of older wording).
            entry["translations"] = current_translations(item)
            entry["places"] = [{"id": i, "name": names[i]} for i in links if i in names]
            quote = quotes.get((item["document"], item["paragraph"]))
            if quote:
                publisher = documents[item["document"]].get("publisher", "the publisher")
                entry["quote"] = {"text": quote, "attribution": f"Text of the source, © {publisher}"}
            built.append((entry, _search_text(item, every_name, entry["translations"])))
        return built

    return queries.cached(store, ("ledger", str(sources_dir)), queries.data_state(store), build)


def commitment(store: Store, commitment_id: str, *, sources_dir: Path | None = None,
               at: str | None = None) -> dict[str, Any]:
    """One commitment with its places and, when the sources are at hand, its cited paragraph,
    as of `at` (today when None): its status and `tracking` then; before it was on record, its
    record with no status (`status` None) as its history then has none."""
    store.commitment(commitment_id)  # NotFound with a clear message

    # Today's state; one stated after today (an editor's date) shows as its latest event has it.
    def find(day: str | None) -> dict[str, Any] | None:
        return next((c for c in commitments(store, sources_dir=sources_dir, include_retired=True, at=day)
                     if c["id"] == commitment_id), None)

    then = find(at) if at else None
    found = then or find(None) or find("9999-12-31")
    if found is None:
        raise NotFound(f"no commitment with id {commitment_id!r}")
    if at and then is None:
        found = {**found, "status": None}
    return _with_retirement(store, found) | {"tracking": tracking.record(store, "commitment", commitment_id, at)}


def check_filters(store: Store, *, sector: str | None = None, feature: str | None = None,
                  document: str | None = None, status: str | None = None) -> None:
    """The commitments list's filters that no commitment could match, refused: a sector or a
    status not in the vocabulary (MalformedInput naming the values it takes), a feature or a
    document the record does not hold (NotFound)."""
    if sector or status:  # the vocabulary file read only when a filter needs it (not on every list)
        from .ledger.records import vocabulary

        vocab = vocabulary()
        for name, value in (("sector", sector), ("status", status)):
            if value and value not in vocab[name]:
                raise MalformedInput(f"{name}: expected one of {', '.join(vocab[name])}, got {value!r}")
    if feature and not store.feature_properties([feature]):
        raise NotFound(f"no feature with id {feature!r}")
    if document and document not in {d["id"] for d in store.documents()}:
        raise NotFound(f"no document with id {document!r}")


def _with_retirement(store: Store, found: dict[str, Any]) -> dict[str, Any]:
    """A retired commitment with when and by which change: a retired commitment takes no other
    change, so the newest revision of its record retired it. Any other as it is."""
    if not found.get("retired"):
        return found
    revision_id = store.record_revision("commitment", found["id"])
    if revision_id is None:
        return found
    retiring = store.revision(revision_id, limit=0).revision
    return found | {"retired": {**found["retired"], "at": retiring.created_at, "revision": revision_id}}


def withdrawn(store: Store, *, sources_dir: Path | None = None) -> list[dict[str, Any]]:
    """The commitments editors retired, each with its reason, when and by which revision: what a
    reader who follows an old link to one is told (the lists leave them out)."""
    return [_with_retirement(store, item) for item in commitments(store, sources_dir=sources_dir,
                                                                  include_retired=True, at="9999-12-31")
            if item.get("retired")]


# An editors' document's full text stays with the editors; readers get its cited paragraphs
# (when the instance quotes them), as for the curated documents, whose files are not served.
PRIVATE_DOCUMENT_FIELDS = ("text", "paragraphs")


def public_document(document: dict[str, Any]) -> dict[str, Any]:
    """A document as readers may see it: all but its full text (review 21, F3)."""
    return {k: v for k, v in document.items() if k not in PRIVATE_DOCUMENT_FIELDS}


def documents(store: Store) -> list[dict[str, Any]]:
    """The documents commitments cite, with how many (not retired) commitments cite each."""
    counts: dict[str, int] = {}
    for item in store.commitments():
        if not item.get("retired"):
            counts[item["document"]] = counts.get(item["document"], 0) + 1
    return [{**public_document(d), "commitment_count": counts.get(d["id"], 0)} for d in store.documents()]


def payload(store: Store, *, sources_dir: Path | None = None) -> dict[str, Any]:
    """Everything the commitments panel needs, for inlining into an export."""
    return {
        "commitments": commitments(store, sources_dir=sources_dir),
        "documents": documents(store),
        "sectors": SECTORS,
        "history": tracking.payload(store),
    }
