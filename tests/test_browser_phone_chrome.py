"""On a phone (390×844) the map page keeps its header to two lines, its credits one tap away and
the map on at least 60% of the screen; the open layer list leaves the map in view; the editors'
pages are never wider than the screen, their Revert buttons within reach. The desktop keeps its
layout. Each measured in Chromium, each language, with screenshots kept."""

from __future__ import annotations

import orjson
import pytest
from playwright.sync_api import expect

from conftest import clean, open_map
from test_browser_first_view import DESKTOP, PHONE, keep

pytestmark = pytest.mark.browser

TOKEN = "test-editor-token"

# The distinct lines of text the header shows: the tops of every line box of its visible text.
HEADER_LINES = """() => {
    const tops = [];
    const walker = document.createTreeWalker(document.querySelector('header.bm-bar'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width < 1 || r.height < 1) continue;
            const el = node.parentElement;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden') continue;
            // Text scrolled or cut out of sight inside its box is not a line a reader sees.
            const box = el.closest('.bm-asof, .bm-tools') ;
            if (box) { const b = box.getBoundingClientRect(); if (r.top >= b.bottom || r.bottom <= b.top) continue; }
            tops.push(r.top + r.height / 2);
        }
    }
    tops.sort((a, b) => a - b);
    const lines = [];
    for (const t of tops) if (!lines.length || t - lines[lines.length - 1] > 8) lines.push(t);
    return lines.length;
}"""


def box(tab, selector: str) -> dict:
    return tab.eval_on_selector(selector, "e => e.getBoundingClientRect().toJSON()")


