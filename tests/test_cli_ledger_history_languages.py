"""`bordermap documents`, `commitments` and `history` in the reader's language (review rv22a, M6).

What a command stored is said in the language `bordermap --lang` chose, and a refusal as the
editors' forms say it there: what was not stored and how many problems, then each problem under
the option the reader typed (`--paragraph`, `--feature`, `--date`), not the library's name for
the field (`features[0]`, `event.source`). The lines are checked whole, in each language.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bordermap_app.cli import EXIT_REFUSED, main

# A report of three paragraphs (its closing dateline is not one).
REPORT = """HÀ NỘI — Viet Nam and Cambodia agreed on Monday to open the Mon Chay – Tan Nam gate to third-country travellers by June.

Deputy ministers of transport agreed to finish the study of the Ho Chi Minh City – Moc Bai expressway link to Bavet this year.

Both sides pledged to hold the next border talks in Phnom Penh.

Ha Noi, 2 March 2026"""

DOCUMENT = ["--title", "Talks", "--publisher", "A test news service", "--date", "2026-03-02", "--language", "en",
            "--kind", "news-report"]
COMMITMENT = ["--sector", "border-affairs", "--summary", "Gate open to more travellers", "--actor", "Cambodia",
              "--statement", "agreed", "--status", "pledged", "--stated", "2026-03-02", "--document", "doc-ed-1",
              "--paragraph", "1"]
EVENT = ["--date", "2026-03", "--status", "open", "--note", "Opened to third-country travellers."]

STORED = {
    "en": ["added document doc-ed-1 as revision 1", "edited document doc-ed-1 as revision 2",
           "added commitment c-ed-1 as revision 3", "added status event ev-4 as revision 4"],
    "km": ["បានបន្ថែមឯកសារ doc-ed-1 ជាការកែប្រែ 1", "បានកែសម្រួលឯកសារ doc-ed-1 ជាការកែប្រែ 2",
           "បានបន្ថែមការប្តេជ្ញា c-ed-1 ជាការកែប្រែ 3", "បានបន្ថែមព្រឹត្តិការណ៍ស្ថានភាព ev-4 ជាការកែប្រែ 4"],
    "vi": ["đã thêm văn bản doc-ed-1 thành lần sửa đổi 1", "đã sửa văn bản doc-ed-1 thành lần sửa đổi 2",
           "đã thêm cam kết c-ed-1 thành lần sửa đổi 3", "đã thêm sự kiện tình trạng ev-4 thành lần sửa đổi 4"],
}
# A refusal's first word, in the reader's language (click's own is English: review 27, #10).
ERROR = {"en": "Error: ", "km": "កំហុស៖ ", "vi": "Lỗi: "}
NOT_STORED = {"en": "Error: The commitment was not stored: 1 problem",
              "km": "កំហុស៖ ការប្តេជ្ញាមិនត្រូវបានរក្សាទុកទេ៖ បញ្ហា ១",
              "vi": "Lỗi: Cam kết chưa được lưu: 1 vấn đề"}
# Each refused commitment: the options that differ from COMMITMENT, and its problem's line.
REFUSED = {
    "missing paragraph": (["--paragraph", "9"], {
        "en": "--paragraph: document 'doc-ed-1' has paragraphs 1 to 3, not 9",
        "km": "--paragraph៖ ឯកសារ 'doc-ed-1' មានកថាខណ្ឌពី ១ ដល់ ៣ មិនមែន ៩ ទេ",
        "vi": "--paragraph: văn bản 'doc-ed-1' có các đoạn từ 1 đến 3, không có đoạn 9"}),
    "unknown document": (["--document", "doc-ed-9"], {
        "en": "--document: no document with id 'doc-ed-9'",
        "km": "--document៖ គ្មានឯកសារដែលមានលេខសម្គាល់ 'doc-ed-9' ទេ",
        "vi": "--document: không có văn bản nào có mã 'doc-ed-9'"}),
    "unknown feature": (["--feature", "xw-nope"], {
        "en": "--feature: no feature with id 'xw-nope'",
        "km": "--feature៖ គ្មានធាតុដែលមានលេខសម្គាល់ 'xw-nope' ទេ",
        "vi": "--feature: không có đối tượng nào có mã 'xw-nope'"}),
    "malformed date": (["--stated", "2026-1-5"], {
        "en": '--stated: expected a date YYYY-MM-DD, got "2026-1-5"',
        "km": '--stated៖ ត្រូវការកាលបរិច្ឆេទ YYYY-MM-DD ប៉ុន្តែបានទទួល "2026-1-5"',
        "vi": '--stated: cần ngày dạng YYYY-MM-DD, nhưng là "2026-1-5"'}),
}


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`bordermap --lang LANG ...` on a store of its own, with the report at tmp_path/report.txt."""
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("BORDERMAP_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    runner = CliRunner()
    return lambda lang, *args: runner.invoke(main, ["--lang", lang, *args])


def _refusal(result) -> list[str]:
    """The refusal's lines on stderr (after the line naming the store), the command refused."""
    assert result.exit_code == EXIT_REFUSED, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith(tuple(ERROR.values()))):]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_what_was_stored_is_said_in_the_language_chosen(run, tmp_path, lang):
    report = str(tmp_path / "report.txt")
    longer = tmp_path / "longer.txt"
    longer.write_text(REPORT.replace("Ha Noi, 2 March", "More talks in May.\n\nHa Noi, 2 March"), encoding="utf-8")
    said = [run(lang, "documents", "add", report, *DOCUMENT),
            run(lang, "documents", "edit", "doc-ed-1", str(longer)),
            run(lang, "commitments", "add", *COMMITMENT),
            run(lang, "history", "add", "feature", "cp-bavet-moc-bai", *EVENT, "--document", "doc-ed-1",
                "--paragraph", "1")]
    assert [result.stdout for result in said] == [line + "\n" for line in STORED[lang]], said[-1].output


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_commitment_names_the_option_and_says_the_problem_as_the_form_does(run, tmp_path, lang, case):
    assert run("en", "documents", "add", str(tmp_path / "report.txt"), *DOCUMENT).exit_code == 0
    changed, problems = REFUSED[case]
    asked = dict(zip(COMMITMENT[::2], COMMITMENT[1::2], strict=True))
    args = [part for option, value in asked.items() if option not in changed for part in (option, value)]
    refused = run(lang, "commitments", "add", *args, *changed)
    assert _refusal(refused) == [NOT_STORED[lang], "  " + problems[lang]]
    assert run("en", "revisions", "list").stdout.count("\n") == 1  # the document's revision alone


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Error: no document with id 'doc-ed-9'"),
    ("km", "កំហុស៖ រកមិនឃើញ៖ គ្មានឯកសារដែលមានលេខសម្គាល់ 'doc-ed-9' ទេ"),
    ("vi", "Lỗi: Không tìm thấy: không có văn bản nào có mã 'doc-ed-9'"),
])
def test_an_unknown_document_to_edit_is_said_in_the_language_chosen(run, tmp_path, lang, said):
    assert _refusal(run(lang, "documents", "edit", "doc-ed-9", str(tmp_path / "report.txt"))) == [said]


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["Error: The status event was not stored: 2 problems",
            '  --date: expected an ISO date (2025-12-08, 2025-12 or 2025), got "2026-1-5"',
            "  give --document and --paragraph, or --source-title, --source-publisher and --source-date"]),
    ("km", ["កំហុស៖ ព្រឹត្តិការណ៍ស្ថានភាពមិនត្រូវបានរក្សាទុកទេ៖ បញ្ហា ២",
            '  --date៖ ត្រូវការកាលបរិច្ឆេទដូចជា 2025-12-08, 2025-12 ឬ 2025 ប៉ុន្តែបានទទួល "2026-1-5"',
            "  សូមផ្ដល់ --document និង --paragraph ឬ --source-title, --source-publisher និង --source-date"]),
    ("vi", ["Lỗi: Sự kiện tình trạng chưa được lưu: 2 vấn đề",
            '  --date: cần ngày như 2025-12-08, 2025-12 hoặc 2025, nhưng là "2026-1-5"',
            "  hãy đưa --document và --paragraph, hoặc --source-title, --source-publisher và --source-date"]),
])
def test_an_event_without_its_source_names_the_options_that_give_one(run, lang, said):
    refused = run(lang, "history", "add", "feature", "cp-bavet-moc-bai", "--date", "2026-1-5", "--status", "open",
                  "--note", "Opened.")
    assert _refusal(refused) == said


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "    places: place-ha-noi, cp-meun-chey-tan-nam; sector: border-affairs; statement: agreed"),
    ("km", "    ទីកន្លែង៖ place-ha-noi, cp-meun-chey-tan-nam; វិស័យ៖ border-affairs; ប្រភេទសេចក្តីថ្លែង៖ agreed"),
    ("vi", "    địa điểm: place-ha-noi, cp-meun-chey-tan-nam; lĩnh vực: border-affairs; loại tuyên bố: agreed"),
])
def test_a_dry_run_says_its_suggestions_in_the_language_chosen(run, tmp_path, lang, said):
    preview = run(lang, "documents", "add", str(tmp_path / "report.txt"), *DOCUMENT, "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert preview.stdout.splitlines()[1] == said


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_refusal_without_problems_puts_the_languages_colon_after_its_title(run, lang):
    """The change's review, L4: the same event twice was refused as "ការប៉ះទង្គិច: ..." on a Khmer
    command line, a Latin colon after the translated title, where every other line has "៖"."""
    event = ["history", "add", "feature", "xw-hcmc-moc-bai", *EVENT, "--source-title", "T", "--source-publisher", "P",
             "--source-date", "2026-03-02"]
    assert run(lang, *event).exit_code == 0
    again = run(lang, *event)
    assert again.exit_code == EXIT_REFUSED
    line = next(line for line in again.output.splitlines() if line.startswith(ERROR[lang]))
    if lang == "km":
        assert "៖" in line and ": " not in line.removeprefix(ERROR[lang]), line
    else:
        assert "Xung đột: " in line or ": " in line.removeprefix(ERROR[lang]), line
    assert "already in the record" not in line, line
