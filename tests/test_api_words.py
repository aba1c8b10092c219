"""The API's refusals in the reader's language (app/api_words.py): the JSON keeps the library's
English `message` (scripts match it) and says it in the request's language as `description`,
which QGIS and other OGC API clients show; the error page says it in the page's language.

Each request below makes the API refuse something, as a program or a person would meet it; the
test checks that every sentence of the table is met, so a change of wording in the library
cannot go unnoticed, and that the answer is translated in Khmer and Vietnamese.
"""

from __future__ import annotations

import re

import orjson
import pytest
from bs4 import BeautifulSoup

from bordermap import queries
from bordermap.errors import InvalidInput
from bordermap_app import api_words, create_app

TOKEN = {"Authorization": "Bearer test-editor-token"}
GATES = "/ogc/collections/gates/items"
KHMER = re.compile("[\u1780-\u17ff]")
VIETNAMESE = re.compile("[ăâđêôơưạ-ỹ]", re.I)
# Words of the library's English that no translated sentence keeps (the reader's own values in
# the requests below hold none of them).
ENGLISH = re.compile(r"\b(?:expected|got|unknown|with id|is not|needs|changed|wait|nothing|curated)\b")


def _gate(number: int) -> dict:
    return {"type": "Feature", "id": f"g{number}", "properties": {"name": f"Cửa khẩu {number}"},
            "geometry": {"type": "Point", "coordinates": [105 + number / 10, 11]}}


def _gates(client) -> str:
    """A user layer `gates` of two features; the ETag of its first."""
    body = orjson.dumps({"type": "FeatureCollection", "features": [_gate(1), _gate(2)]})
    made = client.post("/api/features?layer=gates&new_layer_title=Gates", data=body, headers=TOKEN)
    assert made.status_code == 201, made.get_data(as_text=True)
    return client.get(f"{GATES}/g1").headers["ETag"]


