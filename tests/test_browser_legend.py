"""The legend shows what the map draws: its entries and swatches come from each shown layer's
configured style (geodata/layers.toml), and follow the layers as they are turned on and off."""

from __future__ import annotations

import tomllib

import pytest
from playwright.sync_api import expect

from bordermap.paths import geodata_dir
from conftest import TILE_HOST, open_map, screenshot, set_date

pytestmark = pytest.mark.browser


def configured_layers() -> dict[str, dict]:
    with open(geodata_dir() / "layers.toml", "rb") as handle:
        return {layer["id"]: layer for layer in tomllib.load(handle)["layers"]}


def legend(page) -> list[dict]:
    """Each legend entry: its layer, label, and the swatch's shape and painted attributes."""
    return page.eval_on_selector_all(".bm-legend-list li[data-layer]", """items => items.map(li => {
        const shape = li.querySelector('svg > *');
        const attr = name => shape.getAttribute(name);
        return {layer: li.dataset.layer, label: li.textContent, shape: shape.tagName,
                fill: attr('fill'), stroke: attr('stroke'), dash: attr('stroke-dasharray'),
                opacity: attr('stroke-opacity')};
    })""")


def drawn_like(page, layer_id: str, geometry: str, properties: dict) -> dict | None:
    """The Leaflet options of a drawn feature of the layer whose properties include these."""
    return page.evaluate("""([layerId, geometry, wanted]) => {
        const entry = Object.values(BorderMap.features).find(e => e.layerId === layerId
            && e.feature.geometry.type === geometry
            && Object.entries(wanted).every(([k, v]) => e.feature.properties[k] === v));
        if (!entry) return null;
        const o = entry.layer.options;
        return {color: o.color, fillColor: o.fillColor, dashArray: o.dashArray, opacity: o.opacity};
    }""", [layer_id, geometry, properties])


def test_the_legend_is_made_from_the_configured_styles_of_the_shown_layers(page, live_server):
    layers = configured_layers()
    open_map(page, live_server.url + "/")
    entries = legend(page)
    shown = [layer_id for layer_id, layer in layers.items() if layer["visible"]]
    # A configured entry is listed, in layer order, when a feature drawn on the map looks like it.
    expected = [(layer_id, item["label"]) for layer_id in reversed(list(layers)) if layer_id in shown
                for item in layers[layer_id].get("style", {}).get("legend", [])
                if drawn_like(page, layer_id, item.get("geometry", "LineString"), item.get("properties", {}))]
    configured = [(e["layer"], e["label"]) for e in entries
                  if any(e["label"] == item["label"] for item in layers[e["layer"]].get("style", {}).get("legend", []))]
    assert configured == expected
    assert ("expressways", "Expressway open") not in configured, "no expressway is open"
    # Layers without configured entries are keyed by their title: the province fills, the towns.
    titles = {e["label"] for e in entries}
    assert {layers[i]["title"] for i in ("provinces-kh", "provinces-vn", "places")} <= titles
    assert "corridors" not in {e["layer"] for e in entries}, "a hidden layer has no entry"

    # Each swatch wears what the map gives a feature like the one the entry describes.
    for layer_id, layer in layers.items():
        for item in layer.get("style", {}).get("legend", []):
            if layer_id not in shown:
                continue
            geometry = item.get("geometry", "LineString")
            drawn = drawn_like(page, layer_id, geometry, item.get("properties", {}))
            if drawn is None:
                continue  # the entry describes a state no feature is in today ("Expressway open")
            swatch = next(e for e in entries if e["label"] == item["label"])
            if geometry == "Point":
                assert swatch["fill"] == drawn["fillColor"] and swatch["stroke"] == drawn["color"], item["label"]
            else:
                assert swatch["stroke"] == drawn["color"], item["label"]
                assert float(swatch["opacity"]) == drawn["opacity"], item["label"]
            assert swatch["dash"] == drawn["dashArray"], item["label"]

    # The three drifts this replaced: each now has one value, the configured one.
    connecting = next(e for e in entries if e["label"].startswith("Connecting point"))
    variant = next(v for v in layers["expressways"]["style"]["variants"]
                   if v["when"] == {"kind": "connecting-point", "status": "under-discussion"})
    assert connecting["dash"] == variant["dash"] == "3 3"
    places = drawn_like(page, "places", "Point", {"kind": "place"})
    assert places["fillColor"] == layers["places"]["style"]["color"]
    screenshot(page, "legend-default")

    # Turning the corridor on adds its entry, at the opacity it is drawn with; off removes it.
    page.locator(".leaflet-control-layers").hover()
    page.get_by_text("GMS Southern Economic Corridor (indicative)", exact=True).click()
    corridor = next(e for e in legend(page) if e["layer"] == "corridors")
    drawn = drawn_like(page, "corridors", "LineString", {})
    assert float(corridor["opacity"]) == drawn["opacity"] == layers["corridors"]["style"]["opacity"] == 0.35
    assert corridor["dash"] == drawn["dashArray"]
    page.mouse.move(600, 500)
    screenshot(page, "legend-with-corridor")
    page.locator(".leaflet-control-layers").hover()
    page.get_by_text("Border checkpoints", exact=True).click()
    assert "checkpoints" not in {e["layer"] for e in legend(page)}
    assert page.console_errors == []
    assert all(TILE_HOST in url for url in page.outside_requests)


