"""The import pipeline end to end: reprojection, repair, revisions, auth, CSRF, concurrency, kills."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import orjson
import pytest
import shapely
from click.testing import CliRunner
from pyproj import Geod, Transformer

from bordermap import ingest
from bordermap.curated import load_curated
from bordermap.store import SQLiteStore, open_store
from bordermap_app import create_app
from bordermap_app.cli import main

TOKEN = "test-editor-token"  # as in conftest's app
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GEOD = Geod(ellps="WGS84")
# Known places (lon, lat): the Meun Chey–Tan Nam gate area, Phnom Penh, Ho Chi Minh City.
KNOWN = [(105.8211, 11.1012), (104.9282, 11.5564), (106.6602, 10.7626)]


def fc(features, **members) -> bytes:
    return orjson.dumps({"type": "FeatureCollection", "features": features, **members})


def point_feature(x, y, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}}


def post(client, query: str, body: bytes, headers=AUTH):
    return client.post(f"/api/features?{query}", data=body, headers=headers)


def stored(client, layer: str) -> list[dict]:
    return orjson.loads(client.get(f"/api/features?layer={layer}").data)["features"]


def metres(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


# ------------------------------------------------------------------------------- reprojection
@pytest.mark.parametrize("code", ["EPSG:32648", "EPSG:3405"])
def test_projected_file_lands_within_a_metre(client, code):
    forward = Transformer.from_crs("EPSG:4326", code, always_xy=True)
    features = [point_feature(*forward.transform(lon, lat), name=f"p{i}") for i, (lon, lat) in enumerate(KNOWN)]
    member = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{code.split(':')[1]}"}}
    response = post(client, "layer=utm&new_layer_title=UTM", fc(features, crs=member))
    assert response.status_code == 201, response.get_json()
    report = response.get_json()["report"]
    assert report["reprojected"] is True and code in report["source_crs"]
    got = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in stored(client, "utm")}
    for i, expected in enumerate(KNOWN):
        assert metres(got[f"p{i}"], expected) < 1.0


def test_crs_given_with_the_upload_and_legacy_epsg_member(client):
    forward = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
    x, y = forward.transform(*KNOWN[1])
    assert post(client, "layer=a&new_layer_title=A&crs=EPSG:32648", fc([point_feature(x, y)])).status_code == 201
    legacy = {"type": "EPSG", "properties": {"code": 32648}}
    assert post(client, "layer=b&new_layer_title=B", fc([point_feature(x, y)], crs=legacy)).status_code == 201
    for layer in ("a", "b"):
        assert metres(stored(client, layer)[0]["geometry"]["coordinates"], KNOWN[1]) < 1.0
    clash = post(client, "layer=c&new_layer_title=C&crs=EPSG:3405", fc([point_feature(x, y)], crs=legacy))
    assert clash.status_code == 422 and "declares EPSG:32648 but EPSG:3405 was given" in clash.get_json()["problems"][0]


# ------------------------------------------------------------------------------- geometry
CLOCKWISE = [[105.0, 11.0], [105.0, 11.1], [105.1, 11.1], [105.1, 11.0], [105.0, 11.0]]
BOWTIE = [[105.0, 11.0], [105.1, 11.1], [105.1, 11.0], [105.0, 11.1], [105.0, 11.0]]


def polygon_feature(ring, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_winding_is_normalised_not_rejected(client):
    response = post(client, "layer=w&new_layer_title=W", fc([polygon_feature(CLOCKWISE)]))
    assert response.status_code == 201
    assert any("winding order normalised on 1 feature(s)" in w for w in response.get_json()["report"]["warnings"])
    ring = stored(client, "w")[0]["geometry"]["coordinates"][0]
    assert shapely.is_ccw(shapely.linearrings(ring))


def test_invalid_geometry_is_repaired_only_when_asked(client):
    refused = post(client, "layer=r&new_layer_title=R", fc([polygon_feature(BOWTIE)]))
    assert refused.status_code == 422
    assert "invalid Polygon: Self-intersection at [105.05, 11.05]" in refused.get_json()["problems"][0]
    repaired = post(client, "layer=r&new_layer_title=R&repair=1", fc([polygon_feature(BOWTIE)]))
    assert repaired.status_code == 201
    assert any("repaired (Self-intersection" in w for w in repaired.get_json()["report"]["warnings"])
    geometry = shapely.from_geojson(orjson.dumps(stored(client, "r")[0]["geometry"]))
    assert geometry.geom_type == "MultiPolygon" and geometry.is_valid


# ------------------------------------------------------------------------------- ids, properties
def test_ids_kept_when_usable_else_assigned_and_other_properties_keep_their_type(client):
    features = [
        {**point_feature(105.1, 11.1, name="a", extra={"nested": [1, 2]}, count=3, share=0.25, open=False,
                         tags=["x", "ý"], gone=None), "id": 7},
        {**point_feature(105.2, 11.2, name="b"), "id": "same"},
        {**point_feature(105.3, 11.3, name="c"), "id": "same"},
        {**point_feature(105.4, 11.4, name="d"), "id": "has space"},
        {**point_feature(105.5, 11.5, name="e", layer="forged", commitments=["x"])},
    ]
    response = post(client, "layer=ids&new_layer_title=Ids", fc(features))
    assert response.status_code == 201
    by_name = {f["properties"]["name"]: f for f in stored(client, "ids")}
    assert by_name["a"]["id"] == "7"
    a = by_name["a"]["properties"]
    assert (a["extra"], a["count"], a["share"], a["open"], a["tags"]) == ({"nested": [1, 2]}, 3, 0.25, False, ["x", "ý"])
    assert "gone" not in a  # a null is dropped, and the report says so
    assert any("empty (null) values were dropped: gone" in w for w in response.get_json()["report"]["warnings"])
    assert by_name["b"]["id"] == "ids-1" and by_name["b"]["properties"]["source_id"] == "same"
    assert by_name["d"]["id"].startswith("ids-") and by_name["d"]["properties"]["source_id"] == "has space"
    assert by_name["e"]["properties"]["layer"] == "ids" and by_name["e"]["properties"]["commitments"] == []
    # A file that says nothing of its locations' precision is not taken to be exact.
    assert all(f["properties"]["kind"] == "user" and "location_precision" not in f["properties"]
               for f in by_name.values())


def test_an_upload_keeps_the_precision_its_file_gives(client):
    features = [point_feature(105.1, 11.1, name="said", location_precision="approximate", precision_m=500),
                point_feature(105.2, 11.2, name="exact", location_precision="exact"),
                point_feature(105.3, 11.3, name="silent")]
    assert post(client, "layer=prec&new_layer_title=Precision", fc(features)).status_code == 201
    by_name = {f["properties"]["name"]: f["properties"] for f in stored(client, "prec")}
    assert (by_name["said"]["location_precision"], by_name["said"]["precision_m"]) == ("approximate", 500)
    assert by_name["exact"]["location_precision"] == "exact"
    assert "location_precision" not in by_name["silent"]


# ------------------------------------------------------------------------------- auth and CSRF
def test_api_needs_the_bearer_token(client):
    body = fc([point_feature(105.1, 11.1)])
    missing = post(client, "layer=x&new_layer_title=X", body, headers={})
    assert missing.status_code == 401 and "Authorization: Bearer" in missing.get_json()["message"]
    wrong = post(client, "layer=x&new_layer_title=X", body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.get_json()["message"] == "the editor token is not valid"
    for method, url in (("delete", "/api/features/cp-bavet-moc-bai"), ("post", "/api/revisions/1/revert")):
        assert getattr(client, method)(url).status_code == 401
    assert client.get("/api/layers").status_code == 200  # reading stays open


def test_editing_is_disabled_without_a_configured_token(tmp_path, monkeypatch):
    monkeypatch.delenv("BORDERMAP_EDITOR_TOKEN", raising=False)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i")})
    response = app.test_client().post("/api/features?layer=x", data=b"{}", headers=AUTH)
    assert response.status_code == 403
    assert response.get_json()["message"] == "editing is disabled: no editor token configured"


def test_forms_carry_and_need_a_csrf_token(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "EDITOR_TOKEN": TOKEN})
    client = app.test_client()
    page = client.get("/upload").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    refused = client.post("/upload", data={"token": TOKEN, "action": "check"})
    assert refused.status_code == 400 and "Go back to the form and send it again" in refused.get_data(as_text=True)
    assert client.post("/revisions/1/revert").status_code == 400
    # The JSON API is exempt: it needs the bearer token instead.
    assert client.post("/api/features?layer=x&new_layer_title=X&dry_run=1",
                       data=fc([point_feature(105.1, 11.1)]), headers=AUTH).status_code == 200


def test_token_in_the_url_unlocks_the_session_and_is_dropped(client):
    response = client.get(f"/upload?token={TOKEN}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/upload")
    assert "Editing is unlocked" in client.get("/upload").get_data(as_text=True)


def test_upload_page_dry_run_then_import(client):
    body = fc([point_feature(105.1, 11.1, name="Gate <b>one</b>")])
    data = {"token": TOKEN, "target": "new", "new_title": "Gates", "kind": "gate", "color": "#1b7837",
            "action": "check", "file": (BytesIO(body), "gates.geojson")}
    checked = client.post("/upload", data=data, content_type="multipart/form-data")
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "Dry run: 1 feature would be added" in html
    assert "Gate &lt;b&gt;one&lt;/b&gt;" in html
    assert client.get("/api/layers").get_json()[-1]["id"] != "gates"  # nothing stored yet
    staged = html.split('name="staged" value="')[1].split('"')[0]
    done = client.post("/upload", data={"target": "new", "new_title": "Gates", "kind": "gate", "color": "#1b7837",
                                        "staged": staged, "filename": "gates.geojson", "action": "import"})
    # The layer is named by its title, not its id (review 7, S11).
    assert done.status_code == 201 and "Imported 1 feature into Gates" in done.get_data(as_text=True)
    assert stored(client, "gates")[0]["properties"]["name"] == "Gate <b>one</b>"
    # The file gave no id; "See it on the map" still points at the feature the store named.
    assert f'#feature={stored(client, "gates")[0]["id"]}"' in done.get_data(as_text=True)
    history = client.get("/api/revisions").get_json()
    assert history[0]["file_sha256"] and history[0]["summary"] == "imported 1 feature(s) from gates.geojson into gates"


# ------------------------------------------------------------------------------- revisions, links, export
def test_revert_link_delete_and_download(client):
    assert post(client, "layer=z&new_layer_title=Zones", fc([polygon_feature(CLOCKWISE, name="SEZ")])).status_code == 201
    feature_id = stored(client, "z")[0]["id"]
    commitment = client.get("/api/revisions").get_json()  # warm-up: the listing works
    cid = orjson.loads(client.get("/api/features/cp-meun-chey-tan-nam").data)["properties"]["commitments"][0]
    linked = client.post(f"/api/commitments/{cid}/links", json={"features": [feature_id]}, headers=AUTH)
    assert linked.status_code == 201
    assert cid in stored(client, "z")[0]["properties"]["commitments"]
    assert commitment is not None

    download = client.get("/api/layers/z.geojson")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == 'attachment; filename="z.geojson"'
    again = post(client, "layer=z2&new_layer_title=Again", download.data)
    assert again.status_code == 201  # a downloaded layer imports again (with new ids)
    assert stored(client, "z2")[0]["properties"]["source_id"] == feature_id

    assert client.delete("/api/features/cp-bavet-moc-bai", headers=AUTH).status_code == 409
    deleted = client.delete(f"/api/features/{stored(client, 'z2')[0]['id']}", headers=AUTH)
    assert deleted.status_code == 200 and stored(client, "z2") == []
    reverted = client.post(f"/api/revisions/{deleted.get_json()['revision']['id']}/revert", headers=AUTH)
    assert reverted.status_code == 201 and len(stored(client, "z2")) == 1
    detail = client.get(f"/api/revisions/{reverted.get_json()['revision']['id']}").get_json()
    assert detail["changes"][0]["after"]["properties"]["name"] == "SEZ"


def test_cli_import_dry_run_and_revisions(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "vn2000.geojson"
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3405", always_xy=True).transform(*KNOWN[2])
    path.write_bytes(fc([point_feature(x, y, name="HCMC")]))
    runner = CliRunner()
    args = ["import", str(path), "--layer", "cli", "--new-layer-title", "From the CLI", "--crs", "EPSG:3405"]
    dry = runner.invoke(main, args + ["--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run: nothing was stored" in dry.output and "VN-2000 / UTM zone 48N" in dry.output
    assert runner.invoke(main, ["revisions", "list"]).stdout.strip() == "no revisions yet"
    done = runner.invoke(main, args + ["--author", "surveyor"])
    assert done.exit_code == 0 and "as revision 1" in done.output
    listing = runner.invoke(main, ["revisions", "list"]).output
    assert "surveyor" in listing and "imported 1 feature(s) from vn2000.geojson into cli" in listing
    assert "added feature cli-1" in runner.invoke(main, ["revisions", "show", "1"]).output
    store = open_store(tmp_path / "instance", load_curated())
    assert metres(store.feature("cli-1")["geometry"]["coordinates"], KNOWN[2]) < 1.0
    assert runner.invoke(main, ["revisions", "revert", "1"]).exit_code == 0
    assert "cli" not in [layer.id for layer in store.layers()]  # the layer it created goes too
    again = runner.invoke(main, ["revisions", "revert", "1"])
    assert again.exit_code == 1 and "already reverted" in again.output and "Traceback" not in again.output


def test_cli_errors_are_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "bad.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "features": [}')
    result = CliRunner().invoke(main, ["import", str(path), "--layer", "x", "--new-layer-title", "X"])
    assert result.exit_code == 1
    assert "\nError: not valid JSON at line 1, column 44 (character 43)" in "\n" + result.stderr
    assert "Traceback" not in result.output


def test_serve_generates_and_prints_a_token(tmp_path, monkeypatch):
    import waitress

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("BORDERMAP_EDITOR_TOKEN", raising=False)
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.setdefault("token", app.config["EDITOR_TOKEN"]))
    result = CliRunner().invoke(main, ["serve", "--port", "5999"])
    assert result.exit_code == 0, result.output
    assert len(seen["token"]) >= 30
    assert f"http://127.0.0.1:5999/upload?token={seen['token']}" in result.output


# ------------------------------------------------------------------------------- concurrency and crashes
def test_parallel_imports_lose_nothing(tmp_path):
    path = tmp_path / "instance"
    first = open_store(path, load_curated())
    first.add_features("shared", [], author="t", summary="create", new_layer=ingest.make_layer("shared", title="Shared"))

    def one(worker: int):
        store = SQLiteStore(path / "bordermap.sqlite")
        body = fc([point_feature(105 + worker / 10, 11 + i / 100, name=f"w{worker}-{i}") for i in range(50)])
        plan = ingest.plan_import(body, layer="shared", store=store)
        return ingest.run_import(store, plan, author=f"worker {worker}").id

    with ThreadPoolExecutor(max_workers=8) as pool:
        revisions = list(pool.map(one, range(8)))
    features = first.features("shared")
    names = [f["properties"]["name"] for f in features]
    assert len(features) == 400 and len(set(names)) == 400
    assert len({f["id"] for f in features}) == 400
    assert sorted(revisions) == list(range(2, 10))
    for revision in revisions:  # each revision holds exactly one worker's 50 features, not interleaved
        changes = first.revision(revision, limit=1000).changes
        workers = {c.after["properties"]["name"].split("-")[0] for c in changes}
        assert len(changes) == 50 and len(workers) == 1


CHILD = """
import sys
from bordermap import ingest
from bordermap.store import SQLiteStore
store = SQLiteStore(sys.argv[1])
plan = ingest.plan_import(open(sys.argv[2], "rb").read(), layer="big",
                          new_layer=ingest.make_layer("big", title="Big"), store=store)
