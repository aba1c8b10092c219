"""A file's layer with a very long name is known again on import, on either store (review rv21f,
L3): the import key held the whole name, and PostgreSQL refuses an index row it cannot compress
to fit, so such an import failed on PostGIS alone (as "the database is unavailable")."""

from __future__ import annotations

import base64
import random

import orjson

from bordermap.ingest import import_key, import_key_parts, make_layer, plan_import, run_import
from bordermap.ingest.targets import KEY_LAYER_CHARS
from test_store_contract import backend_store_fixture

store = backend_store_fixture()

GEOJSON = orjson.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Bavet gate"}, "geometry": {"type": "Point", "coordinates": [106.137, 11.068]}}]})
# Letters in no order, which PostgreSQL cannot compress to fit its index (a name of letters
# repeated, or of a few dozen letters drawn at random, it can).
LONG = base64.b64encode(random.Random(7).randbytes(6000)).decode()


def test_a_long_layer_name_keeps_its_start_and_its_own_digest():
    digest = "ab" * 32
    first, second = import_key(digest, LONG + "A"), import_key(digest, LONG + "B")
    assert first != second  # two layers of one file, alike for thousands of letters
    for key in (first, second):
        assert len(key.encode()) < 1200
        file_digest, layer = import_key_parts(key)
        assert file_digest == digest and layer.startswith(LONG[:KEY_LAYER_CHARS] + "… (SHA-256 ")
    assert import_key(digest, "zones") == f"{digest}:zones"  # a usual name is kept whole, as before
    assert import_key(digest, None) == digest


def test_a_layer_with_a_long_name_is_imported_and_known_again(store):
    plan = plan_import(GEOJSON, new_layer=make_layer("", title="Gates"), store=store, filename="gates.gpkg")
    plan.source_layer = LONG
    revision = run_import(store, plan, author="editor")
    found = store.find_import(plan.layer_id, plan.import_key)
    assert found is not None and found.id == revision.id
    assert import_key_parts(revision.file_sha256)[1].startswith(LONG[:KEY_LAYER_CHARS])
