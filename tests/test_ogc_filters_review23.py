"""Review 23 (GIS analyst), OGC API – Features items: what a filter or a bbox selects.

Finding 1: a boolean filter takes `1`/`0` (what GDAL and so QGIS send) and `true`/`false` in
any case. Finding 2: a property named `lang` is not offered as a filter, since `?lang=` is the
HTML pages' language. Finding 3: `bbox` selects by shape, not by bounding box, in the count and
every page, on both stores. Finding 7: `datetime` refuses dates that do not exist and reversed
intervals. Finding 14: a filter's text matches whether it arrives composed (NFC) or not (NFD).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata

import orjson
import pytest
import requests

from bordermap import ogc_items
from conftest import LiveServer, gdal_tool
from test_store_contract import backend_store_fixture, user_layer

TOKEN = {"Authorization": "Bearer test-editor-token"}
store = backend_store_fixture()


def upload(client, layer: str, features: list[dict]) -> None:
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    response = client.post(f"/api/features?layer={layer}&new_layer_title={layer.title()}", data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)


def feature(feature_id: str, geometry_type: str, coordinates, **props) -> dict:
    return {"type": "Feature", "id": feature_id, "properties": {"name": feature_id, **props},
            "geometry": {"type": geometry_type, "coordinates": coordinates}}


def items(client, query: str, status: int = 200) -> dict:
    response = client.get(f"/ogc/collections/{query}")
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def ids(doc: dict) -> list[str]:
    return [f["id"] for f in doc["features"]]


@pytest.fixture
def server(app):
    client = app.test_client()
    upload(client, "signs", [feature(f"s-{lang}", "Point", [105 + k / 10, 11.1], lang=lang)
                             for k, lang in enumerate(("km", "vi", "en"))])
    live = LiveServer(app)
    yield live
    live.close()


# ----------------------------------------------------------------------------- finding 1
def test_a_boolean_filter_takes_1_and_0_and_any_case(client):
    upload(client, "gates", [feature("yes", "Point", [105, 11], ok=True), feature("no", "Point", [105, 11], ok=False),
                             feature("also", "Point", [105.1, 11], ok=True)])
    for wanted, expected in [("1", ["yes", "also"]), ("0", ["no"]), ("true", ["yes", "also"]),
                             ("True", ["yes", "also"]), ("FALSE", ["no"]), ("2", []), ("yes", [])]:
        doc = items(client, f"gates/items?ok={wanted}")
        assert (ids(doc), doc["numberMatched"]) == (expected, len(expected)), wanted


def test_gdal_where_on_a_boolean_gets_the_features_that_hold_it(server):
    """GDAL shows a boolean as Integer(Boolean) and sends `-where "highlight=1"` to the server as
    `highlight=1`; it trusts the answer, so a server matching only `true` gave an empty copy."""
    result = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-q", f"OAPIF:{server.url}/ogc", "checkpoints",
                             "-where", "highlight=1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = re.findall(r"^  id \(String\) = (\S+)$", result.stdout, re.MULTILINE)
    assert found == ["cp-meun-chey-tan-nam"], result.stdout


# ----------------------------------------------------------------------------- finding 2
def test_a_property_named_lang_is_not_offered_as_a_filter(server):
    """`?lang=` picks the HTML pages' language, so it is not listed as a filter it would not be;
    GDAL then filters `lang='km'` itself, and gets the one sign in Khmer, not all three."""
    collection = requests.get(f"{server.url}/ogc/collections/signs", timeout=30).json()
    assert "lang" not in collection["queryables"] and "name" in collection["queryables"]
    api = requests.get(f"{server.url}/ogc/api", timeout=30).json()
    names = [p.get("name") for p in api["paths"]["/collections/signs/items"]["get"]["parameters"]]
    assert "lang" not in names and "name" in names
    result = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-q", f"OAPIF:{server.url}/ogc", "signs",
                             "-where", "lang='km'"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.findall(r"^  id \(String\) = (\S+)$", result.stdout, re.MULTILINE) == ["s-km"], result.stdout


# ----------------------------------------------------------------------------- finding 3
def test_bbox_selects_countries_by_shape(client):
    """A box in north-west Cambodia, 3.4° from Viet Nam, is inside Viet Nam's bounding box; one
    in the Gulf of Thailand meets neither country, only Viet Nam's bounding box."""
    doc = items(client, "countries/items?bbox=103.2,13.9,103.3,14.0")
    assert ids(doc) == ["country-kh"] and doc["numberMatched"] == 1
    doc = items(client, "countries/items?bbox=103.0,9.0,103.2,9.2")
    assert ids(doc) == [] and doc["numberMatched"] == 0
    doc = items(client, "countries/items?bbox=103.2,13.9,103.3,14.0&name=country-vn")
    assert doc["numberMatched"] == 0


def test_bbox_by_shape_with_owslib(server):
    """OWSLib, like curl and web maps, shows what the server answers (GDAL filters again)."""
    from owslib.ogcapi.features import Features

    api = Features(server.url + "/ogc")
    assert ids(api.collection_items("countries", bbox=[103.2, 13.9, 103.3, 14.0])) == ["country-kh"]


