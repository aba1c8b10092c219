"""A status is dated from when it began, not from its latest report.

Bavet – Moc Bai's popup said "Open (by 2011-01-03)": the record has the pair opened on
2006-09-30, and the report of 2011 only found it open still (a bound). The status line (popup,
API, the built layers) now gives the first event of the unbroken run of the current status; a
bound stays a bound only when nothing earlier in the run dates it ("Open (by 2024)" for Kaoh
Roka, whose first report found it open already), and an estimated day reads "since about".
"""

from __future__ import annotations

import pytest

from bordermap import timeline
from bordermap.curated import load_curated
from conftest import PHONE, clean, open_map, screenshot, set_date
from test_browser_popup_on_a_day import status_line

SOURCE = {"title": "A report", "publisher": "A paper", "date": "2011-01-03"}
BAVET = "cp-bavet-moc-bai"


def _event(date, status, **extra):
    return {"kind": "event", "entity": "feature", "entity_id": "gate", "date": date, "precision": "day",
            "estimated": False, "status": status, "confidence": "medium", "note": "n", "source": SOURCE, **extra}


def _since(items, at="2026-12-01"):
    record = timeline.track("feature", items, at)
    return record["status"], record["status_date"], record["status_by"], record["status_estimated"]


@pytest.fixture(scope="module")
def curated():
    return load_curated()


def test_a_status_is_dated_from_the_first_event_of_its_run():
    opened, still = _event("2006-09-30", "open"), _event("2011-01-03", "open", by=True)
    # A later report that finds it open still is not when it opened.
    assert _since([opened, still]) == ("open", "2006-09-30", False, False)
    # Before that report, the same.
    assert _since([opened, still], "2008-01-01") == ("open", "2006-09-30", False, False)
    # A bound that nothing earlier dates stays a bound, whatever reports come after it.
    assert _since([_event("2024", "open", by=True), _event("2025", "open")]) == ("open", "2024", True, False)
    # Another status between breaks the run: dated from the reopening.
    suspended = [opened, _event("2010-05-01", "suspended"), _event("2015-03-02", "open"), still | {"date": "2016-01-04"}]
    assert _since(suspended) == ("open", "2015-03-02", False, False)
    # An estimated first day says so.
    assert _since([_event("2011-01-03", "planned"), _event("2011-07-29", "open", estimated=True),
                   _event("2012-01-01", "open")]) == ("open", "2011-07-29", False, True)
    # Staleness still counts from the latest word on it, not from when the status began.
    plans = [_event("2020-01-01", "planned"), _event("2026-06-01", "planned")]
    record = timeline.track("feature", plans, "2026-12-01")
    assert record["status_date"] == "2020-01-01" and record["stale"] is False


def test_the_curated_gates_are_dated_from_when_their_status_began(curated):
    records = timeline.by_entity(curated.history)
    said = {fid: _since(records[("feature", fid)])[1:3] for fid in
            (BAVET, "cp-kaoh-roka-thuong-phuoc", "cp-meun-chey-tan-nam", "xw-hcmc-moc-bai", "rail-phnom-penh-hcmc")}
    assert said == {BAVET: ("2006-09-30", False), "cp-kaoh-roka-thuong-phuoc": ("2024", True),
                    "cp-meun-chey-tan-nam": ("2025-12-08", False), "xw-hcmc-moc-bai": ("2024-08-02", False),
                    "rail-phnom-penh-hcmc": ("2018-02-08", False)}


def test_the_built_layers_hold_the_day_each_status_began(curated):
    """A download's `status_date` is what the popup says: the day the status began."""
    records = timeline.by_entity(curated.history)
    dated = {f["id"]: f["properties"] for _, features in curated.layers for f in features
             if f["properties"].get("status_date") and ("feature", f["id"]) in records}
    assert len(dated) >= 9
    for feature_id, props in dated.items():
        record = timeline.track("feature", records[("feature", feature_id)], "2026-12-01")
        assert props["status_date"] == record["status_date"] and not record["status_by"], feature_id
    assert dated["xw-hcmc-moc-bai"]["status_date"] == "2024-08-02"
    assert dated["cp-kaam-samnor-vinh-xuong"]["status_date"] == "2001"


