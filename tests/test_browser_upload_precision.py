"""On a phone, the editor chooses the location precision of features whose file gives none; the
dry run says how many take it, in the page language, and the import stores it."""

from __future__ import annotations

import orjson
import pytest

from conftest import PHONE, screenshot

pytestmark = pytest.mark.browser
TOKEN = "test-editor-token"
SAYS = {"en": "1 feature gives none and takes “approximate (within about 300 m)”",
        "km": "“ប្រហាក់ប្រហែល (ក្នុងរង្វង់ប្រហែល ៣០០ ម៉ែត្រ)”",
        "vi": "1 đối tượng không ghi và nhận “gần đúng (sai số khoảng 300 m)”"}


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_editor_gives_a_precision_on_a_phone(new_tab, live_server, tmp_path, lang):
    path = tmp_path / "gates.geojson"
    path.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Own", "location_precision": "exact"},
         "geometry": {"type": "Point", "coordinates": [105.8, 11.1]}},
        {"type": "Feature", "properties": {"name": "Silent"},
         "geometry": {"type": "Point", "coordinates": [105.9, 11.0]}}]}))
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?lang={lang}")
    tab.set_input_files("#file", str(path))
    tab.check("input[name=target][value=new]")
    tab.fill("#new_title", "Gates")
    tab.fill("#new_id", "gates")
    tab.fill("#token", TOKEN)
    tab.select_option("#location_precision", "approximate")
    tab.fill("#precision_m", "300")
    tab.evaluate("document.getElementById('location_precision').scrollIntoView({block: 'center'})")
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(tab, f"upload-precision-choice-phone-{lang}")
    tab.locator("button[name=action][value=check]").click()
    tab.wait_for_load_state()
    assert SAYS[lang] in tab.inner_text("#precision-given")
    tab.locator("#precision-given").scroll_into_view_if_needed()
    screenshot(tab, f"upload-precision-report-phone-{lang}")
    tab.locator("button[name=action][value=import]").click()
    tab.wait_for_load_state()
    features = orjson.loads(tab.request.get(f"{live_server.url}/api/features?layer=gates").body())["features"]
    props = {f["properties"]["name"]: f["properties"] for f in features}
    assert (props["Silent"]["location_precision"], props["Silent"]["precision_m"]) == ("approximate", 300)
    assert props["Own"]["location_precision"] == "exact"
