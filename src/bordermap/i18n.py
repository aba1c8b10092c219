"""Languages: the page language's messages, numbers and dates, and the scripts' strings.

The catalogues are gettext files read with Babel; the same ones serve the Flask pages, the map
document, its scripts (through `script_messages`) and the export. Khmer readers get Khmer digits
in counts and dates, as Khmer print uses them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.extract import extract
from babel.numbers import format_decimal
from babel.support import Translations

from .paths import static_dir, translations_dir

# Each language's name in itself, as the switcher shows it.
LANGUAGES = {"en": "English", "km": "ខ្មែរ", "vi": "Tiếng Việt"}
DEFAULT_LANGUAGE = "en"
# The scripts mark their strings as t("...") and nt("one", "many", n); Babel's javascript
# extractor reads the same keywords (babel.cfg).
SCRIPT_KEYWORDS = {"t": None, "nt": (1, 2)}
_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
_FROM_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
# Letters only Vietnamese writes among the three languages: ă â đ ê ô ơ ư and the letters with a
# tone mark (Latin Extended Additional), in either case; after NFC, as a form may send them apart.
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
# Every Latin letter, Vietnamese's own and those it shares with other languages (à, é) included.
_LATIN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")


def text_lang(text: str) -> str | None:
    """The language a text is written in, as far as its letters tell: "km" where Khmer letters
    are the most, "vi" where Latin ones are and at least a tenth of them are letters only
    Vietnamese has (in Vietnamese most words carry one; an English sentence naming Tây Ninh has
    two in eighty), "en" for other Latin; None with no letters. A page marks a text so when it is
    not in the page's language, for a screen reader to read it in its own voice (review rv22a,
    L3: editors' summaries and notes carried no `lang`); by the most letters, not the first of a
    script met: a gate's English description giving its Khmer name was read in a Khmer voice
    (session 26)."""
    text = unicodedata.normalize("NFC", text)
    khmer = len(_KHMER.findall(text))
    vietnamese = len(_VIETNAMESE.findall(text))
    latin = len(_LATIN.findall(text))
    if not khmer and not latin:
        return None
    if khmer >= latin:
        return "km"
    return "vi" if vietnamese * 10 >= latin else "en"


def western_digits(text: str) -> str:
    """`text` with Khmer digits written 0–9: a date or a number typed on a Khmer page as the page
    writes them (២០២៦-០១-២០) is read as the same date (review rv22a, L1: it was "no such date")."""
    return text.translate(_FROM_KHMER_DIGITS)


def N_(message: str) -> str:
    """Mark a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def language(value: str | None) -> str | None:
    """The supported language a `?lang=` value names, else None."""
    value = (value or "").strip().lower()
    return value if value in LANGUAGES else None


