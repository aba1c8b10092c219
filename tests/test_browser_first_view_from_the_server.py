"""The first view drawn by the server (mapview/first_view.py) is the map the script then draws: every
feature, where the script puts it and as it styles it, in the same stacking order, at desktop and
phone sizes; it shows with scripts refused or switched off, is taken away once the map is drawn,
and stays hidden when the address opens the map elsewhere. Paths are compared by what Chromium
lays out (each path's box within the map, and the attributes its look is painted with)."""

from __future__ import annotations

import random

import numpy as np
import orjson
import pytest

from bordermap.mapview.first_view import _simplify
from conftest import open_map, screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# With the desktop and the phone, a map of each parity in each direction (899 × 735.6, 900 ×
# 736.6, 390 × 550, 505.4 × 349 px), where Leaflet's view origin falls half a pixel apart.
SIZES = {"desktop": DESKTOP, "desktop-wider": {"viewport": {"width": 1281, "height": 801}}, "phone": PHONE,
         "phone-sideways": {"viewport": {"width": 844, "height": 390}, "is_mobile": True, "has_touch": True}}
LOOK = ["stroke", "stroke-opacity", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
        "fill", "fill-opacity", "fill-rule"]
# The picture is placed where Leaflet's rounded view origin puts the map's features (review 29,
# #4: it was half a pixel off on a map of odd width); what is left is the browser's own
# rounding of a stroke's box.
SLACK = 0.25

AUTH = {"Authorization": "Bearer test-editor-token"}

# Each legend entry as a reader meets it: its layer, its text (and that text's language), its
# swatch's shape and every attribute the swatch is painted with.
LEGEND = """(selector) => [...document.querySelectorAll(selector)].map((li) => {
    const own = li.querySelector('[lang]');
    return {layer: li.getAttribute('data-layer'), key: li.getAttribute('data-key'), className: li.className,
            text: li.textContent, lang: own ? own.getAttribute('lang') : null,
            swatches: [...li.querySelectorAll('svg')].map((svg) => svg.firstElementChild).map((swatch) =>
                [swatch.tagName, Object.fromEntries([...swatch.attributes].map((a) => [a.name, a.value]))])};
})"""

# Each path's look and its box within the map (the part of it inside the map's frame).
PATHS = """([selector, look]) => {
    const frame = document.querySelector('.bm-mapwrap').getBoundingClientRect();
    return [...document.querySelectorAll(selector)].map((path) => {
        const r = path.getBoundingClientRect();
        const box = [Math.max(r.left, frame.left), Math.max(r.top, frame.top),
                     Math.min(r.right, frame.right), Math.min(r.bottom, frame.bottom)];
        return {id: path.getAttribute('data-id') || path.bmId || null,
                box: [box[0] - frame.left, box[1] - frame.top, box[2] - frame.left, box[3] - frame.top],
                look: Object.fromEntries(look.map((name) => [name, path.getAttribute(name)]))};
    });
}"""

# When the map marks itself drawn, before the panel's history restyles anything: each feature's
# paths named by the feature's id, in the order the overlay's SVG stacks them, drawn unclipped.
AT_DRAWN = """
new MutationObserver((records, observer) => {
  if (document.body.getAttribute('data-bm-drawn') !== 'true') return;
  observer.disconnect();
  Object.keys(BorderMap.features).forEach((id) => {
    BorderMap.partLayers(BorderMap.features[id].layer).forEach((part) => {
      if (!part._path) return;
      part._path.bmId = id;
      // Leaflet clips a path to the view and a margin, the picture does not: unclipped, the two
      // have the same box.
      if (!part.setRadius) { part.options.noClip = true; part.redraw(); }
    });
  });
  window.__atDrawn = {
    gone: !document.getElementById('bm-firstview'),
    droppedBefore: document.documentElement.classList.contains('bm-no-firstview'),
    paths: window.__readPaths(['.leaflet-overlay-pane svg path', window.__look]),
  };
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-bm-drawn']});
"""


def overlap(a: dict, b: dict) -> bool:
    """Whether two boxes (Playwright's bounding boxes) share any area."""
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] \
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def first_view_alone(new_tab, url: str, device: dict):
    """A tab on `url` whose scripts never come (held, not refused: a refused one takes the picture
    away): the page as the server drew it."""
    tab = new_tab(device)
    tab.held = []
    tab.route("**/*.js", lambda route: tab.held.append(route))
    tab.goto(url, wait_until="commit")  # the page never loads
    tab.wait_for_selector("#bm-firstview path", state="attached")
    return tab