FEATURE = orjson.dumps(_gate(3))
G1 = orjson.dumps(_gate(1))
# name: (method, address, what else the request sends, the English message it is refused with)
REQUESTS = {
    "unknown, limit": ("GET", "/api/features?limit=3", {},
                       "unknown query parameter 'limit'; this resource takes at, bbox, layer; for limit and offset "
                       "use /ogc/collections/<layer>/items"),
    "unknown, history": ("GET", "/api/history?at=2025-01-01", {}, "unknown query parameter 'at'; this resource takes "
                         "none; a feature's or a commitment's status on a day is /api/features/<id>/history?at= or "
                         "/api/commitments/<id>/history?at="),
    "unknown, none": ("GET", "/api/layers/checkpoints/points?x=1&y=2", {},
                      "unknown query parameters 'x', 'y'; this resource takes none"),
    "unknown": ("GET", "/api/commitments?limit=3", {},
                "unknown query parameter 'limit'; this resource takes at, document, feature, q, sector, status"),
    "repeated": ("GET", "/api/search?q=a&q=b", {}, "parameter 'q' given more than once"),
    "limit": ("GET", "/ogc/collections/checkpoints/items?limit=abc", {},
              "limit: expected a whole number of at least 1 (a limit above 10,000 counts as 10,000), got 'abc'"),
    "offset": ("GET", "/ogc/collections/checkpoints/items?offset=-1", {},
               "offset: expected a whole number of at least 0 (and at most 9223372036854775807), got '-1'"),
    "bbox": ("GET", "/ogc/collections/checkpoints/items?bbox=a", {},
             "bbox: expected 4 or 6 comma-separated numbers (minLon,minLat,maxLon,maxLat), got 'a'"),
    "bbox south": ("GET", "/ogc/collections/checkpoints/items?bbox=105,12,106,11", {},
                   "bbox: the southern edge 12.0 is north of the northern edge 11.0"),
    "bbox range": ("GET", "/ogc/collections/checkpoints/items?bbox=105,11,200,12", {},
                   "bbox: expected longitudes in -180..180 and latitudes in -90..90, got '105,11,200,12'"),
    "datetime": ("GET", "/ogc/collections/checkpoints/items?datetime=yesterday", {},
                 "datetime: 'yesterday' is not an RFC 3339 date or date-time (such as 2025-12-08 or "
                 "2025-12-08T09:00:00Z) nor '..'"),
    "month": ("GET", "/ogc/collections/checkpoints/items?datetime=2020-13-01", {},
              "datetime: '2020-13-01' has month 13 (expected 01 to 12)"),
    "offset's hours": ("GET", "/ogc/collections/checkpoints/items?datetime=2020-12-01T10:00:00%2B25:00", {},
                       "datetime: '2020-12-01T10:00:00+25:00' has offset's hours 25 (expected 00 to 23)"),
    "day": ("GET", "/ogc/collections/checkpoints/items?datetime=2025-02-30", {},
            "datetime: '2025-02-30' is not a day of the calendar (2025-02 has 28 days)"),
    "interval": ("GET", "/ogc/collections/checkpoints/items?datetime=a/b/c", {},
                 "datetime: expected an RFC 3339 date-time or an interval start/end, got 'a/b/c'"),
    "open interval": ("GET", "/ogc/collections/checkpoints/items?datetime=../..", {},
                      "datetime: an interval needs at least one end"),
    "backwards": ("GET", "/ogc/collections/checkpoints/items?datetime=2025-02-01/2025-01-01", {},
                  "datetime: the interval '2025-02-01/2025-01-01' ends before it starts (expected start/end with "
                  "the start first)"),
    "f": ("GET", "/ogc/collections?f=xml", {}, "f: expected one of json, html, got 'xml'"),
    "schema f": ("GET", "/ogc/collections/checkpoints/schema?f=xml", {},
                 "f: the schema is JSON only; expected json, got 'xml'"),
    "at": ("GET", "/api/commitments?at=yesterday", {}, "at: expected a date as YYYY-MM-DD (2025-12-08), got 'yesterday'"),
    "at no day": ("GET", "/api/commitments?at=2025-02-30", {},
                  "at: '2025-02-30' is not a day of the calendar (2025-02 has 28 days)"),
    "q of a layer": ("GET", "/api/layers/checkpoints/search", {},
                     "q: expected the words to look for in the layer's names, got nothing"),
    "q and limit": ("GET", "/api/search?limit=0", {}, "q: expected the words to look for in the places' names and "
                    "ids, got nothing; limit: expected a whole number from 1 to 50, got '0'"),
    "long q": ("GET", "/api/search?q=" + "a" * 201, {}, "q: expected at most 200 characters, got 201"),
    "revision limit": ("GET", "/api/revisions/1?limit=x", {}, "limit: expected a whole number, got 'x'"),
    "no feature in collection": ("GET", "/ogc/collections/checkpoints/items/nope", {},
                                 "no feature with id 'nope' in collection 'checkpoints'"),
    "no layer": ("GET", "/ogc/collections/nope", {}, "no layer with id 'nope'"),
    "no feature": ("GET", "/api/features/nope", {}, "no feature with id 'nope'"),
    "no commitment": ("GET", "/api/commitments/nope", {}, "no commitment with id 'nope'"),
    "no document": ("GET", "/api/documents/nope/paragraphs", {"headers": TOKEN}, "no document with id 'nope'"),
    "no event": ("DELETE", "/api/history/events/nope", {"headers": TOKEN}, "no status event with id 'nope'"),
    "event taken back": ("DELETE", "/api/history/events/<taken back>", {"headers": TOKEN},
                         "no status event with id 'ev-"),
    "no revision": ("GET", "/api/revisions/9999", {}, "no revision 9999"),
    "no download": ("GET", "/api/layers/checkpoints.shp", {},
                    "no download 'checkpoints.shp'; layer 'checkpoints' downloads as .geojson, .gpkg, .fgb, .csv, "
                    ".kml, .shp.zip"),
    "NUL": ("GET", "/api/features/a%00b", {}, "no page, asset or item has an address holding a NUL character (%00)"),
    "no token": ("POST", "/api/features?layer=gates", {},
                 "this needs the editor token: send the header Authorization: Bearer <token>"),
    "not bearer": ("POST", "/api/features?layer=gates", {"headers": {"Authorization": "Basic eDp5"}},
                   "expected the header Authorization: Bearer <token>"),
    "no If-Match": ("PUT", f"{GATES}/g1", {"headers": TOKEN, "data": G1},
                    "If-Match: a change to a feature must name the version it replaces; read the feature, then send "
                    "its ETag as If-Match (or * to change whatever is there now)"),
    "weak If-Match": ("PUT", f"{GATES}/g1", {"headers": {**TOKEN, "If-Match": 'W/"1"'}, "data": G1},
                      "If-Match: a weak tag (W/\"...\") never matches a change; send the feature's ETag as it was "
                      "given"),
    "two If-Match": ("PUT", f"{GATES}/g1", {"headers": {**TOKEN, "If-Match": '"1", "2"'}, "data": G1},
                     "If-Match: expected one ETag, got 2"),
    "stale If-Match": ("PUT", f"{GATES}/g1", {"headers": {**TOKEN, "If-Match": '"1-20200101000000"'},
                                              "data": G1}, "feature 'g1' changed since you read it: "),
    "another id": ("PUT", f"{GATES}/g1", {"headers": {**TOKEN, "If-Match": "*"}, "data": FEATURE},
                   "id: the body names feature 'g3' but the address names 'g1'; leave the id out or give the same "
                   "one"),
    "a collection": ("PUT", f"{GATES}/g1", {"headers": {**TOKEN, "If-Match": "*"},
                                            "data": orjson.dumps({"type": "FeatureCollection",
                                                                  "features": [_gate(1), _gate(2)]})},
                     "expected one Feature, got a collection of 2 features"),
    "Content-Type": ("POST", GATES, {"headers": TOKEN, "data": FEATURE, "content_type": "text/plain"},
                     "Content-Type: expected application/geo+json or application/json (a GeoJSON Feature), got "
                     "'text/plain'"),
    "patch Content-Type": ("PATCH", f"{GATES}/g1", {"headers": {**TOKEN, "If-Match": "*"}, "data": b"{}",
                                                   "content_type": "text/plain"},
                           "Content-Type: expected application/merge-patch+json (RFC 7396), got 'text/plain'"),
    "curated collection": ("POST", "/ogc/collections/checkpoints/items", {"headers": TOKEN, "data": FEATURE,
                                                                         "content_type": "application/geo+json"},
                           "collection 'checkpoints' is curated: its features change only through the reviewed data "
                           "in geodata/, never through the API; write to a layer of your own"),
    "curated layer": ("POST", "/api/features?layer=checkpoints", {"headers": TOKEN, "data": FEATURE},
                      "layer 'checkpoints' is curated; add features to a layer of your own"),
    "no dry run here": ("POST", "/api/commitments?dry_run=1", {"headers": TOKEN, "data": b"{}"},
                        "unknown query parameter 'dry_run'; this resource takes author, lang; only POST /api/features "
                        "and POST /api/documents take dry_run=1 (a check that stores nothing)"),
    "yes or no": ("POST", "/api/features?layer=gates&dry_run=ture", {"headers": TOKEN, "data": FEATURE},
                  "dry_run: expected 1 or 0 (or true or false), got 'ture'"),
}


