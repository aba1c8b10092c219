"""Shapefile text in a code page GDAL decodes wrongly: read byte for byte, decoded by Python.

UTF-8 too: dBase holds 10 bytes of a field name, and GDAL, QGIS and geopandas cut a longer
Khmer or Vietnamese name there, inside a letter; reading such a file failed on that name.

GDAL decodes a Shapefile's .dbf with iconv. Its converter for CP1258 (Vietnamese Windows) holds
each character back until it knows whether a combining tone mark follows, and GDAL never asks
for the last one: every field name and every value loses its last character ("name" becomes
"nam", "Tây Ninh" "Tây Nin"), without a word. For such a code page (the `.cpg` beside the
`.shp` names it; dBase's language driver ids have none for 1258) GDAL is asked for ISO-8859-1,
which gives each byte as the character of the same number, and Python's own codec decodes the
bytes again. The text is then NFC-normalised: CP1258 writes most Vietnamese letters as a base
letter and a combining mark ("ộ" as "ô" and a dot below), which every other source writes as one.

A Shapefile whose .dbf names no code page (no `.cpg`, language driver 0) GDAL reads as
ISO-8859-1, and the Vietnamese Shapefiles of MapInfo and ArcView, in CP1258 and often without a
`.cpg`, came out as "CýÒa khâÒu" unsaid. Such a file is read byte for byte too, and its text is
decoded as what it reads as (`guess`): UTF-8 when it is UTF-8, CP1258 when its marks fall on
Vietnamese vowels, ISO-8859-1 (GDAL's reading) otherwise; the report says which, and the editor
may name the encoding (`given_codec`), which then decodes the text whatever the file says.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..errors import InvalidInput
from .explain import quoted
from .validate import describe

BYTE_FOR_BYTE = "ISO-8859-1"
# Code pages GDAL's iconv decodes wrongly, by number, and the Python codec that decodes them.
PYTHON_CODECS = {"1258": "cp1258"}
# A .cpg as GIS programs write it: "CP1258", "1258", "ANSI 1258", "Windows-1258".
_CPG = re.compile(r"(?:CP|ANSI|WINDOWS|WIN)?[ _-]?(\d+)", re.I)


# The encodings an editor may name for a Shapefile's or a CSV file's text (the upload's
# `encoding`), by Python's name for each, with the name said back.
ENCODINGS = {"utf-8": "UTF-8", "cp1258": "Windows-1258", "cp1252": "Windows-1252", "iso8859-1": "ISO-8859-1"}
# The combining tone marks CP1258 writes after a vowel (bytes CC, EC, D2, DE, F2), and the vowels
# Vietnamese puts them on.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


@dataclass(frozen=True)
class Reading:
    """How a Shapefile's text is read: `codec` decodes what GDAL gives byte for byte (None: GDAL
    decodes it); `how` says who chose it: "given" (the editor), "cpg" (the file's .cpg), "guess"
    (the file names none: `guess` chooses) or "gdal"."""

    codec: str | None
    how: str


def given_codec(name: str | None) -> str | None:
    """The Python codec of the encoding an editor named (`windows-1258`, `cp1258`, `utf8`…), or
    None when none was; InvalidInput naming the ones bordermap reads."""
    if not (name or "").strip():
        return None
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        codec = None
    if codec not in ENCODINGS:
        raise InvalidInput(f"encoding: expected utf-8, windows-1258, windows-1252 or iso-8859-1, got {describe(name)}")
    return codec


def _member(opened: zipfile.ZipFile, layer: str, suffix: str) -> zipfile.ZipInfo | None:
    """The file of Shapefile `layer` with this suffix in the archive (names match in any case)."""
    for member in opened.infolist():
        path = PurePosixPath(member.filename)
        if path.suffix.lower() == suffix and path.stem.lower() == layer.lower():
            return member
    return None


def reading_of(archive: bytes, layer: str, given: str | None) -> Reading:
    """How the text of Shapefile `layer` in a ZIP archive is read: in the codec the editor gave;
    in the one its `.cpg` names when GDAL decodes that one wrongly; by `guess` when neither the
    `.cpg` nor the .dbf's language driver names any; else by GDAL."""
    if given is not None:
        return Reading(given, "given")
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        cpg = _member(opened, layer, ".cpg")
        if cpg is not None:
            said = opened.read(cpg)[:64].decode("ascii", "replace").strip()
            if said.upper().replace("-", "") == "UTF8":
                return Reading("utf-8", "cpg")  # names cut at 10 bytes inside a letter stop GDAL's reader
            found = _CPG.fullmatch(said)
            codec = PYTHON_CODECS.get(found.group(1)) if found else None
            return Reading(codec, "cpg" if codec else "gdal")
        dbf = _member(opened, layer, ".dbf")
        with opened.open(dbf) as handle:  # the archive was checked to hold it (formats._zip_members)
            driver = handle.read(30)[29:30]
    return Reading(None, "gdal") if driver not in (b"\x00", b"") else Reading(None, "guess")


def _utf8(written: bytes) -> bool:
    """Whether bytes are UTF-8 text, but for a letter cut at their end (dBase cuts a name at 10
    bytes and a value at its field's width, both inside a letter at times)."""
    try:
        written.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.end == len(written) and error.reason == "unexpected end of data"
    return True


def _vietnamese(written: list[bytes]) -> bool:
    """Whether texts read as Vietnamese in CP1258: tone marks, each on a vowel. Text in
    ISO-8859-1 holding those bytes (ò, ì, Ò, Ì, Þ) puts them after consonants or at a word's start
    (“Bòsnia”, “Ìle”); text without a mark ("São", "Tây Ninh") reads alike in both and is left to
    ISO-8859-1, as GDAL reads it."""
    seen = False
    for text in written:
        try:
            letters = text.decode("cp1258")
        except UnicodeDecodeError:
            return False
        for before, letter in zip(" " + letters, letters, strict=False):  # each letter after the one before
            if letter in _TONE_MARKS:
                if unicodedata.normalize("NFD", before)[:1] not in _VOWELS:
                    return False
                seen = True
    return seen


def reads_as_vietnamese(raw: bytes) -> bool:
    """Whether text that is not UTF-8 reads as Vietnamese in CP1258 (a CSV file from Excel on a
    Vietnamese Windows), line by line."""
    return _vietnamese(raw.splitlines())


def guess(names: list[str], table: list[list[Any]], ogr_types: list[str]) -> tuple[str, bool]:
    """The codec a Shapefile's text, read byte for byte, reads as when the file names none, and
    whether any of it is beyond ASCII (only then does the choice matter, and the report say it)."""
    texts = names + [value for column, ogr_type in zip(table, ogr_types, strict=True) if ogr_type == "OFTString"
                     for value in column if isinstance(value, str)]
    written = [text.encode("latin-1") for text in texts if not text.isascii()]
    if not written:
        return "iso8859-1", False
    if all(map(_utf8, written)):
        return "utf-8", True
    return ("cp1258" if _vietnamese(written) else "iso8859-1"), True


def guessed_note(codec: str) -> str:
    """What the report says of a Shapefile whose text was read by `guess`."""
    if codec == "cp1258":
        return ("the Shapefile does not say how its text is encoded (it has no .cpg file); its letters read as "
                "Vietnamese in Windows-1258 and were read so: if they look wrong, choose the file's encoding "
                "with the upload")
    return ("the Shapefile does not say how its text is encoded (it has no .cpg file); it was read as "
            f"{ENCODINGS[codec]}: if letters look wrong, choose the file's encoding with the upload")


def decoded(text: str, codec: str) -> str:
    """A text GDAL read byte for byte (ISO-8859-1), decoded with `codec` (and, from a code page,
    NFC-normalised; UTF-8 text is kept as written, as GDAL would give it)."""
    text = text.encode("latin-1", "replace").decode(codec, "replace")
    return text if codec == "utf-8" else unicodedata.normalize("NFC", text)


def _strictly(column: list[Any], codec: str, name: str) -> list[Any]:
    """A text column decoded as an editor said it is written; InvalidInput (on `encoding`) at the
    first value that is not (a letter cut at a value's end, where dBase cut it, is let go)."""
    out = []
    for i, value in enumerate(column):
        if isinstance(value, str):
            written = value.encode("latin-1")
            try:
                value = written.decode(codec)
            except UnicodeDecodeError as error:
                if not (codec == "utf-8" and _utf8(written)):
                    byte = written[error.start]
                    raise InvalidInput(
                        f"encoding: the Shapefile's text is not {ENCODINGS[codec]} (byte 0x{byte:02X} in "
                        f"{quoted(name)}, feature {i + 1}): choose the encoding the file was written in") from None
                value = written.decode(codec, "ignore")
            value = value if codec == "utf-8" else unicodedata.normalize("NFC", value)
        out.append(value)
    return out


def decoded_columns(names: list[str], table: list[list[Any]], ogr_types: list[str],
                    codec: str, strict: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The field names and the text fields' values of a layer GDAL read byte for byte, decoded.
    A name cut inside a letter (dBase holds 10 bytes of one, and GIS programs cut UTF-8 names
    there) loses the part of the letter it holds. `strict`: a value `codec` cannot decode is
    refused (the editor named the codec), not shown as "\ufffd"."""
    names = [decoded(name, codec).rstrip("\ufffd") for name in names]
    return names, [
        (_strictly(column, codec, name) if strict else
         [decoded(value, codec) if isinstance(value, str) else value for value in column])
        if ogr_type == "OFTString" else column for column, ogr_type, name in zip(table, ogr_types, names, strict=True)]
