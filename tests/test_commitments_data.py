"""Checks of geodata/documents.toml and geodata/commitments.toml against the sources and the map layers."""
import datetime
import json
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from bordermap import sources  # noqa: E402

GEODATA = REPO / "geodata"
SOURCES_DIR = Path(os.environ.get("BORDERMAP_SOURCES_DIR", REPO.parent / "shared" / "sources"))

SECTORS = {
    "political", "education", "economy", "trade-investment", "agriculture", "culture",
    "transport", "health", "security", "defence", "border-affairs", "other",
}
STATEMENTS = {
    "agreed", "reaffirmed", "pledged", "proposed", "urged", "commended", "committed",
    "discussed", "emphasised", "encouraged", "signed",
}
STATUSES = {"pledged", "under-study", "in-progress", "done", "under-discussion", "ongoing"}
DOCUMENT_KINDS = {"press-release", "news-report"}
EXPECTED_DOCUMENTS = {"kh-mfa-pr71-2025", "vns-chinh-sar-sokha"}

# Wording that marks a paragraph as stating an agreement, pledge, proposal, commitment, urging,
# reaffirmation or commendation. Matched on folded text (no accents, lower case).
COMMITMENT_WORDS = re.compile(
    r"\b(?:agreed|agree to|pledged?|proposed|committed|commitment|urged|urges|reaffirm\w*|"
    r"renewed|reiterated|commended|praised|applaud\w*|called for|calls for|encouraged|"
    r"echoed|emphasi[sz]ed the (?:need|importance)|stressed the (?:need|importance)|"
    r"underlined the (?:need|importance)|discussed|discussions? on)\b"
)
RUN = 8  # a summary may not share this many consecutive words with the paragraph it cites


