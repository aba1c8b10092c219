"""How the OGC API's HTML pages say its documents: in the reader's language (a link's title, a
place's name), values as JSON writes them, each in its own language, and links that keep the
language the reader chose. The JSON documents need none of it, hence apart from the views.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

from flask import request

from bordermap import ogc
from bordermap.i18n import N_, text_lang
from bordermap.vocabulary import local_name

from .language import words

# `lang` picks the language of the HTML pages' own words (their language switcher adds it); the
# documents themselves are the same in any language, and no link in them carries it.
PAGE_LANGUAGE = "lang"


def page_links(base: str):
    """How an OGC page links to another of its pages: keeping the language a reader chose there
    with `?lang=` (the documents' own links carry none)."""
    chosen = request.args.get(PAGE_LANGUAGE)
    query = urlencode({PAGE_LANGUAGE: chosen}) if chosen else ""

    def link(href: str) -> str:
        if not query or not (href == base or href.startswith((base + "/", base + "?"))):
            return href
        return f"{href}{'&' if '?' in href else '?'}{query}"

    return link


def _pattern(template: str) -> re.Pattern:
    """A title made from `template` ("the features of %(layer)s"), with its named parts."""
    return re.compile("^" + re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+)", re.escape(template)) + "$")


_TITLE_PATTERNS = [(template, _pattern(template)) for template in ogc.TITLE_PATTERNS]
# On the HTML pages a link a reader would take for something to read says it opens JSON, for
# programs; the map link beside it is the one for people (the JSON documents keep their title).
_HTML_TITLES = {ogc.COMMITMENTS_OF_FEATURE: N_("the commitments that name this feature, as JSON (for programs)")}


def in_page_language(text: str) -> str:
    """A document's own English words (a link's title, the API's name, a layer's made-up
    description, as bordermap.ogc writes them) in the HTML page's language, with the layer's
    title or the file format inside them too when the catalogue has them; other text as it is."""
    here = words()
    text = _HTML_TITLES.get(text, text)
    for template, pattern in _TITLE_PATTERNS:
        found = pattern.match(text)
        if found:
            parts = found.groupdict()
            return here.gettext(template) % {name: here.number(int(part)) if name == "count" and part.isdigit()
                                             else here.gettext(part) for name, part in parts.items()}
    return here.gettext(text)


def place_name(properties: dict | None, feature_id: str) -> tuple[str, str]:
    """A feature's name as the map names it in the page's language, and the language it is in."""
    return local_name(properties or {}, str(words().lang), str(feature_id))


def as_json(value) -> str:
    """A value of the data as JSON writes it (`true`, `null`, `1.5`, lists and objects, its keys
    in their order), every character as it is, for an HTML page to show (escaped there as any
    text); text itself as it is, without quotes. A space follows each comma and colon, so that a
    long list wraps between its items."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def value_language(key: str, value: Any) -> str:
    """The language a property's value is written in, for a screen reader's voice: the one its
    name says (name_km, name_vi), else as far as its letters tell (`i18n.text_lang`), else
    English, the data's other language."""
    if key.endswith("_km"):
        return "km"
    if key.endswith("_vi"):
        return "vi"
    return (text_lang(value) if isinstance(value, str) else None) or "en"
