"""The application factory and the read API, through Flask's test client."""

from __future__ import annotations

import orjson
import pytest

from bordermap_app import create_app


def test_factory_uses_the_given_instance_folder(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst")})
    assert app.testing
    assert (tmp_path / "inst" / "bordermap.sqlite").is_file()


def test_instance_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "from-env"))
    monkeypatch.setenv("BORDERMAP_SOURCES_DIR", "/somewhere/sources")
    app = create_app()
    assert app.instance_path == str((tmp_path / "from-env").resolve())
    assert app.config["SOURCES_DIR"] == "/somewhere/sources"


def test_layers_list_every_curated_layer_with_counts(client):
    layers = client.get("/api/layers").get_json()
    by_id = {layer["id"]: layer for layer in layers}
    assert {"provinces-kh", "provinces-vn", "provinces-vn-pre2025", "boundary", "checkpoints",
            "expressways", "railways", "corridors", "places"} <= set(by_id)
    assert by_id["provinces-kh"]["feature_count"] == 25
    assert by_id["provinces-vn"]["feature_count"] == 34
    assert by_id["provinces-vn-pre2025"]["feature_count"] == 63
    assert by_id["provinces-vn-pre2025"]["visible"] is False
    assert by_id["checkpoints"]["feature_count"] >= 14
    for layer in layers:
        assert {"id", "title", "kind", "feature_count"} <= set(layer)


def test_features_of_a_layer_are_geojson(client):
    response = client.get("/api/features?layer=checkpoints")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    collection = orjson.loads(response.data)
    assert collection["type"] == "FeatureCollection"
    ids = {f["id"] for f in collection["features"]}
    assert "cp-meun-chey-tan-nam" in ids
    for feature in collection["features"]:
        assert feature["properties"]["layer"] == "checkpoints"
        assert isinstance(feature["properties"]["commitments"], list)


def test_one_feature_by_id(client):
    response = client.get("/api/features/cp-meun-chey-tan-nam")
    assert response.status_code == 200
    feature = orjson.loads(response.data)
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["status_date"] == "2025-12-08"


@pytest.mark.parametrize("url", ["/api/features/no-such-feature", "/api/features?layer=no-such-layer"])
def test_unknown_ids_give_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = response.get_json()
    assert body["status"] == 404
    assert "no-such" in body["message"]


def test_unknown_page_gives_a_page_not_a_traceback(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Traceback" not in response.data
    assert b"Back to the map" in response.data


def test_map_page_links_only_local_assets(client):
    html = client.get("/").get_data(as_text=True)
    assert "BorderMap.init" in html
    assert 'src="/assets/leaflet/leaflet.js"' in html
    for marker in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn"):
        assert marker not in html


@pytest.mark.parametrize("path", ["leaflet/leaflet.js", "leaflet/leaflet.css",
                                  "bordermap/bordermap.js", "bordermap/bordermap.css"])
def test_assets_are_served_from_installed_packages(client, path):
    with client.get(f"/assets/{path}") as response:
        assert response.status_code == 200
        assert len(response.data) > 1000


@pytest.mark.parametrize("path", ["leaflet/../../../etc/passwd", "nope/x.js", "leaflet/missing.js"])
def test_assets_outside_the_packages_are_not_served(client, path):
    assert client.get(f"/assets/{path}").status_code == 404


def test_curated_update_keeps_user_data(tmp_path, monkeypatch):
    import shutil

    from bordermap.paths import geodata_dir

    geodata = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), geodata)
    monkeypatch.setenv("BORDERMAP_GEODATA_DIR", str(geodata))
    instance = str(tmp_path / "inst")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    store = app.extensions["bordermap.store"]
    from bordermap.model import Layer

    store.add_features("mine", [{"type": "Feature", "id": "u1", "properties": {"name": "Mine"},
                                 "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}}],
                       author="test", summary="one point",
                       new_layer=Layer(id="mine", title="Mine", kind="point", origin="user"))
    before = store.curated_version()
    # A curator renames a place; the next start picks it up and leaves the user layer alone.
    places = geodata / "places.geojson"
    places.write_text(places.read_text(encoding="utf-8").replace("Siem Reap", "Siem Reap (edited)"),
                      encoding="utf-8")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    store = app.extensions["bordermap.store"]
    assert store.curated_version() != before
    assert store.feature("place-siem-reap")["properties"]["name"].endswith("(edited)")
    assert store.feature("u1")["properties"]["name"] == "Mine"
    assert store.layer("mine").origin == "user"


def test_pages_carry_a_content_security_policy_with_a_fresh_nonce(client):
    import re

    first, second = client.get("/"), client.get("/")
    policy = first.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce != re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"]).group(1)
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    html = first.get_data(as_text=True)
    # Every inline script that runs carries the nonce (a JSON data block is not run).
    inline = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    # The export is a file to keep, not a page of the app: no policy ties it to this server.
    assert "Content-Security-Policy" not in client.get("/export.html").headers


def test_the_secret_key_is_private_to_the_server(app):
    import stat
    from pathlib import Path

    mode = (Path(app.instance_path) / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
