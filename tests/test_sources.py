"""Tests of bordermap.sources: paragraph numbering of the source documents, look-ups, folding."""
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from bordermap import sources  # noqa: E402
from bordermap.sources import ParagraphNotFound, SourceNotFound  # noqa: E402

SOURCES_DIR = Path(os.environ.get("BORDERMAP_SOURCES_DIR", REPO.parent / "shared" / "sources"))
PRESS_RELEASE = "kh-mfa-pr71-2025-21st-joint-commission.txt"
NEWS_REPORT = "vns-pm-chinh-meets-sar-sokha.txt"


def _paragraphs(file_name):
    path = SOURCES_DIR / file_name
    if not path.is_file():
        pytest.skip(f"source document not available: {path}")
    return sources.paragraphs(sources.load_document_text(SOURCES_DIR, file_name))


def test_press_release_has_18_body_paragraphs():
    paras = _paragraphs(PRESS_RELEASE)
    assert len(paras) == 18
    assert paras[0].startswith("On 9 December 2025")
    assert paras[-1].endswith("in Viet Nam in 2026.")


def test_press_release_letterhead_and_dateline_are_not_numbered():
    paras = _paragraphs(PRESS_RELEASE)
    assert not any("KINGDOM OF CAMBODIA" in p or "PRESS RELEASE" in p for p in paras)
    assert not any(p.startswith("Phnom Penh, 11 December 2025") for p in paras)


def test_page_break_splits_are_joined_into_whole_paragraphs():
    paras = _paragraphs(PRESS_RELEASE)
    political = [p for p in paras if "Political Cooperation" in p]
    assert len(political) == 1
    assert "state visit of His Majesty" in political[0]
    assert political[0].endswith("to Viet Nam in December 2023.")
    border = [p for p in paras if "Meun Chey" in p]
    assert len(border) == 1
    assert "8th December 2025" in border[0]
    assert border[0].startswith("On Border Affairs and Land Border Checkpoint")
    assert not any(p.startswith(("Majesty", "8th December")) for p in paras)


def test_markup_is_cleaned_to_plain_text():
    paras = _paragraphs(PRESS_RELEASE)
    for p in paras:
        assert "<sup>" not in p and "</sup>" not in p and "**" not in p
        assert "\n" not in p and "  " not in p
    assert "(21st JC)" in paras[0]
    assert "Political Cooperation" in paras[3]


def test_news_report_has_18_paragraphs():
    paras = _paragraphs(NEWS_REPORT)
    assert len(paras) == 18
    assert paras[0].startswith("HÀ NỘI")
    assert "demarcation" in paras[11]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("**HEAD**\n\nBody one.\n\nBody two.\n\nPhnom Penh, 11 December 2025\n", ["Body one.", "Body two."]),
        ("First part of a\n\n\n\nsentence ends here.\n\nNext one.", ["First part of a sentence ends here.", "Next one."]),
        ("Ends with a full stop.\n\n\n\nNew paragraph.", ["Ends with a full stop.", "New paragraph."]),
        ("The 21<sup>st</sup> **JC** met.", ["The 21st JC met."]),
        ("Line one  \nline two.\r\n\r\nNext.", ["Line one line two.", "Next."]),
        ("", []),
    ],
)
def test_paragraph_rules_on_small_texts(text, expected):
    assert sources.paragraphs(text) == expected


def test_paragraph_lookup(tmp_path):
    (tmp_path / "doc.txt").write_text("**LETTERHEAD**\n\nAlpha.\n\nBeta.\n", encoding="utf-8")
    assert sources.paragraph(tmp_path, "doc.txt", 2) == "Beta."


@pytest.mark.parametrize("n", [0, 3, -1, "1", True])
def test_paragraph_out_of_range_raises(tmp_path, n):
    (tmp_path / "doc.txt").write_text("Alpha.\n\nBeta.\n", encoding="utf-8")
    with pytest.raises(ParagraphNotFound, match="doc.txt: expected a paragraph number from 1 to 2"):
        sources.paragraph(tmp_path, "doc.txt", n)


@pytest.mark.parametrize("name", ["missing.txt", "../secret.txt", "sub/doc.txt", ""])
def test_missing_or_unsafe_source_raises(tmp_path, name):
    with pytest.raises(SourceNotFound) as info:
        sources.load_document_text(tmp_path, name)
    assert info.value.status == 404


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tây Ninh", "tay ninh"),
        ("Phạm Minh Chính", "pham minh chinh"),
        ("ĐẮK LẮK", "dak lak"),
        ("Đồng Tháp", "dong thap"),
        ("Việt Nam", "viet nam"),
        ("21ˢᵗ", "21st"),
    ],
)
def test_fold_removes_accents_and_case(text, expected):
    assert sources.fold(text) == expected
