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
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath
from typing import Any

BYTE_FOR_BYTE = "ISO-8859-1"
# Code pages GDAL's iconv decodes wrongly, by number, and the Python codec that decodes them.
PYTHON_CODECS = {"1258": "cp1258"}
# A .cpg as GIS programs write it: "CP1258", "1258", "ANSI 1258", "Windows-1258".
_CPG = re.compile(r"(?:CP|ANSI|WINDOWS|WIN)?[ _-]?(\d+)", re.I)


def codec_of(archive: bytes, layer: str) -> str | None:
    """The Python codec that decodes the text of Shapefile `layer` in a ZIP archive, when its
    `.cpg` names a code page GDAL decodes wrongly; None for any other (GDAL decodes it)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        for member in opened.infolist():
            path = PurePosixPath(member.filename)
            if path.suffix.lower() == ".cpg" and path.stem.lower() == layer.lower():
                said = opened.read(member)[:64].decode("ascii", "replace").strip()
                if said.upper().replace("-", "") == "UTF8":
                    return "utf-8"  # names cut at 10 bytes inside a letter stop GDAL's reader
                found = _CPG.fullmatch(said)
                return PYTHON_CODECS.get(found.group(1)) if found else None
    return None


def decoded(text: str, codec: str) -> str:
    """A text GDAL read byte for byte (ISO-8859-1), decoded with `codec` (and, from a code page,
    NFC-normalised; UTF-8 text is kept as written, as GDAL would give it)."""
    text = text.encode("latin-1", "replace").decode(codec, "replace")
    return text if codec == "utf-8" else unicodedata.normalize("NFC", text)


def decoded_columns(names: list[str], table: list[list[Any]], ogr_types: list[str],
                    codec: str) -> tuple[list[str], list[list[Any]]]:
    """The field names and the text fields' values of a layer GDAL read byte for byte, decoded.
    A name cut inside a letter (dBase holds 10 bytes of one, and GIS programs cut UTF-8 names
    there) loses the part of the letter it holds."""
    return [decoded(name, codec).rstrip("\ufffd") for name in names], [
        [decoded(value, codec) if isinstance(value, str) else value for value in column]
        if ogr_type == "OFTString" else column for column, ogr_type in zip(table, ogr_types, strict=True)]
