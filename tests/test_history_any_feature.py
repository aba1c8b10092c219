"""The status-history form offers every feature a status can be recorded for (review rv25a, #6):
an editors' own layer's features (grouped by layer, named in the page language), a layer too
long to list by its id, typed; never the provinces; and names every place as the other editors'
pages name it (rv25a, #5)."""

from __future__ import annotations

import unicodedata

import pytest
from bs4 import BeautifulSoup

from bordermap.model import Layer

MARKETS = [{"type": "Feature", "id": f"khmer-markets-csv-{i}",
            "properties": {"name": f"Market {i}", "name_km": f"ផ្សារ {i}", "name_vi": f"Chợ {i}"},
            "geometry": {"type": "Point", "coordinates": [105 + i * 0.01, 11.2]}} for i in range(1, 4)]
EVENT = {"date": "2026-01-15", "status": "open", "confidence": "medium", "note": "The market opened.",
         "source_title": "Market opens", "source_publisher": "A paper", "source_date": "2026-01-16"}
# The map's layer list's title of the checkpoints, and the names of Market 1, in each language.
CHECKPOINTS = {"en": "Border checkpoints", "km": "ច្រកព្រំដែន", "vi": "Cửa khẩu biên giới"}
MARKET_1 = {"en": "Market 1", "km": "ផ្សារ 1", "vi": "Chợ 1"}


def _with_markets(app, features=MARKETS):
    store = app.extensions["bordermap.store"]
    store.add_features("khmer-markets", features, author="t", summary="markets",
                       new_layer=Layer(id="khmer-markets", title="Khmer markets", kind="market", origin="user"))
    return store


