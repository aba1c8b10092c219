"""Files that are not maps, told by their first bytes (an Office file by the names inside its ZIP).

An image or a document chosen by mistake would otherwise be read as GeoJSON text and refused by
quoting its first bytes ("it starts with “�PNG”"), which tells nobody what went wrong. The kinds
are marked for translation: the upload page says what the file is in the reader's language.
"""

from __future__ import annotations

from ..errors import MalformedInput
from ..i18n import N_

MAP_FORMATS = "GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV or FlatGeobuf"
SPREADSHEET_ADVICE = "save the sheet as CSV with lon and lat columns (or a WKT column) and upload that"

# (first bytes, what the file is); each signature is the format's own fixed opening.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", N_("an image (PNG)")),
    (b"\xff\xd8\xff", N_("an image (JPEG)")),
    (b"GIF87a", N_("an image (GIF)")),
    (b"GIF89a", N_("an image (GIF)")),
    (b"%PDF-", N_("a PDF document")),
    # Word, Excel and PowerPoint before 2007 (.doc, .xls, .ppt) share one container.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an older Microsoft Office file (.doc, .xls or .ppt)")),
)
WEBP = N_("an image (WebP)")  # RIFF, four bytes of size, then WEBP
# Office Open XML files are ZIP archives; the part each application must write names it.
OFFICE_PARTS = (
    ("word/document.xml", N_("a Word document")),
    ("xl/workbook.xml", N_("an Excel workbook")),
    ("ppt/presentation.xml", N_("a PowerPoint presentation")),
)
SPREADSHEETS = {"an Excel workbook"}
KINDS = tuple(dict.fromkeys([what for _, what in SIGNATURES] + [WEBP] + [what for _, what in OFFICE_PARTS]))


def _refuse(what: str) -> None:
    advice = f"{SPREADSHEET_ADVICE}, or upload {MAP_FORMATS}" if what in SPREADSHEETS else f"upload {MAP_FORMATS}"
    raise MalformedInput(f"this file is {what}, not a map file: {advice}")


def refuse_by_first_bytes(raw: bytes) -> None:
    """MalformedInput saying what the file is when its first bytes are those of an image, a PDF or
    an older Office file; nothing for any other file."""
    for signature, what in SIGNATURES:
        if raw.startswith(signature):
            _refuse(what)
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        _refuse(WEBP)


def refuse_by_members(names: list[str]) -> None:
    """MalformedInput saying what a ZIP archive is when it is a Word, Excel or PowerPoint file."""
    inside = set(names)
    for part, what in OFFICE_PARTS:
        if part in inside:
            _refuse(what)
