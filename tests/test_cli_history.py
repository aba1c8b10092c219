"""`bordermap history`: show, add, correct and retract status events from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bordermap_app.cli import EXIT_REFUSED, main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def test_show_gives_the_dated_history_with_sources_and_the_slippage(run):
    result = run("history", "show", "feature", "cp-meun-chey-tan-nam", "--at", "2025-12-09")
    assert result.exit_code == 0, result.output
    assert "as of 2025-12-09: inaugurated" in result.output
    assert "2021-05-31  open" in result.output and "Source: Vietnam, Cambodia open new border gate pair" in result.output
    assert "target: inaugurated by 2025-10-20/2025-10-30: reached 2025-12-08, 39 days late" in result.output
    before = run("history", "show", "feature", "xw-hcmc-moc-bai", "--at", "2024-01-01")
    assert "not yet on record" in before.output


def test_add_correct_retract_and_revert(run):
    added = run("history", "add", "commitment", "c-pr71-32", "--date", "2026-10", "--status", "done",
                "--note", "The 22nd Joint Commission met.", "--document", "kh-mfa-pr71-2025", "--paragraph", "18",
                "--author", "ana")
    assert added.exit_code == 0, added.output
    event_id = added.stdout.split()[3]
    assert "commitment c-pr71-32 as of 2026-11-01: done" in run(
        "history", "show", "commitment", "c-pr71-32", "--at", "2026-11-01").output
    corrected = run("history", "correct", event_id, "commitment", "c-pr71-32", "--date", "2026-10-15",
                    "--status", "done", "--note", "Met in Ha Noi.", "--document", "kh-mfa-pr71-2025",
                    "--paragraph", "18")
    assert corrected.exit_code == 0, corrected.output
    retracted = run("history", "retract", event_id, "--reason", "no source yet")
    assert retracted.exit_code == 0, retracted.output
    assert "as of 2026-11-01: pledged" in run("history", "show", "commitment", "c-pr71-32", "--at", "2026-11-01").output
    listed = run("revisions", "list").output
    assert "retracted status event" in listed and "no source yet" in listed
    revision = retracted.stdout.split()[-1]
    assert run("revisions", "revert", revision).exit_code == 0
    assert "as of 2026-11-01: done" in run("history", "show", "commitment", "c-pr71-32", "--at", "2026-11-01").output


def test_bad_events_list_every_problem_and_change_nothing(run):
    result = run("history", "add", "feature", "cp-bavet-moc-bai", "--date", "2026-13", "--status", "finished",
                 "--note", "x", "--source-title", "T", "--source-publisher", "P", "--source-date", "yesterday")
    assert result.exit_code == EXIT_REFUSED
    assert "The status event was not stored: 3 problems" in result.output
    assert "  --date: " in result.output and "  --status: expected one of open" in result.output
    assert "  --source-date: " in result.output
    # An unknown feature is one of the event's problems, listed as the others are (review 11, N1).
    unknown = run("history", "add", "feature", "nowhere", "--date", "2026", "--status", "open", "--note", "x",
                  "--document", "kh-mfa-pr71-2025", "--paragraph", "1")
    assert unknown.exit_code == EXIT_REFUSED
    assert unknown.stderr.splitlines()[-1].strip() == "ENTITY_ID: no feature with id 'nowhere'", unknown.stderr
    assert run("history", "retract", "cp-bavet-moc-bai@2011-01-03").exit_code == EXIT_REFUSED
    assert run("history", "show", "feature", "cp-bavet-moc-bai", "--at", "soon").exit_code == EXIT_REFUSED
    assert "no revisions yet" in run("revisions", "list").output


@pytest.mark.parametrize(("lang", "said"), [
    ("km", ["ធាតុ cp-meun-chey-tan-nam គិតត្រឹម ៩ ធ្នូ ២០២៥៖ បានសម្ពោធ",
            "គោលដៅ៖ បានសម្ពោធ នៅ ២០ តុលា ២០២៥ – ៣០ តុលា ២០២៥៖ បានសម្រេចនៅ ៨ ធ្នូ ២០២៥ យឺត ៣៩ ថ្ងៃ",
            "  ៣១ ឧសភា ២០២១  បើកដំណើរការ  ["]),
    ("vi", ["đối tượng cp-meun-chey-tan-nam tính đến 9 tháng 12 năm 2025: Đã khánh thành",
            "mục tiêu: Đã khánh thành, hạn 20 tháng 10 năm 2025 – 30 tháng 10 năm 2025: đạt vào 8 tháng 12 năm 2025, chậm 39 ngày",
            "(bản dịch chưa duyệt)  Nguồn: "]),
])
def test_show_speaks_the_readers_language(run, lang, said):
    """`history show` was English whatever `--lang` said (closing note of 5 December 2026): its
    dates, statuses, targets and slippage are now in the reader's words, ids as stored."""
    shown = run("--lang", lang, "history", "show", "feature", "cp-meun-chey-tan-nam", "--at", "2025-12-09")
    assert shown.exit_code == 0, shown.output
    for text in said:
        assert text in shown.stdout, shown.stdout
    for english in (" as of ", "target:", "days late", "reached ", "Source:", "(estimated)"):
        assert english not in shown.stdout
    statement = run("--lang", lang, "history", "show", "commitment", "c-pr71-32", "--at", "2026-01-01").stdout
    assert "Statement, as the document cited records it." not in statement and "¶" in statement
