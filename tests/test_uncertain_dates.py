"""A document whose day of publication is not known for sure says so where its date is shown.

Review 19, S1: the VNS report of the Chinh – Sar Sokha meeting came out on 19 or 20 Feb 2025
(its `date_note` says why), yet every citation read "(2025-02-19)". A document now gives the
latest day it may be (`date_latest`), and its citations read "2025-02-19 or 2025-02-20" in the
page language; a document whose date is known reads as before.
"""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from bordermap.curated import load_curated
from bordermap.errors import CuratedDataError
from bordermap.model import date_latest_problems, date_span
from bordermap.paths import geodata_dir
from conftest import PHONE, clean, open_map, screenshot

VNS = "vns-chinh-sar-sokha"
AUTH = {"Authorization": "Bearer test-editor-token"}
SAID = {"en": "2025-02-19 or 2025-02-20", "km": "១៩ កុម្ភៈ ២០២៥ ឬ ២០ កុម្ភៈ ២០២៥",
        "vi": "19 tháng 2 năm 2025 hoặc 20 tháng 2 năm 2025"}
CERTAIN = {"en": "2025-12-11", "km": "១១ ធ្នូ ២០២៥", "vi": "11 tháng 12 năm 2025"}  # PR 71/2025


@pytest.mark.parametrize("date, latest, said", [
    ("2025-02-19", "2025-02-20", "or"), ("2025-02-28", "2025-03-01", "or"), ("2025-02-19", "2025-02-25", "between"),
    ("2025-12", "2026-01", "or"), ("2025", "2026", "or"), ("2025", "2027", "between"),
    ("2025-02-19", None, None), ("2025-02-19", "2025-02-19", None),
])
def test_how_an_uncertain_date_reads(date, latest, said):
    assert date_span(date, latest) == said


@pytest.mark.parametrize("latest, problem", [
    ("2025-02", "expected a date shaped as the date (2025-02-20), got '2025-02'"),
    ("2025-02-30", "no such date: '2025-02-30'"),
    ("2025-02-18", "expected a date after the date (2025-02-19), got 2025-02-18"),
    (20, "expected a date shaped as the date (2025-02-20), got 20"),
])
def test_a_latest_day_that_cannot_be_is_refused_saying_why(latest, problem):
    assert date_latest_problems("2025-02-19", latest) == [problem]
    assert date_latest_problems("2025-02-19", "2025-02-20") == date_latest_problems("2025-02-19", None) == []


def test_the_vns_report_says_its_date_is_uncertain(client):
    documents = {d["id"]: d for d in client.get("/api/documents").get_json()}
    assert (documents[VNS]["date"], documents[VNS]["date_latest"]) == ("2025-02-19", "2025-02-20")
    assert "date_latest" not in documents["kh-mfa-pr71-2025"]


def test_curated_data_with_an_impossible_latest_day_does_not_load(tmp_path):
    folder = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), folder)
    path = folder / "documents.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('date_latest = "2025-02-20"', 'date_latest = "2025-02-18"'),
                    encoding="utf-8")
    with pytest.raises(CuratedDataError, match=r"documents\[1\]\.date_latest: expected a date after the date"):
        load_curated(folder)


def test_editors_give_a_documents_latest_day_through_the_api(client):
    body = {"title": "Talks in Ha Noi", "publisher": "A news service", "date": "2026-03-02", "language": "en",
            "kind": "news-report", "text": "Both sides agreed to meet again.\n\nHa Noi, March 2026"}
    refused = client.post("/api/documents", json={**body, "date_latest": "2026-03-01"}, headers=AUTH)
    assert refused.status_code == 422 and "date_latest" in refused.get_data(as_text=True)
    added = client.post("/api/documents", json={**body, "date_latest": "2026-03-03"}, headers=AUTH)
    assert added.status_code == 201, added.get_data(as_text=True)
    stored = next(d for d in client.get("/api/documents").get_json() if d["title"] == "Talks in Ha Noi")
    assert stored["date_latest"] == "2026-03-03"


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_document_page_says_the_date_is_uncertain(client, lang):
    client.post("/unlock", data={"token": "test-editor-token"})
    soup = BeautifulSoup(client.get(f"/ledger/documents/{VNS}?lang={lang}").get_data(as_text=True), "html.parser")
    facts = {dt.get_text(strip=True): dd for dt, dd in zip(soup.select(".bm-facts dt"), soup.select(".bm-facts dd"),
                                                           strict=True)}
    date = facts[{"en": "Date", "km": "កាលបរិច្ឆេទ", "vi": "Ngày"}[lang]]
    assert date.get_text(strip=True) == SAID[lang]
    certain = BeautifulSoup(client.get(f"/ledger/documents/kh-mfa-pr71-2025?lang={lang}").get_data(as_text=True),
                            "html.parser")
    assert CERTAIN[lang] in certain.select_one(".bm-facts").get_text()


