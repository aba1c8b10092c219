"""Review 23 (a GIS analyst's review of the OGC API and its HTTP): dates that GDAL copies as
dates, the landing page and 404s that a page of another origin can read, `Allow` and
`WWW-Authenticate`, the media type of a Part 4 body, every operation of a user layer's own
paths in the OpenAPI document, and the OGC exception members in JSON errors.

The GDAL test needs `ogr2ogr` (skipped without it, failed under CI=true), the browser test
Chromium (the same).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess

import orjson
import pytest
from playwright.sync_api import expect

from conftest import LiveServer, gdal_tool, screenshot
from test_browser_share import Article

TOKEN = {"Authorization": "Bearer test-editor-token"}
ITEMS = "/ogc/collections/gates/items"
ORIGIN = {"Origin": "https://umap.example"}


def gate(number: int, **properties) -> dict:
    return {"type": "Feature", "id": f"g{number}", "properties": {"name": f"Cửa khẩu {number}", **properties},
            "geometry": {"type": "Point", "coordinates": [105 + number / 10, 11 + number / 20]}}


@pytest.fixture
def gates(client):
    """A user layer `gates` of 12 features (two of GDAL's pages of 10) with a column of dates,
    one of dates and a year, one of a day that does not exist."""
    features = [gate(n, opened=f"2018-02-{n + 1:02d}", since="2001" if n == 11 else f"2011-07-{n + 1:02d}",
                     checked="2025-02-30" if n == 0 else "2025-03-01") for n in range(12)]
    features[5]["properties"]["opened"] = None  # a null says nothing against a date
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    response = client.post("/api/features?layer=gates&new_layer_title=Gates", data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)
    return client


# ----------------------------------------------------------------------------- #4 dates
def test_the_schema_says_format_date_where_every_value_is_a_calendar_date(gates):
    """GDAL makes a Date field of a property whose schema says `format: date`; a column with
    another value (a year, a day that does not exist) stays text, as in the downloads."""
    schema = gates.get("/ogc/collections/gates/schema").get_json()["properties"]["properties"]["properties"]
    assert schema["opened"] == {"type": "string", "format": "date"}
    assert schema["since"] == {"type": "string"}
    assert schema["checked"] == {"type": "string"}
    railways = gates.get("/ogc/collections/railways/schema").get_json()["properties"]["properties"]["properties"]
    assert railways["status_date"] == {"type": "string", "format": "date"}


def test_a_copy_by_ogr2ogr_has_date_fields_with_the_dates_as_the_api_gives_them(app, gates, tmp_path):
    """Review 23, #4: GDAL made String fields and, guessing dates page by page, wrote some
    pages' values as 2018/02/08 (the railway's on the first page, the gates' on both)."""
    server = LiveServer(app)
    try:
        copy = tmp_path / "ogc.gpkg"
        result = subprocess.run([gdal_tool("ogr2ogr"), "-f", "GPKG", str(copy), f"OAPIF:{server.url}/ogc",
                                 "gates", "railways"], capture_output=True, text=True, timeout=300)
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    shown = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-so", "-al", str(copy)], capture_output=True, text=True,
                           timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^opened: Date ", shown.stdout, re.MULTILINE), shown.stdout
    assert re.search(r"^status_date: Date ", shown.stdout, re.MULTILINE), shown.stdout
    # What the GeoPackage holds (ogrinfo itself shows a Date as 2018/02/08, whatever is stored).
    with sqlite3.connect(copy) as database:
        opened = dict(database.execute("select id, opened from gates"))
        railway = database.execute("select status_date from railways where id = 'rail-phnom-penh-hcmc'").fetchone()
    assert opened == {f"g{n}": f"2018-02-{n + 1:02d}" if n != 5 else None for n in range(12)}
    assert railway == ("2018-02-08",)


# ----------------------------------------------------------------------------- #5 CORS
OTHER_PAGE = b"<!doctype html><html lang='en'><title>Another site</title><pre id='out'></pre></html>"


def other_site() -> Article:
    """Another origin (its own port on loopback) whose page asks the API with fetch()."""
    site = Article()
    site.body = OTHER_PAGE
    return site


FETCH_EACH = """async ([base, paths]) => {
    const said = [];
    for (const path of paths) {
        try {
            const answer = await fetch(base + path);
            const body = answer.headers.get('content-type').startsWith('application/json')
                ? await answer.json() : {};
            const self = (body.links || []).find((link) => link.rel === 'self');
            said.push(`${path} ${answer.status}` + (self ? ` self=${self.href.slice(base.length)}` : ''));
        } catch (error) {
            said.push(`${path} ${error.name}`);
        }
    }
    document.getElementById('out').textContent = said.join('\\n');
}"""


def test_a_page_of_another_origin_reads_the_landing_page_at_the_readmes_address_and_its_404s(new_tab, live_server):
    """Review 23, #5: /ogc (the README's address) and the landing page's own self/alternate
    links answered 308 without CORS, so fetch() failed; so did a 404 no endpoint answered."""
    site = other_site()
    try:
        tab = new_tab()
        tab.goto(f"{site.origin}/")
        paths = ["/ogc", "/ogc?f=json", "/ogc?f=html", "/ogc/", "/ogc/collections/checkpoints/queryables",
                 "/api/nothing-here"]
        tab.evaluate(FETCH_EACH, [live_server.url, paths])
        expect(tab.locator("#out")).to_have_text("\n".join([
            "/ogc 200 self=/ogc?f=json", "/ogc?f=json 200 self=/ogc?f=json", "/ogc?f=html 200",
            "/ogc/ 200 self=/ogc?f=json", "/ogc/collections/checkpoints/queryables 404", "/api/nothing-here 404"]))
        screenshot(tab, "review23-another-origin-reads-ogc")
    finally:
        site.close()


@pytest.mark.parametrize("url", ["/ogc", "/ogc?f=json", "/ogc?f=html"])
def test_the_landing_page_is_served_at_ogc_without_a_redirect(client, url):
    response = client.get(url, headers=ORIGIN)
    assert response.status_code == 200 and "Location" not in response.headers
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/ogc/collections/checkpoints/queryables", "/ogc/collections/", "/api/nope"])
def test_a_read_no_endpoint_takes_answers_404_to_any_origin_but_a_change_does_not(client, url):
    response = client.get(url, headers=ORIGIN)
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    changed = client.post(url, headers=ORIGIN)
    assert changed.status_code in (404, 405) and "Access-Control-Allow-Origin" not in changed.headers


# ----------------------------------------------------------------------------- #8 Allow, WWW-Authenticate
@pytest.mark.parametrize("method, url, allowed", [
    ("PUT", "/ogc/collections/checkpoints/items", {"GET", "HEAD", "OPTIONS", "POST"}),
    ("POST", "/ogc/conformance", {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/api/licences", {"GET", "HEAD", "OPTIONS"}),
])
def test_a_405_says_which_methods_the_address_takes(client, method, url, allowed):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert {name.strip() for name in response.headers["Allow"].split(",")} == allowed


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_a_401_names_the_bearer_scheme(gates, headers):
    response = gates.post(ITEMS, data=orjson.dumps(gate(20)), headers={**headers, "Content-Type": "application/geo+json"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="bordermap"'


# ----------------------------------------------------------------------------- #9 Content-Type
@pytest.mark.parametrize("refused, taken", [
    ("text/plain", "application/geo+json"), ("application/x-www-form-urlencoded", "application/json; charset=utf-8"),
    ("application/xml", "application/geo+json;charset=UTF-8")])
def test_post_and_put_take_geojson_and_refuse_a_body_declared_as_another_format(gates, refused, taken):
    """Review 23, #9: POST and PUT stored a body sent as text/plain; PATCH already refused one.
    GeoJSON and JSON are taken, with parameters (charset)."""
    before = gates.get(f"{ITEMS}?limit=100").get_json()["features"]
    headers = {**TOKEN, "Content-Type": refused}
    created = gates.post(ITEMS, data=orjson.dumps(gate(20)), headers=headers)
    assert created.status_code == 415, created.get_data(as_text=True)
    assert created.get_json()["message"] == (f"Content-Type: expected application/geo+json or application/json "
                                             f"(a GeoJSON Feature), got {refused!r}")
    replaced = gates.put(f"{ITEMS}/g1", data=orjson.dumps(gate(1, name="changed")), headers={**headers, "If-Match": "*"})
    assert replaced.status_code == 415
    assert gates.get(f"{ITEMS}?limit=100").get_json()["features"] == before

    headers = {**TOKEN, "Content-Type": taken}
    assert gates.post(ITEMS, data=orjson.dumps(gate(20)), headers=headers).status_code == 201
    replaced = gates.put(f"{ITEMS}/g1", data=orjson.dumps(gate(1, name="changed")), headers={**headers, "If-Match": "*"})
    assert replaced.status_code == 204, replaced.get_data(as_text=True)
    assert gates.get(f"{ITEMS}/g1").get_json()["properties"]["name"] == "changed"


# ----------------------------------------------------------------------------- #10 OpenAPI
def test_the_openapi_document_lists_the_writes_on_a_user_layers_own_paths(gates):
    """Review 23, #10: a concrete path is matched before a templated one, and the user layer's
    own items path listed only GET: a client concluded that it took no POST."""
    doc = gates.get("/ogc/api").get_json()
    paths = doc["paths"]
    assert set(paths["/collections/gates/items"]) == {"get", "post"}
    assert set(paths["/collections/gates/items/{featureId}"]) == {"get", "put", "patch", "delete"}
    assert set(paths["/collections/checkpoints/items"]) == {"get"}  # curated: refuses writes (409)
    assert "/collections/checkpoints/items/{featureId}" not in paths
    post = paths["/collections/gates/items"]["post"]
    assert "415" in post["responses"] and all("collectionId" not in p.get("$ref", "") for p in post["parameters"])
    ids = [operation["operationId"] for path in paths.values() for operation in path.values()]
    assert len(ids) == len(set(ids)), "operationIds are unique (OpenAPI 3.0)"
    error = doc["components"]["schemas"]["Error"]
    assert {"code", "description"} <= set(error["properties"]) and "code" in error["required"]


# ----------------------------------------------------------------------------- #12 OGC exception
@pytest.mark.parametrize("url, status, code", [
    ("/ogc/collections/checkpoints/items?limit=0", 400, "Malformed input"),
    ("/ogc/collections/nope", 404, "Not found"),
    ("/api/features/nope", 404, "Not found"),
])
def test_a_json_error_has_the_ogc_exception_members_beside_its_own(client, url, status, code):
    """Review 23, #12: OGC API's exception schema requires `code`; generic clients show it
    and `description`. bordermap's own `error`, `message` and `status` stay."""
    response = client.get(url)
    assert response.status_code == status
    body = response.get_json()
    assert body["code"] == code == body["error"]
    assert body["description"] == body["message"] and body["message"]
    assert body["status"] == status