@functools.lru_cache(maxsize=8)
def _translations(lang: str, folder: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return Translations.load(folder, [lang])


@dataclass(frozen=True)
class Messages:
    """One language's text: gettext, plural forms, numbers and dates as its readers write them."""

    lang: str = DEFAULT_LANGUAGE
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations,
                                                   compare=False, repr=False)

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return text % dict(values, num=self.number(n)) if "%(" in text else text

    def digits(self, text: str) -> str:
        """Western digits in `text` as the language writes them (Khmer digits in Khmer)."""
        return text.translate(_KHMER_DIGITS) if self.lang == "km" else text

    def number(self, value: float) -> str:
        """A count or measure with the language's grouping and digits."""
        return self.digits(format_decimal(value, locale=self.lang))

    def coordinate(self, value: float) -> str:
        """A latitude or longitude to six significant digits, with the language's decimal sign
        and digits and no grouping (106,15 in Vietnamese, where 106.15 reads as a thousands
        figure: review 28, #8)."""
        rounded = float(f"{value:.6g}")
        return self.digits(format_decimal(rounded, format="0.######", locale=self.lang))

    def numeral(self, value: int | str) -> str:
        """A number that names something (revision 1234, ¶3, the file's feature 2) in the
        language's digits, never grouped: the reader finds it again as it is listed."""
        return self.digits(str(value))

    def size(self, n_bytes: int) -> str:
        """A size in bytes as a reader takes it in: 20 MiB, 512 KiB (binary units, as the limits
        are set), with the language's digits; below a KiB, the bytes."""
        for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
            if n_bytes >= scale:
                return f"{self.number(round(n_bytes / scale, 1))} {unit}"
        return f"{self.number(n_bytes)} B"

    def date(self, value: str | _dt.date | None) -> str:
        """An ISO date (`2025-12-08`, or `2025-12` / `2025`) in the language's long form.

        English keeps the ISO form, which readers of every country read alike and the English
        interface has always shown; Khmer and Vietnamese get their own words and digits.
        """
        if not value:
            return ""
        if self.lang == DEFAULT_LANGUAGE:
            return value if isinstance(value, str) else value.isoformat()
        if isinstance(value, str):
            parts = value.split("-")
            try:
                if len(parts) == 3:
                    value = _dt.date.fromisoformat(value)
                elif len(parts) == 2:
                    return self.digits(format_date(_dt.date(int(parts[0]), int(parts[1]), 1),
                                                   month_pattern(self.lang), locale=self.lang))
                elif parts[0].isdigit() and len(parts[0]) == 4:
                    return self.digits(format_date(_dt.date(int(parts[0]), 1, 1), year_pattern(self.lang),
                                                   locale=self.lang))
                else:
                    return self.digits(value)
            except ValueError:
                return value
        return self.digits(format_date(value, day_pattern(self.lang), locale=self.lang))

    @property
    def number_locale(self) -> str:
        """The BCP 47 tag the scripts give Intl for numbers and dates (Khmer digits in Khmer)."""
        return "km-u-nu-khmr" if self.lang == "km" else self.lang

    def script_messages(self) -> dict:
        """The scripts' strings in this language, for the configuration's `i18n`."""
        singles, plurals = {}, {}
        for message in script_msgids():
            if isinstance(message, tuple):
                plurals[message[0]] = [self.translations.ngettext(*message, 1),
                                       self.translations.ngettext(*message, 2)]
            else:
                singles[message] = self.translations.gettext(message)
        return {"lang": self.lang, "numberLocale": self.number_locale,
                "messages": singles, "plurals": plurals, "format": self.script_formats()}

    def script_formats(self) -> dict:
        """How the scripts write numbers and dates, from Babel's locale data.

        The scripts do not ask the browser (Intl): a browser without Khmer locale data answers
        in English, so the page would mix languages.
        """
        locale = Locale.parse(self.lang)
        symbols = locale.number_symbols["latn"]
        return {
            "group": symbols["group"], "decimal": symbols["decimal"],
            "digits": self.digits("0123456789"),
            "datePattern": day_pattern(self.lang), "monthPattern": month_pattern(self.lang),
            "yearPattern": year_pattern(self.lang),
            "months": [locale.months["format"]["wide"][n] for n in range(1, 13)],
            "standaloneMonths": [locale.months["stand-alone"]["wide"][n] for n in range(1, 13)],
        }


# A day as the language writes it where CLDR's long form reads unlike its month of a year: CLDR's
# Vietnamese day is "d MMMM, y" (11 tháng 1, 2011) beside the month "tháng 8 năm 2007"; a
# Vietnamese reader writes a full date "11 tháng 1 năm 2011" (review 28, #4).
_DAY_PATTERNS = {"vi": "d MMMM 'năm' y"}


def day_pattern(lang: str) -> str:
    """How the language writes a day (Babel's pattern): CLDR's long form, or the one the
    language's month pattern agrees with (vi "d MMMM 'năm' y", 11 tháng 1 năm 2011)."""
    return _DAY_PATTERNS.get(lang) or Locale.parse(lang).date_formats["long"].pattern


def month_pattern(lang: str) -> str:
    """How the language writes a month of a year: CLDR's own pattern for it (vi "MMMM 'năm' y",
    tháng 6 năm 2027; km "MMMM y"), so a target month reads as the language's dates do."""
    skeleton = Locale.parse(lang).datetime_skeletons.get("yMMMM")
    return skeleton.pattern if skeleton is not None else "MMMM y"


