"""The four Low findings of security review 22c.

F4: the 404 page's language links were built from the path as received, so `/%5Chost/...` gave
`href="/\\host/..."`, which a browser follows to another site. F5: a feature named
`Depot <!--<script> A` blanked every notebook map holding its layer. F6: a path holding a newline
wrote a forged, timestamped line into the request log. F7: a JSON Merge Patch nested 1000 deep
answered 500 (RecursionError) instead of the depth limit's refusal.
"""

from __future__ import annotations

import html
import json
import logging
import re
from urllib.parse import urljoin, urlsplit

import orjson
import pytest

from bordermap import notebook
from bordermap_app import create_app
from bordermap_app.request_log import FORMAT
from conftest import SOURCES_DIR

TOKEN = {"Authorization": "Bearer test-editor-token"}


# ----------------------------------------------------------------------------- F4
def _browser_goes_to(href: str, page: str) -> str:
    """The origin a browser opens for `href` on `page`, read as the URL standard says: tabs and
    line breaks removed, a backslash taken for a slash (Python's urljoin does neither)."""
    cleaned = re.sub("[\t\n\r]", "", href.strip("\x00 \x1f")).replace("\\", "/")
    return urlsplit(urljoin(page, cleaned)).netloc


def _language_links(response) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]*)" lang="[^"]*" hreflang=',
                                                          response.get_data(as_text=True))]


@pytest.mark.parametrize("path", ["/%5C127.0.0.1:5299/phish.html", "/%5C%5Cevil.example/x",
                                  "/%09/evil.example/x", "/%0A/evil.example/x", "/%2F%2Fevil.example/x",
                                  "/%5C%09evil.example/x"])
def test_the_404_pages_language_links_stay_on_this_site(client, path):
    response = client.get(path)
    assert response.status_code == 404
    links = _language_links(response)
    assert len(links) == 3, links
    for href in links:
        assert _browser_goes_to(href, f"http://localhost{path}") == "localhost", href
        assert re.fullmatch(r"/(?![/\\])[\x21-\x7e]*", href), href  # printable ASCII, one leading slash
    # The link opens the same address, in the language chosen.
    khmer = next(href for href in links if href.endswith("lang=km"))
    assert client.get(khmer).status_code == 404


def test_the_404_pages_language_links_of_a_plain_address_are_unchanged(client):
    links = _language_links(client.get("/no/such/page?x=1&lang=vi"))
    assert "/no/such/page?x=1&lang=km" in links and "/no/such/page?x=1&lang=en" in links


# ----------------------------------------------------------------------------- F5
BREAKER = "Depot <!--<script> A"


def _layer_with_breaker(client) -> None:
    body = orjson.dumps({"type": "Feature", "id": "u-breaker", "properties": {"name": BREAKER},
                         "geometry": {"type": "Point", "coordinates": [105.9, 11.2]}})
    response = client.post("/api/features", query_string={"layer": "nbbreak", "new_layer_title": "Break"},
                           data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)


def test_the_notebook_maps_data_holds_no_markup(app, client):
    _layer_with_breaker(client)
    store = app.extensions["bordermap.store"]
    page = notebook.show(["checkpoints", "nbbreak"], store=store).get_root().render()
    text = page[page.index("var data = ") + len("var data = "):]
    text = text[:text.index(";\n")]
    assert not set("<>&\u2028\u2029") & set(text), "escaped as the live map's configuration is"
    data = orjson.loads(text)
    names = [feature["properties"]["name"] for layer in data["layers"] for feature in layer["features"]]
    assert BREAKER in names


