"""Which encoding a file's text is in, when the file does not say or says wrongly.

A Shapefile's .dbf and a CSV file are bytes in some encoding that nothing may name: the
Vietnamese Shapefiles of MapInfo and ArcView are in CP1258, often without a `.cpg` or with one
(or a dBase header) that says Windows-1252; Excel's "CSV (Comma delimited)" writes the computer's
code page. The texts are read as:

- UTF-8 when every one is UTF-8 (a letter cut at a text's end allowed: dBase cuts a name at 10
  bytes and a value at 254, inside a letter at times);
- CP1258 when they read as Vietnamese there: tone marks, each after a vowel, or, with no mark at
  all, the letters ư or đ (ý and ð in Western code pages, which Western names hardly use);
- else Windows-1252 when they hold its punctuation (bytes 80–9F: “ ” – €, which ISO-8859-1 reads
  as control characters), else ISO-8859-1.

An editor may name the encoding (`given_codec`); a choice the text plainly contradicts (UTF-8
text read as a code page) is refused, and one it doubts (Vietnamese read as Western) is noted.
"""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import InvalidInput, MalformedInput
from .parse import to_utf8
from .problems import describe

# The encodings an editor may name (the upload's `encoding`), by Python's name, with the name said back.
ENCODINGS = {"utf-8": "UTF-8", "cp1258": "Windows-1258", "cp1252": "Windows-1252", "iso8859-1": "ISO-8859-1"}
_WESTERN = ("cp1252", "iso8859-1")
# The combining tone marks CP1258 writes after a vowel (bytes CC, EC, D2, DE, F2), the vowels
# Vietnamese puts them on, and the letters only Vietnamese writes with these bytes (FD, DD, F0, D0).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aeiouyAEIOUY")
_ONLY_VIETNAMESE = frozenset("ưƯđĐ")


def given_codec(name: str | None) -> str | None:
    """The Python codec of the encoding an editor named (`windows-1258`, `cp1258`, `utf8`…), or
    None when none was; InvalidInput naming the ones bordermap reads."""
    if not (name or "").strip():
        return None
    try:
        codec = codecs.lookup(name.strip()).name
    except (LookupError, ValueError):  # ValueError: a name with a null character in it
        codec = None
    if codec not in ENCODINGS:
        raise InvalidInput(f"encoding: expected utf-8, windows-1258, windows-1252 or iso-8859-1, got {describe(name)}")
    return codec


def is_utf8(written: bytes) -> bool:
    """Whether bytes are UTF-8 text, but for a letter cut at their end."""
    try:
        written.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.end == len(written) and error.reason == "unexpected end of data"
    return True


def reads_as_vietnamese(written: list[bytes]) -> bool:
    """Whether texts read as Vietnamese in CP1258: tone marks, each on a vowel; or no mark and
    ư or đ. ISO-8859-1 text with the marks' bytes (ò, ì, Ò, Ì, Þ) puts them after consonants or at
    a word's start ("Bòsnia", "Ìle"); "São" (ã, CP1258's ă) reads alike in both and stays Western."""
    marks = letters = False
    for text in written:
        try:
            decoded = text.decode("cp1258")
        except UnicodeDecodeError:
            return False
        for before, letter in zip(" " + decoded, decoded, strict=False):  # each letter after the one before
            if letter in _TONE_MARKS:
                if unicodedata.normalize("NFD", before)[:1] not in _VOWELS:
                    return False
                marks = True
            letters = letters or letter in _ONLY_VIETNAMESE
    return marks or letters


def _western(written: list[bytes]) -> str:
    """Windows-1252 for text with its punctuation in bytes 80–9F, else ISO-8859-1."""
    c1 = any(0x80 <= byte <= 0x9F for text in written for byte in text)
    if c1:
        try:
            for text in written:
                text.decode("cp1252")
        except UnicodeDecodeError:
            return "iso8859-1"
        return "cp1252"
    return "iso8859-1"


