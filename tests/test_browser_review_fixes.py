"""Fixes from the front-end review, each checked in a real browser: mixed geometries, a shared
link on a phone, previews and hidden layers, the highlight colour, keyboard routes, phone labels."""

from __future__ import annotations

import colorsys

import pytest

from bordermap.model import Layer
from conftest import TILE_HOST, open_map, screenshot, tab_until

pytestmark = pytest.mark.browser

SELECTED = "#d01c8b"
MEUN_CHEY = "cp-meun-chey-tan-nam"
INFRASTRUCTURE = "c-pr71-28"
CORRIDOR_COMMITMENT = "c-pr71-15"  # links the GMS corridor, a layer off by default
PHONE = {"viewport": {"width": 390, "height": 780}, "is_mobile": True, "has_touch": True}


def clean(page) -> None:
    assert page.console_errors == []
    assert all(TILE_HOST in url for url in page.outside_requests), page.outside_requests


@pytest.fixture
def phone(browser):
    """A phone-sized tab that records page errors and refuses every non-loopback request."""
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    tab.console_errors, tab.outside_requests = [], []
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))

    def guard(route):
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            tab.outside_requests.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    yield tab
    context.close()


def parts(page, feature_id: str) -> list[dict]:
    """The drawn parts of a feature: geometry type and the colours and radius they wear."""
    return page.evaluate(
        """(id) => {
            const layer = BorderMap.features[id].layer;
            const drawn = layer instanceof L.FeatureGroup ? layer.getLayers() : [layer];
            return drawn.map(l => ({
                type: l instanceof L.CircleMarker ? 'Point' : l instanceof L.Polygon ? 'Polygon' : 'LineString',
                color: l.options.color, fillColor: l.options.fillColor, radius: l.options.radius, onMap: !!l._map,
            }));
        }""",
        feature_id,
    )


