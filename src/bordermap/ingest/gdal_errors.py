"""What GDAL says when it cannot read an upload, in bordermap's own words.

GDAL's messages are written for developers: a damaged GeoPackage gives the SQL statement SQLite
refused, a broken KML the path of the server's temporary copy (`/tmp/bordermap-upload-…/
upload.kml`). An editor is told what is wrong in a sentence of ours, which the upload page says in
the reader's language (app/problem_words); where GDAL's detail helps (the line of a KML file),
it follows in English, the temporary path replaced by the name of the file as it was uploaded.
"""

from __future__ import annotations

import re
from typing import Callable

from ..errors import MalformedInput

# What reads a file with GDAL is given this: GDAL's error said in our words (`refusal`).
Unreadable = Callable[[Exception], MalformedInput]

DAMAGED_GEOPACKAGE = ("the GeoPackage is damaged or cut short: it cannot be read as a database; save or copy it "
                      "again")
# SQLite's words for a file it cannot read as a database (GDAL prefixes the statement it ran).
_SQLITE_DAMAGE = re.compile(r"sqlite3_|malformed|not a database|disk I/O error|database corrupt", re.I)
# libkml's (expat's) words for a file that is not well-formed XML.
_KML_SYNTAX = re.compile(r"ERROR parsing kml .*?:\s*(?P<reason>[^:]+?) on line (?P<line>\d+)", re.S)


def without_paths(text: str, folder: str, filename: str) -> str:
    """GDAL's message with the temporary copy's path (inside a ZIP archive too) said as the file's name."""
    copy = r"(?:/vsizip/)?" + re.escape(folder.rstrip("/")) + r"(?:/upload\.\w+)?"
    return re.sub(copy, lambda _: filename or "the file", text).strip()


def refusal(error: Exception, kind: str, what: str, folder: str, filename: str) -> MalformedInput:
    """The refusal of a file GDAL could not read: `kind` is formats.kind_of's, `what` the format's
    name, `folder` the temporary folder the file was copied to, `filename` its name as uploaded."""
    detail = without_paths(str(error), folder, filename)
    if kind == "gpkg" and _SQLITE_DAMAGE.search(detail):
        return MalformedInput(DAMAGED_GEOPACKAGE)  # SQLite's statement tells an editor nothing
    broken = _KML_SYNTAX.search(detail)
    if broken is not None:
        return not_well_formed("KML", broken["line"], broken["reason"])
    return MalformedInput(f"the file could not be read as {what}: {detail}")


def not_well_formed(what: str, line: int | str, reason: str) -> MalformedInput:
    """The refusal of an XML file (KML, GPX: `what`) that breaks off or breaks XML's rules at `line`,
    `reason` in expat's words."""
    return MalformedInput(f"the {what} file is not well-formed XML at line {line} ({reason}): it may be damaged "
                          "or cut short; save or export it again")
