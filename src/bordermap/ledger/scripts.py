"""Whether a document's text is written as the language its editor chose says.

The ledger's form offered English whatever the page's language, so a Khmer text was stored as a
document "published in English" (review 25a, #3). A document may quote another language, so a
text mostly in another script is only said on the check; one clearly in another script (at least
`CLEARLY` of its letters) is refused, as a wrong language would mislabel it in every citation.
Latin letters do not tell English from Vietnamese; Vietnamese diacritics do, but a document in
English quotes Vietnamese names, so that is never more than said.
"""

from __future__ import annotations

import re
import unicodedata

from ..ingest.problems import Problem

CLEARLY = 0.8  # this share of the letters in another script: the language chosen is wrong
MOSTLY = 0.5  # this share: said on the check, stored if the editor saves
VIETNAMESE_WORDS = 0.25  # words with Vietnamese marks in a Vietnamese text: about half
ENOUGH_LETTERS = 20  # a shorter text says nothing sure about its language
_WORD = re.compile(r"[^\W\d_]+")
# Letters only Vietnamese writes among the three: đ, ă, ơ, ư and the tone marks below a vowel or
# over a circumflex (Latin Extended Additional, U+1EA0 to U+1EF9).
_VIETNAMESE = frozenset("đĐăĂơƠưƯ") | frozenset(chr(c) for c in range(0x1EA0, 0x1EFA))
_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below


def _khmer(ch: str) -> bool:
    return "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff"


def _vietnamese_word(word: str) -> bool:
    """Whether a word carries a letter or a tone mark Vietnamese writes and English does not."""
    if any(ch in _VIETNAMESE for ch in word):
        return True
    return any(ch in _MARKS for ch in unicodedata.normalize("NFD", word))


def _warning(message: str) -> Problem:
    return Problem("language", message, severity="warning")


def _percent(share: float) -> str:
    return f"{int(share * 100)}%"


def language_problems(text: str, language: str) -> tuple[list[Problem], list[Problem]]:
    """(what refuses the document, what the check says) about `language` (en, km or vi) for `text`."""
    # Khmer writes most vowels as signs over, under or beside a consonant (marks, not letters to
    # Unicode): counted, a short Khmer text is judged as a Latin one of as many sounds is
    # (review rv25b, #12: 16 consonants with their vowels fell under ENOUGH_LETTERS).
    letters = [ch for ch in unicodedata.normalize("NFC", text or "")
               if ch.isalpha() or (_khmer(ch) and unicodedata.category(ch).startswith("M"))]
    if len(letters) < ENOUGH_LETTERS or language not in ("en", "km", "vi"):
        return [], []
    khmer = sum(map(_khmer, letters)) / len(letters)
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, "")) / len(letters)
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not any(map(_khmer, w))]
    vietnamese = sum(map(_vietnamese_word, words)) / len(words) if words else 0.0
    latin_language = "Vietnamese (vi)" if vietnamese >= VIETNAMESE_WORDS else "English (en)"
    if language != "km" and khmer >= MOSTLY:
        if khmer >= CLEARLY:
            return [Problem("language", f"the text is in Khmer script ({_percent(khmer)} of its letters): "
                                        "choose Khmer (km), or paste the text in the language chosen")], []
        return [], [_warning(f"much of the text is in Khmer script ({_percent(khmer)} of its letters): "
                                        "choose Khmer (km), unless the document is in the language chosen and "
                                        "quotes Khmer")]
    if language == "km" and latin >= MOSTLY:
        if latin >= CLEARLY:
            return [Problem("language", f"the text is in Latin script ({_percent(latin)} of its letters), not "
                                        f"Khmer: choose {latin_language}, or paste the text in Khmer")], []
        return [], [_warning(f"much of the text is in Latin script ({_percent(latin)} of its letters): "
                                        f"choose {latin_language}, unless the document is in Khmer and quotes "
                                        "another language")]
    if language == "en" and latin >= MOSTLY and vietnamese >= VIETNAMESE_WORDS:
        return [], [_warning(f"the text has Vietnamese diacritics ({_percent(vietnamese)} of its words): "
                                        "choose Vietnamese (vi), unless the document is in the language chosen and "
                                        "quotes Vietnamese")]
    if language == "vi" and latin >= CLEARLY and len(words) >= 10 and not any(map(_vietnamese_word, words)):
        return [], [_warning("the text has no Vietnamese diacritics: choose English (en), unless the "
                                        "document is in Vietnamese written without them")]
    return [], []