def _page(client, lang):
    return BeautifulSoup(client.get(f"/history?lang={lang}").get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_editors_layer_is_offered_whole_grouped_by_layer_in_the_page_language(app, client, lang):
    """Features uploaded without a status are listed (an editor records their first one here),
    under their layer's title; the curated ones under the map's title in the page language; no
    province (an administrative area, which no status describes)."""
    _with_markets(app)
    client.post("/unlock", data={"token": "test-editor-token"})
    page = _page(client, lang)
    groups = {g["label"]: g for g in page.select("#subject optgroup")}
    markets = groups["Khmer markets"]
    # Every market, by the name shown (review 27, #9).
    assert sorted(o["value"] for o in markets.select("option")) == sorted(f"feature:{f['id']}" for f in MARKETS)
    shown = [o.get_text() for o in markets.select("option")]
    assert shown == sorted(shown, key=lambda name: unicodedata.normalize("NFKD", name).casefold())
    first = markets.select_one('option[value="feature:khmer-markets-csv-1"]')
    assert first.get_text() == f"{MARKET_1[lang]} (khmer-markets-csv-1)"
    # The name is in the page's language: said so where its layer's English title marks the group
    # English (review 27, #9: "Trạm thử A" was voiced as English).
    assert first.get("lang") == (lang if markets.get("lang") == "en" else None)
    checkpoints = groups[CHECKPOINTS[lang]]
    assert checkpoints.get("lang") is None
    meun_chey = checkpoints.select_one('option[value="feature:cp-meun-chey-tan-nam"]')
    # No source gives the gate pair a Khmer name: its gates as Khmer names them, where one is
    # (ម៉ឺនជ័យ), the other's English name beside it (review 11), its id beside it.
    assert meun_chey.get("lang") is None
    assert meun_chey.get_text() == {"en": "Meun Chey – Tan Nam", "km": "ម៉ឺនជ័យ – Tan Nam",
                                    "vi": "Tân Nam – Meun Chey"}[lang] + " (cp-meun-chey-tan-nam)"
    assert page.select('#subject option[value^="commitment:"]')
    values = [o["value"] for o in page.select("#subject option")]
    assert not any(v.startswith(("feature:kh-", "feature:vn-")) for v in values)  # no province


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_an_editor_records_a_status_for_an_uploaded_feature_from_the_page(app, client, lang):
    """The API took an event for any feature; now the form does, and the feature's history and
    the page's list of events show it, the place by its name."""
    _with_markets(app)
    client.post("/unlock", data={"token": "test-editor-token"})
    sent = client.post(f"/history?lang={lang}", data={**EVENT, "subject": "feature:khmer-markets-csv-1"})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    history = client.get("/api/features/khmer-markets-csv-1/history").get_json()
    assert history["status"] == "open" and history["history"][-1]["note"] == "The market opened."
    line = _page(client, lang).select_one(".bm-events li")
    assert MARKET_1[lang] in line.get_text() and "khmer-markets-csv-1" in line.get_text()


def test_a_long_layer_is_typed_by_id_with_suggestions_not_listed(app, client, monkeypatch):
    """A layer longer than the list holds goes to the typed field, whose suggestions name each
    feature; an event typed so is stored for that feature."""
    from bordermap_app import history_pages

    monkeypatch.setattr(history_pages, "LISTED_FEATURES", 2)
    _with_markets(app)
    client.post("/unlock", data={"token": "test-editor-token"})
    page = _page(client, "km")
    assert not page.select('#subject option[value^="feature:khmer-markets-csv-"]')
    assert page.select_one("#feature_id")["list"] == "feature-ids"
    suggested = {o["value"]: o.get_text() for o in page.select("#feature-ids option")}
    assert suggested == {f["id"]: f["properties"]["name_km"] for f in MARKETS}
    sent = client.post("/history", data={**EVENT, "subject": "", "feature_id": " khmer-markets-csv-2 "})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    assert client.get("/api/features/khmer-markets-csv-2/history").get_json()["status"] == "open"
    line = _page(client, "km").select_one(".bm-events li").get_text()
    assert "ផ្សារ 2" in line and "khmer-markets-csv-2" in line


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "No feature has the id 'khmer-markets-csv-99': check the “Feature id” you typed"),
    ("km", "គ្មានធាតុណាមានលេខសម្គាល់ 'khmer-markets-csv-99' ទេ"),
    ("vi", "Không có đối tượng nào có mã 'khmer-markets-csv-99'"),
])
def test_an_unknown_typed_id_is_refused_and_nothing_stored(app, client, lang, said):
    _with_markets(app)
    client.post("/unlock", data={"token": "test-editor-token"})
    refused = client.post(f"/history?lang={lang}", data={**EVENT, "subject": "", "feature_id": "khmer-markets-csv-99"})
    assert refused.status_code == 422
    box = BeautifulSoup(refused.get_data(as_text=True), "html.parser").select_one(".bm-result-error").get_text()
    assert said in box and "khmer-markets-csv-99" in box
    # The field it was typed in is the one marked and described by the problem.
    marked = BeautifulSoup(refused.get_data(as_text=True), "html.parser").select_one("[role=alert]")["data-invalid"]
    assert marked.split() == ["feature_id"]
    assert 'value="khmer-markets-csv-99"' in refused.get_data(as_text=True)  # what was typed is kept
    assert client.get("/api/revisions").get_json()[0]["summary"] == "markets"


def test_a_choice_and_a_typed_id_that_differ_are_refused(app, client):
    _with_markets(app)
    client.post("/unlock", data={"token": "test-editor-token"})
    refused = client.post("/history?lang=km", data={**EVENT, "subject": "feature:cp-meun-chey-tan-nam",
                                                     "feature_id": "khmer-markets-csv-1"})
    assert refused.status_code == 422
    box = BeautifulSoup(refused.get_data(as_text=True), "html.parser").select_one(".bm-result-error")
    assert box.select_one("[data-for=feature_id]") is not None
    assert "khmer-markets-csv-1" in box.get_text() and "not both" not in box.get_text()  # said in Khmer
    assert all(e["origin"] == "curated" for e in client.get("/api/features/cp-meun-chey-tan-nam/history").get_json()["history"])
    assert client.get("/api/features/khmer-markets-csv-1/history").get_json()["history"] == []