@pytest.mark.browser
def test_a_feature_name_holding_a_script_comment_draws_and_shows_as_typed(app, client, tmp_path, offline_tab):
    _layer_with_breaker(client)
    store = app.extensions["bordermap.store"]
    chosen = ["checkpoints", "nbbreak"]
    page = tmp_path / "notebook.html"
    page.write_text(notebook.show(chosen, store=store).get_root().render(), encoding="utf-8")
    tab = offline_tab
    tab.goto(page.as_uri())
    drawn = tab.locator("[data-bordermap-drawn]")
    drawn.wait_for(timeout=20000)
    assert int(drawn.get_attribute("data-bordermap-drawn")) == sum(store.layer(i).feature_count for i in chosen)
    tab.evaluate("""() => {
        const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
        map.eachLayer((layer) => { if (layer.feature && layer.feature.id === "u-breaker") layer.openPopup(); });
    }""")
    title = tab.locator('.bm-nb-popup[data-feature="u-breaker"] h3')
    title.wait_for(timeout=10000)
    assert title.inner_text() == BREAKER
    assert tab.console_errors == []


# ----------------------------------------------------------------------------- F6
@pytest.fixture
def logged_client(tmp_path):
    """A client of an app that logs each request, as `bordermap serve` does."""
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SOURCES_DIR": str(SOURCES_DIR),
                      "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False, "REQUEST_LOG": True})
    return app.test_client()


def _logged_lines(caplog) -> list[str]:
    """The request log's lines as the server writes them (the line follows the closed answer)."""
    formatter = logging.Formatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    return [formatter.format(record) for record in caplog.records if record.name == "bordermap.requests"]


FORGED = ("/x%0A2026-12-05T01:30:00.000Z%20INFO%20bordermap.requests:%20POST%20/revisions/1/revert%20302%201.0%20ms"
          "%0D")


def test_a_path_holding_a_line_break_is_one_escaped_log_line(logged_client, caplog):
    caplog.set_level(logging.INFO, logger="bordermap.requests")
    logged_client.get(FORGED).close()
    lines = _logged_lines(caplog)
    assert len(lines) == 1 and len(lines[0].splitlines()) == 1, lines
    assert lines[0].endswith(" ms")
    assert "GET /x\\n2026-12-05T01:30:00.000Z INFO bordermap.requests: POST /revisions/1/revert 302 1.0 ms\\r 404 " \
        in lines[0], lines


@pytest.mark.parametrize(("sent", "written"), [
    ("%1B%5B31m", "\\x1b[31m"),  # a terminal escape
    ("%00", "\\x00"),
    ("%C2%85", "\\x85"),  # NEL, a C1 line break
    ("%E2%80%A8", "\\u2028"), ("%E2%80%A9", "\\u2029"),
    ("%E2%80%AE", "\\u202e"), ("%E2%81%A6", "\\u2066"),  # bidi controls reorder what a reader sees
    ("%0B%0C", "\\x0b\\x0c"),
    ("%5Cn", "\\\\n"),  # a backslash is escaped too, so "\n" cannot be typed in
    ("%E1%9E%91%E1%9F%86", "\u1791\u17c6"),  # Khmer stays readable
])
def test_control_characters_in_a_path_are_logged_escaped(logged_client, caplog, sent, written):
    caplog.set_level(logging.INFO, logger="bordermap.requests")
    logged_client.get(f"/a{sent}b").close()
    (line,) = _logged_lines(caplog)
    assert f" GET /a{written}b 404 " in line, line
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", line), line


# ----------------------------------------------------------------------------- F7
ITEM = "/ogc/collections/mine/items/a"
PATCH = {**TOKEN, "If-Match": "*", "Content-Type": "application/merge-patch+json"}


@pytest.fixture
def mine(client):
    body = orjson.dumps({"type": "Feature", "id": "a", "properties": {"name": "A", "rank": 1},
                         "geometry": {"type": "Point", "coordinates": [105.1, 11.1]}})
    assert client.post("/api/features?layer=mine&new_layer_title=Mine", data=body, headers=TOKEN).status_code == 201
    return client


def _nested(levels: int) -> str:
    """JSON text of objects `levels` deep (as text: json.dumps would recurse past Python's limit)."""
    return '{"a":' * levels + "1" + "}" * levels


