"""The export read as its receivers read it (review 14): a file of some layers names the places
it leaves out instead of linking to nothing; Khmer headings stay bold; the file's "today" is the
day it was made, whatever the reader's clock; a mail preview without scripts is told what to do."""

from __future__ import annotations

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import DESKTOP, frames_painted, screenshot

pytestmark = pytest.mark.browser

COMMITMENT = "c-pr71-27"  # the welcome of the Meun Chey – Tan Nam opening: a gate and two provinces


def _export(app, folder, name: str, **options) -> str:
    out = folder / name
    store = app.extensions["bordermap.store"]
    write_export(build_export(store, ExportOptions(**options)), out)
    return out.as_uri()


def _opened(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)


@pytest.mark.parametrize("lang, note, province", [("en", "(not in this file)", "Prey Veng"),
                                                  ("km", "(មិនមាននៅក្នុងឯកសារនេះទេ)", "ព្រៃវែង")])
def test_a_file_of_some_layers_names_the_places_it_leaves_out(app, tmp_path, offline_tab, lang, note, province):
    url = _export(app, tmp_path, f"some-{lang}.html", layers=["checkpoints", "boundary"], lang=lang)
    _opened(offline_tab, f"{url}#commitment={COMMITMENT}")
    detail = offline_tab.wait_for_selector(".bm-detail:not([hidden]) .bm-places")
    # The gate is in the file: a link to it on the map.
    assert offline_tab.locator(".bm-places button[data-feature=cp-meun-chey-tan-nam]").count() == 1
    # The provinces are not: named, said to be elsewhere, and offered as no link.
    elsewhere = offline_tab.locator(".bm-places .bm-place-elsewhere")
    assert elsewhere.count() == 2
    assert province in detail.inner_text() and note in elsewhere.first.inner_text()
    assert offline_tab.locator(".bm-places [data-feature^=kh-], .bm-places [data-feature^=vn-]").count() == 0
    assert "kh-prey-veng" not in detail.inner_text()
    # The list counts the places the file holds.
    item = offline_tab.locator(f".bm-item[data-commitment={COMMITMENT}] .bm-item-meta").inner_text()
    assert item.endswith({"en": " · 1 place", "km": " · ១ ទីកន្លែង"}[lang]), item
    screenshot(offline_tab, f"export-some-layers-{lang}")
    assert offline_tab.console_errors == []


def test_the_whole_file_offers_every_place_as_a_link(app, tmp_path, offline_tab):
    _opened(offline_tab, f"{_export(app, tmp_path, 'all.html')}#commitment={COMMITMENT}")
    offline_tab.wait_for_selector(".bm-detail:not([hidden]) .bm-places")
    assert offline_tab.locator(".bm-places .bm-place-elsewhere").count() == 0
    assert offline_tab.locator(".bm-places button[data-feature]").count() == 3


BOLD = """() => {
  const measure = (weight) => {
    const span = document.createElement('span');
    span.lang = 'km';
    span.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font-size:40px;'
      + 'font-family:"bordermap Khmer";font-synthesis:none;font-weight:' + weight;
    span.textContent = 'អ្វីដែលបានព្រមព្រៀង';
    document.body.appendChild(span);
    const width = span.getBoundingClientRect().width;
    span.remove();
    return width;
  };
  const heading = document.querySelector('.bm-panel h2, .bm-panel-title');
  return { regular: measure(400), bold: measure(700), headingWeight: getComputedStyle(heading).fontWeight,
           weights: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'bordermap Khmer')
             .map((f) => f.weight + ' ' + f.status) };
}"""


def test_khmer_in_the_file_is_bold_where_the_page_is_bold(app, tmp_path, offline_tab):
    _opened(offline_tab, _export(app, tmp_path, "km.html", lang="km"))
    offline_tab.evaluate("document.fonts.ready")
    found = offline_tab.evaluate(BOLD)
    assert sorted(found["weights"]) == ["400 loaded", "700 loaded"], found
    # With synthesis off, only a real bold face draws the same letters wider.
    assert found["bold"] > found["regular"] * 1.03, found
    assert int(found["headingWeight"]) >= 600