@pytest.mark.parametrize("device", list(SIZES))
def test_every_feature_is_where_and_as_the_map_then_draws_it(new_tab, live_server, device):
    size = SIZES[device]
    alone = first_view_alone(new_tab, live_server.url + "/", size)
    picture = alone.evaluate(PATHS, ["#bm-firstview path", LOOK])
    held = int(alone.get_attribute("#bm-firstview", "data-features"))
    screenshot(alone, f"first-view-from-the-server-{device}")

    tab = new_tab(size)
    tab.add_init_script(f"window.__readPaths = {PATHS}; window.__look = {LOOK!r};\n{AT_DRAWN}")
    open_map(tab, live_server.url + "/")
    drawn = tab.evaluate("window.__atDrawn")
    assert drawn["gone"], "the server's first view is still over the map once the map is drawn"
    assert not drawn["droppedBefore"], "the picture went before the map was drawn (a blank map between)"
    assert tab.locator("#bm-firstview").count() == 0

    assert held == len({path["id"] for path in drawn["paths"]}) > 50
    assert [path["id"] for path in picture] == [path["id"] for path in drawn["paths"]], "stacked otherwise"
    for ours, leaflet in zip(picture, drawn["paths"], strict=True):
        assert ours["look"] == leaflet["look"], ours["id"]
        width, height = ours["box"][2] - ours["box"][0], ours["box"][3] - ours["box"][1]
        if width <= 0 or height <= 0:  # outside the map's frame on this screen
            assert leaflet["box"][2] - leaflet["box"][0] <= SLACK or leaflet["box"][3] - leaflet["box"][1] <= SLACK
            continue
        assert max(abs(a - b) for a, b in zip(ours["box"], leaflet["box"], strict=True)) <= SLACK, (ours, leaflet)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_without_javascript_the_picture_has_the_legend_the_drawn_map_has(new_tab, live_server, browser, client, lang):
    # Review 29, #2: the picture had no key to its colours and dashes. Nine editors' layers (the
    # legend lists eight and counts the rest), one with markup in its title, and of points, lines
    # and areas, keyed by each (review 31b, #5: its first shape alone).
    for k in range(9):
        title = "<b>Zones</b> & co" if k == 8 else f"Zones {k}"  # the last added is listed first
        body = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": f"zone {k}"},
             "geometry": {"type": "LineString", "coordinates": [[105.0 + k / 10, 11.0], [106.0, 11.5]]}}]}
        if k == 8:
            body["features"] += [
                {"type": "Feature", "properties": {"name": "a gate"}, "geometry": {"type": "Point", "coordinates": [106.1, 11.2]}},
                {"type": "Feature", "properties": {"name": "a zone"}, "geometry": {"type": "Polygon", "coordinates": [
                    [[105.5, 11.0], [105.7, 11.0], [105.7, 11.2], [105.5, 11.0]]]}}]
        made = client.post("/api/features", query_string={"layer": f"zones-{k}", "new_layer_title": title},
                           headers=AUTH, data=orjson.dumps(body))
        assert made.status_code == 201, made.get_data(as_text=True)
    tab = new_tab(DESKTOP)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    drawn = tab.evaluate(LEGEND, ".leaflet-control.bm-legend .bm-legend-list li")
    assert not tab.locator(".bm-static-legend").count()  # with scripts, the noscript stays text

    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    try:
        still = context.new_page()
        still.goto(f"{live_server.url}/?lang={lang}")
        assert still.is_visible(".bm-static-open .bm-legend-list") and not still.is_visible(".bm-static-folded")
        static = still.evaluate(LEGEND, ".bm-static-open .bm-legend-list li")
        screenshot(still, f"first-view-legend-without-javascript-{lang}")
        # On paper too, even folded by the reader (review 30, #2: it printed as an empty box).
        still.click(".bm-static-open summary")
        assert not still.is_visible(".bm-static-open .bm-legend-list")
        still.emulate_media(media="print")
        assert still.is_visible(".bm-static-open .bm-legend-list")
        # The narrowest map the legend opens on: the credits stay clear of it (review 30, #1).
        still.emulate_media(media="screen")
        still.set_viewport_size({"width": 1000, "height": 700})
        still.click(".bm-static-open summary")
        assert not overlap(still.locator(".bm-static-open").bounding_box(),
                           still.locator(".bm-static-credits").bounding_box())
    finally:
        context.close()
    assert len(drawn) > 12
    [mixed] = [entry for entry in drawn if entry["text"] == "<b>Zones</b> & co"]
    assert sorted(swatch[0] for swatch in mixed["swatches"]) == ["circle", "line", "rect"], mixed
    assert static == drawn

    # On a phone it comes folded, as the script's does, and opens with a tap; the credits stay clear of it.
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        phone = context.new_page()
        phone.goto(f"{live_server.url}/?lang={lang}")
        assert not phone.is_visible(".bm-static-open") and not phone.is_visible(".bm-static-folded .bm-legend-list")
        # Folded, the credits keep to the map's foot, off the border's north end (review 30, #3).
        frame = phone.locator(".bm-mapwrap").bounding_box()
        folded = phone.locator(".bm-static-credits").bounding_box()
        assert folded["y"] + folded["height"] == pytest.approx(frame["y"] + frame["height"], abs=1)
        assert not overlap(folded, phone.locator(".bm-static-folded").bounding_box())
        phone.tap(".bm-static-folded summary")
        assert phone.is_visible(".bm-static-folded .bm-legend-list")
        assert phone.evaluate(LEGEND, ".bm-static-folded .bm-legend-list li") == drawn
        legend = phone.locator(".bm-static-folded").bounding_box()
        credits = phone.locator(".bm-static-credits").bounding_box()
        assert credits["y"] + credits["height"] <= legend["y"], (credits, legend)
        screenshot(phone, f"first-view-legend-without-javascript-phone-{lang}")
    finally:
        context.close()


