"""Suggestions for each paragraph of a document: the places it names, a sector, a statement kind.

Offline and from the data alone: the gazetteer is every feature's names in the store (English,
Khmer, Vietnamese, a checkpoint's gate names) and the variants of geodata/suggestions.toml.
Latin script is matched on words, ignoring case and diacritics (`sources.fold`); Khmer, which
has no spaces between words, is segmented with khmer-nltk (its model ships in its wheel) and a
name counts only where it starts and ends on word boundaries. The longest name wins a span.
Nothing here links anything: an editor accepts or rejects each suggestion.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from .. import queries
from ..layer_points import is_big
from ..layer_search import names_of
from ..paths import geodata_dir
from ..sources import fold
from ..store import Store

_KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
# A name shared by a province and a town (Ha Noi, Phnom Penh) is the province only where the
# text says so ("Tay Ninh province", "tỉnh Tây Ninh").
# A gate named like its town (Bavet) is the checkpoint only where the text speaks of a gate.
_GATE_WORDS = {"gate", "checkpoint", "border gate", "international", "cua khau", "ច្រក", "ច្រកទ្វារ"}
_PROVINCE_WORDS = {"province", "tinh", "ខេត្ត", "of cambodia", "of viet", "of vietnam"}


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """geodata/suggestions.toml."""
    return tomllib.loads((geodata_dir() / "suggestions.toml").read_text(encoding="utf-8"))


def _khmer_words(text: str) -> list[str]:
    from khmernltk import word_tokenize

    logging.getLogger("khmer-nltk").setLevel(logging.WARNING)  # it announces its model at INFO
    return word_tokenize(text)


def _khmer_boundaries(run: str) -> set[int]:
    """Where words start and end in a run of Khmer (khmer-nltk's segmentation)."""
    bounds, at = {0, len(run)}, 0
    for word in _khmer_words(run):
        if not run.startswith(word, at):
            return {0, len(run)}  # the segmenter changed the text: only the run's own edges
        at += len(word)
        bounds.add(at)
    return bounds


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of the Latin-script words in reading order, folded (no case, no diacritics)."""
    words = []
    for match in re.finditer(r"[^\W_]+", text):
        if _KHMER_RUN.fullmatch(match.group()):
            continue
        for part in _LATIN_WORD.findall(fold(match.group())):
            words.append((part, match.start(), match.end()))
    return words


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(word for word, _, _ in tokens(name))


def _is_khmer(name: str) -> bool:
    return _KHMER_RUN.search(name) is not None


@dataclass
class Gazetteer:
    """Names → the features they name: Latin names as word sequences, Khmer names as text."""

    names: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    khmer: dict[str, set[str]] = field(default_factory=dict)
    # Words that, right after a name, mean it names something else ("border provinces").
    not_before: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    countries: dict[tuple[str, ...], str] = field(default_factory=dict)
    khmer_countries: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    pre2025: set[str] = field(default_factory=set)
    longest: int = 1

    def add(self, name: str, feature_id: str) -> None:
        if _is_khmer(name):
            self.khmer.setdefault(name.strip(), set()).add(feature_id)
            return
        words = _name_words(name)
        if words:
            self.names.setdefault(words, set()).add(feature_id)
            self.longest = max(self.longest, len(words))


def gazetteer(store: Store) -> Gazetteer:
    """The store's gazetteer, built once per state of the data: the names of the features of
    every layer but the large ones (`layer_points.is_big`), whose features the page does not
    list as places either."""

    def build() -> Gazetteer:
        found = Gazetteer()
        for layer in store.layers():
            if is_big(layer):
                continue  # its points are not places a paragraph names; a million would take minutes
            for feature in store.features(layer.id):
                props = feature["properties"]
                found.kinds[feature["id"]] = props.get("kind") or layer.kind
                if props.get("admin_period") == "pre-2025":
                    found.pre2025.add(feature["id"])
                if found.kinds[feature["id"]] == "country":
                    continue  # countries only by the locative rule below
                # Every name the map's search finds it by (a gate's gate_kh_vi, gate_vn_vi too: rv25b).
                for name in names_of(props).values():
                    found.add(name, feature["id"])
        for variant in rules().get("variants", []):
            if variant["feature"] in found.kinds:
                for name in variant["names"]:
                    found.add(name, variant["feature"])
                    stops = {w for stop in variant.get("not_before", []) for w in _name_words(stop)}
                    if stops:
                        found.not_before.setdefault(_name_words(name), set()).update(stops)
        for country, names in rules()["countries"].items():
            if isinstance(names, list) and country in found.kinds:
                for name in names:
                    if _is_khmer(name):
                        found.khmer_countries[name] = country
                        continue
                    words = _name_words(name)
                    found.countries[words] = country
                    found.longest = max(found.longest, len(words))
        return found

    return queries.cached(store, ("gazetteer",), queries.data_state(store), build)


def _choose(ids: set[str], gaz: Gazetteer, before: str, after: str) -> set[str]:
    """Of the features one name names, the ones meant here."""
    current = {i for i in ids if i not in gaz.pre2025} or ids
    gates = {i for i in current if gaz.kinds.get(i) == "checkpoint"}
    if gates and current - gates:
        near = f"{before} {after}"
        current = gates if any(w in near for w in _GATE_WORDS) else current - gates
    provinces = {i for i in current if gaz.kinds.get(i) == "province"}
    others = current - provinces
    if provinces and others:
        if any(after.startswith(w) or before.endswith(w) for w in _PROVINCE_WORDS):
            return provinces
        return others
    return current


def _latin_places(text: str, gaz: Gazetteer) -> list[tuple[int, list[str]]]:
    words = tokens(text)
    plain = [w for w, _, _ in words]
    locatives = {_name_words(w) for w in rules()["countries"].get("locatives", []) if not _is_khmer(w)}
    found: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(words):
        for size in range(min(gaz.longest, len(words) - i), 0, -1):
            span = tuple(plain[i:i + size])
            if span in gaz.names and not (i + size < len(plain)
                                          and plain[i + size] in gaz.not_before.get(span, ())):
                before = " ".join(plain[max(0, i - 2):i])
                after = " ".join(plain[i + size:i + size + 3])
                found.append((words[i][1], sorted(_choose(gaz.names[span], gaz, before, after))))
                i += size
                break
            if span in gaz.countries:
                self_placing = span[-1] in ("territory", "soil")
                if self_placing or any(tuple(plain[max(0, i - len(loc)):i]) == loc for loc in locatives):
                    found.append((words[i][1], [gaz.countries[span]]))
                i += size
                break
        else:
            i += 1
    return found


def _khmer_places(text: str, gaz: Gazetteer) -> list[tuple[int, list[str]]]:
    """Khmer names found on word boundaries; the text is segmented only where a name occurs in it."""
    locatives = [w for w in rules()["countries"].get("locatives", []) if _is_khmer(w)]
    found: list[tuple[int, list[str]]] = []
    for run in _KHMER_RUN.finditer(text):
        part = run.group()
        candidates = [(n, ids, False) for n, ids in gaz.khmer.items() if n in part]
        candidates += [(n, {c}, True) for n, c in gaz.khmer_countries.items() if n in part]
        if not candidates:
            continue
        bounds = _khmer_boundaries(part)
        taken: list[tuple[int, int]] = []
        for name, ids, is_country in sorted(candidates, key=lambda c: -len(c[0])):  # longest first
            start = part.find(name)
            while start >= 0:
                end = start + len(name)
                free = all(end <= a or start >= b for a, b in taken)
                if free and start in bounds and end in bounds:
                    if not is_country or any(part[:start].endswith(w) for w in locatives):
                        # The words around in the text, not only in this run: a name set apart by
                        # spaces ("ច្រកទ្វារ បាវិត") is still a gate's after a gate word.
                        at, to = run.start() + start, run.start() + end
                        near = (text[max(0, at - 12):at].rstrip(), text[to:to + 12].lstrip())
                        found.append((run.start() + start, sorted(_choose(set(ids), gaz, *near))))
                    taken.append((start, end))
                start = part.find(name, start + 1)
    return found


def places(text: str, gaz: Gazetteer) -> list[str]:
    """Ids of the features a paragraph names, in the order it first names them."""
    found = sorted(_latin_places(text, gaz) + _khmer_places(text, gaz), key=lambda item: item[0])
    return list(dict.fromkeys(i for _, ids in found for i in ids))


def _hits(text: str, phrases: Iterable[str]) -> list[int]:
    """Where each phrase occurs in the text (word-bounded in Latin script), as positions."""
    folded = fold(text)
    where = []
    for phrase in phrases:
        target = fold(phrase)
        if _KHMER_RUN.search(target):
            start = text.find(phrase)
            if start >= 0:
                where.append(start)
            continue
        match = re.search(rf"(?<![\w]){re.escape(target)}(?![\w])", folded)
        if match:
            where.append(match.start())
    return where


def sector(text: str) -> str | None:
    """The sector whose words the paragraph uses most (ties: the one named first), or None."""
    best, best_key = None, (0, 0)
    for name, words in rules()["sectors"].items():
        hits = _hits(text, words)
        if hits:
            key = (len(hits), -min(hits))
            if key > best_key:
                best, best_key = name, key
    return best


def statement(text: str) -> str | None:
    """The statement kind of the first verb of one the paragraph uses, or None."""
    first = None
    for name, verbs in rules()["statements"].items():
        hits = _hits(text, verbs)
        if hits and (first is None or min(hits) < first[0]):
            first = (min(hits), name)
    return None if first is None else first[1]


def suggestions(store: Store, numbered: list[str]) -> list[dict[str, Any]]:
    """Each paragraph with its number, text and suggestions (`places`, `sector`, `statement`)."""
    gaz = gazetteer(store)
    return [{"n": n, "text": text,
             "suggestions": {"places": places(text, gaz), "sector": sector(text), "statement": statement(text)}}
            for n, text in enumerate(numbered, start=1)]