print("writing", flush=True)
ingest.run_import(store, plan, author="doomed")
print("finished", flush=True)
"""


def test_a_kill_during_an_import_leaves_the_store_as_it_was(tmp_path):
    store = open_store(tmp_path / "instance", load_curated())
    database = tmp_path / "instance" / "bordermap.sqlite"
    before = (len(store.features()), len(store.history()), [layer.id for layer in store.layers()])
    big = tmp_path / "big.geojson"
    big.write_bytes(fc([point_feature(105 + (i % 1000) / 2000, 11 + (i // 1000) / 200, name=f"n{i}")
                        for i in range(150_000)]))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(database), str(big)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
        # The child holds the write lock exactly while its import transaction is open.
        probe = sqlite3.connect(database, timeout=0, isolation_level=None)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:
                break  # locked: the transaction is under way
            assert child.poll() is None, "the import finished before it could be killed"
            time.sleep(0.001)
        probe.close()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    reopened = SQLiteStore(database)
    db = sqlite3.connect(database)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    after = (len(reopened.features()), len(reopened.history()), [layer.id for layer in reopened.layers()])
    assert after == before


def test_revision_pages_still_show_an_import_after_its_features_are_gone(client):
    assert post(client, "layer=g&new_layer_title=Gone", fc([point_feature(105.2, 11.2, name="Was here")])).status_code == 201
    imported = client.get("/api/revisions").get_json()[0]["id"]
    reverted = client.post(f"/api/revisions/{imported}/revert", headers=AUTH)
    assert reverted.status_code in (200, 201)
    page = client.get(f"/revisions/{imported}")
    assert page.status_code == 200 and "Was here" in page.get_data(as_text=True)
    detail = client.get(f"/api/revisions/{imported}").get_json()
    assert any(c["after"] and c["entity"] == "feature" for c in detail["changes"])


# ------------------------------------------------------------------------------- stored text
def test_filename_and_author_from_every_door_follow_the_text_rule(client, tmp_path, monkeypatch):
    body = fc([point_feature(105.1, 11.1, name="Gate")])
    named = post(client, "layer=t&new_layer_title=T&filename=" + "x" * 200_000, body)
    assert named.status_code == 422
    assert named.get_json()["message"].startswith("the upload was not imported: filename: text is 200,000 characters")
    bidi = post(client, "layer=t&new_layer_title=T&filename=map%E2%80%AEgpj.geojson", body)
    assert bidi.status_code == 422 and "filename: expected plain text, got a control character U+202E" in bidi.get_json()["message"]
    forged = post(client, "layer=t&new_layer_title=T&author=me%0D%0A%20%2099%20%202026-01-01%20forged", body)
    assert forged.status_code == 422 and "author: expected one line of text" in forged.get_json()["message"]
    # The form's hidden file name field, sent by hand with a checked file.
    staged = client.post("/upload", data={"token": TOKEN, "target": "new", "new_title": "T", "action": "check",
                                          "file": (BytesIO(body), "gates.geojson")}, content_type="multipart/form-data")
    sha = staged.get_data(as_text=True).split('name="staged" value="')[1].split('"')[0]
    hidden = client.post("/upload", data={"target": "new", "new_title": "T", "staged": sha,
                                          "filename": "bell\x07.geojson", "action": "import"})
    assert hidden.status_code == 422
    assert "filename: expected plain text, got a control character U+0007" in hidden.get_data(as_text=True)
    assert client.get("/api/revisions").get_json() == []
    # The command line: an author with a line break cannot forge a line of `revisions list`.
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "cli"))
    path = tmp_path / "gates.geojson"
    path.write_bytes(body)
    result = CliRunner().invoke(main, ["import", str(path), "--layer", "t", "--new-layer-title", "T",
                                       "--author", "me\n   99  2026-01-01  forged"])
    assert result.exit_code == 1 and "author: expected one line of text" in result.output
    assert "Traceback" not in result.output
    assert CliRunner().invoke(main, ["revisions", "list"]).stdout.strip() == "no revisions yet"


def test_cli_import_shows_its_progress_on_a_terminal_only(tmp_path, monkeypatch):
    """The bar goes to stderr when it is a terminal; captured output is the report alone."""
    from bordermap_app import import_cli as cli_module

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "points.geojson"
    path.write_bytes(fc([point_feature(105.5 + i / 100, 11.5, name=f"P{i}") for i in range(30)]))
    args = ["import", str(path), "--layer", "bar", "--new-layer-title", "Bar"]
    quiet = CliRunner().invoke(main, args + ["--dry-run"])
    assert quiet.exit_code == 0 and quiet.stdout.startswith("points.geojson: 30 feature(s)"), quiet.output
    seen = []
    monkeypatch.setattr(cli_module._Stages, "advance", lambda self, upto, label=None: seen.append((upto, label)))
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0 and "imported 30 feature(s)" in done.output, done.output
    assert seen[-1] == (100, "done") and [u for u, _ in seen] == sorted(u for u, _ in seen)
    assert (10, "checking") in seen and (60, "storing") in seen


def test_a_new_layers_id_from_a_long_title_is_cut_between_words():
    """Review 7, S11: a layer id made from a long title was cut at 63 characters inside a word
    ('…-cua-hai-t')."""
    from bordermap.ingest import slugify

    title = "Chợ biên giới Mộc Bài và vùng chợ Bavet theo kế hoạch của hai tỉnh Tây Ninh và Svay Rieng"
    slug = slugify(title)
    assert slug == "cho-bien-gioi-moc-bai-va-vung-cho-bavet-theo-ke-hoach-cua-hai"
    assert slugify("Special economic zones") == "special-economic-zones"
    assert slugify("Đồn biên phòng Đức Huệ") == "don-bien-phong-duc-hue"  # review rv19, L1: not "on-…-uc-hue"
    assert len(slugify("x" * 100)) == 63  # one long word is still cut, at the limit


def test_a_large_files_digest_names_its_earlier_import(tmp_path):
    """A file of a megabyte or more has its SHA-256 taken by a thread while it is read: the plan
    and the revision carry the file's very digest, and importing it again is caught by it."""
    import hashlib

    features = [{"type": "Feature", "properties": {"name": f"Depot {i}", "note": "x" * 40},
                 "geometry": {"type": "Point", "coordinates": [105.0 + i / 1e5, 11.0]}} for i in range(12_000)]
    raw = orjson.dumps({"type": "FeatureCollection", "features": features})
    assert len(raw) > 1 << 20
    store = open_store(tmp_path, load_curated())
    limits = ingest.pipeline.Limits(max_bytes=10_000_000)
    plan = ingest.plan_import(raw, new_layer=ingest.make_layer("", title="Depots"), limits=limits, store=store)
    assert plan.file_sha256 == hashlib.sha256(raw).hexdigest()
    revision = ingest.run_import(store, plan, author="test")
    again = ingest.plan_import(raw, layer="depots", limits=limits, store=store)
    assert again.file_sha256 == plan.file_sha256
    assert any(f"already imported into depots as revision {revision.id}" in str(w) for w in again.warnings)
    store.close()