# An L of land around the window's south-east corner (its box covers the window), a line passing
# by the window, a MultiPoint on both sides of it, and what does meet it: a polygon crossing its
# edge, a line through it, a polygon inside it and points in it, interleaved in the layer's order.
WINDOW = "105,11,106,12"
SHAPES = [
    feature("l-shape", "Polygon", [[[104, 10], [107, 10], [107, 13], [106.5, 13], [106.5, 10.5], [104, 10.5],
                                    [104, 10]]]),
    feature("in-1", "Point", [105.5, 11.5]),
    feature("crossing", "Polygon", [[[105.9, 11.9], [106.5, 11.9], [106.5, 12.5], [105.9, 12.5], [105.9, 11.9]]]),
    feature("diagonal-miss", "LineString", [[104, 11.5], [105.5, 13]]),
    feature("in-2", "Point", [105, 11]),
    feature("both-sides", "MultiPoint", [[104.5, 10.5], [106.5, 12.5]]),
    feature("through", "LineString", [[104, 11.5], [107, 11.6]]),
    feature("inside", "Polygon", [[[105.2, 11.2], [105.4, 11.2], [105.4, 11.4], [105.2, 11.2]]]),
    feature("out-point", "Point", [107, 13]),
    feature("both-in", "MultiPoint", [[104.5, 10.5], [105.5, 11.5]]),
    feature("in-3", "Point", [106, 12]),
]
MEETING = ["in-1", "crossing", "in-2", "through", "inside", "both-in", "in-3"]


def test_bbox_counts_and_pages_by_shape_on_each_store(store):
    store.add_features("shapes", SHAPES, author="ana", summary="shapes", new_layer=user_layer("shapes"))
    whole = ogc_items.items(store, "http://x/ogc", "shapes", {"bbox": WINDOW, "limit": "100"})
    assert ids(whole) == MEETING and whole["numberMatched"] == len(MEETING)
    seen = []
    for offset in range(0, 9, 3):
        page = ogc_items.items(store, "http://x/ogc", "shapes", {"bbox": WINDOW, "limit": "3", "offset": str(offset)})
        assert page["numberMatched"] == len(MEETING)
        assert any(link["rel"] == "next" for link in page["links"]) == (offset + 3 < len(MEETING))
        seen += ids(page)
    assert seen == MEETING
    filtered = ogc_items.items(store, "http://x/ogc", "shapes", {"bbox": WINDOW, "name": "l-shape"})
    assert filtered["numberMatched"] == 0 and ids(filtered) == []
    # A window holding the whole layer needs no shape compared, and misses none.
    assert ogc_items.items(store, "http://x/ogc", "shapes", {"bbox": "100,5,110,15"})["numberMatched"] == len(SHAPES)


def test_bbox_across_the_antimeridian_by_shape(store):
    """West 178, east -170: a triangle whose box reaches into the window's western part while its
    shape stays south of it is left out; shapes on either side of 180° that meet it are kept."""
    store.add_features("pacific", [
        feature("fiji-miss", "Polygon", [[[170, -10], [179, -10], [170, -1], [170, -10]]]),
        feature("samoa-meets", "Polygon", [[[-179, -2], [-175, -2], [-179, 2], [-179, -2]]]),
        feature("east-of-180", "Point", [179.5, -1]),
        feature("kiribati-line", "LineString", [[175, -2.5], [179.9, -2.5]]),
    ], author="ana", summary="pacific", new_layer=user_layer("pacific"))
    doc = ogc_items.items(store, "http://x/ogc", "pacific", {"bbox": "178,-3,-170,0"})
    assert ids(doc) == ["samoa-meets", "east-of-180", "kiribati-line"] and doc["numberMatched"] == 3


# ----------------------------------------------------------------------------- finding 7
@pytest.mark.parametrize("value, says", [
    ("2025-02-30", "'2025-02-30' is not a day of the calendar (2025-02 has 28 days)"),
    ("2023-02-29/..", "'2023-02-29' is not a day of the calendar (2023-02 has 28 days)"),
    ("2025-13-01", "'2025-13-01' has month 13 (expected 01 to 12)"),
    ("2025-01-01T25:00:00Z", "'2025-01-01T25:00:00Z' has hour 25 (expected 00 to 23)"),
    ("2025-01-01T10:61:00Z", "has minute 61 (expected 00 to 59)"),
    ("2025-01-01T10:00:00%2B24:00", "has offset's hours 24 (expected 00 to 23)"),
])
def test_datetime_refuses_a_date_or_time_that_does_not_exist(client, value, says):
    doc = items(client, f"checkpoints/items?datetime={value}", status=400)
    assert doc["message"].startswith("datetime: ") and says in doc["message"], doc["message"]


def test_datetime_knows_leap_days_and_leap_seconds(client):
    for value in ("2024-02-29", "2016-12-31T23:59:60Z"):
        assert items(client, f"checkpoints/items?datetime={value}")["numberMatched"] == 0
    assert "2023-02" in items(client, "checkpoints/items?datetime=2023-02-29", status=400)["message"]


def test_datetime_refuses_an_interval_that_ends_before_it_starts(client):
    """Ends that meet are taken: a day means that day anywhere on Earth, and one instant
    written in two time zones is the same instant."""
    for value in ("2026-01-01/2025-01-01", "2025-01-01T12:00:00%2B07:00/2025-01-01T04:00:00Z"):
        message = items(client, f"checkpoints/items?datetime={value}", status=400)["message"]
        assert message.startswith("datetime: the interval") and "ends before it starts" in message, message
    for value in ("2025-01-01/2025-01-01", "2025-01-02/2025-01-01T12:00:00Z",
                  "2025-01-01T12:00:00%2B07:00/2025-01-01T05:00:00Z"):
        assert items(client, f"checkpoints/items?datetime={value}")["numberMatched"] == 0


# ----------------------------------------------------------------------------- finding 14
def test_a_filter_matches_vietnamese_typed_decomposed(client):
    name = "Cửa khẩu Mộc Bài"
    upload(client, "gates", [feature("g1", "Point", [105, 11], title=name), feature("g2", "Point", [105, 11])])
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    response = client.get("/ogc/collections/gates/items", query_string={"title": decomposed})
    assert response.status_code == 200 and ids(response.get_json()) == ["g1"]
