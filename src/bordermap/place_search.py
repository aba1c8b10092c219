"""Finding the places a commitment applies to by name, in any layer: `GET /api/search`.

An editor linking a commitment to places types a part of a place's name, in English, Khmer or
Vietnamese, or of its id, and picks it from what is found, rather than typing ids such as
`review-shp-1` or `vn-tay-ninh`. Every layer is searched, the curated ones (checkpoints,
provinces, expressways, railways, towns) and the editors' own, with each layer's names as
`layer_search` reads and keeps them (folded alike, every word required); the features found
are ranked together as one layer's are, best first.

Each place is named as the ledger's pages name it in the reader's language
(`vocabulary.local_name`: the sourced Khmer or Vietnamese name where the data has one, else
the English one); when that name does not hold the words typed, the name that does is given
beside it (`also`), so the reader sees why it was found. Its layer is named as the map's
legend names it: a curated layer's title in the reader's language, an editors' layer's as its
editor wrote it.
"""

from __future__ import annotations

from typing import Any

from . import i18n
from .layer_search import check_query, fold, holds, name_index, names_of, rank, starts_a_word, terms
from .store import Store
from .vocabulary import local_name


def _language_of(key: str) -> str:
    """The language of a name property: name_km and gate_kh_km are Khmer; a name without a
    language suffix (name, gate_kh, gate_vn) is the data's English (or romanised) one."""
    head, _, suffix = key.rpartition("_")
    return suffix if head and suffix in i18n.LANGUAGES else "en"


def _place(feature_id: str, properties: dict[str, Any], words: list[str], lang: str) -> dict[str, Any]:
    name, name_lang = local_name(properties, lang, feature_id)
    place = {"id": feature_id, "name": name, "name_lang": name_lang}
    if not holds(fold(name), words) and not holds(fold(feature_id), words):
        also = next(((key, text) for key, text in names_of(properties).items()
                     if text != name and holds(fold(text), words)), None)
        if also is not None:
            place["also"], place["also_lang"] = also[1], _language_of(also[0])
    return place


def find_places(store: Store, query: Any, limit: Any = None, lang: str = "en") -> dict[str, Any]:
    """The features of every layer whose names (or id) hold every word of `query`, best first:
    {"query", "places": [{"id", "name", "name_lang", "also"?, "also_lang"?, "layer", "layer_title",
    "layer_title_lang"}], "more"}; at most `limit` (DEFAULT_LIMIT when None), "more" when more
    matched. MalformedInput names a bad `q` or `limit`."""
    count = check_query(query, limit, "the places' names and ids")
    words = terms(query)
    here = i18n.messages(lang)
    layers = {layer.id: layer for layer in store.layers()}
    found = [(layer_id, feature_id) for layer_id in layers for feature_id in name_index(store, layer_id).matches(query)]
    properties = store.feature_properties([feature_id for _, feature_id in found]) if found else {}
    ranked = []
    # Where some places hold every word at a word's start ("an giang": An Giang), the places that
    # hold one only inside a word (Bac Giang's "an") are left out, as the map's search does.
    folded = {feature_id: [fold(text) for text in (*names_of(properties.get(feature_id) or {}).values(), feature_id)]
              for _, feature_id in found}
    at_words = {feature_id for feature_id, names in folded.items()
                if all(any(starts_a_word(name, word) for name in names) for word in words)}
    if at_words:
        found = [(layer_id, feature_id) for layer_id, feature_id in found if feature_id in at_words]
    for layer_id, feature_id in found:
        own = properties.get(feature_id) or {}
        place = _place(feature_id, own, words, here.lang)
        layer = layers[layer_id]
        curated = layer.origin != "user"  # an editors' layer keeps its title as written
        place.update(layer=layer_id, layer_title=here.gettext(layer.title) if curated else layer.title,
                     layer_title_lang=here.lang if curated else "")
        ranked.append((*rank(feature_id, names_of(own), place["name"], words), place))
    ranked.sort(key=lambda entry: entry[:3])
    return {"query": query, "places": [place for *_, place in ranked[:count]], "more": len(ranked) > count}
