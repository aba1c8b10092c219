"""The page a reader gets while the database is down (review 13, F8): its words in the page's
language were labelled "The details, in English:", and a reader who only looked at the map was
told that nothing was changed."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bordermap.errors import DatabaseUnavailable


@pytest.fixture
def database_down(app, monkeypatch):
    store = app.extensions["bordermap.store"]

    def down(*args, **kwargs):
        raise DatabaseUnavailable("the database postgresql://app:***@db/bm is unavailable: connection refused")

    for name in ("last_revision", "layers", "add_features"):
        monkeypatch.setattr(store, name, down)


@pytest.mark.parametrize("lang, said, changed", [
    ("en", "The database did not answer in time", "nothing was changed"),
    ("vi", "Cơ sở dữ liệu không trả lời kịp", "không có gì bị thay đổi"),
    ("km", "មូលដ្ឋានទិន្នន័យមិនបានឆ្លើយតបទាន់ពេល", "គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ"),
])
def test_a_reader_is_told_in_the_page_language_without_a_false_label(client, database_down, lang, said, changed):
    page = client.get(f"/history?lang={lang}")
    assert page.status_code == 503 and page.headers["Retry-After"] == "10"
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    details = soup.select_one(".bm-error-details")
    assert said in details.get_text() and changed not in details.get_text()
    assert details.get("lang") is None and "postgresql://" not in page.get_data(as_text=True)
    assert "The details, in English" not in page.get_data(as_text=True)
    assert {"vi": "Chi tiết, bằng tiếng Anh", "km": "ភាសាអង់គ្លេស"}.get(lang, "\0") not in soup.get_text()
    # A change refused meanwhile is told that nothing was changed.
    point = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Gate"},'
             b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}]}')
    sent = client.post(f"/api/features?layer=x&new_layer_title=X&lang={lang}", data=point,
                       headers={"Authorization": "Bearer test-editor-token"})
    assert sent.status_code == 503 and changed in sent.get_json()["description"], sent.get_json()
    assert sent.get_json()["message"].startswith("The database")  # English, as the README says (review 32b, #3)
