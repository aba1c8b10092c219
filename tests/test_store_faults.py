"""Store-side faults an attack on the running product found: id races, retried imports,
revision pages that loaded everything, revision ids beyond 64 bits."""

from __future__ import annotations

import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import orjson
from click.testing import CliRunner

from bordermap import edits, ingest
from bordermap.curated import load_curated
from bordermap.store import open_store
from bordermap_app.cli import main

AUTH = {"Authorization": "Bearer test-editor-token"}  # as in conftest's app
BEYOND_64_BITS = 2**63


def _gates(n: int = 5) -> bytes:
    return orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"gate-{i}", "properties": {"name": f"Gate {i}"},
         "geometry": {"type": "Point", "coordinates": [105.1 + i / 100, 11.1]}} for i in range(n)]})


def test_the_same_file_imported_into_new_layers_at_once_never_conflicts(tmp_path):
    store = open_store(tmp_path / "instance", load_curated())
    body = _gates()
    plans = [ingest.plan_import(body, new_layer=ingest.make_layer(f"copy-{k}", title=f"Copy {k}"), store=store)
             for k in range(8)]
    # Every plan was made before any import, so each expects to keep the file's ids.
    assert all(plan.features[0]["id"] == "gate-0" and not plan.warnings for plan in plans)
    with ThreadPoolExecutor(max_workers=8) as pool:
        revisions = list(pool.map(lambda plan: ingest.run_import(store, plan, author="t"), plans))
    assert len({revision.id for revision in revisions}) == 8
    features = [f for k in range(8) for f in store.features(f"copy-{k}")]
    assert len(features) == 40 and len({f["id"] for f in features}) == 40
    kept = sorted(f["id"] for f in features if "source_id" not in f["properties"])
    assert kept == [f"gate-{i}" for i in range(5)]  # the first import to write keeps the file's ids
    renamed = [f for f in features if "source_id" in f["properties"]]
    assert len(renamed) == 35 and all(f["properties"]["source_id"].startswith("gate-") for f in renamed)
    assert all(f["properties"]["id"] == f["id"] for f in features)


def test_a_retried_import_is_refused_naming_the_earlier_revision(client):
    body = _gates()
    first = client.post("/api/features?layer=gates&new_layer_title=Gates", data=body, headers=AUTH)
    assert first.status_code == 201
    revision = first.get_json()["revision"]["id"]
    check = client.post("/api/features?layer=gates&dry_run=1", data=body, headers=AUTH).get_json()
    assert any(f"as revision {revision}" in warning for warning in check["report"]["warnings"])
    retry = client.post("/api/features?layer=gates", data=body, headers=AUTH)
    assert retry.status_code == 409
    assert f"already imported into layer 'gates' as revision {revision}" in retry.get_json()["message"]
    assert len(client.get("/api/features?layer=gates").get_json()["features"]) == 5
    recreate = client.post("/api/features?layer=gates&new_layer_title=Gates", data=body, headers=AUTH)
    assert recreate.status_code == 409
    assert f"already imported into a new layer 'gates' as revision {revision}" in recreate.get_json()["message"]
    again = client.post("/api/features?layer=gates&allow_duplicate=1", data=body, headers=AUTH)
    assert again.status_code == 201
    assert len(client.get("/api/features?layer=gates").get_json()["features"]) == 10
    # A deleted layer holds nothing of the file: a new layer of that id takes it again.
    assert client.delete("/api/layers/gates", headers=AUTH).status_code == 200
    assert client.post("/api/features?layer=gates&new_layer_title=Gates", data=body, headers=AUTH).status_code == 201


def test_the_command_line_refuses_a_second_import_unless_told(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "gates.geojson"
    path.write_bytes(_gates())
    runner = CliRunner()
    args = ["import", str(path), "--layer", "gates"]
    assert runner.invoke(main, args + ["--new-layer-title", "Gates"]).exit_code == 0
    twice = runner.invoke(main, args)
    assert twice.exit_code == 1 and "as revision 1 " in twice.output and "Traceback" not in twice.output
    forced = runner.invoke(main, args + ["--allow-duplicate"])
    assert forced.exit_code == 0 and "as revision 2" in forced.output


def test_a_revision_page_reads_only_its_page(tmp_path):
    store = open_store(tmp_path / "instance", load_curated())
    points = [{"type": "Feature", "properties": {"name": f"p{i}", "note": "x" * 200},
               "geometry": {"type": "Point", "coordinates": [105 + i / 100_000, 11.0]}} for i in range(20_000)]
    revision = store.add_features("many", points, author="t", summary="many",
                                  new_layer=ingest.make_layer("many", title="Many"))
    tracemalloc.start()
    try:
        detail = edits.revision_detail(store, revision.id, 10, offset=100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert detail["changes_total"] == 20_001 and detail["offset"] == 100
    assert [c["id"] for c in detail["changes"]] == [f"many-{i}" for i in range(100, 110)]
    assert peak < 1_000_000, f"a page of 10 changes took {peak:,} bytes"


def test_a_revision_page_is_bounded_whatever_limit_is_asked(client):
    assert client.post("/api/features?layer=g&new_layer_title=G", data=_gates(3), headers=AUTH).status_code == 201
    detail = client.get("/api/revisions/1?limit=2").get_json()
    assert detail["changes_total"] == 4 and [c["id"] for c in detail["changes"]] == ["g", "gate-0"]
    assert [c["id"] for c in client.get("/api/revisions/1?limit=2&offset=2").get_json()["changes"]] == \
        ["gate-1", "gate-2"]
    assert client.get("/api/revisions/1?offset=-1").status_code == 400
    huge = client.get(f"/api/revisions/1?limit={10**30}&offset={10**30}")
    assert huge.status_code == 200 and huge.get_json()["changes"] == []
    huge = client.get(f"/api/revisions/1?limit={10**30}")
    assert huge.status_code == 200 and len(huge.get_json()["changes"]) == 4
    assert edits.MAX_CHANGES_PAGE == 10_000


def test_revision_ids_beyond_64_bits_are_not_found(client, tmp_path, monkeypatch):
    for url in (f"/api/revisions/{BEYOND_64_BITS}", f"/revisions/{BEYOND_64_BITS}", f"/api/revisions/{10**40}"):
        response = client.get(url)
        assert response.status_code == 404, url
    reverted = client.post(f"/api/revisions/{BEYOND_64_BITS}/revert", headers=AUTH)
    assert reverted.status_code == 404 and reverted.get_json()["message"] == f"no revision {BEYOND_64_BITS}"
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "cli"))
    shown = CliRunner().invoke(main, ["revisions", "show", str(BEYOND_64_BITS)])
    assert shown.exit_code == 1 and "no revision" in shown.output and "Traceback" not in shown.output
