"""The one rule for every text bordermap stores: a length limit, no control characters, no
bidirectional overrides, and no line breaks where one line is expected (names, titles, authors,
file names)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problem

# C0 controls but tab, line feed and carriage return; DEL; C1 controls (U+0085 included);
# the bidirectional embeddings, overrides and isolates, which can make text read as other
# text; and lone surrogates (a file name from a disk may hold them), which cannot be stored.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BREAKS = frozenset("\t\n\r\u2028\u2029")


@dataclass(frozen=True)
class TextRules:
    """Limits on one kind of text: at most `max_chars` characters; line breaks and tabs allowed
    only when `lines` (a description, not a name); `control=False` skips the search for control
    characters, and is only right when `may_hold_control_characters` says the file holds none."""

    max_chars: int = 10_000
    control: bool = True
    lines: bool = True


def one_line(max_chars: int) -> TextRules:
    """The rules for a name, a title, an author or a file name."""
    return TextRules(max_chars, lines=False)


# The rules for each text bordermap stores besides properties (which follow Limits.max_text).
TITLE = one_line(120)  # a layer's title
AUTHOR = one_line(80)  # who made a change
FILENAME = one_line(255)  # the name of an uploaded file
SUMMARY = one_line(600)  # a revision's summary, which names the file and the layer
ID = one_line(1_000)  # a feature's id in the file, kept as source_id when bordermap cannot use it


def text_problems(value: str, path: str, rules: TextRules | int) -> list[Problem]:
    """Text longer than the limit, holding a control or bidirectional-override character, or a
    line break where one line is expected; each problem says where and what to do."""
    if isinstance(rules, int):
        rules = TextRules(rules)
    if len(value) > rules.max_chars:
        return [Problem(path, f"text is {len(value):,} characters long; the limit is {rules.max_chars:,}: "
                              "shorten it")]
    if not rules.control and (rules.lines or not _has_break(value)):
        return []
    found = (_CONTROL if rules.lines else _CONTROL_OR_BREAK).search(value)
    if found is None:
        return []
    char, at = found.group(), found.start() + 1
    if char in _BREAKS:
        return [Problem(path, f"expected one line of text, got a line break or tab U+{ord(char):04X} "
                              f"at character {at}: put it on one line")]
    return [Problem(path, f"expected plain text, got a control character U+{ord(char):04X} at character {at}: "
                          "remove it")]


def has_problem(column: list[str], rules: TextRules) -> bool:
    """True when any text in `column` breaks `rules`: `text_problems` for a whole column at once."""
    if not column:
        return False
    if max(map(len, column)) > rules.max_chars:
        return True
    joined = "".join(column)
    if not rules.control:  # then only a line break or a tab can break one line's rules
        return not rules.lines and _has_break(joined)
    return (_CONTROL if rules.lines else _CONTROL_OR_BREAK).search(joined) is not None


def _has_break(text: str) -> bool:
    """Whether a text holds a line break or a tab: five searches for one character each take
    a tenth of the time of the pattern's (research 21)."""
    return any(char in text for char in _BREAKS)


# Control characters in JSON text are escaped (\u0000-\u001f, \b, \f) or raw UTF-8 (DEL, the
# C1 controls, the bidirectional overrides); line breaks do not count: descriptions may hold them.
_RAW_CONTROL = re.compile(
    rb"\\u00[0189][0-9a-fA-F]|\\u007[fF]|\\[bf]|\\u20(?:2[a-eA-E]|6[6-9])|\x7f|\xc2[\x80-\x9f]"
    rb"|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def may_hold_control_characters(raw: bytes) -> bool:
    """False when no string in the JSON text can hold a control or bidi-override character."""
    if b"\\" not in raw and b"\x7f" not in raw and b"\xe2" not in raw and b"\xc2" not in raw:
        return False  # every match starts with one of these bytes, which are quick to look for
    return _RAW_CONTROL.search(raw) is not None
