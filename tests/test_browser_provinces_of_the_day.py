"""The map shows the Viet Nam provinces in force on the chosen day: the 63 provinces before the
merger of 1 July 2025, the 34 since. The legend and the layer control name what is drawn, a
shared link at an earlier day opens on the earlier provinces, and a layer the reader turns on or
off stays as they left it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import PAINT_ORDER, clean, open_map, screenshot, set_date

pytestmark = pytest.mark.browser

SINCE, BEFORE = "provinces-vn", "provinces-vn-pre2025"


def _shown(tab) -> tuple[bool, bool]:
    return tab.evaluate("([a, b]) => [BorderMap.layerShown(a), BorderMap.layerShown(b)]", [SINCE, BEFORE])


def _control(tab, title: str):
    """The layer control's checkbox of the layer with this title."""
    return tab.locator(".leaflet-control-layers-overlays label", has_text=title).locator("input")


def test_an_earlier_day_shows_the_provinces_then_in_force(page, live_server):
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    assert _shown(tab) == [True, False]

    set_date(tab, "2025-06-30")  # the last day of the 63 provinces
    assert _shown(tab) == [False, True]
    legend = tab.locator(".bm-legend")
    expect(legend).to_contain_text("Viet Nam provinces before 1 July 2025")
    expect(legend).not_to_contain_text("Viet Nam provinces since 1 July 2025")
    expect(_control(tab, "Viet Nam provinces before 1 July 2025")).to_be_checked()
    expect(_control(tab, "Viet Nam provinces since 1 July 2025")).not_to_be_checked()
    # A place of the earlier map can be opened: Tay Ninh and Long An were two provinces then.
    names = tab.evaluate("(id) => { const out = []; BorderMap.layers[id].group.eachLayer("
                         "(l) => out.push(l.feature.properties.name)); return out; }", BEFORE)
    assert "Long An" in names and len(names) == 63
    screenshot(tab, "provinces-2025-06-30")

    set_date(tab, "2025-07-01")  # the merger's day
    assert _shown(tab) == [True, False]
    expect(legend).to_contain_text("Viet Nam provinces since 1 July 2025")

    # A shared link at an earlier day opens on the earlier provinces.
    set_date(tab, "2024-03-15")
    shared = tab.url
    tab.goto("about:blank")
    open_map(tab, shared)
    assert _shown(tab) == [False, True]
    # "Today" brings the provinces of today back.
    tab.click(".bm-time-today")
    tab.wait_for_selector('body[data-bm-at=""]')
    assert _shown(tab) == [True, False]
    clean(tab)


def test_the_readers_own_choice_of_layers_is_kept(page, live_server):
    """A layer the reader turns on or off at an earlier day stays as they left it; the other of
    the two, which the map swapped, is still swapped back (review 7, S4: both layers drawn one
    over the other at today, or none)."""
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    set_date(tab, "2024-03-15")
    assert _shown(tab) == [False, True]
    # The reader turns today's provinces on too, to compare: at today the map takes the earlier
    # ones off, as it put them on; today's stay, as the reader wants them.
    tab.evaluate("(id) => BorderMap.setLayerShownByReader(id, true)", SINCE)
    assert _shown(tab) == [True, True]
    set_date(tab, "2026-01-01")
    assert _shown(tab) == [True, False]

    # A reader who turns the earlier provinces off at an earlier day still gets today's back.
    open_map(tab, live_server.url + "/?lang=en")
    set_date(tab, "2024-03-15")
    tab.evaluate("(id) => BorderMap.setLayerShownByReader(id, false)", BEFORE)
    set_date(tab, "2024-06-01")
    assert _shown(tab) == [False, False]  # as the reader left it, on another earlier day
    set_date(tab, "2026-01-01")
    assert _shown(tab) == [True, False]

    # A layer the reader turned off at today is not brought back by an earlier day.
    open_map(tab, live_server.url + "/?lang=en")
    tab.evaluate("(id) => BorderMap.setLayerShownByReader(id, false)", SINCE)
    set_date(tab, "2024-03-15")
    assert _shown(tab) == [False, False]
    clean(tab)


