"""The dry run's map caption says one feature as one (review 25a, #11a): "All of them lie in the
border region" was said of a single feature, in every language, and "1 of them lies far" too.
Khmer and Vietnamese have one plural form, so one feature has sentences of its own."""

from __future__ import annotations

from io import BytesIO

import orjson
import pytest
from bs4 import BeautifulSoup

NEAR = {"type": "Point", "coordinates": [106.13, 11.07]}  # by Bavet
FAR = {"type": "Point", "coordinates": [2.35, 48.86]}  # Paris

ONE_NEAR = {"en": "It lies in the border region.", "km": "វាស្ថិតនៅក្នុងតំបន់ព្រំដែន។",
            "vi": "Đối tượng này nằm trong vùng biên giới."}
MANY_NEAR = {"en": "All of them lie in the border region.", "km": "ទាំងអស់ស្ថិតនៅក្នុងតំបន់ព្រំដែន។",
             "vi": "Tất cả đều nằm trong vùng biên giới."}
SHOWN_ONE = {"en": "The map shows the feature that would be added.",
             "km": "ផែនទីបង្ហាញធាតុដែលនឹងត្រូវបន្ថែម។", "vi": "Bản đồ hiển thị đối tượng sẽ được thêm."}
ONE_FAR = {"en": "It lies far from the border region", "km": "វាស្ថិតនៅឆ្ងាយពីតំបន់ព្រំដែន",
           "vi": "Đối tượng này nằm xa vùng biên giới"}


def _caption(client, lang: str, geometries: list[dict]) -> str:
    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"Gate {i}"}, "geometry": g} for i, g in enumerate(geometries)]})
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={
        "action": "check", "target": "new", "new_title": "Gates", "kind": "point", "color": "#ee3377",
        "file": (BytesIO(body), "gates.geojson")}, content_type="multipart/form-data")
    assert page.status_code == 200, page.data[:2000]
    caption = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one("#preview-text")
    return " ".join(caption.get_text().split())  # as read: no space added between its parts


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_one_feature_is_it_and_several_are_all_of_them(client, lang):
    one = _caption(client, lang, [NEAR])
    assert ONE_NEAR[lang] in one and MANY_NEAR[lang] not in one, one
    # Two sentences, a space between them (review 25b, #4: "…would be added.It lies…"), and one
    # feature is "the feature", not "the 1 feature".
    assert one == f"{SHOWN_ONE[lang]} {ONE_NEAR[lang]}", one
    several = _caption(client, lang, [NEAR, NEAR])
    assert MANY_NEAR[lang] in several and ONE_NEAR[lang] not in several, several
    far = _caption(client, lang, [FAR])
    assert ONE_FAR[lang] in far and "1 of them" not in far, far