@pytest.mark.browser
@pytest.mark.parametrize("lang, device", [("en", None), ("km", PHONE), ("vi", None)])
def test_citations_say_the_date_is_uncertain(live_server, new_tab, lang, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang={lang}#commitment=c-vns-05")
    citation = tab.wait_for_selector(".bm-detail .bm-citation, .bm-citation")
    assert f"({SAID[lang]})" in citation.inner_text(), citation.inner_text()
    # The document filter names it so too, and a certain date as before.
    options = tab.eval_on_selector_all("#bm-filter-doc option", "os => os.map(o => o.textContent)")
    assert any(SAID[lang] in o for o in options) and any(CERTAIN[lang] in o for o in options), options
    # The panel's opening line, which names the documents the map summarises, too.
    assert f"({SAID[lang]})" in tab.inner_text(".bm-about"), tab.inner_text(".bm-about")
    screenshot(tab, f"uncertain-date-citation-{lang}{'-phone' if device else ''}")
    # A place's popup that lists the report among its sources dates it alike.
    tab.evaluate("(id) => BorderMap.openFeature(id)", "place-ha-noi")
    popup = tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="place-ha-noi"] .bm-sources')
    assert SAID[lang] in popup.inner_text(), popup.inner_text()
    assert not tab.console_errors
    clean(tab)


REFUSED = {"en": "Latest possible date: expected a date after the date (2026-03-02), got 2026-03-01",
           "vi": "Ngày muộn nhất có thể: cần ngày sau ô Ngày (2026-03-02), nhưng là 2026-03-01",
           "km": "ត្រូវការកាលបរិច្ឆេទក្រោយកាលបរិច្ឆេទ"}


@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_an_editor_gives_the_latest_day_on_the_ledgers_form(client, lang):
    """The ledger's form asks for it beside the date: a wrong one is refused on its field in the
    page's language; a right one is said on the document's page."""
    from test_ledger import REPORT, TOKEN, document_body

    client.post("/unlock", data={"token": TOKEN})
    form = {"action": "save", **{k: v for k, v in document_body().items() if k != "text"}, "text": REPORT,
            "date": "2026-03-02"}
    page = client.get(f"/ledger?lang={lang}").get_data(as_text=True)
    assert 'name="date_latest"' in page and 'aria-describedby="doc-latest-hint"' in page
    refused = client.post(f"/ledger/documents?lang={lang}", data={**form, "date_latest": "2026-03-01"})
    said = refused.get_data(as_text=True)
    assert refused.status_code == 422 and REFUSED[lang] in said, said[said.find("bm-problem"):][:600]
    assert lang == "en" or "expected a date" not in said
    saved = client.post(f"/ledger/documents?lang={lang}", data={**form, "date_latest": "2026-03-03"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    shown = client.get(saved.headers["Location"] + ("&" if "?" in saved.headers["Location"] else "?") + f"lang={lang}")
    text = BeautifulSoup(shown.get_data(as_text=True), "html.parser").get_text(" ")
    assert {"en": "2026-03-02 or 2026-03-03", "vi": "2 tháng 3 năm 2026 hoặc 3 tháng 3 năm 2026",
            "km": "២ មីនា ២០២៦ ឬ ៣ មីនា ២០២៦"}[lang] in text


def test_the_command_line_gives_the_latest_day(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from bordermap_app.cli import main
    from test_ledger import REPORT

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    page = tmp_path / "report.txt"
    page.write_text(REPORT, encoding="utf-8")
    base = ["documents", "add", str(page), "--title", "Talks", "--publisher", "A test news service",
            "--date", "2026-03-02", "--language", "en", "--kind", "news-report"]
    refused = CliRunner().invoke(main, [*base, "--date-latest", "2026-03"])
    assert refused.exit_code == 1 and "--date-latest: expected a date shaped as the date (2025-02-20)" in refused.output
    assert CliRunner().invoke(main, [*base, "--date-latest", "2026-03-03"]).exit_code == 0
    listed = CliRunner().invoke(main, ["--lang", "en", "documents", "add", "--help"])
    assert "--date-latest" in listed.output