def test_the_first_view_shows_without_javascript(new_tab, live_server, browser):
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/?lang=km")
        frame = tab.locator(".bm-mapwrap").bounding_box()
        boxes = tab.evaluate(PATHS, ["#bm-firstview path", LOOK])
        inside = [b for b in boxes if b["box"][2] > b["box"][0] and b["box"][3] > b["box"][1]]
        assert len(inside) > 50 and tab.is_visible("#bm-firstview")
        assert all(0 <= b["box"][0] and b["box"][2] <= frame["width"] + 0.5 for b in inside)
        # The panel says why nothing more comes, in the page's language, and where the commitments are.
        assert not tab.is_visible(".bm-panel-loading")
        note = tab.locator(".bm-panel .bm-noscript").first
        assert "JavaScript" in note.inner_text() and "ការប្តេជ្ញា" in note.inner_text()
        assert note.locator("a").get_attribute("href") == "/data?lang=km"
        # The data's credits, where the map's attribution gives them once drawn (review 29, #2).
        credits = tab.inner_text(".bm-mapwrap .bm-static-credits")
        assert "Natural Earth" in credits and "GeoNames" in credits
        screenshot(tab, "first-view-without-javascript-km")
        assert tab.goto(live_server.url + "/data?lang=km").status == 200
        # An embed has no panel: the note stands with the credits, over the map (review 29, #3).
        tab.goto(live_server.url + "/embed?lang=km")
        assert not tab.is_visible(".bm-panel") and tab.is_visible("#bm-firstview")
        credits = tab.locator(".bm-mapwrap .bm-static-credits")
        assert "JavaScript" in credits.inner_text() and "GeoNames" in credits.inner_text()
        link = credits.locator("a")
        # Out of the frame, as the embed's "Open the full map" opens (review 30, #4).
        assert (link.get_attribute("href"), link.get_attribute("target")) == ("/data?lang=km", "_blank")
    finally:
        context.close()


@pytest.mark.parametrize("address", ["#view=11.5000,105.5000,9", "#feature=cp-bavet-moc-bai", "#at=2024-01-01"])
def test_an_address_that_opens_the_map_elsewhere_shows_no_first_view(new_tab, live_server, address):
    tab = first_view_alone(new_tab, live_server.url + "/" + address, DESKTOP)
    assert not tab.is_visible("#bm-firstview")
    # A skip link's target names no view (review 29, #5).
    for plain in ("", "#bm-map", "#bm-panel"):
        assert first_view_alone(new_tab, live_server.url + "/" + plain, DESKTOP).is_visible("#bm-firstview")


def test_the_picture_goes_when_the_scripts_fail_under_a_map_that_moves(new_tab, live_server):
    # Leaflet arrives, bordermap's bundle does not (review 29, #1): the map Leaflet makes can be
    # zoomed and dragged, and the picture must not stay over it, out of place.
    tab = new_tab(DESKTOP)
    tab.route("**/bundle.js", lambda route: route.abort())
    tab.goto(live_server.url + "/")
    tab.wait_for_selector(".leaflet-control-zoom-in")
    assert not tab.is_visible("#bm-firstview")
    tab.console_errors.clear()  # the refused bundle, and what needed it


def test_paths_are_simplified_as_leaflet_simplifies_them(page, live_server):
    open_map(page, live_server.url + "/")
    chance = random.Random(29)
    for _ in range(40):
        n = chance.randint(2, 300)
        x = y = 0
        points = []
        for _ in range(n):
            x += chance.randint(-3, 3)
            y += chance.randint(-3, 3)
            points.append([x, y])
        theirs = page.evaluate(
            "(pts) => L.LineUtil.simplify(pts.map((p) => L.point(p[0], p[1])), 1).map((p) => [p.x, p.y])", points)
        assert [list(p) for p in _simplify(np.array(points, dtype=float))] == theirs