# A paragraph naming a gate pair no source names in Khmer, and a province every source names.
PARAGRAPH = "The two sides agreed to upgrade the roads to the Meun Chey gate in Prey Veng province."
# How the suggestion names each, in each language: (name, its lang attribute, what it is said beside it).
SUGGESTED = {"km": {"cp-meun-chey-tan-nam": ("Meun Chey – Tan Nam", "en", "ច្រកព្រំដែនអន្តរជាតិ"),
                    "kh-prey-veng": ("ព្រៃវែង", None, None)},
             "vi": {"cp-meun-chey-tan-nam": ("Tân Nam – Meun Chey", None, None),
                    "kh-prey-veng": ("Prey Veng", "en", "tỉnh")}}


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_suggested_place_no_source_names_in_the_page_language_says_what_it_is_in_it(client, lang):
    """Review rv25a, #5: a Khmer editor read "Cambodia–Viet Nam land boundary, Meun Chey – Tan
    Nam, ព្រៃវែង". A name no source gives in the page language stays English, marked so (our
    own translations are never a place's name); what the place is is said beside it in the page
    language, as the status-history list's layer titles say it; on the document's page and on
    the commitment form alike."""
    from test_ledger import AUTH

    client.post("/unlock", data={"token": "test-editor-token"})
    body = {"title": "Roads to the gate", "publisher": "A paper", "date": "2026-03-02", "language": "en",
            "kind": "news-report", "text": PARAGRAPH}
    assert client.post("/api/documents", json=body, headers=AUTH).status_code == 201
    for address in (f"/ledger/documents/doc-ed-1?lang={lang}",
                    f"/ledger/commitments/new?document=doc-ed-1&paragraph=1&lang={lang}"):
        page = BeautifulSoup(client.get(address).get_data(as_text=True), "html.parser")
        line = page.select_one(".bm-suggestions")
        text = " ".join(line.get_text().split())
        for place, (name, name_lang, kind) in SUGGESTED[lang].items():
            shown = line.select_one(f'[data-id="{place}"]')
            assert shown is not None, (address, text)
            assert (shown.get_text(), shown.get("lang")) == (name, name_lang), address
            if kind:
                assert f"{name} ({kind})" in text, (address, text)
            else:
                assert f"{name} (" not in text, (address, text)


def test_an_event_of_a_long_layers_feature_is_corrected_from_the_typed_field(app, client, monkeypatch):
    """"Correct" fills the form with the event: a feature the list does not hold is in the typed
    field (not an unnamed option the list would send back), and the correction is stored for it."""
    from bordermap_app import history_pages

    monkeypatch.setattr(history_pages, "LISTED_FEATURES", 2)
    _with_markets(app)
    client.post("/unlock", data={"token": "test-editor-token"})
    assert client.post("/history", data={**EVENT, "feature_id": "khmer-markets-csv-2"}).status_code == 302
    event_id = client.get("/api/features/khmer-markets-csv-2/history").get_json()["history"][-1]["id"]
    form = BeautifulSoup(client.get(f"/history/events/{event_id}/correct?lang=km").get_data(as_text=True),
                         "html.parser")
    assert form.select_one("#feature_id")["value"] == "khmer-markets-csv-2"
    assert form.select_one("#subject option[selected]")["value"] == ""
    sent = {**EVENT, "feature_id": "khmer-markets-csv-2", "note": "The market opened its new hall.",
            "based_on": form.select_one("[name=based_on]")["value"]}
    assert client.post(f"/history/events/{event_id}/correct", data=sent).status_code == 302
    history = client.get("/api/features/khmer-markets-csv-2/history").get_json()["history"]
    assert [e["note"] for e in history] == ["The market opened its new hall."]
