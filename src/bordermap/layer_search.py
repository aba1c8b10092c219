"""Finding the features of a large layer by name, on the server.

A large layer (`layer_points.is_big`) never comes with the map page, so the page's own search
(static/find.js) cannot see its features. `GET /api/layers/<id>/search?q=` answers for it:

- Each layer's names are read once per version of its features (`Store.layer_version`, what
  its kept body is keyed by; `queries.cached`): for each feature,
  its name properties (name, name_km, gate_vn_vi, ...: the keys find.js reads) and its id,
  folded as find.js folds them (accents, case, the Vietnamese đ, zero-width joiners), one line
  per feature in one text.
- A query's words are folded alike; the longest is looked for with `str.find`, which goes
  through the tens of megabytes of a million names in milliseconds, and each line it is found
  in must hold every other word too. The features named exactly as the query, wherever they
  are, and the first `CANDIDATES` others are ranked by their names, read from the store: a
  name equal to the query, then one starting with it, then the others, each by name.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import orjson

from .errors import MalformedInput
from .store import Store

# The property keys that hold a name (find.js's NAME_KEY): name, name_km, gate_kh, gate_vn_vi...
NAME_KEY = re.compile(r"^(name|gate_kh|gate_vn)(_[a-z]{2})?$")
_MARKS = re.compile("[\u0300-\u036f]")
_JOINERS = re.compile("[\u200b-\u200d\u2060\ufeff]")
_KHMER_DIGITS = {0x17E0 + n: str(n) for n in range(10)}  # ០-៩ read as 0-9
_CONTROLS = re.compile("[\x00-\x1f\x7f]")  # never in a query's word (SEP is one)
SEP = "\x01"
_DIGITS = re.compile(r"(\d+)")  # before and after each of a feature's names in the index
_WORD = re.compile(r"\w+")  # a word of a folded name, for the ranking
# Abbreviations readers type for words the data spells out (find.js's SHORT).
SHORT = {"sez": "economic zone", "sezs": "economic zone", "cp": "checkpoint", "hcmc": "ho chi minh"}
MAX_QUERY = 200  # characters
MAX_LIMIT = 50
DEFAULT_LIMIT = 10
CANDIDATES = 500  # matching features ranked; beyond them the answer only says there are more


def fold(text: str) -> str:
    """`text` as find.js's fold() makes it: "Tây Ninh" → "tay ninh", "Đồng" → "dong", "១២" → "12"."""
    if text.isascii():  # no accents, joiners or đ to take out: most names of a large layer
        return text.lower()
    text = _JOINERS.sub("", _MARKS.sub("", unicodedata.normalize("NFKD", text))).translate(_KHMER_DIGITS)
    return unicodedata.normalize("NFC", text.replace("đ", "d").replace("Đ", "d").lower())


def terms(query: str) -> list[str]:
    """The folded words of a query, abbreviations spelt out: each must be found."""
    words: list[str] = []
    for word in fold(_CONTROLS.sub(" ", query)).split():
        words += SHORT[word].split() if word in SHORT else [word]
    return words


def _natural(text: str) -> tuple:
    """A key that sorts "point 2" before "point 10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(text) if part)


def names_of(properties: Any) -> dict[str, str]:
    """A feature's names by property key (name, name_km, gate_kh, gate_vn_vi, ...)."""
    if not isinstance(properties, dict):
        return {}
    return {key: value for key, value in properties.items() if isinstance(value, str) and NAME_KEY.match(key)}


# The name a popup gives beside its title in each language (popupcontent.js: `locals`): the feature's
# own, not a gate's (a gate pair's popup names its gates in rows of their own; review 24a, #9). A
# gate's name still shows beside the title when it is the name the query found.
_LOCAL_KEYS = {"km": ("name_km",), "vi": ("name_vi",)}


def _shown(properties: Any, own: dict[str, str], feature_id: str, lang: str,
           words: list[str]) -> tuple[str, tuple[str, str] | None]:
    """A result as its popup shows the feature: its title (the `name`, else the id) and the
    name beside it in `lang`, with that name's language; when `lang` has none and the title
    does not hold every one of the query's `words` (folded), the first of its names that does,
    so the reader sees why it was found."""
    given = properties.get("name") if isinstance(properties, dict) else None
    title = feature_id if given in (None, "", False) or isinstance(given, (dict, list)) else \
        given if isinstance(given, str) else orjson.dumps(given).decode()
    key = next((key for key in _LOCAL_KEYS.get(lang, ()) if own.get(key)), None)
    if key is None and not holds(fold(title), words):
        key = next((key for key, text in own.items() if holds(fold(text), words)), None)
    if key is None or own[key] == title:
        return title, None
    # name_km, gate_kh_km: Khmer; a name without a language suffix is English (as the data's text is).
    suffix = NAME_KEY.match(key).group(2)
    return title, (own[key], suffix[1:] if suffix else "en")


