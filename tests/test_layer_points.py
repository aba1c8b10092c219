"""A large layer on the live page: listed with its count but never read to build the page, and
its positions served as one compact binary body equal to its GeoJSON's coordinates."""

from __future__ import annotations

import re

import orjson
import pytest

from bordermap import layer_points
from bordermap.model import Layer

BIG = 2001


@pytest.fixture(autouse=True)
def _large_is_smaller(monkeypatch):
    """Layers over 2,000 features count as large here (50,000 on a real map): quicker to build."""
    monkeypatch.setattr(layer_points, "LARGE_LAYER_FEATURES", BIG - 1)


def _points(n: int, prefix: str = "v") -> list[dict]:
    # Coordinates with many digits, and some whole numbers, as uploads have them.
    return [{"type": "Feature", "id": f"{prefix}{i}", "properties": {"name": f"Village {i}"},
             "geometry": {"type": "Point", "coordinates": [102.5 + (i % 997) * 0.004567891234567 if i % 50 else 104,
                                                           10.5 + (i // 997) * 0.0123456789012345]}}
            for i in range(n)]


def add_big_layer(store, layer_id: str = "villages", n: int = BIG):
    store.add_features(layer_id, _points(n, "v" if layer_id == "villages" else layer_id), author="t", summary="many villages",
                       new_layer=Layer(id=layer_id, title="Villages", kind="place", origin="user",
                                       style={"color": "#1b7837"}))


def page_config(client) -> dict:
    html = client.get("/").get_data(as_text=True)
    return orjson.loads(re.search(r'<script type="application/json" id="bm-config">(.*?)</script>', html, re.S)
                        .group(1))


def test_the_points_body_holds_the_geojson_coordinates_exactly(app, client):
    store = app.extensions["bordermap.store"]
    add_big_layer(store)
    store.add_features("mixed", [*_points(3, "m"), {"type": "Feature", "id": "road", "properties": {},
                                                    "geometry": {"type": "LineString",
                                                                 "coordinates": [[104, 11], [105, 11.5]]}}],
                       author="t", summary="mixed",
                       new_layer=Layer(id="mixed", title="Mixed", kind="place", origin="user"))
    answer = client.get("/api/layers/villages/points")
    assert answer.status_code == 200 and answer.mimetype == layer_points.MEDIA_TYPE
    body = layer_points.read_points(answer.data)
    geojson = client.get("/api/features?layer=villages").get_json()["features"]
    assert body["ids"] == [f["id"] for f in geojson]
    assert body["coordinates"] == [f["geometry"]["coordinates"] for f in geojson]
    assert body["others"] == 0 and len(answer.data) == 16 + 20 * BIG + sum(len(f["id"]) for f in geojson)
    mixed = layer_points.read_points(client.get("/api/layers/mixed/points").data)
    assert mixed["ids"] == ["m0", "m1", "m2"] and mixed["others"] == 1


def test_the_points_body_is_validated_like_the_other_layer_bodies(app, client):
    add_big_layer(app.extensions["bordermap.store"], n=20)
    first = client.get("/api/layers/villages/points")
    tag = first.headers["ETag"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/layers/villages/points", headers={"If-None-Match": tag}).status_code == 304
    missing = client.get("/api/layers/nowhere/points")
    assert missing.status_code == 404 and "nowhere" in missing.get_data(as_text=True)
    assert client.get("/api/layers/villages/points?x=1").status_code == 400


def test_the_points_are_read_again_only_when_the_layer_may_have_changed(app, client, monkeypatch):
    store = app.extensions["bordermap.store"]
    add_big_layer(store, n=30)
    reads = []
    real = type(store).layer_points
    monkeypatch.setattr(type(store), "layer_points", lambda self, *a, **k: reads.append(a) or real(self, *a, **k))
    first = layer_points.read_points(client.get("/api/layers/villages/points").data)
    assert len(reads) == 1 and len(first["ids"]) == 30
    # A change elsewhere (a well added in a layer of its own): not read again.
    store.add_features("wells", [{"type": "Feature", "id": "w1", "properties": {"name": "Well"},
                                  "geometry": {"type": "Point", "coordinates": [105.0, 11.0]}}],
                       author="t", summary="a well",
                       new_layer=Layer(id="wells", title="Wells", kind="place", origin="user"))
    assert client.get("/api/layers/villages/points").data == layer_points.points_body(store, "villages")
    assert len(reads) == 2  # the second read is the comparison's own
    # A feature of this layer moved: read again, and the new position is served.
    moved = {**_points(1)[0], "geometry": {"type": "Point", "coordinates": [106.25, 11.75]}}
    store.replace_feature("v0", moved, author="t")
    after = layer_points.read_points(client.get("/api/layers/villages/points").data)
    assert len(reads) == 3 and after["coordinates"][0] == [106.25, 11.75]


def test_a_large_hidden_layer_is_listed_but_never_read_to_build_the_page(app, client, monkeypatch):
    store = app.extensions["bordermap.store"]
    add_big_layer(store)
    read = []
    for name in ("features", "features_geojson", "layer_points", "features_in_bbox", "feature_properties"):
        real = getattr(store, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            if "villages" in args or (args and args[0] is None) or _name == "feature_properties":
                read.append((_name, args[:1]))
            return _real(*args, **kwargs)
        monkeypatch.setattr(store, name, spy)
    config = page_config(client)
    for path in ("/api/commitments", "/api/documents", "/api/layers", "/api/history", "/?lang=km", "/embed"):
        assert client.get(path).status_code == 200, path
    assert [call for call in read if call[0] != "feature_properties" or "villages" in str(call)] == []
    entry = next(layer for layer in config["layers"] if layer["id"] == "villages")
    assert entry["onDemand"] is True and entry["count"] == BIG and "data" not in entry
    assert entry["pointsUrl"].endswith("/api/layers/villages/points")
    # Small layers are as before: none of them is fetched on demand.
    assert [layer["id"] for layer in config["layers"] if layer.get("onDemand")] == ["villages"]


def test_a_large_layer_starts_switched_off_and_a_smaller_one_as_before(app, client):
    store = app.extensions["bordermap.store"]
    add_big_layer(store, "big", n=BIG)
    add_big_layer(store, "small", n=BIG - 1)
    layers = {layer["id"]: layer for layer in page_config(client)["layers"]}
    assert layers["big"]["onDemand"] and not layers["big"]["visible"]
    assert not layers["small"].get("onDemand") and layers["small"]["visible"]
    assert store.layer("big").visible  # only the page starts it off: the layer itself is unchanged


@pytest.mark.parametrize("body", [b"", b"GeoJSON", b"BMPX" + bytes(12)])
def test_reading_a_body_that_is_not_one_says_so(body):
    with pytest.raises(ValueError, match="not a bordermap points body"):
        layer_points.read_points(body)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Left out of this file as too large for it: Villages (id villages, 2,001 features): "
            "/api/layers/villages.geojson", "ending in .gpkg"]),
    ("km", ["ព្រោះវាធំពេក", "Villages (លេខសម្គាល់ villages, ធាតុ ២,០០១)"]),
    ("vi", ["quá lớn", "Villages (mã villages, 2.001 đối tượng)"]),
])
def test_the_export_leaves_a_large_layer_out_and_says_where_it_is(app, lang, words):
    from bordermap.mapview.export import ExportOptions, build_export

    store = app.extensions["bordermap.store"]
    add_big_layer(store)
    html = build_export(store, ExportOptions(lang=lang))
    config = orjson.loads(re.search(r'<script type="application/json" id="bm-config">(.*?)</script>', html, re.S)
                          .group(1))
    assert "villages" not in {layer["id"] for layer in config["layers"]}
    assert "Village 1999" not in html
    note = re.search(r'<p class="bm-left-out" role="note">(.*?)</p>', html, re.S).group(1)
    for word in words:
        assert word.replace("<", "&lt;").replace(">", "&gt;") in note
    # A file without the large layer has no note.
    others = [layer.id for layer in store.layers() if layer.id != "villages"]
    assert 'class="bm-left-out"' not in build_export(store, ExportOptions(lang=lang, layers=others))


def test_the_export_downloaded_from_the_app_gives_the_left_out_layers_whole_address(app, client):
    """A reader who was sent the file has no app at hand: the note gives the address in full."""
    add_big_layer(app.extensions["bordermap.store"])
    html = client.get("/export.html?lang=vi", base_url="https://maps.example.org").get_data(as_text=True)
    note = re.search(r'<p class="bm-left-out" role="note">(.*?)</p>', html, re.S).group(1)
    assert "Villages (mã villages, 2.001 đối tượng): https://maps.example.org/api/layers/villages.geojson" in note
    assert client.get("/api/layers/villages.geojson").status_code == 200
