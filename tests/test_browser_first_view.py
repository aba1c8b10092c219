"""The first view reads at a glance, on a desktop and on a phone, in each language: labels never
overlap, the countries are named, markers that share a place are set apart, the rail is told from
the expressway, the legend keys what is drawn and only that, and one line says what the map shows
and from which documents. Measured from what Chromium lays out, with screenshots kept."""

from __future__ import annotations

import shutil

import orjson
import pytest
from playwright.sync_api import expect

from conftest import (
    INFRASTRUCTURE,
    PAINT_ORDER,
    SCREENSHOTS,
    clean,
    frames_painted,
    map_at_rest,
    open_map,
    screenshot,
    set_date,
)

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DEVICES = {"desktop": DESKTOP, "phone": PHONE}
COUNTRIES = {"en": ("Cambodia", "Viet Nam"), "km": ("កម្ពុជា", "វៀតណាម"), "vi": ("Campuchia", "Việt Nam")}
BAVET = ["cp-bavet-moc-bai", "place-bavet", "xw-connecting-point"]
NOTES_SHOTS = SCREENSHOTS.parent.parent.parent / "notes" / "shots" / "view"


def keep(tab, name: str) -> None:
    """A screenshot in test-artifacts, and a copy where the notes keep them when that folder exists."""
    path = screenshot(tab, name)
    if NOTES_SHOTS.parent.is_dir():
        NOTES_SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, NOTES_SHOTS / path.name)


