"""Commitments, documents and links as CSV and JSON downloads, and the whole dataset as one
GeoPackage, checked with GDAL's `ogrinfo` as a GIS user would open it."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import subprocess

import orjson
import pytest

from conftest import gdal_tool

TOKEN = {"Authorization": "Bearer test-editor-token"}


@pytest.fixture
def linked(client):
    """A user layer whose feature is linked to a commitment (a user link)."""
    body = orjson.dumps({"type": "Feature", "id": "u-1", "properties": {"name": "Chợ – ផ្សារ", "stalls": 40},
                         "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})
    assert client.post("/api/features?layer=mine&new_layer_title=Mine", data=body, headers=TOKEN).status_code == 201
    commitment = client.get("/api/commitments").get_json()[0]["id"]
    assert client.post(f"/api/commitments/{commitment}/links", data=b'{"features": ["u-1"]}',
                       headers=TOKEN).status_code == 201
    return client, commitment


@pytest.mark.parametrize("table", ["commitments", "documents"])
def test_a_table_as_csv_and_json_holds_what_the_api_holds(client, table):
    api = client.get(f"/api/{table}").get_json()
    as_json = client.get(f"/api/{table}.json")
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert as_json.headers["Content-Disposition"] == f'attachment; filename="{table}.json"'
    body = as_json.get_json()
    assert [item["id"] for item in body[table]] == [item["id"] for item in api]
    assert body["licences"] == "/api/licences" and body["licence"]
    as_csv = client.get(f"/api/{table}.csv")
    assert as_csv.mimetype == "text/csv"
    read = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
    assert [row["id"] for row in read] == [item["id"] for item in api]
    if table == "commitments":
        first = api[0]
        assert read[0]["summary"] == first["summary"]
        assert read[0]["actors"] == "; ".join(first["actors"])
    assert "rel=\"license\"" in as_csv.headers["Link"]


def test_links_name_whose_each_side_is(linked):
    """Review 18, F12: one `origin` column, the feature's, read as who had made the link: an
    editors' commitment linked to a curated checkpoint said "curated"."""
    from test_ledger import commitment_body, document_body

    client, commitment = linked
    document_id = client.post("/api/documents", json=document_body(), headers=TOKEN).get_json()["id"]
    editors = client.post("/api/commitments", json=commitment_body(document_id), headers=TOKEN).get_json()["id"]
    curated_feature = client.get(f"/api/commitments/{editors}").get_json()["features"][0]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/links.csv").get_data(as_text=True))))
    assert list(rows[0]) == ["commitment_id", "commitment_origin", "feature_id", "feature_origin"]
    assert {"commitment_id": commitment, "commitment_origin": "curated", "feature_id": "u-1",
            "feature_origin": "user"} in rows
    assert {"commitment_id": editors, "commitment_origin": "editor", "feature_id": curated_feature,
            "feature_origin": "curated"} in rows
    as_json = client.get("/api/links.json").get_json()["links"]
    assert {"commitment_id": editors, "commitment_origin": "editor", "feature_id": curated_feature,
            "feature_origin": "curated"} in as_json


def test_an_unknown_table_or_parameter_is_refused(client):
    assert client.get("/api/links.xml").status_code == 404
    refused = client.get("/api/commitments.csv?sector=political")
    assert refused.status_code == 400 and "'sector'" in refused.get_json()["message"]




def test_the_whole_dataset_opens_in_gdal_with_every_layer_and_table(linked, tmp_path):
    client, _ = linked
    response = client.get("/api/bordermap.gpkg")
    assert response.status_code == 200 and response.mimetype == "application/geopackage+sqlite3"
    path = tmp_path / "bordermap.gpkg"
    path.write_bytes(response.get_data())
    result = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-so", "-al", str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = dict(re.findall(r"^Layer name: (\S+)\n(?:.*\n)*?Feature Count: (\d+)", result.stdout, re.MULTILINE))
    layers = {layer["id"]: str(layer["feature_count"]) for layer in client.get("/api/layers").get_json()
              if layer["feature_count"]}
    assert {name: counts[name] for name in layers} == layers
    assert counts["commitments"] == str(len(client.get("/api/commitments").get_json()))
    assert counts["documents"] == str(len(client.get("/api/documents").get_json()))
    assert int(counts["links"]) == len(list(csv.DictReader(io.StringIO(client.get("/api/links.csv").get_data(
        as_text=True)))))
    assert int(counts["licences"]) >= 1
    one = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-al", str(path), "mine"], capture_output=True, text=True, timeout=300)
    assert "Chợ – ផ្សារ" in one.stdout and "stalls (Integer64) = 40" in one.stdout