# A year alone where the language names it so in running text: Vietnamese writes "vào năm 2025"
# (in 2025), as its month is "tháng 8 năm 2007"; "vào 2025" read as a number (review 28b, #2).
# Khmer's month has no ឆ្នាំ before its year ("សីហា ២០០៧"), nor then does its year alone.
_YEAR_PATTERNS = {"vi": "'năm' yyyy"}


def year_pattern(lang: str) -> str:
    """How the language writes a year alone (Babel's pattern)."""
    return _YEAR_PATTERNS.get(lang, "yyyy")


def messages(lang: str | None, folder: Path | None = None) -> Messages:
    """The Messages of a supported language (English for anything else)."""
    lang = language(lang) or DEFAULT_LANGUAGE
    return Messages(lang, _translations(lang, str(folder or translations_dir())))


@functools.lru_cache(maxsize=1)
def script_msgids() -> tuple:
    """Every string the scripts mark with t() or nt(), in file order, read from the scripts."""
    seen: dict = {}
    for path in sorted(static_dir().glob("*.js")):
        with path.open("rb") as handle:
            for _, message, _, _ in extract("javascript", handle, keywords=SCRIPT_KEYWORDS):
                seen.setdefault(message, None)
    return tuple(seen)


def locale_name(lang: str) -> str:
    """The language's name in English (for logs and the command line's help)."""
    return Locale.parse(lang).english_name


def extract_layers(fileobj, keywords, comment_tags, options):
    """Babel extractor for `geodata/layers.toml`: the curated layers' titles, descriptions (the OGC
    API's HTML pages say them) and legend labels.

    They are data, shown as the interface's words; the page translates them (`curated_layer`).
    """
    import tomllib

    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()

    def line_of(value: str) -> int:
        quoted = '"' + value + '"'
        return next((n for n, line in enumerate(lines, 1) if quoted in line), 0)

    for layer in tomllib.loads(text).get("layers", []):
        for value in [layer.get("title"), layer.get("description")] + [
                item.get("label") for item in layer.get("style", {}).get("legend", [])]:
            if value:
                yield line_of(value), "gettext", value, []


def curated_layer(config: dict, words: Messages) -> dict:
    """A curated layer's configuration with its title and legend labels in the page language.

    Layers that editors added keep their titles as written (their language is the editor's).
    """
    if config.get("origin") == "user":
        return config
    config = dict(config)
    if config.get("title"):
        config["title"] = words.gettext(config["title"])
    style = config.get("style")
    if isinstance(style, dict) and isinstance(style.get("legend"), list):
        config["style"] = dict(style, legend=[dict(item, label=words.gettext(item["label"]))
                                              if isinstance(item, dict) and item.get("label") else item
                                              for item in style["legend"]])
    return config


_NAME_WORD = re.compile(r"[A-Z][a-z]")  # a word of a Latin name starts here
_NAME_END = re.compile(r"(?:^|\s)[A-Z][a-z]*$")  # and one ends here


def clip(text: str, most: int) -> str:
    """`text` in at most about `most` characters for a list's line: cut at a space near the end
    when there is one (English, Vietnamese), else between two letters (Khmer writes words
    together: never inside a letter and its signs), and marked with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= most:
        return text
    cut = text.rfind(" ", most - 20, most + 1)
    # Not inside a name of capitalised words ("Ho Chi | Minh City"): before it.
    while cut > most - 40 and _NAME_WORD.match(text[cut + 1:]) and _NAME_END.search(text[:cut]):
        cut = text.rfind(" ", 0, cut)
    if cut <= 0:
        cut = most
        # A sign goes with the letter before it; a coeng (U+17D2) joins the letters on its two sides.
        while cut > 1 and (unicodedata.category(text[cut]) in ("Mn", "Mc") or text[cut - 1] == "\u17d2"):
            cut -= 1
    return text[:cut].rstrip(" ,;:–-") + "…"
