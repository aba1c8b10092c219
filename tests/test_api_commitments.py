"""The commitments API: filters, one commitment, documents, and links agreeing both ways."""

from __future__ import annotations

import tomllib

import pytest

from bordermap.paths import geodata_dir
from bordermap.sources import load_document_text, paragraphs
from bordermap_app import create_app
from conftest import SOURCES_DIR

MEUN_CHEY = "cp-meun-chey-tan-nam"


@pytest.fixture(scope="module")
def curated():
    """The TOML files as written, to check the API against the data rather than against itself."""
    with open(geodata_dir() / "commitments.toml", "rb") as f:
        commitments = tomllib.load(f)["commitments"]
    with open(geodata_dir() / "documents.toml", "rb") as f:
        documents = tomllib.load(f)["documents"]
    return {"commitments": commitments, "documents": documents}


def ids(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()]


def meun_chey_commitments(curated) -> set[str]:
    return {c["id"] for c in curated["commitments"] if MEUN_CHEY in c["features"]}


# ----------------------------------------------------------------------------- the list
def test_unfiltered_list_has_every_commitment_with_its_fields(client, curated):
    answer = client.get("/api/commitments").get_json()
    assert [c["id"] for c in answer] == [c["id"] for c in curated["commitments"]]
    for item in answer:
        assert {"id", "sector", "sector_label", "summary", "document", "paragraph", "features",
                "provinces", "places", "status"} <= set(item), item["id"]


@pytest.mark.parametrize("sector", ["transport", "border-affairs", "political", "agriculture"])
def test_sector_filter(client, curated, sector):
    expected = [c["id"] for c in curated["commitments"] if c["sector"] == sector]
    assert expected, f"the data has no {sector} commitment to filter"
    assert ids(client.get(f"/api/commitments?sector={sector}")) == expected


def test_an_unknown_sector_is_refused_not_answered_empty(client):
    """Review 32a, #4: an empty list read as "no commitment is about this"."""
    answer = client.get("/api/commitments?sector=no-such-sector")
    assert answer.status_code == 400 and "sector: expected one of" in answer.get_json()["message"]


@pytest.mark.parametrize("feature", [MEUN_CHEY, "vn-tay-ninh", "kh-prey-veng", "boundary-kh-vn"])
def test_feature_filter_covers_features_and_provinces(client, curated, feature):
    expected = [c["id"] for c in curated["commitments"] if feature in c["features"] + c["provinces"]]
    assert expected
    assert ids(client.get(f"/api/commitments?feature={feature}")) == expected


def test_document_and_status_filters(client, curated):
    for document in curated["documents"]:
        expected = [c["id"] for c in curated["commitments"] if c["document"] == document["id"]]
        assert ids(client.get(f"/api/commitments?document={document['id']}")) == expected
    statuses = {c["status"] for c in curated["commitments"]}
    assert len(statuses) > 1
    for status in statuses:
        expected = [c["id"] for c in curated["commitments"] if c["status"] == status]
        assert ids(client.get("/api/commitments", query_string={"status": status})) == expected


def test_filters_combine(client, curated):
    expected = [c["id"] for c in curated["commitments"]
                if c["sector"] == "transport" and MEUN_CHEY in c["features"]]
    assert expected
    assert ids(client.get(f"/api/commitments?sector=transport&feature={MEUN_CHEY}")) == expected
    assert ids(client.get(f"/api/commitments?sector=agriculture&feature={MEUN_CHEY}")) == []


@pytest.mark.parametrize("query", ["tay ninh", "Tây Ninh", "TÂY NINH", "tây ninh"])
def test_search_ignores_accents_and_case(client, curated, query):
    plain = ids(client.get("/api/commitments", query_string={"q": "tay ninh"}))
    assert meun_chey_commitments(curated) <= set(plain)
    assert len(plain) < len(curated["commitments"]), "the search must narrow the list"
    assert ids(client.get("/api/commitments", query_string={"q": query})) == plain


def test_search_finds_names_only_in_the_linked_places(client, curated):
    """'Tân Nam' with its accent is written only in the checkpoint's Vietnamese name."""
    found = set(ids(client.get("/api/commitments", query_string={"q": "Tân Nam"})))
    assert meun_chey_commitments(curated) <= found


def test_search_folds_the_query_too(client, curated):
    """The data writes "Viet Nam" without accents; a query typed in Vietnamese still finds it."""
    plain = ids(client.get("/api/commitments", query_string={"q": "viet nam cultural week"}))
    assert plain and ids(client.get("/api/commitments", query_string={"q": "VIỆT NAM Cultural Week"})) == plain


def test_search_needs_every_word(client):
    assert ids(client.get("/api/commitments", query_string={"q": "tay ninh zzzz-nowhere"})) == []


