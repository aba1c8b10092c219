"""A CSV's problems name the row a spreadsheet shows and the column, not "feature N" (review 21b,
L4): a spreadsheet user looks for a row, as the rows GDAL could not place were already named."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

from bordermap.ingest import explain

# Row 1 is the header; the blank line is row 3; Tân Nam's status is no status bordermap knows.
TABLE = ("name,lon,lat,status\nMoc Bai,106.18,11.07,open\n\nTân Nam,105.98,11.46,opened\n"
         ",105.5,11.5,nonsense\n").encode()


def checked(client, body: bytes, lang: str, filename: str = "gates.csv") -> str:
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={
        "file": (io.BytesIO(body), filename), "target": "new", "new_title": "Gates", "action": "check"},
        content_type="multipart/form-data")
    alert = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one("[role=alert]")
    assert alert is not None, page.get_data(as_text=True)[:2000]
    return " ".join(alert.get_text(" ").split())


@pytest.mark.parametrize("lang, first, second", [
    ("en", "Row 4 (Tân Nam), status:", "Row 5, status:"),
    ("vi", "Dòng 4 (Tân Nam), status:", "Dòng 5, status:"),
    ("km", "ជួរដេកទី ៤ (Tân Nam), status", "ជួរដេកទី ៥, status"),
])
def test_a_csv_value_problem_names_its_row_name_and_column(client, lang, first, second):
    said = checked(client, TABLE, lang)
    assert first in said and second in said, said
    assert "feature" not in said and "properties.status" not in said, said


def test_a_csv_in_a_code_page_is_named_by_row_alone_and_geojson_by_feature():
    problems = ["features[1].properties.status: expected one of open, planned",
                "features[0].geometry: far away"]
    cp1258 = "name,lon,lat,status\nA,105.5,11.5,open\nTân,105.6,11.6,x\n".encode("cp1258", "replace")
    assert explain.readable_problems(problems, cp1258, hints=False) == [
        "row 3, status: expected one of open, planned", "row 2: far away"]
    utf8 = cp1258.decode("cp1258").encode()
    assert explain.readable_problems(problems, utf8, hints=False)[0] == "row 3 (Tân), status: expected one of open, planned"
    # The same features as GeoJSON keep their number and JSON path.
    geojson = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},' \
              b'"geometry":null},{"type":"Feature","properties":{"name":"B"},"geometry":null}]}'
    assert explain.readable_problems(problems, geojson, hints=False) == [
        "feature 2 “B”, properties.status: expected one of open, planned", "feature 1 “A”, geometry: far away"]


def test_a_kml_or_gpx_whose_first_line_holds_a_comma_is_still_named_by_feature():
    """The change's review, M5: a GPX written by `creator="OsmAnd, 4.6"` (a comma on its first
    line) had its problems named by spreadsheet rows."""
    problems = ["features[1].properties.status: expected one of open, planned"]
    gpx = (b'<?xml version="1.0"?><gpx version="1.1" creator="OsmAnd, 4.6">\n<wpt lat="11" lon="105">\n'
           b'<name>A</name>\n</wpt>\n<wpt lat="11.1" lon="105.1">\n<name>B</name>\n</wpt>\n</gpx>\n')
    kml = (b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Gates, 2026</name>\n<Placemark>\n'
           b'<name>A</name>\n</Placemark>\n<Placemark>\n<name>B</name>\n</Placemark>\n</Document></kml>\n')
    for raw in (gpx, kml):
        assert explain.readable_problems(problems, raw, hints=False) == [
            "feature 2, properties.status: expected one of open, planned"]
