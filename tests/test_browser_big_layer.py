"""A layer of 100,000 points: the map opens without fetching it; switched on, it is fetched once
as compact positions and drawn in slices; a click on a point opens that feature's popup with its
commitments; switched off and on again, it is not fetched again."""

from __future__ import annotations

import pytest

from bordermap import layer_points
from bordermap.layer_search import fold
from bordermap.model import Layer
from conftest import PHONE, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser

N = 100_000
LONELY = (102.6, 13.3)  # v0 stands alone there, west of the others
COMMITMENT = "c-pr71-27"


def _points(n: int) -> list[dict]:
    features = []
    for i in range(n):
        # 500 columns by 200 rows over the border between Cambodia and Viet Nam.
        lon, lat = (LONELY if i == 0 else (103.5 + (i % 500) * 0.0096, 10.6 + (i // 500) * 0.017))
        features.append({"type": "Feature", "id": f"v{i}", "properties": {"name": f"Village {i}"},
                         "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}})
    features[0]["properties"].update(name="Lonely well", name_vi="Giếng lẻ")
    return features


@pytest.fixture
def big_app(app, monkeypatch):
    monkeypatch.setattr(layer_points, "LARGE_LAYER_FEATURES", N - 1)  # 100,000 is large here
    store = app.extensions["bordermap.store"]
    store.add_features("villages", _points(N), author="t", summary="villages",
                       new_layer=Layer(id="villages", title="Villages", kind="village", origin="user",
                                       style={"color": "#1b7837"}))
    store.link(COMMITMENT, ["v0"], author="t")
    return app


def _requests_for_layer(tab) -> list[str]:
    found = []
    tab.on("request", lambda request: found.append(request.url)
           if "/layers/villages/" in request.url or "layer=villages" in request.url else None)
    return found


def _layer_checkbox(tab):
    """The layer's checkbox, in the layer control opened as a reader opens it."""
    control = tab.locator(".leaflet-control-layers")
    if "leaflet-control-layers-expanded" not in (control.get_attribute("class") or ""):
        if tab.evaluate("matchMedia('(hover: hover)').matches"):
            control.hover()
        else:
            tab.locator(".leaflet-control-layers-toggle").tap()
    details = tab.locator("details.bm-user-layers")
    if not details.evaluate("(node) => node.open"):
        details.locator("summary").click()
    return tab.locator('input[data-layer="villages"]')


def _switch(tab, on: bool) -> None:
    box = _layer_checkbox(tab)
    if box.is_checked() != on:
        box.click()


def _wait_drawn(tab) -> int:
    tab.wait_for_selector('canvas.bm-bigpoints[data-layer="villages"][data-state="drawn"]', timeout=60000)
    return int(tab.get_attribute('canvas.bm-bigpoints[data-layer="villages"]', "data-drawn"))


def _click_lonely(tab) -> None:
    x, y = tab.evaluate("""([lon, lat]) => {
        const p = BorderMap.map.latLngToContainerPoint([lat, lon]);
        const box = BorderMap.map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", list(LONELY))
    tab.mouse.click(x, y)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_large_layer_waits_to_be_switched_on_then_draws_and_answers_clicks(big_app, live_server, new_tab, lang):
    tab = new_tab()
    asked = _requests_for_layer(tab)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    assert asked == []  # the first view and everything after it: nothing of the layer
    assert tab.evaluate("BorderMap.layerShown('villages')") is False
    _layer_checkbox(tab)
    label = tab.locator('input[data-layer="villages"]').locator("xpath=..").inner_text()
    assert "Villages" in label and {"en": "100,000", "km": "១០០,០០០", "vi": "100.000"}[lang] in label

    _switch(tab, True)
    assert _wait_drawn(tab) == N  # every point is in the opening view
    assert [url for url in asked if "/points" in url] and not [url for url in asked if "layer=villages" in url]
    # The legend shows the layer's look among the editors' layers.
    assert tab.locator('.bm-legend li[data-layer="villages"]').count() == 1
    map_at_rest(tab)
    screenshot(tab, f"big-layer-drawn-{lang}")
    tab.screenshot(path=f"/work/notes/shots/biglayer/desktop-{lang}-drawn.png")

    opening = tab.evaluate("(() => { const c = BorderMap.map.getCenter(); return [[c.lat, c.lng], BorderMap.map.getZoom()]; })()")
    _click_lonely(tab)
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Lonely well").wait_for(timeout=15000)
    tab.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")  # one popup: its own
    assert tab.locator(f'.leaflet-popup-content button[data-commitment="{COMMITMENT}"]').count() == 1
    assert tab.evaluate("BorderMap.state.read().feature") == "v0"
    tab.screenshot(path=f"/work/notes/shots/biglayer/desktop-{lang}-popup.png")

    # Off and on again: drawn again from what was fetched, in the opening view (the popup moved
    # the map to show itself whole).
    tab.keyboard.press("Escape")
    tab.evaluate("([center, zoom]) => { BorderMap.map.setView(center, zoom, { animate: false }); }", opening)
    _switch(tab, False)
    tab.wait_for_selector('canvas.bm-bigpoints[data-layer="villages"]', state="detached")
    _switch(tab, True)
    assert _wait_drawn(tab) == N
    assert len([url for url in asked if "/points" in url]) == 1
    assert tab.console_errors == [] and tab.evaluate("BorderMap.loadErrors || []") == []


def test_a_large_layer_on_a_phone_draws_and_follows_a_zoom(big_app, live_server, new_tab):
    tab = new_tab(PHONE)
    asked = _requests_for_layer(tab)
    open_map(tab, f"{live_server.url}/")
    assert asked == []
    _switch(tab, True)
    drawn = _wait_drawn(tab)
    assert 0 < drawn <= N
    # A touch screen has no arrow keys: the map describes the panel's search instead.
    hint = tab.evaluate("document.getElementById(BorderMap.map.getContainer().getAttribute('aria-describedby')"
                        ".split(' ').pop()).textContent")
    assert "Villages" in hint and "search in the panel" in hint and "arrow keys" not in hint
    tab.keyboard.press("Escape")
    tab.screenshot(path="/work/notes/shots/biglayer/phone-en-drawn.png")
    # Zoomed in on the lone point: fewer points in view, drawn again, and it still answers a click.
    tab.evaluate("([lon, lat]) => { BorderMap.map.setView([lat, lon], 11, {animate: false}); }", list(LONELY))
    map_at_rest(tab)
    # A tap on the map away from the points folds the layer list away, as a reader would.
    box = tab.evaluate("() => BorderMap.map.getContainer().getBoundingClientRect().toJSON()")
    tab.mouse.click(box["x"] + 15, box["y"] + box["height"] / 2)
    tab.wait_for_selector(".leaflet-control-layers-expanded", state="detached")
    if tab.locator(".leaflet-popup-close-button").count():  # the tap opened a province's popup
        tab.locator(".leaflet-popup-close-button").click()
    tab.wait_for_function("""() => {
        const c = document.querySelector('canvas.bm-bigpoints[data-layer="villages"]');
        return c && c.getAttribute('data-state') === 'drawn' && +c.getAttribute('data-drawn') < %d;
    }""" % drawn, timeout=30000)
    _click_lonely(tab)
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Lonely well").wait_for(timeout=15000)
    tab.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")  # one popup: its own
    tab.screenshot(path="/work/notes/shots/biglayer/phone-en-popup.png")
    assert len([url for url in asked if "/points" in url]) == 1
    assert tab.console_errors == []


def test_a_shared_link_to_a_point_of_a_large_layer_reopens_it(big_app, live_server, new_tab):
    tab = new_tab()
    asked = _requests_for_layer(tab)
    open_map(tab, f"{live_server.url}/#feature=v0")
    # The layer is switched on for it, and the popup is the feature's own, with its commitment.
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Lonely well").wait_for(timeout=15000)
    assert tab.evaluate("BorderMap.layerShown('villages')") is True
    assert tab.locator(f'.leaflet-popup-content button[data-commitment="{COMMITMENT}"]').count() == 1
    assert tab.evaluate("BorderMap.state.read().feature") == "v0"
    # Centred on it: a few pixels off at most, where its popup is moved clear of the map's controls.
    off = tab.evaluate(f"""(() => {{ const p = BorderMap.map.latLngToContainerPoint([{LONELY[1]}, {LONELY[0]}]);
        const size = BorderMap.map.getSize(); return [p.x - size.x / 2, p.y - size.y / 2]; }})()""")
    assert abs(off[0]) <= 24 and abs(off[1]) <= 24, off
    _wait_drawn(tab)
    assert len([url for url in asked if "/points" in url]) == 1
    assert tab.console_errors == [] and tab.evaluate("BorderMap.loadErrors || []") == []


def _centre_on(tab, lon: float, lat: float) -> None:
    """Moves the map (as the arrow keys would, only exactly) and waits for the points redrawn."""
    tab.evaluate("([lon, lat]) => { BorderMap.map.setView([lat, lon], 11, {animate: false}); }", [lon, lat])
    tab.wait_for_function("""() => {
        const c = document.querySelector('canvas.bm-bigpoints[data-layer="villages"]');
        return c && c.getAttribute('data-state') === 'drawn';
    }""", timeout=30000)


@pytest.mark.parametrize("lang", ["en", "km"])
def test_the_keyboard_opens_the_point_of_a_large_layer_at_the_maps_centre(big_app, live_server, new_tab, lang):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}")
    _switch(tab, True)
    _wait_drawn(tab)
    # Keyboard only from here: "Skip to map" (the first link of the page) puts the focus on the map.
    tab.keyboard.press("Escape")
    tab.focus("a.bm-skip")
    tab.keyboard.press("Enter")
    container = tab.locator(".bm-mapwrap .leaflet-container")
    assert tab.evaluate("document.activeElement === BorderMap.map.getContainer()")
    hint = tab.evaluate("document.getElementById(BorderMap.map.getContainer().getAttribute('aria-describedby')"
                        ".split(' ').pop()).textContent")
    assert "Villages" in hint and "Enter" in hint
    assert ("ប្រើគ្រាប់ចុចព្រួញ" in hint) if lang == "km" else ("arrow keys" in hint)
    ring = tab.evaluate("getComputedStyle(BorderMap.map.getContainer(), '::after').content")
    assert ring == '""'  # the ring at the centre shows while the keyboard is on the map

    # Nothing of the layer under the ring (the sea south of the points): the status line says so.
    _centre_on(tab, 104.2, 9.6)
    tab.keyboard.press("Enter")
    status = tab.locator(".bm-bigpoints-status")
    status.filter(has_text="Villages").wait_for(timeout=5000)
    assert tab.locator(".leaflet-popup").count() == 0

    # The lone point under the ring: Enter opens its popup, with the focus on its title.
    _centre_on(tab, *LONELY)
    container.focus()
    tab.keyboard.press("Enter")
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Lonely well").wait_for(timeout=15000)
    tab.wait_for_function("document.activeElement && document.activeElement.classList.contains('bm-popup-title')")
    assert tab.locator(f'.leaflet-popup-content button[data-commitment="{COMMITMENT}"]').count() == 1
    assert tab.evaluate("BorderMap.state.read().feature") == "v0"
    assert status.inner_text() == ""
    tab.screenshot(path=f"/work/notes/shots/biglayer/keyboard-{lang}-popup.png")
    # Back on the map with the popup still open: the centre's ring is not drawn over the popup's
    # text (review 17, F5), and Escape still closes the popup.
    container.focus()
    assert tab.evaluate("getComputedStyle(BorderMap.map.getContainer(), '::after').content") == "none"
    assert tab.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
    # Escape closes it, and the keyboard is back on the map where it was.
    tab.keyboard.press("Escape")
    tab.wait_for_selector(".leaflet-popup", state="detached")
    assert tab.evaluate("document.activeElement === BorderMap.map.getContainer()")
    tab.screenshot(path=f"/work/notes/shots/biglayer/keyboard-{lang}-ring.png")
    # Switched off, the map no longer describes or answers for the layer.
    _switch(tab, False)
    # (The map's own description of where its places are read stays.)
    assert tab.evaluate("BorderMap.map.getContainer().getAttribute('aria-describedby')").split() == ["bm-map-about"]
    assert tab.console_errors == [] and tab.evaluate("BorderMap.loadErrors || []") == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_panels_search_finds_a_point_of_a_large_layer_and_opens_it(big_app, live_server, new_tab, lang):
    tab = new_tab()
    asked = _requests_for_layer(tab)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    # The server folds names as the page's own search does.
    samples = ["Tây Ninh", "ĐỒNG THÁP", "Cửa khẩu Mộc Bài", "ស្វាយ\u200cរៀង", "Ｆｕｌｌ ﬁ", "Ấp \"Tân\"\tNam", "İstanbul",
               "ភូមិ ១២០៩"]
    assert tab.evaluate("(xs) => xs.map(BorderMap.fold)", samples) == [fold(x) for x in samples]
    search = tab.locator("#bm-search")
    # The reader starts a search: the server is asked to read the layer's names before any word.
    with tab.expect_request(lambda request: request.url.endswith("/layers/villages/search/index")):
        search.focus()
    search.fill("lonely")
    heading = {"en": "In Villages, a large layer", "vi": "Trong Villages, một lớp lớn"}[lang]
    result = tab.locator(".bm-found-far button[data-feature='v0']")
    result.wait_for(timeout=15000)
    assert tab.locator(".bm-found-far h3").inner_text() == heading
    # Named as its popup's title names it, and in Vietnamese on a Vietnamese page.
    assert result.inner_text() == {"en": "Lonely well", "vi": "Lonely well · Giếng lẻ"}[lang]
    if lang == "en":  # found by its Vietnamese name: shown beside the title, marked as Vietnamese
        search.fill("gieng le")
        tab.locator(".bm-found-far button[data-feature='v0'] span[lang='vi']").wait_for(timeout=15000)
        assert result.inner_text() == "Lonely well · Giếng lẻ"
        assert result.locator("span[lang='vi']").inner_text() == "Giếng lẻ"
    assert [url for url in asked if "/search" in url] and not [url for url in asked if "/points" in url]
    # A word no village has: the section says so, and the page's own places still show.
    search.fill("ha noi")
    none = {"en": "No feature of the large layers matches.", "vi": "Không có đối tượng nào của các lớp lớn khớp."}[lang]
    tab.locator(".bm-found-far", has_text=none).wait_for(timeout=15000)
    assert tab.locator(".bm-found-far button").count() == 0
    assert tab.locator(".bm-found:not(.bm-found-far) button[data-feature]").count() >= 1
    # Back to the village, chosen from the keyboard: its layer comes on and its popup opens there.
    search.fill("well lonely")
    result.wait_for(timeout=15000)
    result.focus()
    tab.keyboard.press("Enter")
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Lonely well").wait_for(timeout=15000)
    assert tab.evaluate("BorderMap.layerShown('villages')") is True
    tab.wait_for_function("document.activeElement && document.activeElement.classList.contains('bm-popup-title')")
    tab.screenshot(path=f"/work/notes/shots/biglayer/search-{lang}-popup.png")
    # Nothing the search adds makes the page itself scroll (the panel and the map do).
    assert tab.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
    tab.keyboard.press("Escape")
    tab.wait_for_selector(".leaflet-popup", state="detached")
    assert tab.evaluate("document.activeElement.getAttribute('data-feature')") == "v0"
    assert tab.console_errors == [] and tab.evaluate("BorderMap.loadErrors || []") == []


@pytest.fixture
def mixed_app(app, monkeypatch):
    """A large layer that is not all points (drawn as GeoJSON when switched on): 1,500 wells and
    one road, large from 1,000 features here."""
    monkeypatch.setattr(layer_points, "LARGE_LAYER_FEATURES", 1000)
    features = [{"type": "Feature", "id": f"w{i}", "properties": {"name": f"Well {i}"},
                 "geometry": {"type": "Point", "coordinates": [104.0 + (i % 50) * 0.02, 11.0 + (i // 50) * 0.02]}}
                for i in range(1500)]
    features.append({"type": "Feature", "id": "road-alpha", "properties": {"name": "Road Alpha"},
                     "geometry": {"type": "LineString", "coordinates": [[104.2, 11.9], [104.6, 12.1]]}})
    app.extensions["bordermap.store"].add_features(
        "wells", features, author="t", summary="wells and a road",
        new_layer=Layer(id="wells", title="Wells", kind="well", origin="user", style={"color": "#1b7837"}))
    return app


def test_a_found_road_of_a_large_layer_that_is_not_all_points_opens(mixed_app, live_server, new_tab):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/")
    tab.locator("#bm-search").fill("road alpha")
    result = tab.locator(".bm-found-far button[data-feature='road-alpha']")
    result.wait_for(timeout=15000)
    assert tab.locator(".bm-found-far-status").inner_text() == "1 feature of Wells matches."
    result.click()
    # The layer comes on, drawn as GeoJSON, and the road's own popup opens once it is drawn.
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Road Alpha").wait_for(timeout=20000)
    assert tab.evaluate("BorderMap.layerShown('wells')") is True
    tab.wait_for_function("document.activeElement && document.activeElement.classList.contains('bm-popup-title')")
    # Drawn as GeoJSON, its features are the map's own: the map offers no ring for Enter.
    tab.keyboard.press("Escape")
    # (The map's own description of where its places are read stays.)
    assert tab.evaluate("BorderMap.map.getContainer().getAttribute('aria-describedby')").split() == ["bm-map-about"]
    assert not tab.evaluate("BorderMap.map.getContainer().classList.contains('bm-bigpoints-on')")
    # A word no well has: the large layers say so, to the eye and to a screen reader.
    tab.locator("#bm-search").fill("zzzz")
    tab.locator(".bm-found-far", has_text="No feature of the large layers matches.").wait_for(timeout=15000)
    assert tab.locator(".bm-found-far-status").inner_text() == "No feature of the large layers matches."
    assert tab.console_errors == [] and tab.evaluate("BorderMap.loadErrors || []") == []


def test_a_pointer_resting_on_a_point_of_a_large_layer_names_it(big_app, live_server, new_tab):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/")
    _switch(tab, True)
    _wait_drawn(tab)
    tab.keyboard.press("Escape")
    _centre_on(tab, *LONELY)
    x, y = tab.evaluate("""([lon, lat]) => {
        const p = BorderMap.map.latLngToContainerPoint([lat, lon]);
        const box = BorderMap.map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", list(LONELY))
    tab.mouse.move(x - 40, y + 40)
    tab.mouse.move(x + 1, y, steps=4)
    tab.locator(".leaflet-tooltip.bm-bigpoint-name", has_text="Lonely well").wait_for(timeout=10000)
    assert tab.evaluate("getComputedStyle(BorderMap.map.getContainer()).cursor") == "pointer"
    # The province under the point does not name itself over it meanwhile.
    shown = tab.evaluate("""() => [...document.querySelectorAll('.leaflet-tooltip')]
        .filter(t => getComputedStyle(t).display !== 'none' && !t.classList.contains('bm-label-css'))
        .map(t => t.textContent)""")
    assert shown == ["Lonely well"]
    tab.screenshot(path="/work/notes/shots/biglayer/hover-en.png")
    # Away from every point: the name goes, and the map's own cursor is back.
    tab.mouse.move(x - 60, y + 60, steps=4)
    tab.wait_for_selector(".leaflet-tooltip.bm-bigpoint-name", state="detached", timeout=5000)
    assert tab.evaluate("getComputedStyle(BorderMap.map.getContainer()).cursor") != "pointer"
    # A click on it opens its popup, and no name label stays over it.
    tab.mouse.move(x, y, steps=2)
    tab.locator(".leaflet-tooltip.bm-bigpoint-name").wait_for(timeout=10000)
    tab.mouse.click(x, y)
    tab.locator(".leaflet-popup-content .bm-popup", has_text="Lonely well").wait_for(timeout=15000)
    tab.wait_for_selector(".leaflet-tooltip.bm-bigpoint-name", state="detached", timeout=5000)
    assert tab.console_errors == [] and tab.evaluate("BorderMap.loadErrors || []") == []


def test_a_print_shows_the_large_layers_points(big_app, live_server, new_tab):
    """Printing gives the map the paper's size; the points, drawn again in slices for a new size,
    would be missing from the page printed as the print handlers return: while printing they are
    drawn at once."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/")
    _switch(tab, True)
    _wait_drawn(tab)
    redraw = """(printing) => {
        const container = BorderMap.map.getContainer();
        if (printing) window.dispatchEvent(new Event('beforeprint'));
        container.style.width = (container.clientWidth - 37) + 'px';
        BorderMap.map.invalidateSize({animate: false});
        const canvas = document.querySelector('canvas.bm-bigpoints[data-layer="villages"]');
        const seen = {state: canvas.getAttribute('data-state'), drawn: +canvas.getAttribute('data-drawn'),
                      shown: getComputedStyle(canvas).visibility};
        if (printing) window.dispatchEvent(new Event('afterprint'));
        return seen;
    }"""
    # On the screen, a new size is drawn in slices, after this task.
    assert tab.evaluate(redraw, False)["state"] == "drawing"
    _wait_drawn(tab)
    printed = tab.evaluate(redraw, True)
    assert printed["state"] == "drawn" and printed["drawn"] > 0 and printed["shown"] == "visible", printed
    assert tab.console_errors == []
