"""Choosing a commitment highlights, frames and cites its places; a place's popup lists and opens
its commitments."""

from __future__ import annotations

import pytest

from bordermap_app import create_app
from conftest import (
    INFRASTRUCTURE,
    MEUN_CHEY,
    LiveServer,
    clean,
    click_feature,
    hash_state,
    highlighted,
    links_of,
    map_at_rest,
    open_map,
    screenshot,
    wait_for_bounds,
)

pytestmark = pytest.mark.browser


# ----------------------------------------------------------------------------- panel → map


def test_clicking_a_commitment_highlights_fits_and_cites(page, live_server, client):
    item = client.get(f"/api/commitments/{INFRASTRUCTURE}").get_json()
    document = next(d for d in client.get("/api/documents").get_json() if d["id"] == item["document"])
    ids = links_of(item)
    assert MEUN_CHEY in ids and len(ids) >= 2
    open_map(page, live_server.url + "/")
    assert not any(highlighted(page, ids).values()), "nothing is highlighted before a choice"

    page.click(f'.bm-item[data-commitment="{INFRASTRUCTURE}"]')
    detail = page.wait_for_selector(".bm-detail:not([hidden])")
    assert detail.is_visible()
    assert page.text_content("#bm-detail-title") == item["summary"]

    assert highlighted(page, ids) == {i: True for i in ids}
    assert highlighted(page, ["cp-bavet-moc-bai", "kh-kampot"]) == {"cp-bavet-moc-bai": False, "kh-kampot": False}
    wait_for_bounds(page, ids)

    citation = page.inner_text(".bm-citation")
    assert document["title"] in citation and f"paragraph {item['paragraph']}" in citation
    assert document["publisher"] in citation
    quote_box = page.locator(".bm-quote blockquote")
    assert quote_box.is_visible()
    assert quote_box.inner_text().strip() == item["quote"]["text"].strip()
    assert document["publisher"] in page.inner_text(".bm-quote figcaption")
    assert hash_state(page)["commitment"] == INFRASTRUCTURE
    screenshot(page, "commitments-panel-to-map")

    # Back to the list: the highlight goes with the selection.
    page.click(".bm-back")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert not any(highlighted(page, ids).values())
    assert "commitment" not in hash_state(page)
    clean(page)


def test_without_the_sources_folder_the_citation_stands_alone(page, tmp_path, monkeypatch):
    monkeypatch.delenv("BORDERMAP_SOURCES_DIR", raising=False)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"), "SOURCES_DIR": None})
    server = LiveServer(app)
    try:
        open_map(page, f"{server.url}/#commitment={INFRASTRUCTURE}")
        page.wait_for_selector(".bm-detail:not([hidden])")
        assert "paragraph 15" in page.inner_text(".bm-citation")
        assert page.locator(".bm-quote").count() == 0
        screenshot(page, "commitments-citation-without-sources")
        assert page.console_errors == []
    finally:
        server.close()


# ----------------------------------------------------------------------------- map → panel


def test_a_checkpoint_popup_lists_its_commitments_and_opens_one(page, live_server, client):
    feature = client.get(f"/api/features/{MEUN_CHEY}").get_json()
    expected = feature["properties"]["commitments"]
    assert INFRASTRUCTURE in expected
    open_map(page, live_server.url + "/")
    page.evaluate("() => { BorderMap.map.setView([11.45, 106.0], 9, { animate: false }); }")
    map_at_rest(page)
    click_feature(page, MEUN_CHEY)

    popup = page.wait_for_selector(".leaflet-popup-content .bm-popup", timeout=5000)
    assert popup.get_attribute("data-feature") == MEUN_CHEY
    buttons = page.locator(".bm-popup .bm-commitments button[data-commitment]")
    assert sorted(buttons.evaluate_all("bs => bs.map(b => b.dataset.commitment)")) == sorted(expected)
    summary = client.get(f"/api/commitments/{INFRASTRUCTURE}").get_json()["summary"]
    button = page.locator(f'.bm-popup button[data-commitment="{INFRASTRUCTURE}"]')
    assert button.inner_text() == summary
    assert hash_state(page)["feature"] == MEUN_CHEY
    screenshot(page, "commitments-map-popup")

    button.click()
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.text_content("#bm-detail-title") == summary
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=2000)
    state = hash_state(page)
    assert state["commitment"] == INFRASTRUCTURE and "feature" not in state
    assert page.get_attribute(f'.bm-item[data-commitment="{INFRASTRUCTURE}"]', "aria-current") == "true"
    assert highlighted(page, [MEUN_CHEY]) == {MEUN_CHEY: True}
    screenshot(page, "commitments-map-to-panel")
    clean(page)
