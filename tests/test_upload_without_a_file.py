"""The upload form sent without a file is refused as every other problem is: in the page's
language, in the refusal box that takes the focus, the file input marked (review 23j, F2: an
English line, tied to nothing, and the focus lost)."""

from __future__ import annotations

import re

import pytest

TOKEN = "test-editor-token"


@pytest.mark.parametrize(("lang", "said"), [("en", "choose a file: GeoJSON or one of the GIS formats listed"),
                                            ("km", "ជ្រើសរើស"), ("vi", "chọn")])
def test_a_check_without_a_file_is_refused_in_the_pages_words(client, lang, said):
    data = {"token": TOKEN, "target": "new", "new_title": "Gates", "kind": "gate", "color": "#1b7837",
            "action": "check"}
    response = client.post(f"/upload?lang={lang}", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # The box editpages.js marks the inputs from (aria-invalid, aria-describedby) and focuses.
    box = re.search(r'<section[^>]*role="alert"[^>]*data-invalid="file"[^>]*>(.*?)</section>', page, re.S)
    assert box and said in box.group(1) and 'data-for="file"' in box.group(1), page[:200]
    assert "choose a GeoJSON file" not in page
