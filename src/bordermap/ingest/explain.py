"""Problems as an editor reads them: the feature by its number from 1 and its name, and how to fix.

The pipeline reports a problem at its JSON path (`features[3].properties.status: ...`), which a
program and the API keep; people who upload a file get the same problem with the feature named
(`feature 4 “Depot A”, properties.status: ...`) and, for the mistakes editors make most, a hint.
"""

from __future__ import annotations

import re

import orjson

from . import sequence
from .not_maps import MAP_FORMATS
from .properties import KNOWN_PROPERTIES

_FEATURE_PATH = re.compile(r"^features\[(\d+)\]\.?")
# Characters that would change how the rest of a message reads (the bidirectional controls turn
# it backwards) or are invisible: a name quoted in a message shows them as their code point.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# Bytes no text file holds (controls other than tab and line breaks): an image, an archive, a program.
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
_CSV_LIKE = re.compile(rb"^[^{\[\n]*[,;\t][^\n]*\n")
# A syntax error at the very first character: the file is no JSON at all (line 1, column 1, and
# not column 10 or 135 of a file written on one line, whose start is sound JSON).
_AT_THE_START = re.compile(r"not valid JSON at line 1, column 1 ")
NAME_LIMIT = 60
VALUE_LIMIT = 40  # characters of a value quoted in a problem


def _features(raw: bytes | None) -> list:
    """The features of the file as it reads (each as written, whatever it is); [] unreadable."""
    if not raw:
        return []
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:  # a GeoJSON text sequence: its records are the features
            document = orjson.loads(sequence.joined(raw))
        except orjson.JSONDecodeError:
            return []
    features = document.get("features") if isinstance(document, dict) else None
    return features if isinstance(features, list) else []


def _names(features: list) -> list[str | None]:
    """The name each feature gives itself (None where it gives none)."""
    names: list[str | None] = []
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        name = props.get("name") if isinstance(props, dict) else None
        names.append(name if isinstance(name, str) and name.strip() else None)
    return names


# What each level of a geometry's coordinates holds, outermost first (RFC 7946 §3.1), and the
# numbers of a position after them: a reader is told "ring 1, position 4", counted from 1 as the
# feature is, where the JSON path writes [0][3].
_LEVELS = {"Point": ("number",), "MultiPoint": ("position", "number"), "LineString": ("position", "number"),
           "MultiLineString": ("line", "position", "number"), "Polygon": ("ring", "position", "number"),
           "MultiPolygon": ("polygon", "ring", "position", "number")}
_STEP = re.compile(r"\.?(?P<key>[^.\[\]]+)|\[(?P<index>\d+)\]")


def place_in_words(rest: str, feature: object = None) -> str:
    """A place inside a feature (`geometry.coordinates[0][3]`) as a reader reads it: its members'
    names as the file writes them, each item of an array by what it is and its number from 1
    (`geometry.coordinates, ring 1, position 4`), its geometry's type read from the feature where
    the file gives it; an item of any other array is an "item" (`properties.sources, item 2, title`)."""
    found = list(_STEP.finditer(rest))
    if not found or "".join(m.group() for m in found) != rest:
        return rest  # not a path of members and items: as written
    words: list[str] = []
    node, geometry, key, depth, after_key = feature, None, None, 0, False
    for step in found:
        if step["key"] is not None:
            words.append(f"{words.pop()}.{step['key']}" if after_key else step["key"])
            if isinstance(node, dict) and isinstance(node.get("type"), str):
                geometry = node  # the geometry whose coordinates (or parts) follow
            node = node.get(step["key"]) if isinstance(node, dict) else None
            key, depth, after_key = step["key"], 0, True
            continue
        i = int(step["index"])
        levels = _LEVELS.get(geometry.get("type")) if key == "coordinates" and isinstance(geometry, dict) else None
        what = levels[min(depth, len(levels) - 1)] if levels else "part" if key == "geometries" else "item"
        words.append(f"{what} {i + 1}")
        node = node[i] if isinstance(node, list) and i < len(node) else None
        depth, after_key = depth + 1, False
    return ", ".join(words)


def _hint(path: str, message: str) -> str:
    """How to fix the commonest mistakes; empty for the others."""
    key = path.rsplit(".properties.", 1)[-1] if ".properties." in path else ""
    # A text rule (a control character, a line break) is not about the value's meaning.
    if key in KNOWN_PROPERTIES and message.startswith("expected") \
            and not message.startswith(("expected plain text", "expected one line")):
        return (f" — `{key}` is a property bordermap reserves (it means the same on every layer), so its "
                f"values are fixed. To keep your own value, rename the property in the file (for example "
                f"`{key}_source` or `site_{key}`) and upload it again.")
    if message.startswith("ring is not closed"):
        return " — tick “Repair invalid geometries” to close it (its first position is repeated at its end)."
    if message.startswith("repaired ("):  # the repair asked for was made: nothing to tick
        return ""
    if "crosses itself" in message or "Self-intersection" in message or "ask for a repair" in message:
        return " — tick “Repair invalid geometries”, or correct the outline in a GIS."
    return ""


_FEATURE_MENTION = re.compile(r"\bfeatures\[(\d+)\](?![.\[])")


