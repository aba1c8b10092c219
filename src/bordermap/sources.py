"""Read source documents and number their body paragraphs (see docs/data-model.md)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from bordermap.errors import ParagraphNotFound, SourceNotFound
from bordermap.i18n import western_digits

__all__ = [
    "ParagraphNotFound", "SourceNotFound", "clean", "fold", "load_document_text", "own_number", "paragraph",
    "paragraphs",
]

# A paragraph's own number at its start ("១. ", "2) ", "(3) "): the publisher's numbering.
_DIGITS = r"[0-9\u17e0-\u17e9]{1,3}"  # Western or Khmer; four digits are a year ("2025: …"), no paragraph's
_OWN_NUMBER = re.compile(rf"(?:\((?P<within>{_DIGITS})\)|(?P<n>{_DIGITS})[.)\u17d4\u17d6:])\s+(?=\S)")
# A block separator is one or more blank lines; two or more mark a page break in the PDF rendering.
_BLOCK_SEP = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_SUP = re.compile(r"<sup>(.*?)</sup>", re.IGNORECASE | re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_DATELINE = re.compile(r"^[A-Z][^\W\d_][\w .'-]*,\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\.?$")


def fold(text: str) -> str:
    """Return text without accents or case, for matching (Tây Ninh -> tay ninh, Đ -> d)."""
    if text.isascii():  # nothing to decompose or strip: what the general path gives, quicker
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().replace("đ", "d")


def clean(block: str) -> str:
    """Return a block as plain text: no bold markers or <sup> tags, one line, single spaces."""
    text = _SUP.sub(r"\1", block)
    text = text.replace("**", "").replace("__", "")
    return re.sub(r"\s+", " ", text).strip()


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Split text into (raw block, followed-by-a-page-break) pairs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for sep in _BLOCK_SEP.finditer(text):
        pieces.append((text[pos:sep.start()], sep.group().count("\n") >= 3))
        pos = sep.end()
    pieces.append((text[pos:], False))
    return [(raw, brk) for raw, brk in pieces if raw.strip()]


def _is_bold_only(raw: str) -> bool:
    """True when a block is entirely wrapped in Markdown bold markers (a letterhead line)."""
    body = raw.strip()
    return body.startswith("**") and body.endswith("**") and len(body) > 4


def paragraphs(text: str) -> list[str]:
    """Return the numbered body paragraphs of a document, cleaned to plain text."""
    blocks = _blocks(text)
    start = 0
    while start < len(blocks) and _is_bold_only(blocks[start][0]):
        start += 1  # letterhead: bold-only blocks before the first body paragraph
    result: list[str] = []
    pending = ""
    for raw, page_break in blocks[start:]:
        cleaned = clean(raw)
        pending = f"{pending} {cleaned}" if pending else cleaned
        if page_break and not _SENTENCE_END.search(pending):
            continue  # the paragraph goes on after the page break
        result.append(pending)
        pending = ""
    if pending:
        result.append(pending)
    if result and _DATELINE.match(result[-1]):
        result.pop()  # closing dateline, e.g. "Phnom Penh, 11 December 2025"
    return result


def own_number(text: str) -> tuple[int, int] | None:
    """The number a paragraph gives itself at its start, and where its words begin after it
    ("3. Both sides…" → (3, 3)); None when it begins with no number."""
    found = _OWN_NUMBER.match(text or "")
    if found is None:
        return None
    return int(western_digits(found["within"] or found["n"])), found.end()


def known_paragraph_count(document: dict) -> int | None:
    """How many paragraphs a document has, known without reading its text: an editors'
    document holds its numbered paragraphs; a curated one says how many (`paragraph_count` in
    geodata/documents.toml, checked against the text where the sources are at hand)."""
    if document.get("paragraphs") is not None:
        return len(document["paragraphs"])
    count = document.get("paragraph_count")
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def load_document_text(sources_dir: str | Path, file_name: str) -> str:
    """Return the UTF-8 text of a source file in sources_dir."""
    if not file_name or Path(file_name).name != file_name or file_name in {".", ".."}:
        raise SourceNotFound(f"source file name must be a plain file name, got {file_name!r}")
    path = Path(sources_dir) / file_name
    if not path.is_file():
        raise SourceNotFound(f"source file {file_name!r} not found in {str(sources_dir)!r}")
    return path.read_text(encoding="utf-8")


def paragraph(sources_dir: str | Path, document: str, n: int) -> str:
    """Return body paragraph n (1-based) of the source file named document."""
    numbered = paragraphs(load_document_text(sources_dir, document))
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(numbered):
        raise ParagraphNotFound(
            f"{document}: expected a paragraph number from 1 to {len(numbered)}, got {n!r}"
        )
    return numbered[n - 1]