def _asked(client, name: str, lang: str | None):
    method, address, more, _ = REQUESTS[name]
    more = dict(more)
    headers = dict(more.pop("headers", {}))
    if lang:
        headers["Accept-Language"] = lang
    if name == "event taken back":  # an editor's event, taken back: asked to take it back again
        event = {"entity": "feature", "entity_id": "xw-hcmc-moc-bai", "date": "2026-01-15", "precision": "day",
                 "estimated": False, "status": "under-construction", "confidence": "medium", "note": "Works began.",
                 "source": {"title": "Works start", "publisher": "A paper", "date": "2026-01-16"}}
        added = client.post("/api/history/events", json=event, headers=TOKEN)
        assert added.status_code == 201, added.get_json()
        event_id = f"ev-{added.get_json()['revision']['id']}"
        assert client.delete(f"/api/history/events/{event_id}", headers=TOKEN).status_code == 200
        address = f"/api/history/events/{event_id}"
    if name == "stale If-Match":
        newer = client.put(f"{GATES}/g1", data=G1, headers={**TOKEN, "If-Match": "*"})
        assert newer.status_code == 204, newer.get_data(as_text=True)
    return client.open(address, method=method, headers=headers, **more)


@pytest.fixture
def gates(client):
    _gates(client)
    return client


