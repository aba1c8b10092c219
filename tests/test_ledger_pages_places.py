"""Review S9: linking a commitment to places meant typing feature ids (`review-shp-1`,
`vn-tay-ninh`), a typo caught only on submit. The commitment form finds a place by a part of its
name in English, Khmer or Vietnamese, or of its id, in every layer, and adds it as a ticked box;
here without the script (Find and Add send the form back, nothing stored, nothing typed lost),
and `GET /api/search`, which the script asks. The script itself: test_browser_place_finder."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bordermap.model import Layer
from test_editors_pages_i18n import visible
from test_ledger import AUTH, TOKEN, document_body

LANGS = ("en", "km", "vi")
# The form as an editor fills it in, citing ¶1 of the editors' document doc-ed-1.
FORM = {"document": "doc-ed-1", "paragraph": "1", "summary": "Both provinces will open the gate to tourists.",
        "sector": "border-affairs", "statement": "agreed", "status": "pledged", "stated": "2026-03-02",
        "actors": "Cambodia, Viet Nam", "author": "Trần Thị Mai", "features": ["cp-meun-chey-tan-nam"]}
# Each language's words for what the finder says (the catalogue's).
FOUND = {"en": "Places found for “tay ninh”: 3.", "km": "រកឃើញទីកន្លែងចំនួន ៣ សម្រាប់ “tay ninh”។",
         "vi": "Tìm thấy 3 nơi cho “tay ninh”."}
PROVINCES = {"en": "Viet Nam provinces since 1 July 2025", "km": "ខេត្តវៀតណាមចាប់ពីថ្ងៃទី ១ ខែកក្កដា ឆ្នាំ ២០២៥",
             "vi": "Các tỉnh Việt Nam từ ngày 1 tháng 7 năm 2025"}


@pytest.fixture
def editor(client):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    return client


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _ticked(soup: BeautifulSoup) -> list[str]:
    return [box["value"] for box in soup.select("#place-list input[name=features][checked]")]


def _stored(client) -> list[dict]:
    return [c for c in client.get("/api/commitments").get_json() if c["id"].startswith("c-ed-")]


@pytest.mark.parametrize("lang", LANGS)
def test_find_lists_places_by_name_with_their_layer_and_keeps_the_form(editor, lang):
    found = editor.post(f"/ledger/commitments?lang={lang}", data={**FORM, "place_q": "tay ninh", "action": "find"})
    assert found.status_code == 200
    soup = _soup(found)
    assert visible(str(soup), "#place-status") == FOUND[lang]
    results = {button["value"]: _text(button) for button in soup.select("#place-results button[name=add_place]")}
    assert set(results) == {"place-tay-ninh-town", "vn-pre2025-tay-ninh", "vn-tay-ninh"}
    name = {"vi": "Tây Ninh"}.get(lang, "Tay Ninh")  # the sourced Vietnamese name; no Khmer one in the data
    assert results["vn-tay-ninh"].startswith(f"{name} {PROVINCES[lang]} · vn-tay-ninh")
    # Nothing stored; nothing typed lost.
    assert _stored(editor) == []
    assert soup.select_one("#c-summary").get_text() == FORM["summary"]
    assert soup.select_one("#c-author")["value"] == "Trần Thị Mai"
    assert soup.select_one("#place-q")["value"] == "tay ninh" and _ticked(soup) == ["cp-meun-chey-tan-nam"]


@pytest.mark.parametrize("lang, query, place, shown", [
    ("km", "បន្ទាយចក្រី", "cp-banteay-chakrey-dinh-ba", "Banteay Chakrey – Dinh Ba (បន្ទាយចក្រី)"),
    ("km", "ស្វាយរៀង", "kh-svay-rieng", "ស្វាយរៀង ខេត្តកម្ពុជា"),
    ("vi", "moc bai", "cp-bavet-moc-bai", "Mộc Bài – Bavet Cửa khẩu biên giới"),
    ("vi", "Campuchia", "country-kh", "Campuchia"),  # CLDR's name, cited (review 32a, #13)
    ("en", "vn-tay", "vn-tay-ninh", "Tay Ninh Viet Nam provinces since 1 July 2025"),
])
def test_a_place_is_found_by_its_khmer_vietnamese_or_english_name_or_id(editor, lang, query, place, shown):
    soup = _soup(editor.post(f"/ledger/commitments?lang={lang}", data={**FORM, "place_q": query, "action": "find"}))
    button = soup.select_one(f'#place-results button[value="{place}"]')
    assert button is not None, visible(str(soup), "#place-finder")
    assert _text(button).startswith(shown)
    if "(" in shown:  # the name that holds the words typed, beside the one the page names it by
        assert button.select_one(".bm-place-also").get("lang") is None  # in the page's language


@pytest.mark.parametrize("lang", LANGS)
def test_add_ticks_the_place_found_and_the_commitment_is_saved_with_it(editor, lang):
    added = editor.post(f"/ledger/commitments?lang={lang}", data={**FORM, "place_q": "tay ninh",
                                                                    "add_place": "vn-tay-ninh"})
    soup = _soup(added)
    assert added.status_code == 200 and _ticked(soup) == ["cp-meun-chey-tan-nam", "vn-tay-ninh"]
    linked = soup.select_one("#place-results .bm-place-linked")
    assert "vn-tay-ninh" in _text(linked) and linked.name == "span"  # found, and now in the list
    assert _stored(editor) == [] and soup.select_one("#c-author")["value"] == "Trần Thị Mai"
    saved = editor.post("/ledger/commitments", data={**FORM, "features": _ticked(soup), "action": "save"})
    assert saved.status_code == 302
    assert _stored(editor)[0]["features"] == ["cp-meun-chey-tan-nam", "vn-tay-ninh"]


def test_an_editors_own_feature_is_found_in_its_layer(app, editor):
    store = app.extensions["bordermap.store"]
    store.add_features("review-sites", [{"type": "Feature", "id": "review-shp-1",
                                         "properties": {"name": "Phum Thmei market"},
                                         "geometry": {"type": "Point", "coordinates": [105.9, 11.1]}}],
                       author="t", summary="sites", new_layer=Layer(id="review-sites", title="Sites we visited",
                                                                     kind="site", origin="user"))
    for query in ("thmei market", "review-shp"):
        soup = _soup(editor.post("/ledger/commitments?lang=km", data={**FORM, "place_q": query, "action": "find"}))
        button = soup.select_one('#place-results button[value="review-shp-1"]')
        assert _text(button).startswith("Phum Thmei market Sites we visited · review-shp-1")
        assert button.select_one(".bm-place-where span").get("lang") is None  # an editor's title, as written


@pytest.mark.parametrize("lang, said", [
    ("en", "No place has the id “vn-tay-nin”: check its spelling, or find the place by its name above."),
    ("km", "គ្មានទីកន្លែងណាមានលេខសម្គាល់ “vn-tay-nin” ទេ៖ សូមពិនិត្យអក្ខរាវិរុទ្ធ ឬស្វែងរកទីកន្លែងនោះតាមឈ្មោះរបស់វានៅខាងលើ។"),
    ("vi", "Không có nơi nào có mã “vn-tay-nin”: hãy kiểm tra cách viết, hoặc tìm nơi đó theo tên ở phía trên."),
])
def test_an_unknown_id_is_refused_saying_which_and_nothing_typed_is_lost(editor, lang, said):
    """The id stays in the field where it was typed, said beside it; the places that exist
    (place-bavet, typed in the same field) are ticked; the summary and the name are kept."""
    refused = editor.post(f"/ledger/commitments?lang={lang}",
                          data={**FORM, "more_features": "vn-tay-nin place-bavet", "action": "save"})
    assert refused.status_code == 422 and _stored(editor) == []
    soup = _soup(refused)
    assert visible(str(soup), "#c-more-error") == said
    # The box at the top says it once, in the page's words, and sends the editor to the field
    # (review 7, S1: "features[0]: no feature with id …", twice, in English's jargon).
    box = visible(str(soup), "[role=alert]")
    assert "features[" not in box and box.count("vn-tay-nin") == 0 and not soup.select("[role=alert] .bm-problems")
    field = soup.select_one("#c-more")
    assert field["value"] == "vn-tay-nin" and field["aria-invalid"] == "true"
    assert _ticked(soup) == ["cp-meun-chey-tan-nam", "place-bavet"]
    assert soup.select_one("#c-summary").get_text() == FORM["summary"]
    assert soup.select_one("#c-author")["value"] == "Trần Thị Mai"  # the review: it was emptied


def test_editing_a_commitment_finds_and_adds_places_too(editor):
    saved = editor.post("/ledger/commitments", data={**FORM, "action": "save"})
    edit_url = saved.headers["Location"].split("?")[0]
    soup = _soup(editor.post(f"{edit_url}?lang=vi", data={**FORM, "place_q": "svay rieng", "action": "find"}))
    assert soup.select_one('#place-results button[value="kh-svay-rieng"]')["formaction"].startswith(edit_url)
    added = _soup(editor.post(edit_url, data={**FORM, "add_place": "kh-svay-rieng"}))
    assert _ticked(added) == ["cp-meun-chey-tan-nam", "kh-svay-rieng"]
    assert editor.post(edit_url, data={**FORM, "features": _ticked(added), "action": "save"}).status_code == 302
    assert _stored(editor)[0]["features"] == ["cp-meun-chey-tan-nam", "kh-svay-rieng"]


def test_a_name_given_is_offered_again_on_the_next_form(editor):
    assert editor.post("/ledger/commitments", data={**FORM, "action": "save"}).status_code == 302
    soup = _soup(editor.get("/ledger/commitments/new?document=doc-ed-1&paragraph=1"))
    assert soup.select_one("#c-author")["value"] == "Trần Thị Mai"


def test_the_search_api_answers_in_the_language_asked(client):
    vi = client.get("/api/search?q=tay+ninh&lang=vi").get_json()
    assert [p["id"] for p in vi["places"]] == ["place-tay-ninh-town", "vn-pre2025-tay-ninh", "vn-tay-ninh"]
    assert vi["places"][2] == {"id": "vn-tay-ninh", "name": "Tây Ninh", "name_lang": "vi", "layer": "provinces-vn",
                               "layer_title": PROVINCES["vi"], "layer_title_lang": "vi"}
    assert not vi["more"]
    khmer = client.get("/api/search", query_string={"q": "បន្ទាយចក្រី", "lang": "km"}).get_json()["places"]
    assert [(p["id"], p["also"], p["also_lang"]) for p in khmer] == [
        ("cp-banteay-chakrey-dinh-ba", "បន្ទាយចក្រី", "km")]
    few = client.get("/api/search?q=a&limit=2").get_json()
    assert len(few["places"]) == 2 and few["more"]


@pytest.mark.parametrize("query", ["", "q=", "q=a&limit=0", "q=a&limit=51", "q=a&page=2", "q=a&q=b", "q=" + "a" * 201])
def test_the_search_api_refuses_a_bad_request_by_name(client, query):
    answer = client.get(f"/api/search?{query}")
    assert answer.status_code == 400 and answer.get_json()["message"]


def test_a_hostile_name_or_layer_title_is_shown_as_text(app, editor):
    store = app.extensions["bordermap.store"]
    store.add_features("hostile", [{"type": "Feature", "id": "h-1",
                                    "properties": {"name": "Market <img src=x onerror=alert(1)>"},
                                    "geometry": {"type": "Point", "coordinates": [105.9, 11.1]}}],
                       author="t", summary="h", new_layer=Layer(id="hostile", title="<b>Sites</b>", kind="site",
                                                                 origin="user"))
    html = editor.post("/ledger/commitments", data={**FORM, "place_q": "market", "action": "find"}).get_data(as_text=True)
    assert "<img src=x" not in html and "<b>Sites</b>" not in html
    button = BeautifulSoup(html, "html.parser").select_one('#place-results button[value="h-1"]')
    assert _text(button).startswith("Market <img src=x onerror=alert(1)> <b>Sites</b> · h-1")


def test_a_name_of_several_words_finds_the_places_that_start_those_words(client):
    """Review 7, S7: "an giang" also found Bac, Ha, Hau, Kien and Tien Giang ("an" inside
    "giang"). Where some places hold every word at a word's start, the others are left out; a
    word typed in part still finds ("tay ni"), and Khmer, written without spaces, anywhere."""
    from bordermap.layer_search import starts_a_word

    found = [p["id"] for p in client.get("/api/search?q=an giang").get_json()["places"]]
    assert found == ["vn-an-giang", "vn-pre2025-an-giang"]
    assert "vn-tay-ninh" in [p["id"] for p in client.get("/api/search?q=tay ni").get_json()["places"]]
    assert "cp-meun-chey-tan-nam" in [p["id"] for p in client.get("/api/search?q=ម៉ឺនជ័យ").get_json()["places"]]
    assert starts_a_word("bac giang", "gi") and not starts_a_word("bac giang", "an")
    assert starts_a_word("tan nam – meun chey", "meun") and starts_a_word("vn-an-giang", "an")


def test_a_commitment_citing_past_the_last_paragraph_is_refused_without_the_sources(app, editor):
    """Review 10, M1: without the source texts at hand (no BORDERMAP_SOURCES_DIR) the form stored a
    commitment citing PR 71/2025 paragraph 999; documents.toml says it has 18."""
    app.config["SOURCES_DIR"] = None
    answer = editor.post("/ledger/commitments", data={**FORM, "document": "kh-mfa-pr71-2025", "paragraph": "999",
                                                      "action": "save"})
    assert answer.status_code == 422 and "has paragraphs 1 to 18, not 999" in answer.get_data(as_text=True)
    assert [r["action"] for r in editor.get("/api/revisions").get_json()] == ["document-add"]  # the fixture's