def _older_layer(app, layer_id: str, title: str) -> None:
    """A layer whose id a new layer may no longer take (made before the rule), as an older store holds it."""
    from bordermap.model import Layer

    app.extensions["bordermap.store"].add_features(
        layer_id, [{"type": "Feature", "id": f"{layer_id}-1", "properties": {"name": title},
                    "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}}],
        author="test", summary="an older layer",
        new_layer=Layer(id=layer_id, title=title, kind="user", origin="user", visible=True, style={}))


def test_layers_named_like_geopackage_or_dataset_tables_keep_their_place_in_the_downloads(app, linked, tmp_path):
    client, _ = linked
    _older_layer(app, "gpkg", "តំបន់ GPKG")
    _older_layer(app, "links", "Links (road links)")
    response = client.get("/api/bordermap.gpkg")
    assert response.status_code == 200  # GDAL refuses a table named gpkg…: the download failed for everyone
    path = tmp_path / "bordermap.gpkg"
    path.write_bytes(response.get_data())
    result = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-so", "-al", str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = dict(re.findall(r"^Layer name: (\S+)\n(?:.*\n)*?Feature Count: (\d+)", result.stdout, re.MULTILINE))
    assert counts["layer-gpkg"] == "1" and counts["layer-links"] == "1"
    # The dataset's own table of links is still the commitments' links, not the layer's point.
    assert int(counts["links"]) == len(list(csv.DictReader(io.StringIO(client.get("/api/links.csv").get_data(
        as_text=True)))))
    one = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-al", str(path), "layer-gpkg"], capture_output=True, text=True,
                         timeout=300)
    assert "តំបន់ GPKG" in one.stdout
    alone = client.get("/api/layers/gpkg.gpkg")
    assert alone.status_code == 200
    (tmp_path / "gpkg.gpkg").write_bytes(alone.get_data())
    import pyogrio

    assert [name for name, _ in pyogrio.list_layers(tmp_path / "gpkg.gpkg")] == ["layer-gpkg"]
    with sqlite3.connect(tmp_path / "gpkg.gpkg") as db:  # GIS programs show the identifier: the layer's id
        assert db.execute("SELECT identifier FROM gpkg_contents WHERE table_name = 'layer-gpkg'").fetchone() == ("gpkg",)


@pytest.mark.parametrize("given", ["gpkg", "gpkg-import", "links", "commitments", "documents", "licences"])
def test_a_new_layer_may_not_take_an_id_the_downloads_hold(client, given):
    body = orjson.dumps({"type": "Feature", "properties": {"name": "x"},
                         "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})
    refused = client.post(f"/api/features?layer={given}&new_layer_title=Mine", data=body, headers=TOKEN)
    assert refused.status_code == 422
    message = refused.get_json()["message"]
    assert "does not begin with gpkg" in message and f'got "{given}"' in message
    assert given not in {layer["id"] for layer in client.get("/api/layers").get_json()}


@pytest.mark.parametrize(("title", "made"), [("GPKG import", "layer-gpkg-import"), ("តំបន់ GPKG", "layer-gpkg"),
                                             ("Links", "layer-links")])
def test_a_title_that_would_make_such_an_id_makes_another(client, title, made):
    body = orjson.dumps({"type": "Feature", "properties": {"name": "x"},
                         "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})
    response = client.post("/api/features", query_string={"new_layer_title": title}, data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert made in {layer["id"] for layer in client.get("/api/layers").get_json()}
    assert client.get(f"/api/layers/{made}.gpkg").status_code == 200


def test_the_commitments_downloads_hold_what_readers_see_today(client):
    """Review 18, F1 and F2: a retired commitment was in commitments.csv/.json and links.csv as
    "pledged", and a commitment moved on by an editor's event kept its first status there."""
    from test_ledger import AUTH, commitment_body, document_body

    document = client.post("/api/documents", json=document_body(), headers=AUTH).get_json()["id"]
    kept = client.post("/api/commitments", json=commitment_body(document), headers=AUTH).get_json()["id"]
    retired = client.post("/api/commitments", json=commitment_body(document, summary="Talks in Phnom Penh."),
                          headers=AUTH).get_json()["id"]
    assert client.post(f"/api/commitments/{retired}/retire", json={"reason": "a duplicate"},
                       headers=AUTH).status_code == 200
    moved = client.post("/api/history/events", headers=AUTH, json={
        "entity": "commitment", "entity_id": kept, "date": "2026-04-01", "status": "in-progress",
        "confidence": "high", "note": "Work began.", "document": document, "paragraph": 1})
    assert moved.status_code == 201, moved.get_json()
    api = {item["id"]: item for item in client.get("/api/commitments").get_json()}
    assert api[kept]["status"] == "in-progress" and retired not in api
    as_csv = {row["id"]: row for row in csv.DictReader(io.StringIO(client.get("/api/commitments.csv").get_data(
        as_text=True)))}
    as_json = {item["id"]: item for item in client.get("/api/commitments.json").get_json()["commitments"]}
    links = list(csv.DictReader(io.StringIO(client.get("/api/links.csv").get_data(as_text=True))))
    for table in (as_csv, as_json):
        assert table.keys() == api.keys()
        assert table[kept]["status"] == "in-progress" and table[kept]["origin"] == "editor"
        assert table["c-pr71-01"]["origin"] == "curated"
    assert retired not in {row["commitment_id"] for row in links} and kept in {row["commitment_id"] for row in links}
