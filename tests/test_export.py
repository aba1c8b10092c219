"""The static export: self-contained, deterministic, small, safe, written carefully."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from bordermap import queries
from bordermap.errors import Conflict
from bordermap.mapview.export import ExportOptions, build_export, write_export
from bordermap_app.cli import main

MAX_BYTES = 1_500_000
EXTERNAL_TAG = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*['\"]?https?://", re.I)


@pytest.fixture
def store(app):
    return app.extensions["bordermap.store"]


def test_default_export_has_no_external_script_or_style(store):
    html = build_export(store)
    assert not EXTERNAL_TAG.search(html)
    assert "<script src=" not in html and "<link rel=\"stylesheet\"" not in html
    # Leaflet itself is inside, with its images as data: URIs.
    assert "L.map(" in html and "data:image/png;base64," in html


def test_cdn_export_links_leaflet_from_a_cdn(store):
    html = build_export(store, ExportOptions(cdn=True))
    assert EXTERNAL_TAG.search(html)
    assert len(html.encode()) < len(build_export(store).encode())


def test_two_exports_of_the_same_data_are_byte_identical(store, app, tmp_path):
    first = build_export(store, ExportOptions())
    second = build_export(store, ExportOptions())
    assert first.encode() == second.encode()


def test_export_carries_every_feature_commitments_and_provenance(store, client):
    html = build_export(store)
    for layer in client.get("/api/layers").get_json():
        for feature in client.get(f"/api/features?layer={layer['id']}").get_json()["features"]:
            assert f'"id": "{feature["id"]}"' in html or f'"id":"{feature["id"]}"' in html
    for commitment in client.get("/api/commitments").get_json():
        assert commitment["id"] in html
    assert "Curated data as of " in html and "no change by editors" in html and "dataset " in html
    assert "Natural Earth" in html and "GeoNames" in html


def test_default_export_is_small(store):
    size = len(build_export(store).encode())
    assert size <= MAX_BYTES, f"default export is {size:,} bytes, over {MAX_BYTES:,}"


def test_layers_option_limits_the_layers(store):
    html = build_export(store, ExportOptions(layers=["boundary", "checkpoints"]))
    assert "cp-meun-chey-tan-nam" in html
    assert "kh-prey-veng\", \"kind\": \"province" not in html
    # What is left out is the other layers' data (the page's own scripts and fonts stay), at
    # least the provinces' outlines, which weigh most.
    full = build_export(store)
    provinces = sum(len(queries.feature_collection_json(store, layer))
                    for layer in ("provinces-kh", "provinces-vn", "provinces-vn-pre2025"))
    assert len(full) - len(html) > 0.8 * provinces


def test_cli_writes_atomically_and_refuses_to_overwrite(app, tmp_path, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", app.instance_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "map.html"
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(out), "--title", "Border <map>"])
    assert result.exit_code == 0, result.output
    first = out.read_bytes()
    assert b"<title>Border &lt;map&gt;</title>" in first
    assert [p.name for p in out_dir.iterdir()] == ["map.html"]  # no temporary file left

    result = runner.invoke(main, ["export", str(out)])
    assert result.exit_code != 0
    assert "exists" in result.output and "--force" in result.output
    assert out.read_bytes() == first

    result = runner.invoke(main, ["export", str(out), "--title", "Border <map>", "--force"])
    assert result.exit_code == 0
    assert out.read_bytes() == first  # same data, same bytes


@pytest.mark.parametrize("args, message", [
    (["--view", "11.5,105"], "expected LAT,LON,ZOOM"),
    (["--view", "95,105,7"], "latitude -90..90"),
    (["--layers", "boundary,nope"], "no layer with id 'nope'"),
])
def test_cli_bad_options_give_one_clear_line(app, tmp_path, monkeypatch, args, message):
    from click.testing import CliRunner

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", app.instance_path)
    result = CliRunner().invoke(main, ["export", str(tmp_path / "x.html"), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_write_export_leaves_the_old_file_when_refusing(tmp_path):
    out = tmp_path / "a.html"
    out.write_text("old")
    with pytest.raises(Conflict):
        write_export("new", out)
    assert out.read_text() == "old"


def test_download_button_gives_the_same_file(client, store, app):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/export.html"' in page
    response = client.get("/export.html")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data == build_export(store, ExportOptions(base_url="http://localhost")).encode()


def test_download_with_a_bad_view_is_a_clear_error(client):
    response = client.get("/export.html?view=abc")
    assert response.status_code == 422
    assert b"expected LAT,LON,ZOOM" in response.data
    # A download sends no data and stores nothing: the page does not say it did not store it.
    assert b"nothing was stored" not in response.data and b"see below what to change" in response.data
    vi = client.get("/export.html?view=abc&lang=vi").get_data(as_text=True)
    assert "xem bên dưới cần sửa gì" in vi


def test_the_file_says_where_its_app_is_and_holds_no_empty_landmark(client, store, tmp_path):
    """Whoever receives the file by mail can reach the live map and its downloads; a file made
    on the command line says so when given --app-url, and has no address to give otherwise."""
    from click.testing import CliRunner

    downloaded = client.get("/export.html").get_data(as_text=True)
    assert '(<a href="http://localhost/">the live map</a>)' in downloaded
    assert '"appUrl":"http://localhost"' in downloaded
    assert 'aria-label="Tools"' not in downloaded  # the live page's tools: none in a file
    plain = build_export(store)
    assert "the live map" not in plain and '"appUrl":""' in plain
    out = tmp_path / "cli.html"
    runner = CliRunner()
    cli = main
    env = {"BORDERMAP_INSTANCE_PATH": str(tmp_path / "instance")}
    made = runner.invoke(cli, ["export", str(out), "--app-url", "https://bordermap.example.org/"], env=env)
    assert made.exit_code == 0, made.output
    assert '(<a href="https://bordermap.example.org/">the live map</a>)' in out.read_text()
    refused = runner.invoke(cli, ["export", str(tmp_path / "x.html"), "--app-url", "bordermap.example.org"], env=env)
    assert refused.exit_code == 2 and "--app-url" in refused.output and not (tmp_path / "x.html").exists()


def test_a_file_is_made_on_its_day_and_kept_under_it(store):
    """Its day is in the file (its "today") and in the name it is kept under: tomorrow's
    download is made again, not yesterday's served with yesterday's statuses."""
    from bordermap.mapview.export_cache import ExportCache

    html = build_export(store, ExportOptions(made_on="2026-12-03"))
    assert '"madeOn":"2026-12-03"' in html and 'file made <span class="bm-nowrap">2026-12-03</span>, with what' in html
    cache = ExportCache.__new__(ExportCache)
    assert cache.name(store, ExportOptions(made_on="2026-12-03")) != cache.name(store, ExportOptions(made_on="2026-12-04"))


def test_export_carries_its_own_content_security_policy(store):
    """The file has no server to send a policy: a meta tag pins every inline script it runs."""
    import base64
    import hashlib

    html = build_export(store)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy, "the export declares a Content-Security-Policy"
    directives = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    bodies = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert bodies and not re.search(r"<script\b[^>]*\bsrc=", html)
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"]
    # The configuration is data, not a script: it needs no hash and is never run.
    assert '<script type="application/json" id="bm-config">' in html
    cdn = build_export(store, ExportOptions(cdn=True))
    assert "https://unpkg.com/leaflet@" in re.search(r"script-src ([^;]+)", cdn).group(1)


def test_the_downloaded_export_is_named_for_its_day_and_language(client):
    """Three downloads of one day, in three languages, do not overwrite one another."""
    names = {}
    for lang in ("en", "km", "vi"):
        response = client.get(f"/export.html?lang={lang}")
        assert response.status_code == 200
        names[lang] = response.headers["Content-Disposition"]
        response.close()
    assert names["en"].endswith('.html"') and "-km.html" in names["km"] and "-vi.html" in names["vi"]
    assert len(set(names.values())) == 3
    # The day it was made, which the file calls today (review rv21a, L5), not the curated data's.
    made = datetime.now(timezone.utc).date().isoformat()
    assert all(f'filename="bordermap-{made}' in name for name in names.values()), names


def test_the_file_cites_each_paragraph_without_copying_the_publishers_words(client, app, runner, tmp_path, monkeypatch):
    """A file made to be passed on carries each commitment's document and paragraph, and the
    document's online copy, not the cited paragraph itself, though the app, whose instance has
    the sources, quotes it on request (review 19: the files held nearly both sources whole)."""
    from pathlib import Path

    from bordermap.sources import load_document_text, paragraphs

    folder = Path(app.config["SOURCES_DIR"])
    assert len(client.get("/api/commitments/c-pr71-28").get_json()["quote"]["text"]) > 80  # the app quotes it
    downloaded = client.get("/export.html").get_data(as_text=True)
    monkeypatch.setenv("BORDERMAP_SOURCES_DIR", str(folder))
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", app.instance_path)
    out = tmp_path / "map.html"
    assert runner.invoke(main, ["export", str(out)]).exit_code == 0
    texts = [text for source in folder.glob("*.txt") for text in paragraphs(load_document_text(folder, source.name))
             if len(text) > 120]
    assert len(texts) > 20
    for html in (downloaded, out.read_text()):
        assert '"id":"c-pr71-28"' in html and '"paragraph":' in html and "kh-mfa-pr71" in html
        assert '"quote"' not in html
        assert not [text for text in texts if text[:80] in html]  # no paragraph of either source
