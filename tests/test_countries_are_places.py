"""Issue 10 §4: Cambodia and Viet Nam are places a commitment can apply to.

A record set in a whole country links that country; "names no place" is said only of records
that link nothing at all.
"""
from __future__ import annotations

import pytest

from bordermap import commitments as ledger

WHOLE_COUNTRY = {
    "c-pr71-32": {"country-vn"},  # the 22nd Joint Commission, in Viet Nam in 2026
    "c-pr71-12": {"country-vn"},  # Cambodia's Cultural Week, held in Viet Nam
    "c-pr71-13": {"country-kh"},  # Viet Nam's Cultural Week, to be held in Cambodia
    "c-vns-02": {"country-kh", "boundary-kh-vn"},  # people in Cambodia, and the border
    "c-vns-03": {"country-kh"},
    "c-vns-07": {"country-kh"},
    "c-vns-09": {"country-kh"},
    "c-vns-14": {"country-kh"},
}


@pytest.fixture
def store(app):
    return app.extensions["bordermap.store"]


def test_whole_country_records_link_their_country(store):
    by_id = {c["id"]: c for c in ledger.commitments(store)}
    for commitment_id, expected in WHOLE_COUNTRY.items():
        places = {place["id"] for place in by_id[commitment_id]["places"]}
        assert places == expected, commitment_id


def test_countries_are_a_layer_off_by_default_with_names_in_three_languages(store):
    layer = store.layer("countries")
    assert layer.kind == "country" and not layer.visible and layer.feature_count == 2
    kh = store.feature("country-kh")["properties"]
    assert (kh["name"], kh["name_km"], kh["name_vi"]) == ("Cambodia", "កម្ពុជា", "Campuchia")
    assert store.feature("country-vn")["properties"]["name_vi"] == "Việt Nam"
    assert store.feature("country-vn")["properties"]["commitments"] == ["c-pr71-12", "c-pr71-32"]


def test_search_finds_a_country_record_by_the_country_name(store):
    found = {c["id"] for c in ledger.commitments(store, q="campuchia")}
    assert {"c-pr71-13", "c-vns-03", "c-vns-14"} <= found
