"""A document's text from what an editor gives: pasted text, or a .txt, .md or .html file.

HTML is read with Beautiful Soup (lxml's parser): every block element (paragraph, heading,
list item, quotation, table cell) becomes a block of text, blocks separated by a blank line,
which is what `bordermap.sources.paragraphs` numbers. Scripts, styles and navigation are left
out; nothing of the markup reaches the stored text.
"""

from __future__ import annotations

from pathlib import PurePath

from ..errors import MalformedInput

SUFFIXES = (".txt", ".md", ".html", ".htm")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dt", "dd",
           "figcaption", "caption", "address")
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
            "iframe", "svg", "head")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (or UTF-16 with its byte-order mark) text; MalformedInput naming the file otherwise."""
    for mark, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(mark):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedInput(f"{name}: not UTF-8 text (byte {error.start + 1} is 0x{raw[error.start]:02x}); "
                             "save the file as UTF-8 and upload it again") from None


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per paragraph, blank lines between them."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(list(_DROPPED)):
        tag.decompose()
    body = soup.body or soup
    blocks = []
    for element in body.find_all(list(_BLOCKS)):
        if element.find_parent(list(_BLOCKS)) is not None:
            continue  # its text is part of the enclosing block
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(text)
    if not blocks:  # a page of bare text in <div>s or <br>s: its lines are the blocks
        blocks = [" ".join(line.split()) for line in body.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(blocks)


def document_text(raw: bytes, file_name: str) -> str:
    """The text of an uploaded file by its suffix; MalformedInput for any other kind of file."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        raise MalformedInput(f"{file_name}: expected a .txt, .md or .html file, got {suffix or 'no suffix'}")
    text = decode(raw, file_name)
    if suffix in (".html", ".htm"):
        return html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")
