"""Two editors who checked the same file (review 20, F13): the second to press Import is told who
imported it meanwhile, in the page's language, and the page no longer says the file is kept."""

from __future__ import annotations

from io import BytesIO

import orjson
import pytest

TOKEN = "test-editor-token"
FILE = orjson.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Depot 1"}, "geometry": {"type": "Point", "coordinates": [105.1, 11.1]}}]})
FORM = {"target": "new", "new_title": "Depots", "kind": "depot", "color": "#1b7837"}
SAID = {"en": "Since you checked it, this file was imported into depots as revision 1",
        "vi": "Kể từ khi bạn kiểm tra, tệp này đã được nhập vào",
        "km": "តាំងពីអ្នកបានពិនិត្យ ឯកសារនេះត្រូវបាននាំចូលទៅក្នុង"}


def _checked(client, lang: str) -> str:
    page = client.post(f"/upload?lang={lang}", data={**FORM, "token": TOKEN, "action": "check",
                                                      "file": (BytesIO(FILE), "depots.geojson")},
                       content_type="multipart/form-data")
    assert page.status_code == 200
    return page.get_data(as_text=True).split('name="staged" value="')[1].split('"')[0]


@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_the_second_editor_is_told_who_imported_the_file_meanwhile(app, lang):
    first, second = app.test_client(), app.test_client()
    staged = _checked(first, lang)
    assert _checked(second, "en") == staged  # the same file, kept once
    done = second.post("/upload", data={**FORM, "staged": staged, "filename": "depots.geojson", "action": "import",
                                        "author": "Lan"})
    assert done.status_code == 201
    late = first.post(f"/upload?lang={lang}", data={**FORM, "staged": staged, "filename": "depots.geojson",
                                                    "action": "import"})
    html = late.get_data(as_text=True)
    assert late.status_code == 409, html
    assert SAID[lang] in html and "Lan" in html
    assert 'id="kept-file"' not in html and 'name="staged" value=""' in html
    layers = [layer["id"] for layer in first.get("/api/layers").get_json()]
    assert layers.count("depots") == 1 and len(first.get("/api/features?layer=depots").get_json()["features"]) == 1
