"""A document's particulars in the reader's language: the language its text is in, and the town
it was issued in (review 5: a Khmer page said "English" and "Phnom Penh" in Latin letters)."""

from __future__ import annotations

from typing import Any

import orjson
from babel import Locale, UnknownLocaleError

from ..errors import NotFound
from ..i18n import text_lang
from ..layer_search import fold
from ..store import Store
from ..vocabulary import local_name

# The curated towns (geodata/places.geojson), which carry each town's sourced Khmer and
# Vietnamese names: where a document's place is one of them, it is named as the map names it.
PLACES_LAYER = "places"
NAMES = ("name", "name_km", "name_vi")


def language_name(code: str, lang: str) -> str:
    """The name of the language `code` (BCP 47) in the language `lang`, as CLDR gives it ("អង់គ្លេស"
    for English on a Khmer page, "Tiếng Anh" on a Vietnamese one); the code itself where CLDR
    has no such language."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(lang) or code
    except (ValueError, UnknownLocaleError):
        return code


def issued_at(store: Store, place: str, lang: str) -> tuple[str, str]:
    """Where a document was issued, for a reader of `lang`: (name, its language). A curated town
    of that name (in any of its languages, accents and case aside) by its sourced name in `lang`
    where the data has one (Phnom Penh is ភ្នំពេញ, Ha Noi is Hà Nội), else by its English name;
    any other place as the document gives it, in the language its letters tell."""
    wanted = fold(place.strip())
    try:
        for chunk in store.layer_properties(PLACES_LAYER):
            for _, text in chunk:
                properties: dict[str, Any] = orjson.loads(text)
                if any(isinstance(properties.get(key), str) and fold(properties[key].strip()) == wanted
                       for key in NAMES):
                    return local_name(properties, lang, place)
    except NotFound:  # a store without the curated towns
        pass
    return place, text_lang(place) or ""
