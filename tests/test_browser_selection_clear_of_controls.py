"""A selection is framed where the map's controls (legend, time control, zoom, tools, credits)
leave it in view: the places of a linked commitment are not under them, on a desktop, on a phone
and in the static export."""

from __future__ import annotations

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import DESKTOP, clean, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
CHECKPOINTS = "c-pr71-27"  # the Meun Chey–Tan Nam opening: the checkpoint, Prey Veng and Tay Ninh

# The box of the selected places on the screen, the map's, and every control shown on the map.
BOXES = """(id) => {
    const c = BorderMap.commitments[id];
    const ids = [].concat(c.features || [], c.provinces || []);
    const map = BorderMap.map, frame = map.getContainer().getBoundingClientRect();
    const bounds = BorderMap.boundsOf(ids);
    const a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
    const rect = r => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    return {
        places: { left: frame.left + a.x, top: frame.top + a.y, right: frame.left + b.x, bottom: frame.top + b.y },
        map: rect(frame),
        controls: [...map.getContainer().querySelectorAll('.leaflet-control')]
            .map(e => Object.assign(rect(e.getBoundingClientRect()), { name: e.className }))
            .filter(r => r.right > r.left && r.bottom > r.top),
    };
}"""


def _check_clear(tab, commitment: str = CHECKPOINTS) -> dict:
    map_at_rest(tab)
    boxes = tab.evaluate(BOXES, commitment)
    places, frame = boxes["places"], boxes["map"]
    assert frame["left"] <= places["left"] and places["right"] <= frame["right"], boxes
    assert frame["top"] <= places["top"] and places["bottom"] <= frame["bottom"], boxes
    assert len(boxes["controls"]) >= 4, boxes  # zoom, layers, legend, time control at least
    for control in boxes["controls"]:
        apart = (control["right"] <= places["left"] or places["right"] <= control["left"]
                 or control["bottom"] <= places["top"] or places["bottom"] <= control["top"])
        assert apart, (control, places)
    return boxes


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_linked_commitment_is_framed_clear_of_the_controls(new_tab, live_server, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang=en#commitment={CHECKPOINTS}")
    _check_clear(tab)
    screenshot(tab, f"selection-clear-of-controls-{device['viewport']['width']}")
    clean(tab)


def test_a_wide_selection_fills_the_phone_map_it_is_framed_in(new_tab, live_server):
    """The 17 southern border provinces (c-pr71-07) took a third of a phone map's width: the
    frame went a whole zoom step out when the selection did not quite fit. It now goes a quarter
    step at a time, and the provinces take most of the width left beside the controls."""
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang=vi#commitment=c-pr71-07")
    boxes = _check_clear(tab, "c-pr71-07")
    places, frame = boxes["places"], boxes["map"]
    assert places["right"] - places["left"] >= 0.5 * (frame["right"] - frame["left"]), boxes  # was 0.35
    screenshot(tab, "selection-c-pr71-07-phone")
    clean(tab)


def test_export_frames_the_commitment_clear_of_the_controls(app, offline_tab, tmp_path):
    out = tmp_path / "bordermap.html"
    write_export(build_export(app.extensions["bordermap.store"], ExportOptions()), out)
    open_map(offline_tab, out.as_uri() + f"#commitment={CHECKPOINTS}")
    _check_clear(offline_tab)