def shown(text: str) -> str:
    """`text` to quote in a message: each control, bidirectional or invisible character as its
    code point (“Tab[U+202E]evil”), so that it cannot turn the message around or hide."""
    return _UNSEEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def quoted(text: str) -> str:
    """A value of the file as a problem quotes it: “…”, cut to VALUE_LIMIT characters, each unseen
    character shown (`shown`)."""
    return f"“{shown(text[:VALUE_LIMIT])}{'…' if len(text) > VALUE_LIMIT else ''}”"


def feature_named(number: int, name: str | None) -> str:
    """A feature as problems name it: by its number from 1 and its name, if it has one
    (`feature 4 “Depot A”`), the name cut to NAME_LIMIT characters."""
    who = f"feature {number}"
    if name:
        who += f" “{shown(name[:NAME_LIMIT])}{'…' if len(name) > NAME_LIMIT else ''}”"
    return who


def _is_table(raw: bytes) -> bool:
    """Whether an upload is a table of text (a CSV): not XML (a KML or GPX file whose first line
    holds a comma, `creator="OsmAnd, 4.6"`, was named by rows: the change's review, M5), not
    bytes no text holds (a GeoPackage, an archive), and its first line parted by commas, semicolons
    or tabs."""
    head = raw[:4096]
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and not _BINARY.search(head[:200]) \
        and _CSV_LIKE.match(head.replace(b"\r\n", b"\n") + b"\n") is not None


class _Naming:
    """How problems name a file's features: by number and name (`feature_named`); in a CSV, by
    the row a spreadsheet shows it on and its name, as the rows GDAL could not place are named
    (`csv_rows.row_problems`: "row 3 (Depot)"), and a property by its column (review 21b, L4)."""

    def __init__(self, raw: bytes | None) -> None:
        self.features = _features(raw)
        self.names = _names(self.features)
        self.rows: list[int] = []
        if not self.names and raw and _is_table(raw):
            from .csv_rows import rows_and_names  # which names its own problems with this module's words

            self.rows, self.names = rows_and_names(raw)

    def who(self, index: int) -> str:
        name = self.names[index] if index < len(self.names) else None
        if index >= len(self.rows):
            return feature_named(index + 1, name)
        return f"row {self.rows[index]}" + (f" ({shown(name[:NAME_LIMIT])}{'…' if len(name) > NAME_LIMIT else ''})"
                                            if name else "")

    def place(self, index: int, rest: str) -> str:
        """Where in the feature, in words (`place_in_words`); a CSV's property is its column; its
        geometry is the row's coordinate columns, which the message names where it matters ("the
        lon and lat columns look swapped"), not a place in the GeoJSON GDAL made of them."""
        if not self.rows:
            return place_in_words(rest, self.features[index] if index < len(self.features) else None)
        return "" if rest.split(".")[0].split("[")[0] == "geometry" else rest.removeprefix("properties.")


def readable_problem(problem: str, naming: _Naming, *, hints: bool = True) -> str:
    """One problem with its feature named (number from 1, then its name; a CSV's row) and, with
    `hints`, a hint if one helps (the hints name the upload page's controls)."""
    path, _, message = problem.partition(": ")
    hint = _hint(path, message) if hints else ""
    # Features a message lists (the ones far from the region, say) are named too.
    message = _FEATURE_MENTION.sub(lambda m: naming.who(int(m.group(1))), message)
    match = _FEATURE_PATH.match(path)
    if not match:
        return f"{path}: {message}{hint}" if message else problem + hint
    rest = naming.place(int(match.group(1)), path[match.end():])
    return f"{naming.who(int(match.group(1)))}{', ' + rest if rest else ''}: {message}{hint}"


def readable_problems(problems: list[str], raw: bytes | None, *, hints: bool = True) -> list[str]:
    """Every problem of a file, each naming its feature (see `readable_problem`)."""
    naming = _Naming(raw)
    return [readable_problem(str(problem), naming, hints=hints) for problem in problems]


def readable_message(message: str, raw: bytes | None) -> str:
    """A parse error in words: a CSV or other text that is not JSON at all is said to be so."""
    if not _AT_THE_START.match(message) or not raw:
        return message.replace("invalid literal, expected 'null'", "found text where a JSON value should start")
    if _BINARY.search(raw[:200]):  # quoting its bytes would show “�” and control characters
        return f"this file is not text and not a map format bordermap reads: upload {MAP_FORMATS}"
    if "is not UTF-8 text" in message:  # text in another encoding: quoting it would show “�”
        return message
    head = shown(raw[:200].split(b"\n", 1)[0].decode("utf-8", "replace").strip())
    if _CSV_LIKE.match(raw[:4096] + b"\n"):
        return (f"this file is not GeoJSON: it starts with “{head[:80]}”, which looks like a table (CSV). "
                "Give it lon and lat columns (or a WKT column) and upload it as a .csv file, or convert "
                "it to GeoJSON (in QGIS: Export › Save Features As › GeoJSON).")
    return (f"this file is not GeoJSON: it starts with “{head[:80]}”; expected a JSON object "
            "beginning with {\"type\": \"FeatureCollection\" or {\"type\": \"Feature\".")