def _refusals(client, lang: str | None) -> dict:
    answers = {}
    for name, (_, _, _, english) in REQUESTS.items():
        response = _asked(client, name, lang)
        body = response.get_json()
        assert response.status_code >= 400 and body is not None, (name, response.status_code)
        assert body["message"].startswith(english), (name, body["message"])
        answers[name] = (response, body)
    return answers


@pytest.mark.parametrize("lang, script", [("km", KHMER), ("vi", VIETNAMESE)])
def test_each_refusal_of_the_api_is_described_in_the_readers_language(gates, lang, script):
    used = set()
    for name, (response, body) in _refusals(gates, lang).items():
        message, description = body["message"], body["description"]
        assert description != message and script.search(description), (name, description)
        assert not ENGLISH.search(description), (name, description)
        assert "Accept-Language" in response.headers["Vary"], name  # the words depend on it
        for pattern, sentence in api_words.MESSAGES:
            if any(pattern.match(part) for part in (message, *message.split("; "))):
                used.add(sentence)
    # Every sentence of the table is met by a request above, but for these.
    unmet = {sentence for _, sentence in api_words.MESSAGES} - used
    assert unmet == {
        # the editor token's, met below (the throttle, an app without a token, the upload page)
        "the editor token is not valid; wait %(n)s seconds before the next try",
        "too many wrong editor tokens from your address (%(address)s); wait %(n)s seconds, then enter the token again",
        "editing is disabled: no editor token configured", "enter the editor token first",
        # the server's, met below
        "the request body is larger than the limit of %(n)s bytes",
        "something went wrong on our side; it has been logged",
        # the data changed under each of four builds of one page: only a store changed faster than
        # a page is built meets it (bordermap.queries.of_one_state)
        "the data changed while each of %(n)s tries at building this was made; try again in a moment",
        # a revert's refusals, met in tests/test_api_revert_refusals_said.py
        "cannot revert revision %(n)s: %(entity)s %(id)s was changed by a later change",
        "cannot revert revision %(n)s: %(entity)s %(id)s was changed by a later revision, revision %(later)s; "
        "revert revision %(later)s first",
        "cannot revert revision %(n)s: %(entity)s %(id)s was changed by later revisions, revisions %(all)s; revert "
        "revision %(later)s (the newest) first",
        "reverting would bring back status event %(id)s (paragraph %(n)s) of document %(doc)s, whose words changed "
        "since it was cited",
        "reverting would bring back commitment %(id)s (paragraph %(n)s) of document %(doc)s, whose words changed "
        "since it was cited",
        "removing document %(doc)s would break %(n)s citation(s): %(cited)s",
        "this change to document %(doc)s would break %(n)s citation(s): %(cited)s",
        # a problem of a status event (not its message), met in tests/test_api_history.py
        "%(id)s is a place or an area, which takes no status; statuses are recorded for checkpoints, roads, "
        "railways and the features of editors' layers",
    }, unmet


def test_the_values_the_reader_sent_are_kept_and_counts_are_in_the_readers_digits(gates):
    km = {name: body["description"] for name, (_, body) in _refusals(gates, "km").items()}
    assert km["no layer"] == "គ្មានស្រទាប់ដែលមានលេខសម្គាល់ 'nope' ទេ"
    assert km["month"] == "datetime៖ '2020-13-01' មានខែ ១៣ (ត្រូវនៅចន្លោះ ០១ ដល់ ១២)"
    assert "១០,០០០" in km["limit"] and "'abc'" in km["limit"]
    assert "'x', 'y'" in km["unknown, none"]
    # The "or" between two types is the reader's (review rv25b, #8).
    assert " ឬ " in km["Content-Type"] and " or " not in km["Content-Type"], km["Content-Type"]
    vi = {name: body["description"] for name, (_, body) in _refusals(gates, "vi").items()}
    assert " hoặc " in vi["Content-Type"] and " or " not in vi["Content-Type"], vi["Content-Type"]
    assert vi["bbox"] == ("bbox: cần 4 hoặc 6 số cách nhau bằng dấu phẩy (minLon,minLat,maxLon,maxLat), "
                          "nhưng là 'a'")
    assert vi["limit"].startswith("limit: cần một số nguyên ít nhất là 1 (limit trên 10.000 được tính là 10.000)")
    assert vi["q and limit"] == ("q: cần các từ để tìm trong tên và mã của các nơi, nhưng không có gì; limit: cần "
                                 "một số nguyên từ 1 đến 50, nhưng là '0'")


