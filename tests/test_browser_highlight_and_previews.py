"""What a selection or a preview paints: every part of a mixed geometry, hidden layers left alone by
previews, a highlight hue nothing else wears."""

from __future__ import annotations

import colorsys

import pytest

from bordermap.model import Layer
from conftest import (
    HIGHLIGHT_COLOR,
    INFRASTRUCTURE,
    clean,
    map_at_rest,
    open_map,
    screenshot,
)

pytestmark = pytest.mark.browser


CORRIDOR_COMMITMENT = "c-pr71-15"  # links the GMS corridor, a layer off by default


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


# ----------------------------------------------------------------------------- mixed geometries


MIXED = {
    "type": "Feature",
    "id": "mixed-1",
    "properties": {"name": "Mixed works site", "status": "proposed"},
    "geometry": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon",
         "coordinates": [[[104.6, 12.4], [104.8, 12.4], [104.8, 12.6], [104.6, 12.6], [104.6, 12.4]]]},
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
    assert lit["LineString"]["color"] == HIGHLIGHT_COLOR
    assert lit["Polygon"]["color"] == HIGHLIGHT_COLOR
    assert lit["Point"]["fillColor"] == HIGHLIGHT_COLOR and lit["Point"]["radius"] > drawn["Point"]["radius"]
    map_at_rest(page)
    screenshot(page, "review-geometry-collection-highlight")
    page.click(".bm-back")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert {p["type"]: p for p in parts(page, "mixed-1")} == drawn
    clean(page)


# ----------------------------------------------------------------------------- previews and hidden layers


def corridor_on(page) -> bool:
    return page.evaluate("BorderMap.map.hasLayer(BorderMap.layers.corridors.group)")


def test_previews_leave_hidden_layers_off_and_a_selection_puts_them_back(page, live_server):
    open_map(page, live_server.url + "/")
    assert not corridor_on(page)
    item = f'.bm-item[data-commitment="{CORRIDOR_COMMITMENT}"]'

    page.hover(item)
    # The item is hovered as the page sees it: its mouseenter (the preview) has run.
    page.wait_for_function("(sel) => document.querySelector(sel).matches(':hover')", arg=item)
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
    assert parts(page, "gms-sec-central")[0]["color"] == HIGHLIGHT_COLOR
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


# ----------------------------------------------------------------------------- highlight colour


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
    # The hover as the page sees it: its mouseover has painted the preview (read too early, the
    # parts still wear their own colours).
    page.wait_for_function("() => BorderMap.panel.preview.length > 0")
    preview = {i: parts(page, i)[0] for i in ids}
    page.mouse.move(900, 500)
    page.click('.bm-item[data-commitment="c-pr71-16"]')
    page.wait_for_selector(".bm-detail:not([hidden])")
    selected = {i: parts(page, i)[0] for i in ids}
    assert {look["type"] for look in selected.values()} >= {"Point", "LineString", "Polygon"}
    map_at_rest(page)
    screenshot(page, "review-highlight-colour")

    worn = []
    for look in list(selected.values()) + list(preview.values()):
        worn.append(look["fillColor"] if look["type"] == "Point" else look["color"])
    for colour in set(worn):
        for other in hued:
            assert hue_gap(colour, other) >= 25, f"highlight {colour} is too close to {other}"
    assert {selected[i]["fillColor"] for i in ids if selected[i]["type"] == "Point"} == {HIGHLIGHT_COLOR}
    assert {selected[i]["color"] for i in ids if selected[i]["type"] != "Point"} == {HIGHLIGHT_COLOR}
    assert all(hue_gap(c, HIGHLIGHT_COLOR) <= 8 for c in worn), worn
    clean(page)
