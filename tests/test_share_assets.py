"""The embeddable view's framing rules, and the image library shipped as its package gave it."""

from __future__ import annotations

import hashlib

import pytest

from bordermap.errors import ConfigError
from bordermap.mapview.assets import VENDOR_DIR, VENDORED
from bordermap.mapview.export import ExportOptions, build_export
from bordermap_app import create_app


def test_vendored_files_are_the_registry_packages_own():
    for name, sha256 in VENDORED.items():
        assert hashlib.sha256((VENDOR_DIR / name).read_bytes()).hexdigest() == sha256, name
        assert (VENDOR_DIR / name).with_name("LICENSE").is_file()


def test_the_page_serves_and_the_export_inlines_the_image_library(app, client):
    page = client.get("/").get_data(as_text=True)
    # The live page has it in bordermap's script bundle, ahead of share.js.
    assert '<script src="/assets/bordermap/bundle.js">' in page
    bundle = client.get("/assets/bordermap/bundle.js").get_data(as_text=True)
    assert -1 < bundle.index("t.toCanvas=et") < bundle.index("/* share.js */")
    with client.get("/assets/vendor/html-to-image/html-to-image.js") as served:
        assert served.status_code == 200 and served.mimetype == "text/javascript"
    html = build_export(app.extensions["bordermap.store"], ExportOptions())
    assert "t.toCanvas=et" in html and "sourceMappingURL" not in html


def _framing(response) -> tuple[str, str | None]:
    policy = response.headers["Content-Security-Policy"]
    ancestors = next(part for part in policy.split("; ") if part.startswith("frame-ancestors"))
    return ancestors, response.headers.get("X-Frame-Options")


def test_by_default_no_other_site_may_frame_any_page(client):
    for path in ("/", "/embed"):
        assert _framing(client.get(path)) == ("frame-ancestors 'self'", "SAMEORIGIN")


def test_listed_sites_may_frame_the_embedded_view_only(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"),
                      "EMBED_ORIGINS": "https://news.example.org, http://intranet.local:8080/"})
    client = app.test_client()
    assert _framing(client.get("/embed")) == (
        "frame-ancestors 'self' https://news.example.org http://intranet.local:8080", None)
    assert _framing(client.get("/")) == ("frame-ancestors 'self'", "SAMEORIGIN")
    assert "bm-embedded" in client.get("/embed").get_data(as_text=True)


@pytest.mark.parametrize("value", ["*", "news.example.org", "https://a.example/path", "https://a.example 'none'"])
def test_a_malformed_list_stops_the_server_at_start(tmp_path, value):
    with pytest.raises(ConfigError, match="BORDERMAP_EMBED_ORIGINS"):
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "EMBED_ORIGINS": value})