def screen_point(page, lat: float, lng: float) -> tuple[float, float]:
    return page.evaluate(
        """([lat, lng]) => {
            const p = BorderMap.map.latLngToContainerPoint([lat, lng]);
            const box = BorderMap.map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lat, lng],
    )


# ----------------------------------------------------------------------------- 1. GeometryCollection
MIXED = {
    "type": "Feature",
    "id": "mixed-1",
    "properties": {"name": "Mixed works site", "status": "proposed"},
    "geometry": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "coordinates": [[[104.6, 12.4], [104.8, 12.4], [104.8, 12.6], [104.6, 12.6], [104.6, 12.4]]]},
        {"type": "LineString", "coordinates": [[104.9, 12.5], [105.3, 12.5]]},
        {"type": "Point", "coordinates": [105.5, 12.5]},
    ]},
}


def test_a_geometry_collection_draws_each_part_and_opens_its_popup(app, live_server, page):
    store = app.extensions["bordermap.store"]
    store.add_features("mixed", [MIXED], author="t", summary="mixed geometries",
                       new_layer=Layer(id="mixed", title="Mixed works", kind="works", origin="user",
                                       style={"color": "#1b7837", "fill": "#a6dba0"}))
    store.link(INFRASTRUCTURE, ["mixed-1"], author="t")

    # A shared link to the feature opens its popup.
    open_map(page, live_server.url + "/#feature=mixed-1")
    popup = page.wait_for_selector(".leaflet-popup .bm-popup", timeout=5000)
    assert popup.get_attribute("data-feature") == "mixed-1"
    assert "Mixed works site" in popup.inner_text()
    assert page.evaluate("BorderMap.state.read().feature") == "mixed-1"

    # Each part wears the style of its own geometry: the line is green, not a point's white.
    drawn = {p["type"]: p for p in parts(page, "mixed-1")}
    assert set(drawn) == {"Polygon", "LineString", "Point"}
    assert all(p["onMap"] for p in drawn.values())
    assert drawn["LineString"]["color"] == "#1b7837"
    assert drawn["Polygon"]["color"] == "#1b7837" and drawn["Polygon"]["fillColor"] == "#a6dba0"
    assert drawn["Point"]["fillColor"] == "#1b7837" and drawn["Point"]["color"] == "#fff"

    # A click on the line opens the popup of the whole feature.
    page.evaluate("() => { BorderMap.map.closePopup(); BorderMap.map.setView([12.5, 105.1], 9, {animate: false}); }")
    page.wait_for_selector(".leaflet-popup", state="detached")
    x, y = screen_point(page, 12.5, 105.1)
    page.mouse.click(x, y)
    popup = page.wait_for_selector(".leaflet-popup .bm-popup", timeout=5000)
    assert popup.get_attribute("data-feature") == "mixed-1"
    screenshot(page, "review-geometry-collection-popup")

    # A commitment that names it highlights every part, and lets go of every part.
    page.evaluate("() => { BorderMap.map.closePopup(); }")
    page.click(f'.bm-item[data-commitment="{INFRASTRUCTURE}"]')
    page.wait_for_selector(".bm-detail:not([hidden])")
    lit = {p["type"]: p for p in parts(page, "mixed-1")}
    assert lit["LineString"]["color"] == SELECTED
    assert lit["Polygon"]["color"] == SELECTED
    assert lit["Point"]["fillColor"] == SELECTED and lit["Point"]["radius"] > drawn["Point"]["radius"]
    page.wait_for_timeout(400)
    screenshot(page, "review-geometry-collection-highlight")
    page.click(".bm-back")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert {p["type"]: p for p in parts(page, "mixed-1")} == drawn
    clean(page)


# ----------------------------------------------------------------------------- 2. phone link
def test_a_shared_commitment_link_on_a_phone_frames_its_places(phone, live_server, client):
    item = client.get("/api/commitments/c-pr71-16").get_json()
    ids = item["features"] + item["provinces"]
    open_map(phone, live_server.url + "/#commitment=c-pr71-16")
    phone.wait_for_selector(".bm-detail:not([hidden])")
    phone.wait_for_function(
        """(ids) => {
            const wanted = BorderMap.boundsOf(ids);
            return !!wanted && BorderMap.map.getBounds().contains(wanted);
        }""",
        arg=ids, timeout=5000,
    )
    size = phone.evaluate("BorderMap.map.getSize()")
    frame = phone.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
    assert size["y"] == round(frame["height"]), "the map knows its size beside the panel"
    # The view written to the link is the one shown.
    phone.wait_for_timeout(400)
    lat, lng, zoom = map(float, phone.evaluate("BorderMap.state.read().view").split(","))
    center = phone.evaluate("(() => { const c = BorderMap.map.getCenter(); return [c.lat, c.lng, BorderMap.map.getZoom()]; })()")
    assert abs(lat - center[0]) < 1e-3 and abs(lng - center[1]) < 1e-3 and zoom == center[2]
    screenshot(phone, "review-phone-shared-commitment")
    clean(phone)


# ----------------------------------------------------------------------------- 3. previews
def corridor_on(page) -> bool:
    return page.evaluate("BorderMap.map.hasLayer(BorderMap.layers.corridors.group)")


def test_previews_leave_hidden_layers_off_and_a_selection_puts_them_back(page, live_server):
    open_map(page, live_server.url + "/")
    assert not corridor_on(page)
    item = f'.bm-item[data-commitment="{CORRIDOR_COMMITMENT}"]'

    page.hover(item)
    page.wait_for_timeout(100)
    assert not corridor_on(page), "hovering does not turn a layer on"
    page.mouse.move(900, 500)
    page.focus(item)
    assert not corridor_on(page), "keyboard focus does not turn a layer on"
    page.evaluate("document.activeElement.blur()")
    assert not corridor_on(page)

    # A selection shows the hidden layer its place is in, highlighted, and hides it again after.
    page.click(item)
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert corridor_on(page)
    assert parts(page, "gms-sec-central")[0]["color"] == SELECTED
    screenshot(page, "review-selection-shows-hidden-layer")
    page.click(".bm-back")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert not corridor_on(page), "the layer the selection turned on goes back off"

    # A layer the reader turned on stays on after the selection that also needed it.
    page.hover(".leaflet-control-layers")
    page.get_by_text("GMS Southern Economic Corridor (indicative)").click()
    assert corridor_on(page)
    page.click(item)
    page.wait_for_selector(".bm-detail:not([hidden])")
    page.click(".bm-back")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert corridor_on(page)
    clean(page)


# ----------------------------------------------------------------------------- 4. highlight colour
def hue(color: str) -> tuple[float, float, float]:
    """Hue in degrees, lightness and saturation of a #rrggbb colour."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    return h * 360, lightness, saturation


def hue_gap(a: str, b: str) -> float:
    d = abs(hue(a)[0] - hue(b)[0]) % 360
    return min(d, 360 - d)


def test_the_highlight_is_a_hue_no_legend_symbol_or_layer_uses(page, live_server, client):
    open_map(page, live_server.url + "/")
    used = page.evaluate("""() => {
        const colours = [];
        document.querySelectorAll('.bm-legend svg *').forEach(s => {
            ['fill', 'stroke'].forEach(a => s.getAttribute(a) && colours.push(s.getAttribute(a)));
        });
        Object.values(BorderMap.layers).forEach(l => {
            const style = l.config.style || {};
            [style.color, style.fill].forEach(c => c && colours.push(c));
        });
        return colours;
    }""")
    # Colours that read as a hue (not white, grey or near-black) must be far from the highlight's.
    hued = {c.lower() for c in used if len(c) == 7 and hue(c)[2] > 0.25 and 0.15 < hue(c)[1] < 0.95}
    assert {"#f0a202", "#d95f02", "#b2182b"} <= hued

    item = client.get("/api/commitments/c-pr71-16").get_json()
    ids = item["features"] + item["provinces"]  # points, lines and areas
    page.hover('.bm-item[data-commitment="c-pr71-16"]')
    preview = {i: parts(page, i)[0] for i in ids}
    page.mouse.move(900, 500)
    page.click('.bm-item[data-commitment="c-pr71-16"]')
    page.wait_for_selector(".bm-detail:not([hidden])")
    selected = {i: parts(page, i)[0] for i in ids}
    assert {look["type"] for look in selected.values()} >= {"Point", "LineString", "Polygon"}
    page.wait_for_timeout(500)
    screenshot(page, "review-highlight-colour")

    worn = []
    for look in list(selected.values()) + list(preview.values()):
        worn.append(look["fillColor"] if look["type"] == "Point" else look["color"])
    for colour in set(worn):
        for other in hued:
            assert hue_gap(colour, other) >= 25, f"highlight {colour} is too close to {other}"
    assert {selected[i]["fillColor"] for i in ids if selected[i]["type"] == "Point"} == {SELECTED}
    assert {selected[i]["color"] for i in ids if selected[i]["type"] != "Point"} == {SELECTED}
    assert all(hue_gap(c, SELECTED) <= 8 for c in worn), worn
    clean(page)


# ----------------------------------------------------------------------------- 5. keyboard
def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
        return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 60), cls: el.className || '',
                id: el.id, feature: el.dataset ? el.dataset.feature || '' : ''}; }""")


def test_skip_links_come_first_and_lead_to_the_map_and_the_commitments(page, live_server):
    open_map(page, live_server.url + "/#view=11.5000,105.9000,8&commitment=c-pr71-16")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A" and first["text"] == "Skip to map"
    box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 60 and box["height"] > 20 and box["top"] >= 0, "visible when focused"
    screenshot(page, "review-skip-link")
    before = page.evaluate("BorderMap.state.read()")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('leaflet-container')")
    assert page.evaluate("BorderMap.state.read()") == before, "the hash keeps the map's state"
    assert tab_until(page, "el.classList.contains('leaflet-control-zoom-in')", limit=3)

    page.keyboard.press("Shift+Tab")
    page.evaluate("document.activeElement.blur()")
    page.focus("a.bm-skip")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to commitments"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "bm-detail-title", "the open commitment first"
    page.click(".bm-back")
    page.focus("a.bm-skip")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "bm-search", "else the search"
    clean(page)


def test_a_checkpoint_no_commitment_names_opens_from_the_keyboard(page, live_server):
    open_map(page, live_server.url + "/")
    target = page.evaluate("""() => Object.keys(BorderMap.features).find(id => {
        const e = BorderMap.features[id];
        return e.layerId === 'checkpoints' && !(e.feature.properties.commitments || []).length;
    })""")
    assert target, "a checkpoint without a commitment"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Skip to commitments
    assert tab_until(page, "el.tagName === 'SUMMARY' && el.textContent === 'Places on the map'", limit=120)
    page.keyboard.press("Enter")
    assert tab_until(page, f"el.dataset.feature === '{target}'", limit=60), "Tab reaches the checkpoint"
    page.keyboard.press("Enter")
    popup = page.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{target}"]')
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup')"), "focus goes into the popup"
    assert "No commitment" in popup.inner_text()
    screenshot(page, "review-keyboard-places")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert focused(page)["feature"] == target, "focus comes back to the list"
    # Every layer small enough to list is listed, each place by its name.
    counts = page.eval_on_selector_all(".bm-place-layer", "ss => ss.map(s => s.querySelectorAll('button').length)")
    assert sum(counts) == page.evaluate("Object.keys(BorderMap.features).length")
    clean(page)


# ----------------------------------------------------------------------------- 6. phone labels
def test_permanent_labels_are_names_that_fit_a_phone(phone, live_server):
    open_map(phone, live_server.url + "/")
    phone.wait_for_timeout(300)
    label = phone.locator(".leaflet-tooltip.bm-label-permanent")
    assert label.text_content() == "Meun Chey – Tan Nam"
    box = label.bounding_box()
    frame = phone.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
    control = phone.eval_on_selector(".leaflet-control-layers", "e => e.getBoundingClientRect().toJSON()")
    assert box["x"] >= frame["left"] and box["x"] + box["width"] <= frame["right"], "not cut off"
    clear_of_control = (box["x"] + box["width"] <= control["left"] or box["y"] >= control["bottom"]
                        or box["y"] + box["height"] <= control["top"])
    assert clear_of_control, "not under the layer control"
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.bm-label-permanent')).fontSize)")
    assert size >= 12
    screenshot(phone, "review-phone-label")

    # The status is still in the popup.
    phone.evaluate(f"() => BorderMap.openFeature('{MEUN_CHEY}')")
    assert "Inaugurated" in phone.wait_for_selector(".leaflet-popup .bm-popup").inner_text()
    clean(phone)


def test_a_shared_commitment_link_without_a_view_frames_its_places_closely(page, live_server):
    # The page's own first moves write a view into the address; that must not count as the
    # link's view, or the map stays at the default, far wider one.
    open_map(page, live_server.url + "/#commitment=c-pr71-27")
    page.wait_for_timeout(800)
    assert page.evaluate("BorderMap.map.getZoom()") >= 8
    assert page.evaluate("""() => BorderMap.map.getBounds().contains(
        BorderMap.boundsOf(['cp-meun-chey-tan-nam', 'kh-prey-veng', 'vn-tay-ninh']))""")