@pytest.mark.parametrize("lang", [None, "en"])
def test_in_english_the_answer_is_as_it_was(gates, lang):
    """Scripts and English readers see no change: `description` is the message, no new member."""
    for name, (response, body) in _refusals(gates, lang).items():
        assert body["description"] == body["message"], name
        assert "localized_problems" not in body and "Content-Language" not in response.headers, name


def test_ogc_lang_in_the_address_chooses_the_description_for_every_reader(client):
    response = client.get("/ogc/collections/nope?lang=vi", headers={"Accept-Language": "km"})
    assert response.get_json()["description"] == "không có lớp nào có mã 'nope'"
    assert "Accept-Language" not in response.headers.get("Vary", "")  # the address says it


@pytest.mark.parametrize("lang, said", [("km", "រយៈទទឹងត្រូវនៅចន្លោះ -៩០…៩០"), ("vi", "vĩ độ phải nằm trong khoảng")])
def test_an_uploads_problems_are_listed_in_the_readers_language_beside_the_english(client, lang, said):
    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [105, 206.1]}}]})
    response = client.post("/api/features?layer=wells&new_layer_title=Wells", data=body,
                           headers={**TOKEN, "Accept-Language": lang})
    answer = response.get_json()
    assert response.status_code == 422
    assert answer["problems"] == ["features[0].geometry.coordinates: expected a latitude within -90…90, got 206.1"]
    local = answer["localized_problems"]
    assert len(local) == 1 and said in local[0] and not ENGLISH.search(local[0]), local
    at = {"km": "នៅ features[0].geometry.coordinates៖ ", "vi": "Tại features[0].geometry.coordinates: "}[lang]
    assert local[0].startswith(at)  # the place in the body, as the API names it, said to be one
    assert answer["message"] == "the upload was not imported: " + answer["problems"][0]
    assert local[0] in answer["description"] and said in answer["description"] and not ENGLISH.search(
        answer["description"].replace(answer["problems"][0], "")), answer["description"]


def test_the_editor_tokens_refusals_are_said_in_the_readers_language(client, tmp_path):
    """Five wrong tokens are free; the sixth is refused with a wait, a guess before it ends with 429."""
    answers = []
    for _ in range(12):
        answer = client.post("/api/features?layer=gates", headers={"Authorization": "Bearer wrong-token-of-16+",
                                                                   "Accept-Language": "vi"})
        answers.append((answer.status_code, answer.get_json()))
        if answer.status_code == 429:
            break
    waited = [body for status, body in answers if status == 403 and "wait" in body["message"]]
    assert waited and waited[0]["message"] == "the editor token is not valid; wait 1 second before the next try"
    assert waited[0]["description"] == "mã biên tập không hợp lệ; hãy chờ 1 giây trước lần thử tiếp theo"
    status, refused = answers[-1]
    assert status == 429 and refused["message"].startswith("too many wrong editor tokens from your address")
    assert refused["description"].startswith("quá nhiều lần nhập sai mã biên tập từ địa chỉ của bạn"), refused
    off = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "off"), "EDITOR_TOKEN": "",
                      "WTF_CSRF_ENABLED": False}).test_client()
    disabled = off.post("/api/features?layer=gates", headers={**TOKEN, "Accept-Language": "km"}).get_json()
    assert disabled["message"] == "editing is disabled: no editor token configured"
    assert disabled["description"] == "ការកែសម្រួលត្រូវបានបិទ៖ មិនបានកំណត់សញ្ញាសម្ងាត់អ្នកកែសម្រួលទេ"