def test_the_files_today_is_the_day_it_was_made(app, tmp_path, browser):
    url = _export(app, tmp_path, "made.html", made_on="2026-12-03", basemap=False)
    context = browser.new_context(**DESKTOP)
    try:
        tab = context.new_page()
        tab.clock.install(time="2028-06-01T09:00:00Z")  # the reader opens it a year and a half on
        _opened(tab, url)
        assert tab.evaluate("BorderMap.today()") == "2026-12-03"
        assert "file made 2026-12-03, with what was known that day" in tab.inner_text("#bm-asof")
        scorecard = tab.locator(".bm-scorecard summary")
        assert "2026-12-03" in scorecard.inner_text()
        assert tab.locator(".bm-time-shown").inner_text().startswith(
            "As of 2026-12-03, the day this file was made")
        assert tab.locator(".bm-time-today").inner_text() == "Date made"
        # Beside the date field, as "Today" is on the live map ("Day it was made" went to a line
        # of its own in the 250 px control: review 24a, #11).
        date, made = tab.locator("#bm-time-date").bounding_box(), tab.locator(".bm-time-today").bounding_box()
        assert made["x"] >= date["x"] + date["width"], (date, made)
        assert date["y"] <= made["y"] + made["height"] / 2 <= date["y"] + date["height"], (date, made)
    finally:
        context.close()


def test_without_scripts_the_file_says_to_open_it_in_a_browser(app, tmp_path, browser):
    url = _export(app, tmp_path, "noscript.html", basemap=False)
    context = browser.new_context(**DESKTOP, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(url)
        said = tab.inner_text(".bm-noscript")
        assert "open the file in a web browser" in said and tab.locator(".bm-noscript").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang, cited", [("en", "PR 71/2025 MFA.IC, paragraph 15"), ("km", "PR 71/2025 MFA.IC, កថាខណ្ឌ ១៥")])
def test_a_places_popup_cites_each_of_its_commitments(app, tmp_path, offline_tab, lang, cited):
    """A reader checking a place against its sources sees the document and paragraph of each
    commitment in the popup, not only after opening each one (review 14, F6)."""
    _opened(offline_tab, f"{_export(app, tmp_path, f'cite-{lang}.html', lang=lang)}#feature=cp-meun-chey-tan-nam")
    item = offline_tab.wait_for_selector(f".leaflet-popup-content li:has(button[data-commitment={COMMITMENT}])")
    assert item.inner_text().endswith(cited), item.inner_text()
    assert offline_tab.locator(".leaflet-popup-content .bm-popup-cite").count() == 2


def test_offline_the_file_stops_asking_for_tiles_and_credits_no_basemap(app, tmp_path, offline_tab):
    """Opened with no network, the export gives up the basemap after its first tiles fail: it
    stops asking for more (each one an error in the console) and no longer credits a basemap it
    does not show (review 14, F7)."""
    _opened(offline_tab, _export(app, tmp_path, "tiles.html"))
    offline_tab.wait_for_function("BorderMap.basemapOffline === true", timeout=10000)
    asked = len(offline_tab.outside_requests)
    # Moved, and painted: a tile layer asks for the new view's tiles as the move ends.
    offline_tab.evaluate("""() => new Promise((done) => {
        BorderMap.map.once('moveend', done);
        BorderMap.map.setView([12.5, 106.5], 9, { animate: false });
    })""")
    frames_painted(offline_tab, 2)
    assert len(offline_tab.outside_requests) == asked  # the new view asked for no tile
    assert "OpenStreetMap" not in offline_tab.inner_text(".leaflet-control-attribution")


def test_an_editors_own_kind_reads_as_words(app, tmp_path, offline_tab):
    """A kind an editor gave a layer has no translation; it reads as they typed it, in words
    (review 14, F11)."""
    from bordermap.model import Layer

    store = app.extensions["bordermap.store"]
    zone = {"type": "Feature", "id": "sez-1", "properties": {"name": "Manhattan SEZ", "kind": "economic-zone"},
            "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}
    store.add_features("sez", [zone], author="t", summary="a zone",
                       new_layer=Layer(id="sez", title="Zones", kind="economic-zone", origin="user"))
    _opened(offline_tab, f"{_export(app, tmp_path, 'kind.html', basemap=False)}#feature=sez-1")
    popup = offline_tab.wait_for_selector(".leaflet-popup-content .bm-popup")
    assert "economic zone" in popup.inner_text() and "economic-zone" not in popup.inner_text()