def _has_words(text: str, words: list[str]) -> bool:
    """Whether `text` holds each of `words` as a word of its own ("well 123", not "pump 123007")."""
    found = set(_WORD.findall(text))
    return all(word in found for word in words)


_LETTER_OR_DIGIT = re.compile(r"[0-9a-z\u00c0-\u024f]")
_LATIN = re.compile(r"^[\u0000-\u024f]*$")


def starts_a_word(text: str, word: str) -> bool:
    """Whether folded `text` has `word` at the start of one of its words ("an" in "an giang",
    not in "bac giang"); a word in a script written without spaces (Khmer) counts wherever it
    is. find.js's BM.startsAWord is the same rule."""
    if not _LATIN.match(word):
        return word in text
    at = text.find(word)
    while at >= 0:
        if at == 0 or not _LETTER_OR_DIGIT.match(text[at - 1]):
            return True
        at = text.find(word, at + 1)
    return False


def holds(text: str, words: list[str]) -> bool:
    """Whether `text` (folded) holds every one of the query's folded `words`."""
    return all(word in text for word in words)


def _joined(parts: list[str]) -> tuple[str, array]:
    """The parts as one text, one per line, and where each starts."""
    starts = array("q")
    at = 0
    for part in parts:
        starts.append(at)
        at += len(part) + 1
    return "\n".join(parts), starts


def _part(text: str, starts: array, i: int) -> str:
    end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
    return text[starts[i]:end]


@dataclass
class NameIndex:
    """One layer's folded names and ids, each a line of one text: a million features take about
    45 MB, where a Python string and dictionary for each took 300."""

    text: str  # each feature's names and id, folded, in the layer's order
    starts: array  # where each feature's line starts in `text`
    ids: str  # each feature's id, as given, one a line
    id_starts: array

    @classmethod
    def build(cls, chunks: Iterable[list[tuple[str, str]]]) -> NameIndex:
        """From `Store.layer_properties` (id, properties JSON text) chunks."""
        lines: list[str] = []
        ids: list[str] = []
        is_name: dict[str, bool] = {}  # by property key: the keys of a layer repeat
        loads = orjson.loads
        for chunk in chunks:
            for feature_id, text in chunk:
                properties = loads(text) if text else None
                parts = []
                if type(properties) is dict:
                    for key, value in properties.items():
                        named = is_name.get(key)
                        if named is None:
                            named = is_name[key] = bool(NAME_KEY.match(key))
                        if named and type(value) is str:
                            parts.append(value)
                parts.append(feature_id)
                ids.append(feature_id)
                # Each name between two SEPs: "\x01tay ninh\x01phum\x01v12\x01" (folded whole:
                # SEP is kept as it is, and a name's line break would end the line).
                lines.append(fold(SEP + SEP.join(parts) + SEP).replace("\n", " "))
        return cls(*_joined(lines), *_joined(ids))

    def _exact(self, whole: str) -> list[int]:
        """The features one of whose names (or id) is `whole` (folded), the first `CANDIDATES`."""
        needle, found, at = SEP + whole + SEP, [], 0
        while len(found) < CANDIDATES and (hit := self.text.find(needle, at)) >= 0:
            i = bisect_right(self.starts, hit) - 1
            found.append(i)
            # On to the next feature's line: a feature with two names alike ("Tay Ninh" in
            # English and, folded, in Vietnamese) is found once.
            at = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return found

    def matches(self, query: str) -> list[str]:
        """The ids of the features named exactly `query` (folded) and of the first `CANDIDATES`
        others, in the layer's order, whose names (or id) hold every word of `query`."""
        words = terms(query)
        if not words or not self.starts:
            return []
        key = max(words, key=len)
        text, starts = self.text, self.starts
        exact = self._exact(" ".join(words))
        found: list[str] = [_part(self.ids, self.id_starts, i) for i in exact]
        taken = set(exact)
        limit = len(found) + CANDIDATES
        at = 0
        while len(found) < limit:
            hit = text.find(key, at)
            if hit < 0:
                break
            i = bisect_right(starts, hit) - 1
            line = _part(text, starts, i)
            if i not in taken and all(word in line for word in words):
                found.append(_part(self.ids, self.id_starts, i))
            at = starts[i] + len(line) + 1  # on to the next feature's line
        return found

    def search(self, query: str, limit: int = DEFAULT_LIMIT, lang: str = "en",
               properties_of: Callable[[list[str]], dict[str, dict[str, Any]]] | None = None,
               ) -> tuple[list[dict[str, str]], bool]:
        """The matching features, best first: at most `limit` of them as {"id", "name"}, the
        name its popup is titled with (its `name`, else another of its names, else its id), with
        "local", its name in `lang` when it has one that differs, and "local_lang", that
        name's language; and whether more matched.
        `properties_of` gives the candidates' properties (`Store.feature_properties`)."""
        found = self.matches(query)
        properties = properties_of(found) if properties_of and found else {}
        words = terms(query)

        ranked = []
        for feature_id in found:
            own = names_of(properties.get(feature_id))
            name, local = _shown(properties.get(feature_id), own, feature_id, lang, words)
            item = {"id": feature_id, "name": name}
            if local is not None:
                item["local"], item["local_lang"] = local
            ranked.append((*rank(feature_id, own, name, words), item))
        ranked.sort(key=lambda entry: entry[:3])
        return [item for *_, item in ranked[:limit]], len(found) > limit