def _load(name):
    with open(GEODATA / name, "rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def documents():
    return {d["id"]: d for d in _load("documents.toml")["documents"]}


@pytest.fixture(scope="module")
def commitments():
    return _load("commitments.toml")["commitments"]


@pytest.fixture(scope="module")
def numbered(documents):
    """Body paragraphs of each document, by document id."""
    result = {}
    for doc_id, doc in documents.items():
        path = SOURCES_DIR / doc["source_file"]
        if not path.is_file():
            pytest.skip(f"source document not available: {path}")
        result[doc_id] = sources.paragraphs(sources.load_document_text(SOURCES_DIR, doc["source_file"]))
    return result


def _is_iso_date(value):
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _words(text):
    return re.findall(r"[a-z0-9]+", sources.fold(text))


def test_documents_are_complete(documents):
    assert set(documents) == EXPECTED_DOCUMENTS
    for doc_id, doc in documents.items():
        for key in ("title", "publisher", "date", "place", "source_file", "kind"):
            assert doc.get(key), f"documents[{doc_id}].{key}: missing or empty"
        assert _is_iso_date(doc["date"]), f"documents[{doc_id}].date: not an ISO date: {doc['date']!r}"
        assert doc["kind"] in DOCUMENT_KINDS, f"documents[{doc_id}].kind: {doc['kind']!r}"
        assert doc.get("url", "https://").startswith("https://"), f"documents[{doc_id}].url: {doc['url']!r}"
    assert "Wednesday" in documents["vns-chinh-sar-sokha"]["date_note"]
    assert datetime.date.fromisoformat(documents["vns-chinh-sar-sokha"]["date"]).weekday() == 2


def test_each_document_says_how_many_paragraphs_its_text_has(documents, numbered):
    """The count the editors' forms check a citation against when the text is not at hand."""
    for doc_id, doc in documents.items():
        assert doc.get("paragraph_count") == len(numbered[doc_id]), f"documents[{doc_id}].paragraph_count"


def test_document_source_files_exist(documents):
    for doc_id, doc in documents.items():
        assert (SOURCES_DIR / doc["source_file"]).is_file(), f"documents[{doc_id}].source_file: not in {SOURCES_DIR}"


def test_commitment_ids_are_unique_and_well_formed(commitments):
    ids = [c["id"] for c in commitments]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate commitment ids: {duplicates}"
    for i in ids:
        assert re.fullmatch(r"c-(pr71|vns)-\d{2}", i), f"commitment id {i!r} does not match c-<doc-short>-<nn>"


def test_commitments_fields_and_vocabularies(commitments, documents, numbered):
    for c in commitments:
        where = f"commitments[{c.get('id')}]"
        assert c.get("summary", "").strip(), f"{where}.summary: empty"
        assert c["sector"] in SECTORS, f"{where}.sector: {c['sector']!r} not in {sorted(SECTORS)}"
        assert c["statement"] in STATEMENTS, f"{where}.statement: {c['statement']!r} not in {sorted(STATEMENTS)}"
        assert c["status"] in STATUSES, f"{where}.status: {c['status']!r} not in {sorted(STATUSES)}"
        assert _is_iso_date(c["stated"]), f"{where}.stated: not an ISO date: {c['stated']!r}"
        assert isinstance(c["actors"], list) and c["actors"], f"{where}.actors: expected a non-empty list"
        assert isinstance(c.get("target", ""), str), f"{where}.target: expected text"
        assert c["document"] in documents, f"{where}.document: unknown document {c['document']!r}"
        count = len(numbered[c["document"]])
        n = c["paragraph"]
        assert isinstance(n, int) and 1 <= n <= count, f"{where}.paragraph: expected 1..{count}, got {n!r}"
        for key in ("features", "provinces"):
            assert isinstance(c[key], list), f"{where}.{key}: expected a list"
            for fid in c[key]:
                assert re.fullmatch(r"[a-z0-9-]+", fid), f"{where}.{key}: bad feature id {fid!r}"


def test_every_commitment_paragraph_is_cited(commitments, numbered):
    """A paragraph that states a commitment-like act must be cited by at least one record."""
    cited = {(c["document"], c["paragraph"]) for c in commitments}
    flagged = {
        (doc_id, n)
        for doc_id, paras in numbered.items()
        for n, text in enumerate(paras, 1)
        if COMMITMENT_WORDS.search(sources.fold(text))
    }
    # The scan must find a good share of both documents, or the keyword list is broken.
    assert len([f for f in flagged if f[0] == "kh-mfa-pr71-2025"]) >= 15
    assert len([f for f in flagged if f[0] == "vns-chinh-sar-sokha"]) >= 10
    missing = sorted(flagged - cited)
    assert not missing, f"paragraphs that state commitments but are cited by no record: {missing}"


def test_summaries_are_our_own_words(commitments, numbered):
    for c in commitments:
        source = _words(numbered[c["document"]][c["paragraph"] - 1])
        runs = {tuple(source[i:i + RUN]) for i in range(len(source) - RUN + 1)}
        summary = _words(c["summary"])
        copied = [" ".join(summary[i:i + RUN]) for i in range(len(summary) - RUN + 1) if tuple(summary[i:i + RUN]) in runs]
        assert not copied, f"commitments[{c['id']}].summary copies the source: {copied[0]!r}"


def _geojson_features():
    """Map feature id -> properties over every geodata/*.geojson file."""
    features = {}
    for path in sorted(GEODATA.glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in data.get("features", []):
            props = feature.get("properties") or {}
            fid = feature.get("id", props.get("id"))
            if fid is not None:
                features[fid] = props
    return features


def test_linked_features_exist_in_geodata(commitments):
    features = _geojson_features()
    if not features:
        pytest.skip("no geodata/*.geojson files yet")
    problems = []
    for c in commitments:
        for fid in c["features"]:
            if fid not in features:
                problems.append(f"commitments[{c['id']}].features: {fid!r} not found in geodata/*.geojson")
        for pid in c["provinces"]:
            if pid not in features:
                problems.append(f"commitments[{c['id']}].provinces: {pid!r} not found in geodata/*.geojson")
            elif features[pid].get("kind", "province") != "province":
                problems.append(f"commitments[{c['id']}].provinces: {pid!r} is a {features[pid]['kind']!r}, not a province")
    assert not problems, "\n".join(problems)
