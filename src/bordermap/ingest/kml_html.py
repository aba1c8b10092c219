"""A KML description written in HTML, as its text.

ArcGIS ("Layer To KML"), QGIS and Google Earth put a placemark's attributes in an HTML table in
its `<description>`. The map shows every property as text (never as markup), so such a
description showed as `<html><body><table border="1"><tr><th>Tên</th>…`. It is kept as what a
reader of the markup sees: a table row of two cells as "Tên: Lệ Thanh", of more as its cells
joined by commas, each block on its own line, a link's address after its words; scripts, styles
and pictures are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# A description that holds markup, not text that happens to use "<".
_MARKUP = re.compile(r"<(?:html|body|table|tr|td|th|br|p|div|span|a|b|i|u|img|font|ul|ol|li|h[1-6])\b[^>]*>", re.I)
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})
_HIDDEN = frozenset({"script", "style", "head", "title"})


def is_html(text: str) -> bool:
    return bool(_MARKUP.search(text))


class _Text(HTMLParser):
    """Collects the lines a reader of the markup sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.rows: list[list[list[str]]] = []  # the cells of each row being read (tables nest)
        self.hidden = 0
        self.links: list[str] = []

    def _words(self) -> list[str]:
        return self.rows[-1][-1] if self.rows and self.rows[-1] else self.line

    def _end_line(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "tr":
            self._end_line()
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append([])
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        elif tag in _BLOCKS:
            self._end_line()

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "tr" and self.rows:
            cells = [" ".join("".join(cell).split()) for cell in self.rows.pop()]
            cells = [cell for cell in cells if cell]
            if cells:
                self.lines.append(f"{cells[0]}: {cells[1]}" if len(cells) == 2 else ", ".join(cells))
        elif tag == "a" and self.links:
            href = self.links.pop()
            if re.match(r"https?://", href) and href not in "".join(self._words()):
                self._words().append(f" ({href})")
        elif tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data):
        if not self.hidden:
            self._words().append(data)


def as_text(html: str) -> str:
    """The text a reader of `html` sees, a line per row or block."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    reader._end_line()
    return "\n".join(reader.lines)