def _beyond_ascii(written: list[bytes]) -> list[bytes]:
    """The texts that are not ASCII: the only ones an encoding reads differently."""
    return [text for text in written if not text.isascii()]


def guess(written: list[bytes], declared: str | None = None) -> str:
    """The codec texts (their bytes) read as; `declared`, the one the file names, when they read
    as nothing more likely."""
    beyond = _beyond_ascii(written)
    if not beyond:
        return declared or "iso8859-1"
    if all(map(is_utf8, beyond)):
        return "utf-8"
    if reads_as_vietnamese(beyond):
        return "cp1258"
    western = _western(beyond)  # ISO-8859-1 reads as the Western code page declared, if any
    return declared if declared in _WESTERN and western == "iso8859-1" else western


def decode(written: bytes, codec: str) -> str:
    """Bytes as text in `codec` (a UTF-8 letter cut at the end dropped; a code page's letters
    NFC-normalised: CP1258 writes most as a base letter and a combining mark)."""
    if codec == "utf-8":
        return written.decode(codec, "ignore" if is_utf8(written) else "strict")
    return unicodedata.normalize("NFC", written.decode(codec))


def contradiction(written: list[bytes], given: str) -> str | None:
    """The encoding text plainly is when an editor named another: UTF-8 text named a code page
    (read so, "Cửa" would be stored as "Cá»­a"). None when the text may be in `given`."""
    beyond = _beyond_ascii(written)
    return "utf-8" if given != "utf-8" and beyond and all(map(is_utf8, beyond)) else None


def doubt(written: list[bytes], given: str) -> str | None:
    """The note for text a Western code page was named for that reads as Vietnamese."""
    beyond = _beyond_ascii(written)
    if given in _WESTERN and beyond and reads_as_vietnamese(beyond):
        return (f"the text reads as Vietnamese in Windows-1258, not as the {ENCODINGS[given]} chosen; it was read "
                "as chosen: check its letters")
    return None


def csv_as_utf8(raw: bytes, codec: str | None) -> tuple[bytes, list[str]]:
    """A CSV file as UTF-8, and notes for the report: from UTF-16 or UTF-32 with its byte order
    mark (as Excel's "Unicode Text" writes it), or from the encoding the editor named (`codec`;
    InvalidInput, naming the line, for text not in it, or UTF-8 text named a code page).
    MalformedInput, naming the line, for other text: Excel's "CSV (Comma delimited)" writes the
    computer's code page (CP1258 on a Vietnamese Windows), which no byte of the file names, and
    guessing would store the wrong letters unsaid; the refusal says when it reads as Vietnamese."""
    if codec is not None and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        lines = raw.splitlines()
        plainly = contradiction(lines, codec)
        if plainly is not None:
            raise InvalidInput(f"encoding: the CSV file is {ENCODINGS[plainly]} text, not the "
                               f"{ENCODINGS[codec]} chosen: choose {ENCODINGS[plainly]}")
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as bad:
            line = raw.count(b"\n", 0, bad.start) + 1
            raise InvalidInput(f"encoding: the CSV file is not {ENCODINGS[codec]} text (line {line:,} "
                               "is not): choose the encoding it was written in") from None
        text = text if codec == "utf-8" else unicodedata.normalize("NFC", text)
        return text.encode(), [note for note in [doubt(lines, codec)] if note]
    raw, _ = to_utf8(raw)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        if reads_as_vietnamese(_beyond_ascii(raw.splitlines())):
            raise MalformedInput(f"the CSV file is not UTF-8 text (line {line:,} is not); it reads as Vietnamese in "
                                 "Windows-1258: choose that encoding with the upload, or save it as “CSV UTF-8 "
                                 "(Comma delimited)” and upload it again") from None
        raise MalformedInput(f"the CSV file is not UTF-8 text (line {line:,} is not): save it as “CSV UTF-8 (Comma "
                             "delimited)” and upload it again, or choose the encoding it was written in") from None
    return raw, []
