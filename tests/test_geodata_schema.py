"""Every curated layer file, whoever wrote it, follows the one feature schema."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import shape

from bordermap.curated import load_curated
from bordermap.model import FEATURE_STATUSES, PRECISIONS

CURATED = load_curated()
FEATURES = [(layer, feature) for layer, features in CURATED.layers for feature in features]
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_every_layer_file_exists_and_has_features():
    for layer, features in CURATED.layers:
        assert features, f"{layer.id}: no features (is its file missing?)"


def test_feature_ids_are_unique_across_layers():
    ids = [feature["id"] for _, feature in FEATURES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("layer, feature", FEATURES, ids=[f["id"] for _, f in FEATURES])
def test_feature_follows_the_schema(layer, feature):
    props = feature["properties"]
    where = feature["id"]
    assert feature["type"] == "Feature"
    assert props["id"] == feature["id"] and ID.match(feature["id"]), where
    assert props["kind"] == layer.kind or (layer.kind, props["kind"]) == ("expressway", "connecting-point")
    assert isinstance(props["name"], str) and props["name"].strip()
    assert props["location_precision"] in PRECISIONS
    if props["location_precision"] == "approximate":
        assert isinstance(props["precision_m"], int) and props["precision_m"] > 0
    if "status" in props:
        assert props["status"] in FEATURE_STATUSES
        if props["status"] == "open":
            # Some gates' opening day is not on record; their `opened` text says what is.
            assert props.get("opened") or DATE.match(props.get("status_date", "")), where
        else:
            assert DATE.match(props.get("status_date", "")), f"{where}: status without a date"
    assert isinstance(props["description"], str) and len(props["description"]) > 20
    assert props["sources"], f"{where}: no sources"
    for source in props["sources"]:
        assert source["title"] and source["publisher"] and DATE.match(str(source["date"])), where
        if "url" in source:
            assert source["url"].startswith("https://") or source["url"].startswith("http://")
    geometry = shape(feature["geometry"])
    assert geometry.is_valid and not geometry.is_empty


def test_curated_features_meet_the_upload_property_rules(tmp_path):
    """One schema: a curated status outside the vocabulary stops the load, naming where."""
    import shutil

    from bordermap.errors import CuratedDataError
    from bordermap.paths import geodata_dir

    data = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), data)
    checkpoints = data / "checkpoints.geojson"
    checkpoints.write_text(checkpoints.read_text(encoding="utf-8").replace(
        '"status":"inaugurated"', '"status":"almost-done"', 1).replace(
        '"status": "inaugurated"', '"status": "almost-done"', 1), encoding="utf-8")
    with pytest.raises(CuratedDataError) as caught:
        load_curated(data)
    assert caught.value.message.startswith("checkpoints.geojson: 1 feature property breaks")
    assert any("checkpoints.geojson: features[" in p and ".properties.status" in p and "almost-done" in p
               for p in caught.value.problems)