def _state(client) -> tuple:
    return client.get(ITEM).get_json(), client.get("/api/revisions").get_json()


@pytest.mark.parametrize("levels", [40, 1000])
def test_a_deep_merge_patch_is_refused_with_the_depth_limit(mine, levels):
    before = _state(mine)
    response = mine.patch(ITEM, data=f'{{"properties":{{"deep":{_nested(levels)}}}}}', headers=PATCH)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "expected nesting of at most 32 levels" in response.get_json()["message"]
    assert _state(mine) == before


def test_the_merge_patch_depth_limit_is_bordermap_max_depth(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SOURCES_DIR": str(SOURCES_DIR),
                      "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False, "MAX_DEPTH": "5"})
    client = app.test_client()
    body = orjson.dumps({"type": "Feature", "id": "a", "properties": {"name": "A"},
                         "geometry": {"type": "Point", "coordinates": [105.1, 11.1]}})
    assert client.post("/api/features?layer=mine&new_layer_title=Mine", data=body, headers=TOKEN).status_code == 201
    # The feature and its properties make 2 levels: 3 more fit, a fourth does not.
    fits, deeper = (f'{{"properties":{{"deep":{_nested(levels)}}}}}' for levels in (3, 4))
    assert client.patch(ITEM, data=fits, headers=PATCH).status_code == 204
    response = client.patch(ITEM, data=deeper, headers=PATCH)
    assert response.status_code == 422
    assert "expected nesting of at most 5 levels" in response.get_json()["message"]


def test_coordinates_nested_past_what_can_be_written_are_refused(mine):
    before = _state(mine)
    coordinates = [105.1, 11.1]
    for _ in range(300):
        coordinates = [coordinates]
    response = mine.patch(ITEM, data=json.dumps({"geometry": {"type": "Point", "coordinates": coordinates}}),
                          headers=PATCH)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["message"].startswith("the upload was not imported: feature.geometry.coordinates: ")
    assert _state(mine) == before


def test_a_merge_patch_still_merges(mine):
    patch = {"properties": {"rank": None, "nested": {"b": {"c": 1}}, "name": "B"}}
    assert mine.patch(ITEM, data=json.dumps(patch), headers=PATCH).status_code == 204
    assert mine.patch(ITEM, data=json.dumps({"properties": {"nested": {"b": {"d": 2}}}}),
                      headers=PATCH).status_code == 204
    properties = mine.get(ITEM).get_json()["properties"]
    assert properties["name"] == "B" and "rank" not in properties
    assert properties["nested"] == {"b": {"c": 1, "d": 2}}


def test_an_error_on_a_path_with_a_newline_is_logged_on_one_line(app, client, caplog, monkeypatch):
    """The change's review, L1: the request log escaped the path, but an error's own log line
    wrote it as received: /api/features/x%0Aforged gave two lines."""
    from bordermap.errors import DatabaseUnavailable

    def away(*args, **kwargs):
        raise DatabaseUnavailable("db away")

    monkeypatch.setattr(app.extensions["bordermap.store"], "feature", away)
    with caplog.at_level("ERROR"):
        client.get("/api/features/x%0Aforged")
    said = [record.getMessage() for record in caplog.records if "forged" in record.getMessage()]
    assert said and all("\n" not in line for line in said), said
    assert "x\\nforged" in said[0]


def test_the_whole_history_refuses_a_parameter_it_would_ignore(client):
    """The security review's side note: /api/history?at=x answered 200 with every event, as if
    the day had been read."""
    refused = client.get("/api/history?at=2026-01-01")
    assert refused.status_code == 400
    assert "unknown query parameter 'at'" in refused.get_json()["message"]
    assert "/api/features/<id>/history?at=" in refused.get_json()["message"]
    assert client.get("/api/history").status_code == 200
