"""The live map page carries its first view drawn by the server (mapview/first_view.py): projected as
Leaflet projects, holding every feature of the layers shown at first, or not drawn at all when
one of them is not in the page; user text in it stays text. How it compares with the map the
script draws is in test_browser_first_view_from_the_server.py."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import numpy as np
import orjson
import pytest

from bordermap import queries
from bordermap.mapview.first_view import _pixels, _relative, _simplify

AUTH = {"Authorization": "Bearer test-editor-token"}


def first_view(html: str) -> str:
    found = re.search(r'<div class="bm-firstview".*?</svg></div>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("lon, lat", [(0, 0), (180, 0), (-180, 0), (105.470152, 10.942374), (107.2, 14.7), (0, 89.9)])
def test_positions_are_projected_as_leaflet_projects_them(lon, lat):
    scale = 256 * 2**7
    # Leaflet's spherical Mercator: latitudes beyond 85.0511287798° are held there.
    phi = math.radians(min(lat, 85.0511287798))
    expected = (scale * (lon + 180) / 360, scale * (0.5 - math.log(math.tan(math.pi / 4 + phi / 2)) / (2 * math.pi)))
    got = _pixels(np.array([[lon, lat]], dtype=float), scale)[0]
    assert got == pytest.approx(expected, abs=1e-6)


def test_a_path_is_written_relative_and_simplified_to_a_pixel():
    points = np.array([[0, 0], [1, 0], [2, 0], [10, 0], [10, 10], [10, 10.4], [0, 10]], dtype=float)
    kept = _simplify(points)
    assert kept == [(0, 0), (10, 0), (10, 10), (0, 10)]  # (10, 10.4) within a pixel of the one before
    assert _relative([(0, 0), (10, 0), (10, -5), (3, 2)]) == "l10 0 0-5-7 7"


def test_the_map_page_holds_every_feature_shown_at_first(client):
    html = client.get("/").get_data(as_text=True)
    picture = first_view(html)
    config = orjson.loads(re.search(r'<script type="application/json" id="bm-config">(.*?)</script>', html, re.S)[1])
    shown = [layer for layer in config["layers"] if layer.get("visible") and not layer.get("onDemand")]
    with_geometry = sum(1 for layer in shown for feature in layer["data"]["features"] if feature.get("geometry"))
    assert int(re.search(r'data-features="(\d+)"', picture)[1]) == with_geometry > 50
    ids = re.findall(r'<path data-id="([^"]*)"', picture)
    assert set(ids) == {feature.get("id") for layer in shown for feature in layer["data"]["features"]}
    # In the configuration's order, the order the map stacks its layers in.
    order = [layer["id"] for layer in shown]
    layer_of = {feature["id"]: layer["id"] for layer in shown for feature in layer["data"]["features"]}
    seen = [layer_of[i] for i in ids]
    assert seen == sorted(seen, key=order.index)
    # Hidden while the address opens the map elsewhere, by a script the page's policy allows.
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
    assert f'<script nonce="{nonce}">(function () {{\n  var drop' in response.get_data(as_text=True)

def test_no_first_view_when_a_layer_shown_at_first_is_fetched_by_address(client, monkeypatch):
    monkeypatch.setattr(queries, "INLINE_MAX_BYTES", 10_000)  # the provinces no longer fit in the page
    html = client.get("/?lang=vi").get_data(as_text=True)
    assert 'id="bm-firstview"' not in html and "bm-no-firstview" not in html
    assert 'class="bm-legend bm-static-legend' not in html  # nor its legend, which is the picture's key


def test_no_first_view_when_the_picture_would_be_heavy(client, monkeypatch):
    from bordermap.mapview import first_view

    monkeypatch.setattr(first_view, "MAX_BYTES", 20_000)
    html = client.get("/").get_data(as_text=True)
    assert 'id="bm-firstview"' not in html and "bm-no-firstview" not in html
    assert 'class="bm-legend bm-static-legend' not in html  # nor its legend, which is the picture's key


def test_the_export_has_no_first_view_drawn_by_a_server(client):
    html = client.get("/export.html").get_data(as_text=True)
    assert 'id="bm-firstview"' not in html
    assert 'class="bm-legend bm-static-legend' not in html  # nor its legend, which is the picture's key


def test_an_editors_layer_is_drawn_in_its_own_colour_and_user_text_stays_out(client):
    hostile = 'x"><script>alert(1)</script>'
    body = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": hostile, "properties": {"name": hostile},
         "geometry": {"type": "LineString", "coordinates": [[105.0, 11.0], [106.0, 11.5]]}}]}
    made = client.post("/api/features", query_string={"layer": "zones", "new_layer_title": "<b>Zones</b>"},
                       headers=AUTH, data=orjson.dumps(body))
    assert made.status_code == 201
    feature_id = made.get_json()["revision"]["first_feature_id"]
    style = made.get_json()["report"]["new_layer"]["style"]
    picture = first_view(client.get("/").get_data(as_text=True))
    assert "<script>" not in picture and "alert" not in picture

    class Paths(HTMLParser):
        found: dict[str, dict] = {}

        def handle_starttag(self, tag, attrs):
            if tag == "path":
                self.found[dict(attrs)["data-id"]] = dict(attrs)

    # The picture's legend (for a reader without scripts) names the layer, as text.
    legend = re.search(r'<ul class="bm-legend-list">(.*?)</ul>', client.get("/").get_data(as_text=True), re.S)[1]
    assert 'data-layer="zones"' in legend and "&lt;b&gt;Zones&lt;/b&gt;" in legend and "<b>" not in legend

    parser = Paths()
    parser.feed(picture)
    # The layer added last is drawn on top, as the map stacks it.
    assert list(parser.found)[-1] == feature_id
    assert parser.found[feature_id]["stroke"] == style["color"] and parser.found[feature_id]["fill"] == "none"