def test_a_selection_at_an_earlier_day_leaves_todays_provinces_when_it_ends(page, live_server, client):
    """An editors' commitment stated before the merger names a province of today (Tay Ninh): at
    its day the selection shows that layer beside the earlier provinces; back at today, ending
    the selection leaves today's provinces on the map."""
    auth = {"Authorization": "Bearer test-editor-token"}
    text = "The two sides met on the gate.\n\nTay Ninh will widen the road to the gate by June."
    body = {"title": "Road to the gate", "publisher": "A test news service", "date": "2025-03-01",
            "language": "en", "kind": "news-report", "text": text}
    added = client.post("/api/documents", json=body, headers=auth)
    assert added.status_code == 201, added.get_json()
    commitment = {"sector": "transport", "summary": "Widen the road to the gate by June.", "actors": ["Viet Nam"],
                  "statement": "agreed", "status": "pledged", "stated": "2025-03-01",
                  "document": added.get_json()["id"], "paragraph": 2, "provinces": ["vn-tay-ninh"]}
    answer = client.post("/api/commitments", json=commitment, headers=auth)
    assert answer.status_code == 201, answer.get_json()
    cid = answer.get_json()["id"]
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    set_date(tab, "2025-04-01")
    assert _shown(tab) == [False, True]
    tab.click(f'.bm-item[data-commitment="{cid}"]')
    tab.wait_for_selector(".bm-detail:not([hidden])")
    assert _shown(tab) == [True, True]  # its province, of today's map, over the earlier ones
    set_date(tab, "2026-01-01")
    assert _shown(tab) == [True, False]
    tab.click(".bm-back")  # back to the list: the selection ends
    tab.wait_for_selector(".bm-detail[hidden]", state="attached")
    assert _shown(tab) == [True, False]
    clean(tab)


def test_the_exported_map_opened_offline_shows_the_provinces_of_a_linked_day(app, offline_tab, tmp_path):
    from bordermap.mapview.export import ExportOptions, build_export, write_export

    out = tmp_path / "bordermap.html"
    write_export(build_export(app.extensions["bordermap.store"], ExportOptions()), out)
    open_map(offline_tab, out.as_uri() + "#at=2025-03-01")
    offline_tab.wait_for_selector('body[data-bm-at="2025-03-01"]')
    assert _shown(offline_tab) == [False, True]
    expect(offline_tab.locator(".bm-legend")).to_contain_text("Viet Nam provinces before 1 July 2025")
    clean(offline_tab)


def _draw_order(tab) -> list[str]:
    """The shown layers, in the order the map paints their shapes (each layer once)."""
    painted = tab.evaluate(PAINT_ORDER)
    assert painted["parts"] > 50, painted  # the map's shapes are there to be ordered
    return painted["order"]


def test_provinces_shown_again_are_drawn_under_the_gates_and_the_boundary(page, live_server):
    """Review 8, M1: back on today after an earlier day, Viet Nam's provinces were drawn last,
    their fill over the checkpoints, the boundary and the towns, which looked dimmed."""
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    configured = tab.evaluate("BorderMap.config.layers.map((l) => l.id)")
    today = _draw_order(tab)
    assert len(today) >= 5 and today == sorted(today, key=configured.index), today
    set_date(tab, "2025-06-01")
    tab.click(".bm-time-today")
    tab.wait_for_selector('body[data-bm-at=""]')
    again = _draw_order(tab)
    assert again == today, again
    # And when the reader turns a layer off and on again.
    tab.locator(".leaflet-control-layers").hover()
    _control(tab, "Viet Nam provinces since 1 July 2025").uncheck()
    _control(tab, "Viet Nam provinces since 1 July 2025").check()
    assert _draw_order(tab) == today
