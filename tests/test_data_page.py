"""The data page: every download the product offers, reachable from the map in the reader's
language (review 12, S5: the formats and the OGC API were reachable only by typing addresses)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bordermap.download_formats import FORMATS

AUTH = {"Authorization": "Bearer test-editor-token"}


def _page(client, lang: str = "en") -> BeautifulSoup:
    response = client.get(f"/data?lang={lang}")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_map_and_the_other_pages_lead_to_it(client):
    for url in ("/", "/revisions", "/upload"):
        links = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser").select("a[href]")
        assert any(a["href"].startswith("/data") for a in links), url


def test_every_layer_has_every_format_and_each_link_answers(client):
    page = _page(client)
    layers = client.get("/api/layers").get_json()
    rows = page.select("#data-layers tbody tr")
    assert [row.select_one("code").get_text() for row in rows] == [layer["id"] for layer in layers]
    first = rows[0]
    hrefs = [a["href"] for a in first.select("a[download]")]
    assert len(hrefs) == len(FORMATS) + 1  # and the GeoJSON
    for href in hrefs:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.headers["Content-Disposition"].startswith("attachment"), href
    for href in [a["href"] for a in page.select("#data-tables a[download]")] + ["/api/bordermap.gpkg"]:
        assert client.get(href).status_code == 200, href
    assert page.select_one('a[href="/api/bordermap.gpkg"]') is not None


@pytest.mark.parametrize(("lang", "heading", "title"), [("km", "ទិន្នន័យ និងឯកសារទាញយក", "ច្រកព្រំដែន"),
                                                        ("vi", "Dữ liệu và tệp tải xuống", "Cửa khẩu")])
def test_it_speaks_the_readers_language(client, lang, heading, title):
    page = _page(client, lang)
    assert page.select_one("h2").get_text() == heading
    assert any(title in row.select_one("th").get_text() for row in page.select("#data-layers tbody tr"))
    ogc = page.find("a", string="OGC API – Features")
    assert ogc["href"] == f"/ogc/?f=html&lang={lang}"
    assert client.get(ogc["href"]).status_code == 200


@pytest.mark.parametrize(("lang", "ours"), [("km", "bordermap មិនផ្តល់អាជ្ញាប័ណ្ណណាមួយទេ"),
                                            ("vi", "bordermap không cấp giấy phép nào")])
def test_a_licence_is_said_in_the_readers_language_or_marked_as_english(client, lang, ours):
    """An editors' layer's licence is our own sentence, in the page's language; a curated layer's
    is its sources' names and licences as they are called, marked English for a screen reader to
    read them in an English voice (a Khmer voice read them as noise)."""
    made = client.post("/api/features?layer=markets&new_layer_title=Markets", headers=AUTH,
                       data=b'{"type":"Feature","properties":{"name":"M"},"geometry":{"type":"Point","coordinates":[105,11]}}')
    assert made.status_code == 201, made.get_data(as_text=True)
    rows = {row.select_one("code").get_text(): row.select("td")[1] for row in _page(client, lang).select("#data-layers tbody tr")}
    assert ours in rows["markets"].get_text() and rows["markets"].select_one("[lang]") is None
    for layer, cell in rows.items():
        if layer != "markets":
            assert cell.select_one("span")["lang"] == "en", layer
    assert _page(client, "en").select_one("#data-layers tbody td span[lang]") is None


def test_the_sentence_is_the_licence_the_api_gives_an_editors_layer(client):
    from bordermap_app.pages import USER_LICENCE

    assert client.get("/api/licences").get_json()["user"]["licence"] == USER_LICENCE
