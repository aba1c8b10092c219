"""On a phone, an export's date line is read whole: what the file is, the day it was made and that
it works offline (left last session: two lines cut it at "(the live map)", and in Khmer the tops
of a third line showed under the second)."""

from __future__ import annotations

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
LINE = """() => {
    const line = document.querySelector('#bm-asof');
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    return {text: line.innerText, overflows: line.scrollHeight > line.clientHeight + 1,
            bottom: line.getBoundingClientRect().bottom, mapTop: map.top, right: line.getBoundingClientRect().right};
}"""


@pytest.mark.parametrize("lang, made", [("en", "file made"), ("km", "ឯកសារ"), ("vi", "tệp")])
def test_an_exports_date_line_is_whole_on_a_phone(app, tmp_path, new_tab, lang, made):
    out = tmp_path / f"export-{lang}.html"
    write_export(build_export(app.extensions["bordermap.store"], ExportOptions(lang=lang)), out)
    tab = new_tab(PHONE, offline=True)
    tab.goto(out.as_uri())
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)
    line = tab.evaluate(LINE)
    screenshot(tab, f"export-phone-date-line-{lang}")
    assert made in line["text"], line
    assert not line["overflows"], line  # nothing of it hidden
    assert line["bottom"] <= line["mapTop"] + 0.5 and line["right"] <= 390, line  # above the map, on the screen


# Each "·" of the line and whether another letter of the line's text shares its line.
DOTS = """() => {
    const line = document.querySelector('#bm-asof');
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const letters = [], dots = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        for (let i = 0; i < node.textContent.length; i++) {
            const c = node.textContent[i];
            if (/\\s/.test(c)) continue;
            const range = document.createRange();
            range.setStart(node, i); range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (rect) (c === '·' ? dots : letters).push(rect.top + rect.height / 2);
        }
    }
    return dots.map((middle) => letters.some((other) => Math.abs(other - middle) < 4));
}"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_no_dot_of_an_exports_date_line_is_left_alone_on_a_line(app, tmp_path, new_tab, lang):
    """Review 31b, #6: on a phone the Vietnamese export's line put a lone "·" on a line of its own,
    from a store editors had changed, the file linking back to the live map."""
    event = {"entity": "feature", "entity_id": "xw-connecting-point", "date": "2026-11", "status": "approved",
             "confidence": "medium", "note": "Both sides approved it.", "source_title": "Approved",
             "source_publisher": "A newspaper", "source_date": "2026-11-20"}
    assert app.test_client().post("/api/history/events", json=event,
                                  headers={"Authorization": "Bearer test-editor-token"}).status_code == 201
    out = tmp_path / f"export-{lang}.html"
    options = ExportOptions(lang=lang, base_url="http://127.0.0.1:5000")
    write_export(build_export(app.extensions["bordermap.store"], options), out)
    tab = new_tab(PHONE, offline=True)
    tab.goto(out.as_uri())
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)
    # Whether a part fills its line depends on the screen's width to the pixel: every phone's.
    alone = {}
    for width in range(320, 432, 2):
        tab.set_viewport_size({"width": width, "height": 844})
        shared = tab.evaluate(DOTS)
        assert len(shared) == 3, shared
        if not all(shared):
            alone[width] = shared
    screenshot(tab, f"export-phone-date-line-dots-{lang}")
    assert not alone, alone