def test_the_servers_refusals_are_said_in_the_readers_language(client, app, monkeypatch):
    app.config["MAX_CONTENT_LENGTH"] = 100
    large = client.post("/api/features?layer=gates", data=b"x" * 200, headers={**TOKEN, "Accept-Language": "km"})
    assert large.status_code == 413
    assert large.get_json()["description"] == "តួសំណើធំជាងដែនកំណត់ ១០០ បៃ"

    def broken(store):
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "layer_summaries", broken)
    failed = client.get("/api/layers", headers={"Accept-Language": "vi"})
    assert failed.status_code == 500
    assert failed.get_json()["description"] == "đã có lỗi ở phía chúng tôi; lỗi đã được ghi lại"


def _details(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser").select_one("main")


@pytest.mark.parametrize("lang, said", [("km", "គ្មានស្រទាប់ដែលមានលេខសម្គាល់ 'nope' ទេ"),
                                        ("vi", "không có lớp nào có mã 'nope'")])
def test_the_error_page_says_the_details_in_the_readers_language(client, lang, said):
    main = _details(client.get(f"/ogc/collections/nope?f=html&lang={lang}").get_data(as_text=True))
    details = main.select_one(".bm-error-details")
    assert details.get_text() == said and not details.has_attr("lang")
    assert "English" not in main.get_text() and "អង់គ្លេស" not in main.get_text() and "tiếng Anh" not in main.get_text()


def test_a_form_sent_without_the_token_is_refused_in_the_readers_language(client):
    main = _details(client.post("/layers/gates/delete?lang=km").get_data(as_text=True))
    assert main.select_one(".bm-error-details").get_text() == "សូមបញ្ចូលសញ្ញាសម្ងាត់អ្នកកែសម្រួលជាមុនសិន"


def test_what_stays_english_on_the_error_page_says_so_item_by_item(app):
    """A problem without words in the reader's language keeps its own `lang="en"` and the
    label; one with words is said in the page's language."""
    from bordermap_app.error_handlers import _answer

    error = InvalidInput("the upload was not imported: 2 problems", problems=[
        "features[0].geometry.coordinates: expected a latitude within -90…90, got 206.1",
        "features[1]: a problem no sentence is for"])
    with app.test_request_context("/somewhere?lang=vi"):
        app.preprocess_request()
        response, status = _answer(error)
    main = _details(response.get_data(as_text=True))
    items = main.select(".bm-problems li")
    assert status == 422 and len(items) == 2
    assert "vĩ độ phải nằm trong khoảng" in items[0].get_text() and not items[0].has_attr("lang")
    assert items[1].get("lang") == "en" and items[1].get_text() == "features[1]: a problem no sentence is for"
    # The message itself has no sentence: it stays English, marked, under the label.
    assert main.select_one(".bm-error-details").get("lang") == "en"
    assert main.get_text().count("Chi tiết, bằng tiếng Anh:") == 1


def test_the_api_definition_names_the_new_member(client):
    """A client generated from /ogc/api knows `localized_problems` beside `problems`."""
    error = client.get("/ogc/api").get_json()["components"]["schemas"]["Error"]["properties"]
    assert error["localized_problems"] == {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize("lang, frame, required", [("km", "ឯកសារមិនត្រូវបានរក្សាទុកទេ", "“title” ត្រូវតែបំពេញ៖"),
                                                   ("vi", "Văn bản chưa được lưu", "“title” là bắt buộc: hãy nhập giá trị")])
def test_a_ledger_change_refused_for_its_problems_is_said_as_the_editors_forms_say_it(client, lang, frame, required):
    """The document's fields are named as the API names them; the problems are the forms' sentences."""
    response = client.post("/api/documents", data=b"{}", headers={**TOKEN, "Accept-Language": lang})
    answer = response.get_json()
    assert response.status_code == 422 and answer["message"].startswith("the document was not stored: title: ")
    assert answer["description"].startswith(frame) and not ENGLISH.search(answer["description"]), answer
    local = answer["localized_problems"]
    assert len(local) == len(answer["problems"]) and local[0].startswith(required), local
    assert not any("required" in problem for problem in local), local
