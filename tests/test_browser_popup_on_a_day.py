"""A feature's popup on a day the reader chose says what was on record that day: no status dated
after it, sources published after it marked where its history cites them, and its "Go to"
keeping the popup open on the day it goes to."""

from __future__ import annotations

import pytest

from conftest import clean, open_map, screenshot, set_date

pytestmark = pytest.mark.browser

POPUP = '.leaflet-popup-content .bm-popup[data-feature="{id}"]'
STATUS_LABEL = {"en": "Status:", "km": "ស្ថានភាព៖", "vi": "Tình trạng:"}


def status_line(tab, feature_id: str, lang: str) -> str:
    """The popup's "Status:" line, its value only."""
    popup = tab.wait_for_selector(POPUP.format(id=feature_id))
    for row in popup.query_selector_all(":scope > .bm-row"):
        if row.query_selector(".bm-label").inner_text() == STATUS_LABEL[lang]:
            return row.query_selector(".bm-value").inner_text()
    raise AssertionError(f"no status line in {popup.inner_text()!r}")


@pytest.mark.parametrize("lang, feature_id, said", [
    ("en", "xw-connecting-point", "not yet on record on 2021-06-15"),
    ("km", "xw-hcmc-moc-bai", "មិនទាន់មានកំណត់ត្រានៅ ១៥ មិថុនា ២០២១"),
    ("vi", "xw-hcmc-moc-bai", "chưa có ghi nhận vào 15 tháng 6, 2021"),
])
def test_a_place_not_yet_on_record_has_no_status_of_a_later_day(live_server, new_tab, lang, feature_id, said):
    """Review 10, S3: on 15 June 2021 the connecting point's popup said "Status: Under discussion
    (2026-01-07)" above "Not yet on record on this date", while the map drew it as a ghost."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#feature={feature_id}&at=2021-06-15")
    assert status_line(tab, feature_id, lang) == said
    # The tooltip says the same of the ghost, not today's status.
    tooltip = tab.evaluate("""(id) => { const layer = BorderMap.features[id].layer;
        BorderMap.ensureTooltip(layer);
        layer.openTooltip(layer.getLatLng ? undefined : layer.getBounds().getCenter());
        return layer.getTooltip().getElement().textContent; }""", feature_id)
    assert tooltip.endswith(" — " + said), tooltip
    screenshot(tab, f"popup-not-yet-on-record-{lang}")
    clean(tab)


def test_the_status_date_never_passes_the_day_shown(live_server, new_tab):
    """Review 10, S3: the expressway's status read "(18 July 2025)" on 15 June 2021, then "(2 August
    2024)" on 1 June 2025: its date went back as the day went forward."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=en#feature=xw-hcmc-moc-bai&at=2021-06-15")
    seen = []
    for day, expected in [("2021-06-15", "not yet on record on 2021-06-15"), ("2024-08-01", "not yet on record on 2024-08-01"),
                          ("2025-06-01", "Planned (2024-08-02)"), ("2025-09-01", "Planned (2025-07-18)")]:
        set_date(tab, day)
        tab.evaluate("(id) => BorderMap.openFeature(id)", "xw-hcmc-moc-bai")
        seen.append(status_line(tab, "xw-hcmc-moc-bai", "en"))
        assert seen[-1] == expected, (day, seen)
    clean(tab)
