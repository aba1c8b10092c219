"""The Khmer web font (Noto Sans Khmer, SIL OFL 1.1, from the fontpkg-noto-sans-khmer package).

The app serves it whole; the export embeds it as a data: URI, cut down with fontTools to the
characters the file uses and to the regular weight, so Khmer reads the same on a machine that
has no Khmer font. The face covers only Khmer's code points (unicode-range): Latin and
Vietnamese text keep the reader's system font.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from pathlib import Path

import fontpkg_noto_sans_khmer

from ..i18n import LANGUAGES

FAMILY = "bordermap Khmer"
# A face for one word: the language switcher's "ខ្មែរ" on a page in another language (see
# `name_font_face`).
NAME_FAMILY = "bordermap Khmer name"
FONT_FILE = "NotoSansKhmer.ttf"  # the name the app serves it under
# Khmer, Khmer Symbols, the zero-width (non-)joiners and space Khmer writing uses, and the
# dotted circle a font shows for a stray mark.
UNICODE_RANGE = "U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC"
_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff\u200b-\u200d\u25cc]")


def font_path() -> Path:
    """The packaged font file (a variable font: width and weight axes)."""
    return next((fontpkg_noto_sans_khmer.ROOT / "files").glob("NotoSansKhmer*.ttf"))


def license_path() -> Path:
    return fontpkg_noto_sans_khmer.ROOT / "LICENSE"


def font_face(src: str, fmt: str = "truetype", weight: str = "100 900") -> str:
    """The CSS @font-face rule for the Khmer face loaded from `src`: the whole variable font
    (every weight), or one weight of it.

    Khmer letters are small beside Latin ones at the same font size (their stacked vowels and
    subscripts share the line's height), so the face is drawn a little larger.
    """
    return (f'@font-face{{font-family:"{FAMILY}";src:url("{src}") format("{fmt}");'
            f"font-weight:{weight};font-display:swap;size-adjust:115%;unicode-range:{UNICODE_RANGE}}}")


def khmer_characters(text: str) -> str:
    """The distinct characters of `text` the Khmer face covers, sorted."""
    return "".join(sorted(set(_KHMER.findall(text))))


@functools.lru_cache(maxsize=16)
def subset_woff(characters: str, weight: int = 400) -> bytes:
    """One weight of the font with only `characters` (and what shaping them needs), as WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(io.BytesIO(font_path().read_bytes()))  # read whole: no file left open
    font = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
    options = subset.Options()
    options.layout_features = ["*"]  # Khmer's conjuncts and vowel signs need every shaping feature
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the copyright and licence names the OFL asks to keep
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.recalcTimestamp = False  # the same characters give the same bytes (the export relies on it)
    font.save(out)
    return out.getvalue()


def embedded_font_face(text: str) -> str:
    """The @font-face rules with the font subset to the Khmer in `text`, or "" when there is
    none: the regular and the bold weight, each a face of its own. One instance declared for
    every weight would be drawn regular wherever the page asks for bold (headings, labels), as
    the browser neither finds a bolder face nor makes one up for a face that claims them all."""
    characters = khmer_characters(text)
    if not characters:
        return ""
    rules = []
    for weight in (400, 700):
        data = base64.b64encode(subset_woff(characters, weight)).decode("ascii")
        rules.append(font_face(f"data:font/woff;base64,{data}", "woff", str(weight)))
    return "".join(rules)


@functools.lru_cache(maxsize=4)
def name_font_face(name: str) -> str:
    """The @font-face rule of a face holding only the Khmer of `name` (the switcher's name of the
    Khmer language), embedded in the page.

    On a page in English or Vietnamese that word is the only Khmer at first; with the whole font
    as its face the page fetched 173 KB (more than Leaflet and bordermap's scripts together)
    before it settled. The whole font is still declared for any other Khmer the reader opens
    (popups, Khmer names), and a Khmer page fetches it at once for its own text.
    """
    characters = khmer_characters(name)
    if not characters:
        return ""
    data = base64.b64encode(subset_woff(characters)).decode("ascii")
    return (f'@font-face{{font-family:"{NAME_FAMILY}";src:url("data:font/woff;base64,{data}") format("woff");'
            f"font-display:swap;size-adjust:115%;unicode-range:{UNICODE_RANGE}}}")


def page_font_faces(src: str) -> str:
    """The font rules of a live page: the whole face from `src`, and the switcher's small one."""
    return font_face(src) + name_font_face(LANGUAGES["km"])