MEUN_CHEY = "cp-meun-chey-tan-nam"
INAUGURATED = "Meun Chey – Tan Nam (inaugurated 8 Dec 2025)"


def label_weight(page) -> str:
    """The font weight of Meun Chey – Tan Nam's name label on the map."""
    return page.evaluate("(id) => getComputedStyle(BorderMap.features[id].layer.getTooltip().getElement())"
                         ".fontWeight", MEUN_CHEY)


NOT_YET_OPEN = "Checkpoint not yet open (planned, approved or being built)"


def test_the_highlight_and_the_legend_follow_the_chosen_day(page, live_server):
    """Before its inauguration Meun Chey – Tan Nam is drawn, and keyed, as the other
    international gates; the legend keys what the map draws on the chosen day, and ghosts only
    in their own line."""
    open_map(page, live_server.url + "/?lang=en")
    today = drawn_like(page, "checkpoints", "Point", {"id": MEUN_CHEY})
    other = drawn_like(page, "checkpoints", "Point", {"id": "cp-bavet-moc-bai"})
    assert today["fillColor"] != other["fillColor"], "highlighted today"
    assert INAUGURATED in [e["label"] for e in legend(page)]
    assert label_weight(page) == "700"

    set_date(page, "2025-06-30")  # in operation since 2021, inaugurated on 8 Dec 2025
    assert page.evaluate("(id) => BorderMap.features[id].feature.properties.status", MEUN_CHEY) == "open"
    assert drawn_like(page, "checkpoints", "Point", {"id": MEUN_CHEY})["fillColor"] == other["fillColor"]
    labels = [e["label"] for e in legend(page)]
    assert INAUGURATED not in labels and "International checkpoint" in labels
    assert label_weight(page) == "400", "named, not emphasised, before its inauguration"

    set_date(page, "2020-01-01")  # before the Phnom Penh – Bavet works began: a ghost
    labels = [e["label"] for e in legend(page)]
    # Approved, not yet open: a ring, keyed so, not a gate drawn and keyed as open (review 32a, #8).
    assert page.evaluate("(id) => BorderMap.features[id].feature.properties.status", MEUN_CHEY) == "approved"
    ring = drawn_like(page, "checkpoints", "Point", {"id": MEUN_CHEY})
    assert ring["fillColor"] == "#ffffff" and ring["dashArray"] and ring["fillColor"] != other["fillColor"]
    assert NOT_YET_OPEN in labels, labels
    # A ghost is keyed by the legend's line on ghosts, not by a status it was not in yet (review 8, S4).
    assert "Expressway under construction" not in labels, labels
    assert not any(label.startswith("Connecting point") for label in labels), labels
    assert len(labels) == len(set(labels))
    assert "Faint, dashed: not yet on record on 2020-01-01" in page.text_content(".bm-legend")

    page.click(".bm-time-today")
    page.wait_for_selector('body[data-bm-at=""]')
    assert drawn_like(page, "checkpoints", "Point", {"id": MEUN_CHEY})["fillColor"] == today["fillColor"]
    assert INAUGURATED in [e["label"] for e in legend(page)]
    assert NOT_YET_OPEN not in [e["label"] for e in legend(page)], "every gate is open today"
    assert label_weight(page) == "700"
    assert page.console_errors == []


def test_the_legend_opens_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
              else route.abort())
    try:
        open_map(tab, live_server.url + "/")
        assert not tab.locator(".bm-legend-list").is_visible(), "folded on a small screen"
        tab.locator(".bm-legend-toggle").tap()
        # The click a tap makes reaches the page after tap() returns (phone_chrome waits the same way).
        expect(tab.locator(".bm-legend-list li[data-layer]").first).to_be_visible()
        box = tab.locator(".bm-legend").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(tab, "legend-phone")
    finally:
        context.close()


def test_what_the_search_marks_is_keyed_while_it_is_marked(page, live_server):
    """Review 32a, #11: the search's cyan marks had no key in the legend."""
    open_map(page, live_server.url + "/?lang=en")
    key = '.bm-legend-list li[data-key="found"]'
    assert page.locator(key).count() == 0
    page.fill("#bm-search", "meun chey")
    page.wait_for_selector(key)
    assert "Places found, and the places of the commitments listed" in page.text_content(key)
    # Its swatches have the marks' colour, one for each kind of shape marked (the gate and the
    # two provinces: review 33a, #6).
    assert page.get_attribute(f"{key} svg circle", "fill") == "#00a9b0"
    assert page.get_attribute(f"{key} svg rect", "stroke") == "#00a9b0"
    assert page.evaluate("BorderMap.panel.found.length") > 0
    page.fill("#bm-search", "")
    page.wait_for_selector(key, state="detached")
    assert page.console_errors == []