def _upload_a_zone(client):
    """One editor's upload (by Dara), so that the pages have a change by editors to show."""
    client.post("/api/features?layer=zones&new_layer_title=Zones&author=Dara",
                headers={"Authorization": f"Bearer {TOKEN}"},
                data=orjson.dumps({"type": "FeatureCollection", "features": [
                    {"type": "Feature", "properties": {"name": "Zone"},
                     "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]}))


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_phone_header_two_lines_map_most_of_the_screen_and_credits_folded(new_tab, live_server, client, lang):
    # With an editors' change the header says the most it can: both dates and the revision.
    _upload_a_zone(client)
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    assert tab.evaluate(HEADER_LINES) <= 3  # the date line wraps rather than cut (review rv21a, L4)
    assert box(tab, "header.bm-bar")["height"] <= 72
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    map_box = box(tab, ".folium-map")
    assert map_box["height"] >= 0.6 * 844, map_box
    # The languages stay in view; the tools are one tap away, in a menu.
    for link in tab.locator(".bm-langs a").all():
        frame = link.bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 390
    assert not tab.locator(".bm-nav a").first.is_visible()
    tab.locator(".bm-menu-toggle").tap()
    expect(tab.locator(".bm-nav a").first).to_be_visible()
    for link in tab.locator(".bm-nav a").all():
        frame = link.bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 390 and frame["height"] >= 32
    keep(tab, f"phone-menu-{lang}")
    tab.keyboard.press("Escape")
    expect(tab.locator(".bm-nav a").first).to_be_hidden()
    # The credits: folded into a button, opened and closed by a tap.
    attribution = tab.locator(".leaflet-control-attribution")
    expect(attribution).to_be_hidden()
    tab.locator(".bm-credits-toggle").tap()
    expect(attribution).to_be_visible()
    assert "OpenStreetMap" in attribution.inner_text() and "Natural Earth" in attribution.inner_text()
    keep(tab, f"phone-credits-open-{lang}")
    tab.locator(".bm-credits-toggle").tap()
    expect(attribution).to_be_hidden()
    keep(tab, f"phone-map-{lang}")
    clean(tab)


def test_phone_layer_list_leaves_the_map_in_view(new_tab, live_server):
    tab = new_tab(PHONE)
    open_map(tab, live_server.url + "/")
    tab.locator(".leaflet-control-layers-toggle").tap()
    expect(tab.locator(".leaflet-control-layers-list")).to_be_visible()
    control, map_box = box(tab, ".leaflet-control-layers"), box(tab, ".folium-map")
    assert control["width"] * control["height"] <= 0.6 * map_box["width"] * map_box["height"]
    assert control["width"] <= 0.75 * map_box["width"]
    assert control["bottom"] <= map_box["bottom"]
    keep(tab, "phone-layers-open")
    clean(tab)


def test_desktop_keeps_its_header_tools_and_map(new_tab, live_server, client):
    # The longest header line: an editors' change to report beside the curated date.
    _upload_a_zone(client)
    tab = new_tab(DESKTOP)
    open_map(tab, live_server.url + "/")
    expect(tab.locator(".bm-menu-toggle")).to_be_hidden()
    expect(tab.locator(".bm-nav a").first).to_be_visible()
    expect(tab.locator(".leaflet-control-attribution")).to_be_visible()
    expect(tab.locator(".bm-credits-toggle")).to_be_hidden()
    expect(tab.locator(".bm-subtitle")).to_be_visible()
    assert box(tab, "header.bm-bar")["height"] <= 70
    map_box = box(tab, ".folium-map")
    assert map_box["height"] >= 720 and map_box["width"] >= 880
    keep(tab, "desktop-map")
    clean(tab)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_editors_pages_fit_a_phone_and_revert_is_within_reach(new_tab, live_server, client, lang):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    features = [{"type": "Feature", "id": f"zone-{n}", "properties": {"name": f"Zone {n}"},
                 "geometry": {"type": "Point", "coordinates": [106.0 + n / 10, 11.1]}} for n in range(3)]
    for n in range(2):
        response = client.post(f"/api/features?layer=zones{n}&new_layer_title=Zones+{n}&author=A+long+editor+name+{n}",
                               headers=auth, data=orjson.dumps({"type": "FeatureCollection", "features": features[n:]}))
        assert response.status_code == 201
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?token={TOKEN}&lang={lang}")
    for path in ("/upload", "/revisions", "/revisions/1", "/revisions/2"):
        tab.goto(f"{live_server.url}{path}?lang={lang}")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path
        name = path.strip("/").replace("/", "-")
        keep(tab, f"phone-{name}-{lang}")
    tab.goto(f"{live_server.url}/revisions?lang={lang}")
    buttons = tab.locator("#revisions button[type=submit]")
    assert buttons.count() == 2
    for n in range(2):
        frame = buttons.nth(n).bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 390, frame
    clean(tab)


def test_editors_pages_keep_their_tables_on_a_desktop(new_tab, live_server, client):
    _upload_a_zone(client)
    tab = new_tab(DESKTOP)
    tab.goto(f"{live_server.url}/revisions")
    expect(tab.locator("#revisions thead th").first).to_be_visible()
    assert tab.eval_on_selector("#revisions tbody tr", "tr => getComputedStyle(tr).display") == "table-row"
    keep(tab, "desktop-revisions")
    clean(tab)


# The credits against every control of the bottom left corner (the time control, the legend).
_CREDITS_CLASH = """() => {
  const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
  if (!a.width) return [];
  return [...document.querySelectorAll('.leaflet-bottom.leaflet-left > *')].map(c => [c.className, c.getBoundingClientRect()])
    .filter(([, c]) => c.width && a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom)
    .map(([name]) => name);
}"""


@pytest.mark.parametrize("size, lang", [((844, 390), "en"), ((1280, 860), "vi"), ((1024, 768), "km")])
def test_the_credits_never_cover_the_legend(new_tab, live_server, size, lang):
    """Review 17, F4: on a phone held sideways the opened legend ran under the credits, which
    were drawn over its entries; at 1280×860 in Vietnamese they wrapped onto its foot."""
    width, height = size
    tab = new_tab({"viewport": {"width": width, "height": height}, "is_mobile": height < 500, "has_touch": height < 500})
    open_map(tab, f"{live_server.url}/?lang={lang}")
    if tab.get_attribute(".bm-legend-toggle", "aria-expanded") != "true":
        tab.click(".bm-legend-toggle")
    tab.wait_for_function("() => !document.querySelector('.bm-legend-list').hidden")
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert tab.evaluate(_CREDITS_CLASH) == []
    attribution = tab.locator(".leaflet-control-attribution")
    if width >= 1000:  # room beside the legend: the credits stay in sight, not behind a button
        expect(attribution).to_be_visible()
        expect(tab.locator(".bm-credits-toggle")).to_be_hidden()
    else:  # folded, and one tap away
        expect(attribution).to_be_hidden()
        tab.locator(".bm-credits-toggle").tap()
        expect(attribution).to_be_visible()
        assert "OpenStreetMap" in attribution.inner_text()
    keep(tab, f"credits-beside-legend-{width}-{lang}")
    # Folding the legend gives the credits their line back.
    tab.click(".bm-legend-toggle")
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert tab.evaluate(_CREDITS_CLASH) == []


# When the map marks itself drawn (before the panel and its controls are ready): is the whole
# attribution in sight, and is the credits' button there?
_CREDITS_AT_DRAWN = """
new MutationObserver((records, observer) => {
  if (document.body.getAttribute('data-bm-drawn') !== 'true') return;
  observer.disconnect();
  const shown = (selector) => { const e = document.querySelector(selector); return !!e && e.getBoundingClientRect().width > 0; };
  window.__creditsAtDrawn = {attribution: shown('.leaflet-control-attribution'), button: shown('.bm-credits-toggle'),
                             ready: document.body.getAttribute('data-bm-ready') === 'true'};
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-bm-drawn']});
"""


@pytest.mark.parametrize("size", [(390, 844), (844, 390), (1280, 860)])
def test_a_phones_credits_are_folded_before_its_map_is_drawn(new_tab, live_server, size):
    """Review 29, #6: on a phone the whole attribution covered the map's foot until the page was
    ready (the panel loaded), then folded to its button; it now folds as the map is set up."""
    width, height = size
    phone = width < 1000
    tab = new_tab({"viewport": {"width": width, "height": height}, "is_mobile": phone, "has_touch": phone})
    tab.add_init_script(_CREDITS_AT_DRAWN)
    open_map(tab, f"{live_server.url}/")
    at_drawn = tab.evaluate("window.__creditsAtDrawn")
    assert not at_drawn["ready"]  # the moment looked at comes before the panel's
    assert at_drawn == {"attribution": not phone, "button": phone, "ready": False}
    # And once ready, as before: one button (made once, not again when the page is ready), the
    # credits one tap away on a phone.
    assert tab.locator(".bm-credits-toggle").count() == 1
    if phone:
        expect(tab.locator(".leaflet-control-attribution")).to_be_hidden()
        tab.locator(".bm-credits-toggle").tap()
        expect(tab.locator(".leaflet-control-attribution")).to_be_visible()


def test_a_long_unbroken_value_wraps_inside_its_popup(new_tab, live_server, client):
    """Review 17, F5: a 40-character code (a parcel number, a file name) ran out of a phone's popup."""
    code = "KH-SVR-" + "0123456789" * 6
    response = client.post("/api/features?layer=parcels&new_layer_title=Parcels",
                           headers={"Authorization": f"Bearer {TOKEN}"},
                           data=orjson.dumps({"type": "Feature", "id": "parcel-1",
                                              "properties": {"name": "Parcel", "cadastre": code},
                                              "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}))
    assert response.status_code == 201, response.get_data(as_text=True)
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/#feature=parcel-1")
    popup = tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="parcel-1"]')
    assert code in popup.inner_text().replace("\n", "")
    inside = tab.evaluate("""() => {
        const content = document.querySelector('.leaflet-popup-content');
        const box = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
        return [content.scrollWidth <= content.clientWidth + 1,
                [...content.querySelectorAll('*')].every(n => n.getBoundingClientRect().right <= box.right + 1)];
    }""")
    assert inside == [True, True]