# Every permanent label a reader sees on the map: its text and its box on the screen.
LABEL_BOXES = """() => {
    const frame = BorderMap.map.getContainer().getBoundingClientRect();
    const shown = n => {
        const style = getComputedStyle(n);
        return style.display !== 'none' && style.visibility !== 'hidden' && n.getClientRects().length > 0;
    };
    return [...document.querySelectorAll(
        '.leaflet-tooltip.bm-label-permanent, .leaflet-tooltip.bm-label-place, .bm-country-name')]
        .filter(shown).map(n => { const r = n.getBoundingClientRect();
            return {text: n.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })
        .filter(b => b.right > frame.left && b.left < frame.right && b.bottom > frame.top && b.top < frame.bottom);
}"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                pairs.append((a["text"], b["text"]))
    return pairs


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_no_label_overlaps_another_at_the_default_view_and_the_countries_are_named(new_tab, live_server, client,
                                                                                    device, lang):
    # An editor's point near Tay Ninh moves that town's label towards the country's name.
    client.post("/api/features?layer=zones&new_layer_title=Zones", headers={"Authorization": "Bearer test-editor-token"},
                data=orjson.dumps({"type": "FeatureCollection", "features": [
                    {"type": "Feature", "properties": {"name": "Zone"},
                     "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]}))
    tab = new_tab(DEVICES[device])
    open_map(tab, f"{live_server.url}/?lang={lang}")
    map_at_rest(tab)
    boxes = tab.evaluate(LABEL_BOXES)
    texts = [box["text"] for box in boxes]
    assert overlapping(boxes) == [], texts
    cambodia, viet_nam = COUNTRIES[lang]
    assert cambodia in texts and viet_nam in texts, texts
    # The inaugurated checkpoint's name always shows, as the page's language knows it where a
    # source gives it (the towns too: Phnom Penh is ភ្នំពេញ on the Khmer page).
    assert {"en": "Meun Chey – Tan Nam", "km": "Meun Chey – Tan Nam", "vi": "Tân Nam – Meun Chey"}[lang] in texts, \
        "the inaugurated checkpoint's name always shows"
    if lang != "en":
        assert {"km": "ភ្នំពេញ", "vi": "Phnôm Pênh"}[lang] in texts and "Phnom Penh" not in texts, texts
    # The legend names the gate pair as its label does.
    legend = tab.text_content(".bm-legend")
    assert {"en": "Meun Chey – Tan Nam", "km": "Meun Chey – Tan Nam", "vi": "Tân Nam – Meun Chey"}[lang] in legend
    assert len(texts) >= 5, f"decluttering keeps the labels that fit, not none: {texts}"
    keep(tab, f"first-view-{device}-{lang}")
    # Zoomed in on the border towns, the labels still keep apart (and more of them fit).
    tab.evaluate("() => { BorderMap.map.setView([11.3, 105.8], 9, {animate: false}); }")
    map_at_rest(tab)
    boxes = tab.evaluate(LABEL_BOXES)
    assert overlapping(boxes) == [], [box["text"] for box in boxes]
    clean(tab)


def marker_discs(tab, ids: list[str]) -> dict[str, tuple[float, float, float]]:
    return tab.evaluate("""(ids) => Object.fromEntries(ids.map(id => {
        const layer = BorderMap.features[id].layer;
        const p = BorderMap.map.latLngToContainerPoint(layer.getLatLng());
        return [id, [p.x, p.y, layer.options.radius + layer.options.weight / 2]];
    }))""", ids)


def test_markers_at_bavet_are_set_apart_and_each_opens_its_own_popup(page, live_server):
    open_map(page, live_server.url + "/")
    for zoom in (7, 10, 13):
        page.evaluate(f"() => {{ BorderMap.map.setView([11.065, 106.15], {zoom}, {{animate: false}}); }}")
        map_at_rest(page)
        discs = marker_discs(page, BAVET)
        for i, a in enumerate(BAVET):
            for b in BAVET[i + 1:]:
                (xa, ya, ra), (xb, yb, rb) = discs[a], discs[b]
                assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 >= ra + rb, (zoom, a, b)
        if zoom == 10:
            keep(page, "bavet-set-apart")
            box = page.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
            for feature_id in BAVET:  # a person's click on each marker opens that feature
                x, y, _ = marker_discs(page, [feature_id])[feature_id]
                page.mouse.click(box["x"] + x, box["y"] + y)
                expect(page.locator(".leaflet-popup .bm-popup")).to_have_attribute("data-feature", feature_id)
                page.evaluate("() => { BorderMap.map.closePopup(); }")
                expect(page.locator(".leaflet-popup")).to_have_count(0)  # gone before the next click
    # Far enough in, the town and the gate 1.8 km apart stand at their own places again.
    home = page.evaluate("""() => { const l = BorderMap.features['place-bavet'].layer;
        return l.getLatLng().equals(l.bmHome); }""")
    assert home
    clean(page)


def test_the_rail_is_drawn_beside_the_expressway_not_on_it(page, live_server):
    open_map(page, live_server.url + "/")
    page.evaluate("() => { BorderMap.map.setView([11.15, 105.9], 9, {animate: false}); }")
    map_at_rest(page)
    drawn = page.evaluate("""() => {
        const map = BorderMap.map;
        const rail = BorderMap.features['rail-phnom-penh-hcmc'].layer;
        const road = BorderMap.features['xw-phnom-penh-bavet'].layer;
        const shift = rail.getLatLngs().map((ll, i) => map.latLngToContainerPoint(ll)
            .distanceTo(map.latLngToContainerPoint(rail.bmHome[i])));
        return {shift, rail: [rail.options.color, rail.options.dashArray], road: [road.options.color, road.options.dashArray]};
    }""")
    assert all(5 <= shift <= 7 for shift in drawn["shift"]), drawn["shift"]
    assert drawn["rail"][0] != drawn["road"][0] and drawn["rail"][1] != drawn["road"][1]
    keep(page, "rail-beside-expressway")
    clean(page)


def legend_labels(tab) -> list[str]:
    return tab.eval_on_selector_all(".bm-legend-list li", "items => items.map(li => li.textContent.trim())")


def test_the_legend_keys_what_is_drawn_and_only_that(page, live_server):
    open_map(page, live_server.url + "/")
    labels = legend_labels(page)
    for wanted in ("Cambodia provinces", "Viet Nam provinces since 1 July 2025", "Towns and cities",
                   "International boundary", "Expressway under construction", "Proposed rail (indicative)"):
        assert wanted in labels, labels
    assert "Expressway open" not in labels, "no expressway is open: nothing on the map looks like it"
    assert not any("before 1 July 2025" in label for label in labels), "a hidden layer has no key"
    assert "Places of the selected commitment" not in labels
    # Every key's swatch is worn by a feature drawn on the map.
    unmatched = page.evaluate("""() => [...document.querySelectorAll('.bm-legend-list li[data-layer]')].filter(li => {
        const shape = li.querySelector('svg > *');
        const colour = shape.tagName === 'circle' ? shape.getAttribute('fill') : shape.getAttribute('stroke');
        return !Object.values(BorderMap.features).some(e => e.layerId === li.dataset.layer &&
            (shape.tagName === 'circle' ? e.layer.options.fillColor : e.layer.options.color) === colour);
    }).map(li => li.textContent)""")
    assert unmatched == []
    keep(page, "legend-from-what-is-drawn")

    page.evaluate("BorderMap.showLayer('provinces-vn-pre2025')")
    assert "Viet Nam provinces before 1 July 2025" in legend_labels(page)
    page.evaluate("BorderMap.hideLayer('provinces-vn-pre2025')")

    page.evaluate(f"BorderMap.panel.open('{INFRASTRUCTURE}')")
    expect(page.locator(".bm-legend-list li[data-key=highlight]")).to_have_text("Places of the selected commitment")
    swatch = page.eval_on_selector(".bm-legend-list li[data-key=highlight] circle", "c => c.getAttribute('fill')")
    assert swatch == "#d01c8b", "the key wears the highlight the map paints"
    keep(page, "legend-with-selection")
    page.evaluate("BorderMap.panel.close()")
    expect(page.locator(".bm-legend-list li[data-key=highlight]")).to_have_count(0)
    clean(page)


def test_one_line_says_what_the_map_shows_and_the_sectors_come_in_a_stated_order(page, live_server, client):
    open_map(page, live_server.url + "/")
    about = page.locator("#bm-about")
    expect(about).to_be_visible()
    text = about.inner_text()
    assert "48 commitments" in text and "PR 71/2025" in text and "Viet Nam News Service" in text
    expect(page.locator(".bm-order-note")).to_have_text(
        "Sectors with the most commitments that name a place on the map come first.")
    placed: dict[str, int] = {}
    for item in client.get("/api/commitments").get_json():
        if item["features"] or item["provinces"]:
            placed[item["sector"]] = placed.get(item["sector"], 0) + 1
    first = page.eval_on_selector(".bm-list .bm-sector", "s => s.querySelector('.bm-item').dataset.commitment")
    first_sector = client.get(f"/api/commitments/{first}").get_json()["sector"]
    assert placed[first_sector] == max(placed.values())
    assert first_sector != "agriculture"
    clean(page)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_about_line_and_country_names_in_each_language(new_tab, live_server, lang):
    tab = new_tab(DESKTOP)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    about = tab.locator("#bm-about").inner_text()
    expected = {"en": "The map shows where", "km": "ផែនទីបង្ហាញកន្លែង", "vi": "Bản đồ cho thấy nơi áp dụng"}[lang]
    assert about.startswith(expected)
    assert tab.locator(".bm-country-name").all_inner_texts() == [name.upper() if lang != "km" else name
                                                                   for name in COUNTRIES[lang]]
    clean(tab)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_first_map_painted_is_already_arranged_before_the_panel_loads(new_tab, live_server, device):
    """The map is drawn before the commitments arrive (slowly, on a slow network): what it shows
    then is already arranged, or its names overlap for that long and then jump."""
    tab = new_tab(DEVICES[device])
    held = []
    tab.route("**/api/commitments*", lambda route: held.append(route))
    tab.goto(f"{live_server.url}/?lang=en")
    tab.wait_for_selector("body[data-bm-drawn]")
    frames_painted(tab)  # what the reader sees: the drawn map, painted
    assert tab.get_attribute("body", "data-bm-ready") is None and held, "the panel is still loading"
    boxes = tab.evaluate(LABEL_BOXES)
    texts = [box["text"] for box in boxes]
    assert overlapping(boxes) == [], texts
    assert {"Cambodia", "Viet Nam", "Meun Chey – Tan Nam"} <= set(texts), texts
    discs = marker_discs(tab, BAVET)
    for i, a in enumerate(BAVET):
        for b in BAVET[i + 1:]:
            (ax, ay, ar), (bx, by, br) = discs[a], discs[b]
            assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= ar + br, (a, b)
    keep(tab, f"first-view-drawn-{device}-en")
    for route in held:
        route.continue_()
    tab.wait_for_selector("body[data-bm-ready]")
    map_at_rest(tab)
    assert overlapping(tab.evaluate(LABEL_BOXES)) == []
    clean(tab)


# Each shown label put on each side of its marker: the box the page worked out for that side from
# the one measuring (labels.boxesOn), and the box the browser then lays it out in.
BOXES_ON_EVERY_SIDE = """() => {
    const found = [], misses = [];
    for (const entry of Object.values(BorderMap.features)) {
        const tooltip = entry.layer.getTooltip && entry.layer.getTooltip();
        const node = tooltip && tooltip.bmLabel && tooltip.getElement();
        if (!node || !node.isConnected || !node.getBoundingClientRect().width) continue;
        const r = node.getBoundingClientRect();
        const worked = BorderMap.labels.boxesOn(tooltip, {left: r.left, top: r.top, right: r.right, bottom: r.bottom});
        const was = tooltip.options.direction;
        for (const side of ['right', 'left', 'top', 'bottom']) {
            BorderMap.labels.put(tooltip, side);
            const laid = node.getBoundingClientRect();
            for (const edge of ['left', 'top', 'right', 'bottom']) {
                if (Math.abs(laid[edge] - worked[side][edge]) > 0.5) misses.push([node.textContent, side, edge, laid[edge], worked[side][edge]]);
            }
        }
        BorderMap.labels.put(tooltip, was);
        found.push(node.textContent);
    }
    return {found, misses};
}"""


@pytest.mark.parametrize(("device", "lang"), [("desktop", "en"), ("phone", "km")])
def test_labels_are_measured_once_and_their_boxes_on_every_side_are_where_the_browser_puts_them(
        new_tab, live_server, device, lang):
    """Keeping labels apart measures each label once, where it is, and works out its box on the
    other sides; were that off, labels could overlap where the page thinks they do not."""
    tab = new_tab(DEVICES[device])
    open_map(tab, f"{live_server.url}/?lang={lang}")
    map_at_rest(tab)
    result = tab.evaluate(BOXES_ON_EVERY_SIDE)
    assert len(result["found"]) >= 4, result["found"]
    assert result["misses"] == []
    clean(tab)


# The shown layers in the order they are painted, bottom first, each once: the SVG's elements in
# document order, or the canvas's list of shapes.


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_small_default_map_is_drawn_as_svg_in_the_configured_order(new_tab, live_server, device):
    """The default map's few features are drawn as SVG (rasterised off the page's thread: its first
    view comes sooner); the layers stack as configured, and a layer shown again goes back under
    those configured above it (the provinces' fill over the gates dimmed them, review 8)."""
    tab = new_tab({**DEVICES[device], "device_scale_factor": 3} if device == "phone" else DEVICES[device])
    open_map(tab, f"{live_server.url}/?lang=en")
    configured = tab.evaluate("BorderMap.config.layers.map((l) => l.id)")
    first = tab.evaluate(PAINT_ORDER)
    assert first["svg"] and first["parts"] > 50, first
    assert len(first["order"]) >= 5 and first["order"] == sorted(first["order"], key=configured.index), first
    tab.evaluate("BorderMap.hideLayer('provinces-vn'); BorderMap.showLayer('provinces-vn')")
    assert tab.evaluate(PAINT_ORDER)["order"] == first["order"]
    if device == "desktop":  # back on today after an earlier day, as the reader of review 8 was
        set_date(tab, "2025-06-01")
        tab.click(".bm-time-today")
        tab.wait_for_selector('body[data-bm-at=""]')
        assert tab.evaluate(PAINT_ORDER)["order"] == first["order"]
    clean(tab)


# Runs before the page: the Khmer name in the language switcher as first laid out (ResizeObserver
# reports after the layout of a frame, before its paint): the state of its face and its width.
SWITCHER_AT_FIRST_LAYOUT = """
window.__switcher = null;
new MutationObserver(function (changes, observer) {
  var link = document.querySelector('.bm-langs a[lang=km]');
  if (!link) return;
  observer.disconnect();
  new ResizeObserver(function (entries, resized) {
    resized.disconnect();
    var face = Array.from(document.fonts).find(function (f) { return f.family === 'bordermap Khmer name'; });
    window.__switcher = {status: face && face.status, width: link.getBoundingClientRect().width};
  }).observe(link);
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_switchers_khmer_name_is_in_its_own_face_from_the_first_layout(new_tab, live_server, lang):
    """The word ខ្មែរ in the language switcher comes in its small embedded face from the first
    frame (preloaded): laid out first in a fallback it took the browser a font look-up in every
    family of its rule, and changed width when the face came."""
    tab = new_tab(PHONE)
    tab.add_init_script(SWITCHER_AT_FIRST_LAYOUT)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    first = tab.evaluate("window.__switcher")
    assert first and first["status"] == "loaded", first
    assert first["width"] == tab.evaluate("document.querySelector('.bm-langs a[lang=km]').getBoundingClientRect().width")
    clean(tab)


# Runs before the page: at the drawn mark, each size, weight, style and family that the page's
# laid-out text comes in, with a sample of the text in it.
FONTS_AT_DRAWN = """
window.__fonts = null;
new MutationObserver(function (changes, observer) {
  if (!document.body || document.body.getAttribute('data-bm-drawn') !== 'true') return;
  observer.disconnect();
  var found = {};
  var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var node = walk.nextNode(); node; node = walk.nextNode()) {
    if (!node.data.trim()) continue;
    var range = document.createRange();
    range.selectNodeContents(node);
    if (!range.getClientRects().length) continue;
    var style = getComputedStyle(node.parentElement);
    var key = [style.fontSize, style.fontWeight, style.fontStyle, style.fontFamily].join(' ');
    (found[key] = found[key] || []).push(node.data.trim().slice(0, 30));
  }
  window.__fonts = found;
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-bm-drawn']});
"""


@pytest.mark.parametrize("device, at_most", [("phone", 8), ("desktop", 11)])
def test_the_first_views_text_comes_in_few_sizes_and_weights(new_tab, live_server, device, at_most):
    """Before the first view is drawn, the browser asks its own process for a font for each size,
    weight and family of the page's text, twice, while the page waits: most of the header's
    first layout on a slowed phone (docs/first-view.md). Text out of sight is laid out too (the
    skip links were bold while hidden); a new size or weight in the first view should be one
    the reader sees a reason for."""
    tab = new_tab(DEVICES[device])
    tab.add_init_script(FONTS_AT_DRAWN)
    open_map(tab, f"{live_server.url}/?lang=en")
    fonts = tab.evaluate("window.__fonts")
    assert fonts, "the drawn mark was never seen"
    assert len(fonts) <= at_most, "\n".join(f"{key}: {texts[:3]}" for key, texts in sorted(fonts.items()))
    assert not any(key.split(" ")[1] == "700" and "Skip to map" in texts for key, texts in fonts.items()), fonts
    clean(tab)


def test_the_connecting_points_look_and_key_follow_the_status_an_editor_records(page, live_server, app):
    """Review rv20, M3: after an editor recorded it approved, its popup said so while the map still
    drew it dotted and the legend still read "Connecting point (under discussion)"."""
    def drawn():
        return page.evaluate("() => BorderMap.features['xw-connecting-point'].layer.options.dashArray")

    open_map(page, live_server.url + "/")
    assert drawn() == "3 3" and "Connecting point (under discussion)" in legend_labels(page)
    store = app.extensions["bordermap.store"]
    store.add_status_event({"entity": "feature", "entity_id": "xw-connecting-point", "date": "2026-11-20",
                            "precision": "day", "estimated": False, "status": "approved",
                            "source": {"document": "kh-mfa-pr71-2025", "paragraph": 10}, "confidence": "high",
                            "note": "Agreed at marker 171."}, author="ed")
    for lang, label in (("en", "Connecting point"), ("km", "ចំណុចតភ្ជាប់"), ("vi", "Điểm kết nối")):
        open_map(page, live_server.url + f"/?lang={lang}")
        assert drawn() is None, "drawn whole, no longer dotted"
        labels = legend_labels(page)
        assert label in labels and not any(")" in key and key.startswith(label) for key in labels), labels
    clean(page)
