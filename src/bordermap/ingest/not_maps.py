"""Files that are not maps, told by their first bytes (an Office file by the names inside its ZIP).

An image, a document or a CAD drawing chosen by mistake would otherwise be read as GeoJSON text
and refused by quoting its first bytes ("it starts with “�PNG”"), which tells nobody what went
wrong. The kinds are marked for translation: the upload page says what the file is in the
reader's language. An empty file is said to be empty before any reader runs (each would say it in
its own format's words, or GDAL's), and plain text that is neither JSON, XML nor a table is said
to be plain text once no reader takes it (`formats.kind_of`).
"""

from __future__ import annotations

import codecs
import re

from ..errors import MalformedInput
from ..i18n import N_

MAP_FORMATS = "GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV, FlatGeobuf or GPX"
SPREADSHEET_ADVICE = "save the sheet as CSV with lon and lat columns (or a WKT column) and upload that"
PLAIN_TEXT_ADVICE = ("if it lists places, give it a header row with lon and lat columns (or a WKT column), "
                     "separated by commas, and upload it as a .csv file")
EMPTY = "the file is empty"

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
# A DXF drawing as text: group code 0, then SECTION (after any 999 comments); or its binary form.
DXF = N_("a CAD drawing (DXF)")
_DXF_TEXT = re.compile(rb"[ \t]*(?:999\r?\n[^\n]*\n[ \t]*)*0\r?\n[ \t]*SECTION[ \t]*\r?\n")
_DXF_BINARY = b"AutoCAD Binary DXF\r\n\x1a\x00"
DWG = N_("a CAD drawing (DWG)")
_DWG = re.compile(rb"AC10[0-3][0-9]")  # AutoCAD's version, R13 (AC1012) to 2018 (AC1032)
PLAIN_TEXT = N_("plain text")
# Bytes that text holds none of (a tab, line ends and a form feed are text).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DELIMITERS = re.compile(rb"[,;\t|]")
# Office Open XML files are ZIP archives; the part each application must write names it.
OFFICE_PARTS = (
    ("word/document.xml", N_("a Word document")),
    ("xl/workbook.xml", N_("an Excel workbook")),
    ("ppt/presentation.xml", N_("a PowerPoint presentation")),
)
SPREADSHEETS = {"an Excel workbook"}
KINDS = tuple(dict.fromkeys([what for _, what in SIGNATURES] + [WEBP, DXF, DWG, PLAIN_TEXT]
                            + [what for _, what in OFFICE_PARTS]))


def _refuse(what: str) -> None:
    if what in SPREADSHEETS:
        advice = f"{SPREADSHEET_ADVICE}, or upload {MAP_FORMATS}"
    elif what == PLAIN_TEXT:
        advice = f"{PLAIN_TEXT_ADVICE}, or upload {MAP_FORMATS}"
    else:
        advice = f"upload {MAP_FORMATS}"
    raise MalformedInput(f"this file is {what}, not a map file: {advice}")


def refuse_by_first_bytes(raw: bytes) -> None:
    """MalformedInput when the file is empty (nothing but blank space), or saying what it is when
    its first bytes are those of an image, a PDF, an older Office file or a CAD drawing; nothing
    for any other file."""
    text = raw.removeprefix(b"\xef\xbb\xbf")
    if not text[:4096].strip() and not text.strip():  # the whole file read only when its start is blank
        raise MalformedInput(EMPTY)
    for signature, what in SIGNATURES:
        if raw.startswith(signature):
            _refuse(what)
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        _refuse(WEBP)
    if raw.startswith(_DXF_BINARY) or _DXF_TEXT.match(raw.removeprefix(b"\xef\xbb\xbf")):
        _refuse(DXF)
    if _DWG.match(raw):
        _refuse(DWG)


def refuse_plain_text(head: bytes) -> None:
    """MalformedInput saying the file is plain text when `head`, its start without blank space, is
    UTF-8 text that cannot begin JSON (a GeoJSON text sequence too), XML or a JavaScript file that
    holds GeoJSON, and whose first line has no delimiter of a table (comma, semicolon, tab, bar);
    nothing for any other file, which the readers after this name better."""
    if not head or head[:1] in b"{[<\x1e" or b"{" in head or _CONTROL.search(head):
        return
    try:  # the head may end inside a letter
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return
    if not _DELIMITERS.search(head.split(b"\n", 1)[0]):
        _refuse(PLAIN_TEXT)


def refuse_by_members(names: list[str]) -> None:
    """MalformedInput saying what a ZIP archive is when it is a Word, Excel or PowerPoint file."""
    inside = set(names)
    for part, what in OFFICE_PARTS:
        if part in inside:
            _refuse(what)