def test_an_uploaded_polygon_is_found_by_a_window_only_its_box_meets(tmp_path):
    """An upload is written from the plan's columns: the widest box it holds is recorded, so a
    window inside a large polygon (no vertex in it) still finds the polygon, and the points."""
    around = {"type": "Feature", "properties": {"name": "Around"},
              "geometry": {"type": "Polygon", "coordinates": [[[104, 10], [107, 10], [107, 13], [104, 13], [104, 10]]]}}
    points = [{"type": "Feature", "properties": {"name": f"P{i}"},
               "geometry": {"type": "Point", "coordinates": [105.0 + i / 10, 11.5]}} for i in range(5)]
    raw = orjson.dumps({"type": "FeatureCollection", "features": [*points, around]})
    store = open_store(tmp_path, load_curated())
    plan = ingest.plan_import(raw, new_layer=ingest.make_layer("", title="Window"), store=store)
    assert isinstance(plan.features, ingest.pipeline.FeatureColumns)
    ingest.run_import(store, plan, author="test")
    total, found = store.features_in_bbox("window", (104.1, 12.5, 104.2, 12.6))
    assert total == 1 and found[0]["properties"]["name"] == "Around"
    total, found = store.features_in_bbox("window", (105.05, 11.0, 105.25, 12.0))
    assert [f["properties"]["name"] for f in found] == ["P1", "P2", "Around"]
    store.close()
