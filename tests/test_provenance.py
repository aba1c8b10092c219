"""Readers can tell the curated data from what editors added: the header keeps the curated data's
date and says apart when editors last changed something (a reverted upload no longer counts), and
each editors' layer carries who added it and when, on the live page and in the export."""

from __future__ import annotations

import re

import orjson
import pytest

from bordermap import provenance, queries
from bordermap.mapview.export import ExportOptions, build_export

AUTH = {"Authorization": "Bearer test-editor-token"}


@pytest.fixture
def store(app):
    return app.extensions["bordermap.store"]


def upload(client, layer: str, author: str, *features: dict) -> dict:
    body = orjson.dumps({"type": "FeatureCollection", "features": list(features)})
    response = client.post(f"/api/features?layer={layer}&new_layer_title=Zones&author={author}", data=body, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["revision"]


def point(x: float, y: float, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}}


def header(client, lang: str = "en") -> str:
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", re.search(r'<p class="bm-asof"[^>]*>(.*?)</p>', html, re.S).group(1))
    return re.sub(r"\s+", " ", text).strip()


def config(html: str) -> dict:
    return orjson.loads(re.search(r'<script type="application/json" id="bm-config">(.*?)</script>', html, re.S).group(1))


def test_the_header_keeps_the_curated_date_and_says_when_editors_changed_something(client, store):
    curated = store.curated_as_of()
    assert header(client) == f"Curated data as of {curated} · no change by editors"

    revision = upload(client, "zones", "Dara", point(106.1, 11.1, name="Zone"))
    day = revision["created_at"][:10]
    assert header(client) == f"Curated data as of {curated} · editors last changed it {day} (revision 1)"
    # The exact identifier stays in the page for whoever needs to cite it, not in the reader's line.
    html = client.get("/").get_data(as_text=True)
    assert f'data-dataset="{queries.dataset_version(store)}"' in html

    # Reverting the only upload takes the editors' date back: nothing of theirs is in effect.
    assert client.post(f"/api/revisions/{revision['id']}/revert", headers=AUTH).status_code == 201
    assert header(client) == f"Curated data as of {curated} · no change by editors"
    assert provenance.editors_changed_on(store) == ""


def test_the_header_in_khmer_and_vietnamese(client):
    upload(client, "zones", "Dara", point(106.1, 11.1, name="Zone"))
    km, vi = header(client, "km"), header(client, "vi")
    assert km.startswith("ទិន្នន័យដែលបានរៀបចំគិតត្រឹម ") and "អ្នកកែសម្រួលបានផ្លាស់ប្តូរចុងក្រោយ" in km
    assert not re.search("[0-9]", km), "Khmer digits throughout"
    assert vi.startswith("Dữ liệu biên soạn tính đến ") and "biên tập viên sửa lần cuối" in vi


def test_each_editors_layer_says_who_added_it_and_when(client, store):
    first = upload(client, "zones", "Dara", point(106.1, 11.1, name="Zone"))
    client.post("/api/features?layer=zones&author=Lan", headers=AUTH,
                data=orjson.dumps({"type": "FeatureCollection", "features": [point(106.2, 11.2, name="Other")]}))
    found = provenance.layer_provenance(store)
    assert found["zones"]["authors"] == ["Dara", "Lan"]
    assert found["zones"]["added"] == first["created_at"][:10]

    live = {layer["id"]: layer for layer in config(client.get("/").get_data(as_text=True))["layers"]}
    assert live["zones"]["origin"] == "user" and live["zones"]["provenance"]["authors"] == ["Dara", "Lan"]
    assert "provenance" not in live["checkpoints"], "curated layers are the cited data, not an editor's"

    exported = {layer["id"]: layer for layer in config(build_export(store, ExportOptions()))["layers"]}
    assert exported["zones"]["provenance"] == live["zones"]["provenance"]


def test_the_curated_data_is_as_of_no_earlier_than_its_sources():
    """Review 32a, #15: "Curated data as of 2026-03-06" above popups citing sources of 2026-09
    and 2026-10: a source dated by month or year was not counted."""
    import json

    from bordermap.curated import load_curated
    from bordermap.history import first_day
    from bordermap.paths import geodata_dir

    dates = [source["date"] for path in geodata_dir().glob("*.geojson")
             for feature in json.loads(path.read_text(encoding="utf-8"))["features"]
             for source in feature["properties"].get("sources") or [] if source.get("date")]
    assert any(len(date) == 7 for date in dates)
    assert load_curated().as_of == max(first_day(date) for date in dates + [load_curated().as_of])
