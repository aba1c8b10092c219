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