def rank(feature_id: str, own: dict[str, str], shown: str, words: list[str]) -> tuple[int, tuple, str]:
    """How well a feature found for the query's folded `words` answers it (lower is better): one
    of its names (`own`, the one shown may be in another language) or its id equal to the
    query, then one starting with it, then one holding its words as words, then the others;
    each by the name `shown`, "point 2" before "point 10"."""
    whole = " ".join(words)
    names = [fold(text) for text in (*own.values(), feature_id)]
    best = 0 if whole in names else 1 if any(text.startswith(whole) for text in names) else \
        2 if any(_has_words(text, words) for text in names) else 3
    return best, _natural(fold(shown)), feature_id


def check_query(query: Any, limit: Any = None, searched: str = "the layer's names") -> int:
    """The number of results asked for (DEFAULT_LIMIT when none); MalformedInput naming a bad
    `q` (none, or longer than MAX_QUERY) or `limit` (not 1 to MAX_LIMIT)."""
    problems = []
    if not isinstance(query, str) or not query.strip():
        problems.append(f"q: expected the words to look for in {searched}, got nothing")
    elif len(query) > MAX_QUERY:
        problems.append(f"q: expected at most {MAX_QUERY} characters, got {len(query)}")
    count = DEFAULT_LIMIT
    if limit not in (None, ""):
        try:
            count = int(limit)
        except (TypeError, ValueError):
            count = 0
        if not 1 <= count <= MAX_LIMIT:
            problems.append(f"limit: expected a whole number from 1 to {MAX_LIMIT}, got {limit!r}")
    if problems:
        raise MalformedInput("; ".join(problems))
    return count


def search_layer(store: Store, layer_id: str, query: Any, limit: Any = None, lang: str = "en") -> dict[str, Any]:
    """The answer of `GET /api/layers/<id>/search`; MalformedInput names a bad parameter,
    NotFound an unknown layer."""
    count = check_query(query, limit)
    features, more = name_index(store, layer_id).search(query, count, lang, store.feature_properties)
    return {"layer": layer_id, "query": query, "features": features, "more": more}


def name_index(store: Store, layer_id: str) -> NameIndex:
    """The layer's names as its current features have them: read again only when this layer's
    features may have changed (NotFound for an unknown layer), not on every change to the
    data, since a million names take seconds to read. A request arriving while they are read
    waits for that reading (queries.cached)."""
    from . import queries

    version = store.layer_version(layer_id)
    return queries.cached(store, ("names", layer_id), (version,),
                          lambda: NameIndex.build(store.layer_properties(layer_id)))


def prepare(store: Store, layer_id: str) -> dict[str, Any]:
    """The answer of `GET /api/layers/<id>/search/index`: the layer's names read now if they are
    not kept yet, so that the search which follows need not wait for them. The panel asks for
    it when the reader starts a search (focuses the box), before the words are typed."""
    return {"layer": layer_id, "features": len(name_index(store, layer_id).id_starts)}
