"""A KML file's `<coordinates>` read strictly, before GDAL reads the file.

GDAL's KML reader parses each number as C's `strtod` does and fills in what it cannot read:
`10.6l` becomes 10.6, `abc` and an empty `<coordinates/>` become 0, `106.1;11.1` loses a
vertex, and `104.18 10.61` (a space where the comma belongs) becomes [0, 0]. Each of those is
another place than the file meant, and no check after the reading can tell. Here the text of
every `<coordinates>` (whatever its namespace prefix) must be positions separated by white
space, each two or three plain decimal numbers (sign, digits, point, exponent) separated by
commas; spaces beside a comma are allowed, as GDAL reads those as meant. A value that is not
is a problem naming the feature (its number among the file's placemarks and ground overlays,
and its `<name>`) and the value as the file writes it, as a CSV's row is named in `csv_rows`.

The file is scanned as text, not parsed as XML: GDAL reads files that an XML parser refuses
(a prefix such as `gx:` left undeclared), and those are checked all the same.

`on_the_ground` writes the other way: bordermap's KML downloads in two dimensions.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import zipfile

from ..errors import TooLarge
from .explain import feature_named, quoted
from .problems import Problem

# The KML elements GDAL reads as features, in the order it numbers them.
FEATURES = ("Placemark", "GroundOverlay")
POSITIONS = ("expected longitude,latitude or longitude,latitude,altitude (numbers separated by commas, "
             "positions by spaces)")
# Comments and CDATA sections (skipped: what they hold is no element), and the start or end tags
# this reads, with any namespace prefix.
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(/?)(?:[A-Za-z_][\w.-]*:)?(Placemark|GroundOverlay|name|"
                    r"coordinates)(?=[\s/>])[^>]*>", re.S)
_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>|<!--.*?-->", re.S)
# XML's white space only: GDAL reads a no-break space as no separator at all.
_SPACE = re.compile(r"[ \t\r\n]+")
_COMMA = re.compile(r"[ \t\r\n]*,[ \t\r\n]*")
_NUMBER = re.compile(r"[+-]?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?")
# The same rules for a whole `<coordinates>` at once: most files pass in one match.
_SOUND = re.compile(rf"[ \t\r\n]*+(?:{_NUMBER.pattern}(?:[ \t\r\n]*+,[ \t\r\n]*+{_NUMBER.pattern}){{1,2}}+"
                    r"(?:[ \t\r\n]++|\Z))++")


def _decoded(raw: bytes) -> str:
    """The file's text, in the encoding its XML declaration names (UTF-8 when none or unknown)."""
    declared = _DECLARED.match(raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200])
    encoding = "utf-8"
    if declared is not None:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            pass
    return raw.decode(encoding, "replace").removeprefix("\ufeff")


def _text(content: str) -> str:
    """An element's text: entities and character references resolved, CDATA unwrapped."""
    parts, at = [], 0
    for section in _CDATA.finditer(content):
        parts += [html.unescape(content[at:section.start()]), section.group(1) or ""]
        at = section.end()
    return "".join(parts + [html.unescape(content[at:])])


def position_problems(text: str) -> list[str]:
    """What is wrong with the text of one `<coordinates>`, a message for each value; [] when
    every position is two or three plain numbers."""
    if _SOUND.fullmatch(text):
        return []
    positions = _SPACE.split(_COMMA.sub(",", text).strip(" \t\r\n"))
    if positions == [""]:
        return [f"no positions: {POSITIONS}"]
    said = []
    for position in positions:
        numbers = position.split(",")
        if len(numbers) not in (2, 3) or "" in numbers:
            said.append(f"{quoted(position)} is not a position: {POSITIONS}")
            continue
        said += [f"{quoted(number)} is not a number" for number in numbers if not _NUMBER.fullmatch(number)]
    return said


def problems(raw: bytes) -> list[Problem]:
    """Every `<coordinates>` of a KML file that is not a list of positions, each value that is not
    a number or not a position named with its feature, in the file's order."""
    text = _decoded(raw)
    found: list[Problem] = []
    features = 0
    number: int | None = None  # of the feature being read
    name: str | None = None
    pending: list[str] = []  # the feature's problems, said once its name is known
    name_from = coordinates_from = None

    def flush() -> None:
        where = f"{feature_named(number, name)}, coordinates" if number is not None else "coordinates"
        found.extend(Problem(where, message) for message in pending)
        pending.clear()

    for token in _TOKEN.finditer(text):
        closing, tag = token.group(1), token.group(2)
        if tag is None:
            continue
        empty = token.group().endswith("/>")
        if tag in FEATURES:
            flush()
            number, name, name_from = (None, None, None) if closing else (features + 1, None, None)
            features += not closing
            if empty:
                number = None
        elif tag == "name":
            if closing and name_from is not None:
                name = " ".join(_text(text[name_from:token.start()]).split()) or None
                name_from = None
            elif not closing and not empty and number is not None and name is None:
                name_from = token.end()
        elif closing and coordinates_from is not None:
            pending += position_problems(_text(text[coordinates_from:token.start()]))
            coordinates_from = None
        elif not closing:
            if empty:
                pending += position_problems("")
            else:
                coordinates_from = token.end()
        if number is None:
            flush()  # coordinates outside any feature are said at once
    flush()
    return found


def archive_problems(raw: bytes, max_bytes: int) -> list[Problem]:
    """`problems` of each KML file inside a ZIP archive (a KMZ). A KML larger than an upload may
    be (`max_bytes`) is TooLarge, as it would be uploaded alone: a small archive can unpack to
    gigabytes, which reading it whole would hold in memory."""
    found: list[Problem] = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for member in archive.infolist():
            if not member.filename.lower().endswith(".kml"):
                continue
            if member.file_size > max_bytes:
                raise TooLarge(f"the KML file {quoted(member.filename)} in the archive is {member.file_size:,} bytes "
                               f"unpacked; the limit is {max_bytes:,}")
            # Read no more than it declares (zipfile stops there and checks its CRC).
            found += problems(archive.read(member))
    return found


# What GDAL's LIBKML driver writes: `<coordinates>` without a prefix, text in CDATA when it holds
# "<" or "&" (so a description quoting "<coordinates>" is skipped), and each position as x,y,z.
_WRITTEN = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|(<coordinates>)(.*?)(</coordinates>)", re.S)
_GROUND = re.compile(rb"(?<!\S)([^\s,]+,[^\s,]+),0(?!\S)")


def on_the_ground(raw: bytes) -> bytes:
    """A KML file as GDAL's LIBKML driver writes it, each position's altitude of 0 taken off
    (`106.1372,11.0681,0` → `106.1372,11.0681`). LIBKML writes one for every position of a
    geometry in two dimensions, as bordermap's are, and a KML reader then says an elevation was
    dropped on each feature (review 21b, L2); without one, KML means on the ground, as before."""
    def flat(match: re.Match) -> bytes:
        if match.group(1) is None:  # a comment or CDATA: text, not coordinates
            return match.group()
        return match.group(1) + _GROUND.sub(rb"\1", match.group(2)) + match.group(3)

    return _WRITTEN.sub(flat, raw)