def test_the_api_dates_bavet_moc_bai_from_its_opening(client):
    record = client.get(f"/api/features/{BAVET}/history").get_json()
    assert (record["status"], record["status_date"], record["status_by"]) == ("open", "2006-09-30", False)
    # The report of 2011 is still in its history, a bound as before.
    assert any(e["date"] == "2011-01-03" and e.get("by") for e in record["history"])
    listed = client.get("/api/features?layer=checkpoints&at=2026-06-01").get_json()["features"]
    props = next(f["properties"] for f in listed if f["id"] == BAVET)
    assert (props["status_date"], props["status_by"], props["status_estimated"]) == ("2006-09-30", False, False)
    roka = next(f["properties"] for f in listed if f["id"] == "cp-kaoh-roka-thuong-phuoc")
    assert (roka["status_date"], roka["status_by"]) == ("2024", True)
    commitments = client.get("/api/commitments?at=2026-06-01").get_json()
    assert all({"status_date", "status_by", "status_estimated"} <= set(c["tracking"]) for c in commitments)


# ------------------------------------------------------------------ the popup, in three languages



@pytest.mark.browser
@pytest.mark.parametrize("lang, bavet, roka, hoa_lu, device", [
    ("en", "Open (since 2006-09-30)", "Open (by 2024)", "Open (since about 2011-07-29)", None),
    ("km", "បើកដំណើរការ (តាំងពី ៣០ កញ្ញា ២០០៦)", "បើកដំណើរការ (យ៉ាងយូរត្រឹម ២០២៤)",
     "បើកដំណើរការ (តាំងពីប្រហែល ២៩ កក្កដា ២០១១)", PHONE),
    ("vi", "Đang hoạt động (từ 30 tháng 9 năm 2006)", "Đang hoạt động (không muộn hơn năm 2024)",
     "Đang hoạt động (từ khoảng 29 tháng 7 năm 2011)", None),
])
def test_the_popup_says_since_when_a_gate_is_open(live_server, new_tab, lang, bavet, roka, hoa_lu, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang={lang}#feature={BAVET}")
    assert status_line(tab, BAVET, lang) == bavet
    screenshot(tab, f"status-since-bavet-{lang}{'-phone' if device else ''}")
    for feature_id, said in (("cp-kaoh-roka-thuong-phuoc", roka), ("cp-trapeang-sre-hoa-lu", hoa_lu)):
        tab.evaluate("(id) => BorderMap.openFeature(id)", feature_id)
        assert status_line(tab, feature_id, lang) == said
    # An editor's file with no history gives its own `status_date`, which may be a report's
    # day: shown as given, not as the day the status began.
    given = tab.evaluate("BorderMap.statusText({status: 'open', status_date: '2025-12'}, 'an-upload', true)")
    assert given == bavet.split(" (")[0] + " (" + tab.evaluate("BorderMap.date('2025-12')") + ")", given
    # On a day before the 2011 report, the same opening day.
    set_date(tab, "2008-06-01")
    tab.evaluate("(id) => BorderMap.openFeature(id)", BAVET)
    assert status_line(tab, BAVET, lang) == bavet
    assert not tab.console_errors
    clean(tab)


@pytest.mark.browser
def test_the_maps_script_dates_every_status_as_the_server_does(live_server, new_tab, client):
    """tracking.js and bordermap.timeline read the same record alike, for every feature and
    commitment of the curated data on days across its history."""
    history = client.get("/api/history").get_json()  # what the map's script reads
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=en")
    keys = ("status", "status_date", "status_by", "status_estimated", "overdue", "stale")
    days = ["2001-06-01", "2008-06-01", "2011-02-01", "2021-06-15", "2024-06-01", "2025-02-19", "2025-12-07",
            "2025-12-09", "2026-06-01", "2028-01-01"]
    script = tab.evaluate("""([history, days, keys]) => {
        const out = {};
        for (const entity of ['feature', 'commitment']) {
          for (const id of Object.keys(history[entity])) {
            out[entity + ':' + id] = days.map((day) => {
              const r = BorderMap.track(entity, history[entity][id], day);
              return keys.map((k) => r[k]);
            });
          }
        }
        return out;
    }""", [history, days, list(keys)])
    assert len(script) == len(history["feature"]) + len(history["commitment"]) >= 60
    for name, per_day in script.items():
        entity, _, entity_id = name.partition(":")
        for day, said in zip(days, per_day, strict=True):
            record = timeline.track(entity, history[entity][entity_id], day)
            assert said == [record[k] for k in keys], (name, day)
    # Bavet's opening day, by either.
    assert script[f"feature:{BAVET}"][days.index("2026-06-01")][:3] == ["open", "2006-09-30", False]
    assert not tab.console_errors
    clean(tab)
