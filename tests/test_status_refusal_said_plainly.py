"""Review 26, #9: the status page refused a typed feature id under the field's long label, and an
empty field as "What happened: required: give it a value", two colons in one line. Each refusal
is one plain sentence naming the field briefly and what to do, in every language; so are the
other editors' forms', which build their refusals in the same place."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

# A colon, in the page's script: Latin ":" or Khmer "៖" (not one inside an id or a time).
_COLON = re.compile(r"[:៖](?=\s|$)")
_TYPED = {"subject": "", "feature_id": "no-such-feature", "date": "2026-01-15", "status": "open",
          "confidence": "medium", "note": "", "source_title": "Main works start", "source_publisher": "A paper",
          "source_date": "2026-01-16"}


def _refusals(answer) -> list[str]:
    box = BeautifulSoup(answer.get_data(as_text=True), "html.parser").select_one("[role=alert]")
    return [" ".join(item.get_text(" ").split()) for item in box.select(".bm-problems li, .bm-problem")]


@pytest.mark.parametrize("lang, unknown, empty", [
    ("en", "No feature has the id 'no-such-feature': check the “Feature id” you typed, or choose the feature from "
     "the list", "“What happened” is required: give it a value"),
    ("km", "គ្មានធាតុណាមានលេខសម្គាល់ 'no-such-feature' ទេ៖ សូមពិនិត្យ “លេខសម្គាល់ធាតុ” ដែលបានវាយ "
     "ឬជ្រើសរើសធាតុពីបញ្ជី", "“អ្វីដែលបានកើតឡើង” ត្រូវតែបំពេញ៖ សូមផ្តល់តម្លៃ"),
    ("vi", "Không có đối tượng nào có mã 'no-such-feature': hãy kiểm tra “Mã đối tượng” đã nhập, hoặc chọn đối "
     "tượng trong danh sách", "“Điều đã xảy ra” là bắt buộc: hãy nhập giá trị")])
def test_a_refused_status_change_says_each_problem_in_one_sentence(client, lang, unknown, empty):
    client.post("/unlock", data={"token": "test-editor-token"})
    answer = client.post(f"/history?lang={lang}", data=_TYPED)
    problems = _refusals(answer)
    assert answer.status_code == 422 and problems == [unknown, empty], problems
    long_label = {"en": "Or a feature of another layer", "km": "ឬធាតុនៃស្រទាប់ផ្សេងទៀត",
                  "vi": "Hoặc một đối tượng của lớp khác"}[lang]
    assert all(len(_COLON.findall(p)) == 1 and long_label not in p for p in problems), problems


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_no_editors_form_says_a_field_with_two_colons(client, lang):
    """The document, commitment and status forms left empty: each field's refusal has one colon."""
    client.post("/unlock", data={"token": "test-editor-token"})
    said = []
    for address, form in (("/history", {"subject": "", "status": "", "date": "", "note": ""}),
                          ("/ledger/documents", {"title": "", "date": ""}),
                          ("/ledger/commitments", {"summary": ""})):
        answer = client.post(f"{address}?lang={lang}", data=form)
        assert answer.status_code == 422, (address, answer.status_code)
        said += _refusals(answer)
    assert len(said) >= 6 and not [p for p in said if len(_COLON.findall(p)) > 1], said
