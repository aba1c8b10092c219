"""Hostile text in curated data and in a user layer shows as text and runs nothing, on the map,
in popups, in the panel and in the search."""

from __future__ import annotations

import shutil

import pytest

from bordermap.model import Layer
from bordermap.paths import geodata_dir
from bordermap_app import create_app
from conftest import (
    MEUN_CHEY,
    SOURCES_DIR,
    LiveServer,
    listed,
    open_map,
    screenshot,
)

pytestmark = pytest.mark.browser


HOSTILE = (
    '<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> '
    "` ${alert(1)} \\u003c \\ \\\" end"
)


@pytest.fixture
def hostile_server(tmp_path, monkeypatch):
    """An app whose curated data has a hostile commitment and whose store has a hostile user layer."""
    data = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), data)
    with open(data / "commitments.toml", "a", encoding="utf-8") as f:
        f.write(
            "\n[[commitments]]\n"
            'id = "c-pr71-99"\n'
            'sector = "transport"\n'
            f"summary = '''{HOSTILE}'''\n"
            f"actors = ['''{HOSTILE}''']\n"
            'statement = "agreed"\n'
            'status = "pledged"\n'
            'stated = "2025-12-09"\n'
            'document = "kh-mfa-pr71-2025"\n'
            "paragraph = 15\n"
            f'features = ["{MEUN_CHEY}"]\n'
            "provinces = []\n"
        )
    monkeypatch.setenv("BORDERMAP_GEODATA_DIR", str(data))
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"), "SOURCES_DIR": str(SOURCES_DIR)})
    store = app.extensions["bordermap.store"]
    layer = Layer(id="user-hostile", title=HOSTILE, kind="point", origin="user", style={"color": "#7b3294"})
    feature = {
        "type": "Feature",
        "id": "user-hostile-1",
        "geometry": {"type": "Point", "coordinates": [105.6, 11.2]},
        "properties": {
            "id": "user-hostile-1", "kind": "place", "name": HOSTILE, "name_vi": HOSTILE,
            "description": HOSTILE, "status": "proposed", "label": True,
            "sources": [{"title": HOSTILE, "publisher": HOSTILE, "url": "javascript:window.__xss=3"}],
        },
    }
    store.add_features("user-hostile", [feature], author="test", summary="hostile text", new_layer=layer)
    store.link("c-pr71-99", ["user-hostile-1"], author="test")
    server = LiveServer(app)
    yield server
    server.close()


def assert_nothing_ran(page) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    # The page's own script carries the text JSON-escaped; no script or handler holds it raw.
    raw_in_a_script = "Array.from(document.scripts).some(s => s.textContent.includes('<script>window.__xss'))"
    assert page.evaluate(raw_in_a_script) is False
    assert page.locator("[onerror]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.console_errors == []


def test_hostile_text_shows_as_text_and_runs_nothing(page, hostile_server):
    open_map(page, hostile_server.url + "/")
    # The user feature's permanent label and the layer control show the text as it is.
    page.wait_for_selector(".leaflet-tooltip")
    labels = page.eval_on_selector_all(".leaflet-tooltip", "ts => ts.map(t => t.textContent)")
    assert any(HOSTILE in label for label in labels)
    assert HOSTILE in page.text_content(".leaflet-control-layers")
    assert_nothing_ran(page)

    # The popup of the user feature.
    page.evaluate("() => { BorderMap.openFeature('user-hostile-1'); }")
    popup = page.wait_for_selector('.bm-popup[data-feature="user-hostile-1"]')
    assert popup.query_selector(".bm-popup-title").text_content() == HOSTILE
    assert HOSTILE in popup.query_selector(".bm-description").text_content()
    assert HOSTILE in popup.query_selector(".bm-sources").text_content()
    assert popup.query_selector('.bm-commitments button[data-commitment="c-pr71-99"]').text_content() == HOSTILE
    screenshot(page, "commitments-hostile-popup")
    assert_nothing_ran(page)

    # The hostile commitment also shows in the checkpoint's popup, then in the panel.
    page.evaluate(f"() => {{ BorderMap.openFeature('{MEUN_CHEY}'); }}")
    page.wait_for_selector(f'.bm-popup[data-feature="{MEUN_CHEY}"]')
    page.click('.bm-popup button[data-commitment="c-pr71-99"]')
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.text_content("#bm-detail-title") == HOSTILE
    assert HOSTILE in page.text_content(".bm-facts")
    places = page.eval_on_selector_all(".bm-places button", "bs => bs.map(b => b.textContent)")
    assert HOSTILE in places
    item = page.locator('.bm-item[data-commitment="c-pr71-99"] .bm-item-summary')
    assert item.text_content() == HOSTILE
    screenshot(page, "commitments-hostile-panel")
    assert_nothing_ran(page)

    # Typing the hostile text into the search finds the commitment and runs nothing either.
    page.keyboard.press("Escape")
    page.locator("#bm-search").fill("${alert(1)} \\u003c")
    page.wait_for_function("() => document.querySelectorAll('.bm-list .bm-item').length === 1")
    assert listed(page) == ["c-pr71-99"]
    assert_nothing_ran(page)
