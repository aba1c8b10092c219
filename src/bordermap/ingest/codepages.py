"""A Shapefile's text: read byte for byte and decoded by Python wherever GDAL would decode it wrongly.

GDAL decodes a Shapefile's .dbf with iconv. Its converter for CP1258 (Vietnamese Windows) holds
each character back until it knows whether a combining tone mark follows, and GDAL never asks
for the last one: every field name and every value loses its last character ("name" becomes
"nam", "Tây Ninh" "Tây Nin"), without a word. UTF-8 too: dBase holds 10 bytes of a field name,
and GDAL, QGIS and geopandas cut a longer Khmer or Vietnamese name there, inside a letter, which
stopped GDAL's reader. For these GDAL is asked for ISO-8859-1, which gives each byte as the
character of the same number, and Python decodes the bytes again (NFC-normalised from a code page).

A file that names no encoding (no `.cpg`, or an empty one, and dBase language driver 0) GDAL
read as ISO-8859-1, and one that names Windows-1252 (a `.cpg` of 1252, or driver 0x03 or 0x57,
which ArcView and ArcGIS write whatever the computer's code page) as CP1252: the Vietnamese
Shapefiles of MapInfo and ArcView came out as "CýÒa khâÒu" unsaid. Such a file, and one whose
`.cpg` says UTF-8 when its text is not, is decoded as its text reads (`text_encodings.guess`),
and the report says so when that is not what the file names. An encoding the editor names is
used whatever the file says, but for text that plainly contradicts it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..errors import InvalidInput
from .explain import quoted
from .text_encodings import ENCODINGS, contradiction, decode, doubt, guess

BYTE_FOR_BYTE = "ISO-8859-1"
# Code pages GDAL's iconv decodes wrongly, by number, and the Python codec that decodes them.
PYTHON_CODECS = {"1258": "cp1258"}
# A .cpg as GIS programs write it: "CP1258", "1258", "ANSI 1258", "Windows-1258".
_CPG = re.compile(r"(?:CP|ANSI|WINDOWS|WIN)?[ _-]?(\d+)", re.I)


# dBase language drivers of Windows' Western code page, which GDAL reads as CP1252.
_WESTERN_DRIVERS = {0x03, 0x57}


@dataclass(frozen=True)
class Reading:
    """How a Shapefile's text is read: `codec` decodes what GDAL gives byte for byte (None: GDAL
    decodes it, or `guess` chooses); `how` says who chose: "given" (the editor), "cpg" (the
    file's .cpg, a code page GDAL decodes wrongly), "guess" (the file names none, or one its
    text may not be in: `declared`), or "gdal"."""

    codec: str | None
    how: str
    declared: str | None = None


def _member(opened: zipfile.ZipFile, layer: str, suffix: str) -> zipfile.ZipInfo | None:
    """The file of Shapefile `layer` with this suffix in the archive (names match in any case)."""
    for member in opened.infolist():
        path = PurePosixPath(member.filename)
        if path.suffix.lower() == suffix and path.stem.lower() == layer.lower():
            return member
    return None


def reading_of(archive: bytes, layer: str, given: str | None) -> Reading:
    """How the text of Shapefile `layer` in a ZIP archive is read: in the codec the editor gave;
    as its text reads when the file names no encoding, UTF-8 or Windows-1252 (`declared`); in
    CP1258 when its `.cpg` says so; else by GDAL (another code page GDAL reads rightly)."""
    if given is not None:
        return Reading(given, "given")
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        cpg = _member(opened, layer, ".cpg")
        said = ""
        if cpg is not None:
            with opened.open(cpg) as handle:  # its first bytes only: a .cpg is a word or two
                said = handle.read(64).decode("ascii", "replace").strip()
        if said:
            found = _CPG.fullmatch(said)
            number = found.group(1) if found else ""
            if said.upper().replace("-", "") == "UTF8" or number == "65001":  # 65001: Windows' number for it
                return Reading(None, "guess", "utf-8")
            if number == "1252":
                return Reading(None, "guess", "cp1252")
            codec = PYTHON_CODECS.get(number)
            return Reading(codec, "cpg" if codec else "gdal")
        dbf = _member(opened, layer, ".dbf")
        with opened.open(dbf) as handle:  # the archive was checked to hold it (archives.zip_members)
            driver = handle.read(30)[29:30]
    if driver in (b"\x00", b""):
        return Reading(None, "guess")
    return Reading(None, "guess", "cp1252") if driver[0] in _WESTERN_DRIVERS else Reading(None, "gdal")


def _texts(names: list[str], table: list[list[Any]], ogr_types: list[str]) -> list[bytes]:
    """The bytes of every field name and text value GDAL read byte for byte."""
    return [text.encode("latin-1") for text in names] + [
        value.encode("latin-1") for column, ogr_type in zip(table, ogr_types, strict=True) if ogr_type == "OFTString"
        for value in column if isinstance(value, str)]


def _note(found: str, declared: str | None) -> str:
    """What the report says of a Shapefile whose text was read as `found`, not as it says."""
    if declared is not None:
        return (f"the Shapefile says its text is {ENCODINGS[declared]}, but it reads as {ENCODINGS[found]} and was "
                "read so: if letters look wrong, choose the file's encoding with the upload")
    if found == "cp1258":
        return ("the Shapefile does not say how its text is encoded (it has no .cpg file); its letters read as "
                "Vietnamese in Windows-1258 and were read so: if they look wrong, choose the file's encoding "
                "with the upload")
    return ("the Shapefile does not say how its text is encoded (it has no .cpg file); it was read as "
            f"{ENCODINGS[found]}: if letters look wrong, choose the file's encoding with the upload")


def _decoded(text: str, codec: str, where: str) -> str:
    """A text GDAL read byte for byte, in `codec`; InvalidInput naming the byte and `where` it is."""
    written = text.encode("latin-1")
    try:
        return decode(written, codec)
    except UnicodeDecodeError as error:
        raise InvalidInput(f"encoding: the Shapefile's text is not {ENCODINGS[codec]} (byte "
                           f"0x{written[error.start]:02X} in {where}): choose the encoding the file was written in"
                           ) from None


def decoded_columns(names: list[str], table: list[list[Any]], ogr_types: list[str],
                    reading: Reading) -> tuple[list[str], list[list[Any]], list[str]]:
    """The field names and the text fields' values of a layer GDAL read byte for byte, decoded as
    `reading` says, and the notes for the report. A name cut inside a letter (dBase holds 10
    bytes of one) loses the part of the letter it holds. InvalidInput (on `encoding`) for text not
    in the encoding an editor named, or plainly in another."""
    written = _texts(names, table, ogr_types)
    notes = []
    if reading.how == "guess":
        codec = guess(written, reading.declared)
        beyond = any(not text.isascii() for text in written)
        notes += [_note(codec, reading.declared)] if beyond and codec != reading.declared else []
    else:
        codec = reading.codec
    if reading.how == "given":
        plainly = contradiction(written, codec)
        if plainly is not None:
            raise InvalidInput(f"encoding: the Shapefile's text is {ENCODINGS[plainly]}, not the {ENCODINGS[codec]} "
                               f"chosen: choose {ENCODINGS[plainly]}")
        notes += [note for note in [doubt(written, codec)] if note]
    shown = [name.encode("latin-1").decode("ascii", "backslashreplace") for name in names]  # before decoding
    names = [_decoded(name, codec, f"the field name {quoted(seen)}") for name, seen in zip(names, shown, strict=True)]
    return names, [
        [_decoded(value, codec, f"{quoted(name)}, feature {i + 1}") if isinstance(value, str) else value
         for i, value in enumerate(column)] if ogr_type == "OFTString" else column
        for column, ogr_type, name in zip(table, ogr_types, names, strict=True)], notes