# ----------------------------------------------------------------------------- one commitment
def test_one_commitment_carries_its_citation_and_quote(client, curated):
    record = next(c for c in curated["commitments"] if c["id"] == "c-pr71-28")
    document = next(d for d in curated["documents"] if d["id"] == record["document"])
    answer = client.get("/api/commitments/c-pr71-28")
    assert answer.status_code == 200
    item = answer.get_json()
    assert item["id"] == "c-pr71-28"
    assert item["document"] == record["document"] and item["paragraph"] == record["paragraph"]
    assert item["features"] == record["features"] and item["provinces"] == record["provinces"]
    assert {p["id"] for p in item["places"]} == set(record["features"] + record["provinces"])
    expected = paragraphs(load_document_text(SOURCES_DIR, document["source_file"]))[record["paragraph"] - 1]
    assert item["quote"]["text"] == expected
    assert document["publisher"] in item["quote"]["attribution"]


def test_unknown_commitment_is_a_json_404(client):
    answer = client.get("/api/commitments/c-no-such-thing")
    assert answer.status_code == 404
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    assert body["status"] == 404 and "c-no-such-thing" in body["message"]


def test_no_quote_without_the_sources_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BORDERMAP_SOURCES_DIR", raising=False)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"), "SOURCES_DIR": None})
    client = app.test_client()
    listing = client.get("/api/commitments").get_json()
    assert listing and all("quote" not in item for item in listing)
    one = client.get("/api/commitments/c-pr71-28").get_json()
    assert "quote" not in one
    assert one["document"] and one["paragraph"]  # the citation alone remains


def test_every_commitment_quotes_its_paragraph_when_the_sources_are_there(client):
    listing = client.get("/api/commitments").get_json()
    missing = [item["id"] for item in listing if not (item.get("quote") or {}).get("text")]
    assert missing == []


# ----------------------------------------------------------------------------- documents
def test_documents_list_with_counts(client, curated):
    answer = client.get("/api/documents")
    assert answer.status_code == 200
    documents = {d["id"]: d for d in answer.get_json()}
    assert set(documents) == {d["id"] for d in curated["documents"]}
    for document in curated["documents"]:
        got = documents[document["id"]]
        assert got["title"] == document["title"] and got["publisher"] == document["publisher"]
        assert got["commitment_count"] == sum(c["document"] == document["id"] for c in curated["commitments"])
        assert got["commitment_count"] > 0


# ----------------------------------------------------------------------------- links both ways
def test_every_feature_carries_its_commitments_and_links_agree(client):
    collection = client.get("/api/features").get_json()
    features = {f["id"]: f for f in collection["features"]}
    assert features
    for feature in features.values():
        assert isinstance(feature["properties"].get("commitments"), list), feature["id"]
    commitments = client.get("/api/commitments").get_json()
    forward = set()
    for item in commitments:
        for feature_id in item["features"] + item["provinces"] + item.get("user_features", []):
            assert feature_id in features, f"{item['id']} links a missing feature {feature_id}"
            assert item["id"] in features[feature_id]["properties"]["commitments"], (item["id"], feature_id)
            forward.add((item["id"], feature_id))
    backward = {(cid, fid) for fid, f in features.items() for cid in f["properties"]["commitments"]}
    assert backward == forward
    assert {c["id"] for c in commitments if MEUN_CHEY in c["features"]} == set(
        features[MEUN_CHEY]["properties"]["commitments"])


def test_one_feature_lists_its_commitments(client):
    feature = client.get(f"/api/features/{MEUN_CHEY}").get_json()
    linked = ids(client.get(f"/api/commitments?feature={MEUN_CHEY}"))
    assert linked and sorted(feature["properties"]["commitments"]) == sorted(linked)


@pytest.mark.parametrize("url", ["/api/commitments?limit=3", "/api/commitments?foo=1&sector=trade",
                                 "/api/scorecard?sector=trade"])
def test_a_parameter_the_list_does_not_take_is_refused_not_ignored(client, url):
    """Review rv19, L6: `?limit=3` answered all 48 commitments, as if it had worked."""
    answer = client.get(url)
    assert answer.status_code == 400, answer.get_json()
    assert "unknown query parameter" in answer.get_json()["message"]


def test_a_search_keeps_what_holds_each_word_at_a_words_start_and_puts_the_phrase_first(client):
    """Review rv19, M4: words found only inside other words ("tan" in "Ratanakiri") are left out
    where others hold them whole; the words as typed, one after another, come first."""
    assert [c["id"] for c in client.get("/api/commitments?q=tan nam").get_json()] == ["c-pr71-27", "c-pr71-28"]
    found = [c["id"] for c in client.get("/api/commitments?q=moc bai bavet").get_json()]
    assert found[0] == "c-pr71-16" and set(found) == {"c-pr71-15", "c-pr71-16", "c-pr71-17"}
    # A word that only ever comes inside another ("nakiri" of Ratanakiri) is still found.
    assert [c["id"] for c in client.get("/api/commitments?q=nakiri").get_json()] == ["c-pr71-07"]
