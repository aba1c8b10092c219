"""How the map page and its assets travel: the page cached per state of the data but with a fresh
nonce each time, gzipped when the client takes it, the layers shown at first inside it."""

from __future__ import annotations

import gzip
import re

import orjson
import pytest

from bordermap_app.conventions import gzip_joined

NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.mark.parametrize("fill", [b"", b"n0nce", b"<&>" * 40])
def test_gzip_joined_is_gzip_of_the_joined_parts(fill):
    parts = [b"<html>" + bytes(range(256)) * 50, b"", "ខ្មែរ Tây Ninh".encode() * 300, b"end"]
    assert gzip.decompress(gzip_joined(parts, fill)) == fill.join(parts)
    assert gzip.decompress(gzip_joined([b"one part"], fill)) == b"one part"


def test_gzipped_page_is_the_plain_page_with_its_own_nonce(client):
    plain = client.get("/")
    packed = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    text = gzip.decompress(packed.data).decode("utf-8")
    nonces = set(NONCE.findall(text))
    assert len(nonces) == 1 and nonces != set(NONCE.findall(plain.get_data(as_text=True)))
    # The policy names the nonce the page carries.
    assert f"'nonce-{nonces.pop()}'" in packed.headers["Content-Security-Policy"]
    assert NONCE.sub("", text) == NONCE.sub("", plain.get_data(as_text=True))


def test_page_follows_a_change_to_the_data(client, app):
    before = client.get("/").get_data(as_text=True)
    store = app.extensions["bordermap.store"]
    from bordermap.ingest import make_layer, plan_import, run_import

    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.5, 11.5]},
         "properties": {"name": "Freshly added"}}]})
    run_import(store, plan_import(body, new_layer=make_layer("fresh", title="Fresh"), store=store), author="t")
    after = client.get("/").get_data(as_text=True)
    assert "Freshly added" not in before and "Freshly added" in after


def test_layers_shown_at_first_are_inline_the_others_by_url(client):
    html = client.get("/").get_data(as_text=True)
    config = orjson.loads(re.search(r'<script type="application/json" id="bm-config">(.*?)</script>', html, re.S)
                          .group(1))
    layers = {layer["id"]: layer for layer in client.get("/api/layers").get_json()}
    for entry in config["layers"]:
        if "data" in entry:
            assert layers[entry["id"]]["visible"]
            assert entry["data"] == client.get(f"/api/features?layer={entry['id']}").get_json()
        else:
            assert entry["url"].endswith(f"/api/features?layer={entry['id']}")
    inline = {entry["id"] for entry in config["layers"] if "data" in entry}
    assert inline and inline <= {lid for lid, layer in layers.items() if layer["visible"]}
    assert not any(lid in inline for lid, layer in layers.items() if not layer["visible"])


@pytest.mark.parametrize("path", ["leaflet/leaflet.js", "bordermap/bundle.js", "bordermap/bordermap.css",
                                  "fonts/NotoSansKhmer.ttf"])
def test_assets_are_gzipped_when_accepted(client, path):
    plain = client.get(f"/assets/{path}")
    packed = client.get(f"/assets/{path}", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data)
    again = client.get(f"/assets/{path}", headers={"If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_bundle_is_every_script_in_order(client):
    from bordermap.mapview.assets import SCRIPTS, Assets, shipped

    bundle = client.get("/assets/bordermap/bundle.js").get_data(as_text=True)
    at = [bundle.index(f"/* {name} */\n" + shipped(Assets().path(package, name).read_text(encoding="utf-8")))
          for package, name in SCRIPTS if package == "bordermap"]
    assert at == sorted(at)
    # The vendored image library comes first (share.js offers the image only where it is loaded).
    assert 0 <= bundle.index("/* html-to-image.js */") < at[0]
    html = client.get("/").get_data(as_text=True)
    assert re.findall(r'<script src="([^"]+)"', html) == ["/assets/leaflet/leaflet.js", "/assets/bordermap/bundle.js"]


def test_the_scripts_are_shipped_minified_and_still_parse(client, tmp_path):
    """Comments and spaces were a third of the bundle, which a phone parses before the map
    draws: 78 KB gzipped, 51 KB minified. Node, where there is one, reads the result as JavaScript
    (the browser tests run it)."""
    import gzip
    import shutil
    import subprocess

    from bordermap.mapview.assets import SCRIPTS, Assets

    bundle = client.get("/assets/bordermap/bundle.js").data
    sources = "\n".join(Assets().path(package, name).read_text(encoding="utf-8")
                        for package, name in SCRIPTS if package in ("vendor", "bordermap")).encode()
    assert len(gzip.compress(bundle)) < 0.75 * len(gzip.compress(sources))
    assert b"\n  " not in bundle  # no indentation left
    node = shutil.which("node") or shutil.which("nodejs")
    if node:
        (tmp_path / "bundle.js").write_bytes(bundle)
        checked = subprocess.run([node, "--check", str(tmp_path / "bundle.js")], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
