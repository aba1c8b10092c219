"""Every problem the GeoJSON checks write is said in the reader's language (app/structure_words,
app/problem_words): bad files posted to the API as a Khmer or Vietnamese reader would post them
(QGIS sends Accept-Language), the upload page's check of a few, and the table itself.

Each file below breaks one rule; the test checks that the answer's `localized_problems` and
`description` are in the reader's script with no English sentence left, and that every sentence
of structure_words is met, so a change of wording in the library cannot go unnoticed.
"""

from __future__ import annotations

import io
import re
import zipfile

import orjson
import pytest
from bs4 import BeautifulSoup

from bordermap.ingest.parse import Limits
from bordermap_app import problem_tables, structure_words

TOKEN = {"Authorization": "Bearer test-editor-token"}
DRY_RUN = "/api/features?layer=x&new_layer_title=X&dry_run=1"
SCRIPTS = {"km": re.compile("[\u1780-\u17ff]"), "vi": re.compile("[ăâđêôơưạ-ỹ]", re.I)}
# Words of the library's English sentences that no translated sentence keeps (the files' own
# values below hold none of them; the JSON paths, such as features[0].properties, neither).
ENGLISH = re.compile(r"\b(?:expected|got|the|is|of|must|nothing|an|array|items?|needs|not|text|number|positions?|"
                     r"rings?|line|a|or|remove|give|upload|bytes|limit|kept|holds|dropped|segment)\b")


def _point(*position):
    return {"type": "Point", "coordinates": list(position)}


def _feature(geometry, properties=None, **members) -> dict:
    return {"type": "Feature", "properties": {"name": "Depot"} if properties is None else properties,
            "geometry": geometry, **members}


def _fc(*features, **members) -> bytes:
    return orjson.dumps({"type": "FeatureCollection", **members, "features": list(features)})


def _polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


DEPOT = _point(105, 11)
_SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
# name: (what else the address asks, the body): one broken rule each.
BAD = {
    "not an object": ("", b"[1]"),
    "a bare geometry": ("", orjson.dumps(DEPOT)),
    "a type in the wrong case": ("", orjson.dumps({"type": "featurecollection", "features": []})),
    "another type": ("", orjson.dumps({"type": "Topology"})),
    "members of a collection": ("", _fc(_feature(DEPOT), coordinates=[1])),
    "members of a feature": ("", _fc(_feature(DEPOT, features=[]))),
    "members of a geometry": ("", _fc(_feature({**DEPOT, "properties": {}}))),
    "a feature not an object": ("", _fc(1)),
    "Feture": ("", _fc({"type": "Feture", "properties": {}, "geometry": DEPOT})),
    "feature in lowercase": ("", _fc({"type": "feature", "properties": {}, "geometry": DEPOT})),
    "an id array": ("", _fc(_feature(DEPOT, id=[1]))),
    "properties an array": ("", _fc(_feature(DEPOT, [1]))),
    "properties text": ("", _fc(_feature(DEPOT, "x"))),
    "a crs on a feature": ("", _fc(_feature(DEPOT, crs={"type": "name", "properties": {"name": "EPSG:4326"}}))),
    "a bbox of 2": ("", _fc(_feature(DEPOT, bbox=[1, 2]))),
    "a bbox object": ("", _fc(_feature(DEPOT, bbox={"west": 1}))),
    "a bbox upside down": ("", _fc(_feature(DEPOT, bbox=[105, 12, 106, 10]))),
    "a bbox of elevations upside down": ("", _fc(_feature(DEPOT, bbox=[105, 10, 9, 106, 12, 1]))),
    "a bbox beside its geometry": ("", _fc(_feature(DEPOT, bbox=[0, 0, 1, 1]))),
    "no geometry member": ("", _fc({"type": "Feature", "properties": {}})),
    "a geometry array": ("", _fc(_feature([1]))),
    "a nested collection": ("", _fc(_feature({"type": "GeometryCollection", "geometries": [
        {"type": "GeometryCollection", "geometries": [DEPOT]}]}))),
    "an empty collection": ("", _fc(_feature({"type": "GeometryCollection", "geometries": []}))),
    "a collection without geometries": ("", _fc(_feature({"type": "GeometryCollection"}))),
    "no coordinates": ("", _fc(_feature({"type": "Point"}))),
    "a line of a number": ("", _fc(_feature({"type": "LineString", "coordinates": 5}))),
    "a polygon one level short": ("", _fc(_feature({"type": "Polygon", "coordinates": [[105, 11], [106, 11]]}))),
    "a line of one position": ("", _fc(_feature({"type": "LineString", "coordinates": [[105, 11]]}))),
    "a polygon of no rings": ("", _fc(_feature({"type": "Polygon", "coordinates": []}))),
    "a multipolygon of none": ("", _fc(_feature({"type": "MultiPolygon", "coordinates": []}))),
    "a position of text": ("", _fc(_feature({"type": "MultiPoint", "coordinates": [[105, 11], "x"]}))),
    "a position of one number": ("", _fc(_feature(_point(105)))),
    "an infinite number": ("", _fc(_feature(DEPOT)).replace(b"[105,11]", b"[105,1e400]")),
    "too deep": ("", _fc(_feature(DEPOT, {"levels": orjson.loads(b"[" * 34 + b"1" + b"]" * 34)}))),
    "a name of a number": ("", _fc(_feature(DEPOT, {"name": 1}))),
    "a radius below 0": ("", _fc(_feature(DEPOT, {"precision_m": -3}))),
    "yes for true": ("", _fc(_feature(DEPOT, {"highlight": "yes"}))),
    "a date past December": ("", _fc(_feature(DEPOT, {"status_date": "2025-13-01"}))),
    "a kind of a number": ("", _fc(_feature(DEPOT, {"kind": 3}))),
    "sources of text": ("", _fc(_feature(DEPOT, {"sources": "x"}))),
    "a source of a number": ("", _fc(_feature(DEPOT, {"sources": [1]}))),
    "a source without title": ("", _fc(_feature(DEPOT, {"sources": [{"publisher": "MFA"}]}))),
    "a source by ftp": ("", _fc(_feature(DEPOT, {"sources": [{"title": "PR", "url": "ftp://mfa"}]}))),
    "a source with a page": ("", _fc(_feature(DEPOT, {"sources": [{"title": "PR", "page": 3}]}))),
    "approximate without radius": ("", _fc(_feature(DEPOT, {"location_precision": "approximate"}))),
    "a crs member of text": ("", _fc(_feature(DEPOT), crs="x")),
    "a crs member by link": ("", _fc(_feature(DEPOT), crs={"type": "link", "properties": {"href": "x"}})),
    "two crs": ("&crs=EPSG:32648", _fc(_feature(DEPOT), crs={"type": "name", "properties": {"name": "EPSG:4326"}})),
    "a zip": ("", b"PK\x03\x04" + bytes(40)),
    "a form": ("", b"--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n{}\r\n--x--\r\n"),
    "broken UTF-16": ("", b"\xff\xfe{\x00\x00\xd8"),
    "a colour": ("&color=red", _fc(_feature(DEPOT))),
    "a precision": ("&location_precision=roughly", _fc(_feature(DEPOT))),
    "a radius of text": ("&location_precision=approximate&precision_m=far", _fc(_feature(DEPOT))),
    "a radius for an exact place": ("&location_precision=exact&precision_m=50", _fc(_feature(DEPOT))),
    "approximate without a radius": ("&location_precision=approximate", _fc(_feature(DEPOT))),
    # Outlines GEOS finds invalid, each for its own reason.
    "a polygon of one place": ("", _fc(_feature(_polygon([[105, 11], [106, 11], [105, 11], [105, 11]])))),
    "a hole outside": ("", _fc(_feature(_polygon(_SQUARE, [[120, 20], [121, 20], [121, 21], [120, 20]])))),
    "a hole cutting it apart": ("", _fc(_feature(_polygon(_SQUARE, [[0, 5], [5, 0], [10, 5], [5, 10], [0, 5]])))),
    "a hole in a hole": ("", _fc(_feature(_polygon(_SQUARE, [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]],
                                                   [[1.5, 1.5], [2, 1.5], [2, 2], [1.5, 1.5]])))),
    "a polygon in another": ("", _fc(_feature({"type": "MultiPolygon", "coordinates": [
        [_SQUARE], [[[1, 1], [2, 1], [2, 2], [1, 1]]]]}))),
    "a ring touching itself": ("", _fc(_feature(_polygon([[0, 0], [4, 0], [4, 4], [2, 4], [2, 2], [2, 4], [0, 4],
                                                          [0, 0]])))),
    "a polygon repaired to nothing": ("&repair=1", _fc(_feature({"type": "Polygon", "coordinates": [
        [[105, 11], [106, 11], [107, 11], [105, 11]]]}))),
}


def _kmz(kml: str) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as kmz:
        kmz.writestr("doc.kml", kml)
    return archive.getvalue()


# Sent where the app's limits are small (Limits below), each past one.
PAST_LIMITS = {
    "too many features": ("", _fc(_feature(DEPOT), _feature(DEPOT))),
    "too many positions": ("", _fc(_feature({"type": "LineString", "coordinates": [[105, 11], [106, 11], [106, 12]]}))),
    "too many bytes": ("", _fc(*[_feature(DEPOT)] * 40)),
    "a KMZ unpacking past the limit": ("&filename=big.kmz", _kmz(
        "<kml><Document><Placemark><Point><coordinates>105,11</coordinates></Point></Placemark>" + " " * 3000
        + "</Document></kml>")),
}
SMALL = Limits(max_bytes=2000, max_features=1, max_vertices=2)
# Sentences no request above meets, and why.
MET_ELSEWHERE = {
    # warnings: a checked file's notes, said on the upload page (test below) and by the command line
    "dropped %(names)s: bordermap sets these itself",
    "holds an integer beyond 64 bits; kept exactly, as text",
    "holds an integer beyond 64 bits; kept exactly, as JSON text",
    "a segment goes from longitude %(west)s to %(east)s: maps draw it the long way round the world; if it crosses "
    "the antimeridian, cut it there into two parts (RFC 7946 §3.1.9)",
    "ring was not closed (first %(first)s, last %(last)s); closed by repeating its first position",
    "the file is in %(encoding)s; it was read as such and its text is kept as UTF-8",
    # tests/test_rv21b_positions_said_for_the_file.py makes a Shapefile without its .prj
    "the Shapefile has no .prj: its positions were read as longitude/latitude on WGS 84 (EPSG:4326); if it was "
    "made on another datum, give its CRS",
    # GEOS's and orjson's own failures, which no file written by hand is known to reach
    "could not be read: %(detail)s",
    # JSON has no infinity, and orjson refuses a number past a double's range before a position is checked
    "expected a finite number, got %(got)s",
    "the JSON text is nested too deeply to read",
    "kept %(n)s decimals instead of 6: rounding to 6 (about 0.1 m) would make it invalid (%(reason)s)",
    "kept every decimal instead of 6: rounding to 6 (about 0.1 m) would make it invalid (%(reason)s)",
    # a GeoJSON text sequence's (bordermap.ingest.stream), and the API's layer missing
    "not valid JSON: the records of the sequence are not separated by line breaks",
    "not valid JSON",
    "expected the id of a layer of yours, or a title for a new layer",
    # a dry run's note, which the API lists in English (the page and the command line have their own)
    "this file was already imported into %(id)s as revision %(n)s; importing it again needs allow_duplicate",
    # GDAL reading a file that passed the check of its content as another format: no such file is known
    "the file is not a %(kind)s file GDAL reads as such (it reads as %(driver)s): upload the %(format)s file itself",
}
_CASE_HINT = re.compile(r' \(types are case-sensitive: write "\w+"\)\Z')
_SENTENCES = {sentence: re.compile(pattern + r"\Z") for pattern, sentence, *_ in
              structure_words.BEFORE + structure_words.ENTRIES}


def _sentence_of(english: str) -> str | None:
    """The structure_words sentence that says this problem (after its path), if one does."""
    text = _CASE_HINT.sub("", english)
    for sentence, pattern in _SENTENCES.items():
        if any(pattern.match(text, found.end()) for found in re.finditer(r"(?:^|: )", text)):
            return sentence
    return None


def _post(client, query: str, body: bytes, lang: str):
    return client.post(DRY_RUN + query, data=body, headers={**TOKEN, "Accept-Language": lang})


def _answers(app, lang: str) -> dict[str, dict]:
    client = app.test_client()
    answers = {}
    for name, (query, body) in BAD.items():
        answers[name] = _post(client, query, body, lang)
    # The same file again: into the layer it made, and as a new layer of the same id.
    same = _fc(_feature(_point(105.5, 11.5)))
    made = client.post(f"/api/features?layer=same-{lang}&new_layer_title=Same", data=same, headers=TOKEN)
    assert made.status_code == 201, made.get_json()
    for name, query in (("the same file again", f"layer=same-{lang}"),
                        ("the same file as a new layer", f"layer=same-{lang}&new_layer_title=Same")):
        answers[name] = client.post(f"/api/features?{query}", data=same, headers={**TOKEN, "Accept-Language": lang})
    # The API's other bodies are JSON too: a zipped file sent as a document.
    answers["a zip as a document"] = client.post("/api/documents", data=BAD["a zip"][1],
                                                 headers={**TOKEN, "Accept-Language": lang})
    app.extensions["bordermap.limits"] = SMALL
    for name, (query, body) in PAST_LIMITS.items():
        answers[name] = _post(client, query, body, lang)
    return answers


def _english_left(local: str) -> list[str]:
    return ENGLISH.findall(local)


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_each_problem_of_a_bad_file_is_said_in_the_readers_language(app, lang):
    met = set()
    for name, response in _answers(app, lang).items():
        answer = response.get_json()
        assert 400 <= response.status_code < 500, (name, answer)
        problems, local = answer.get("problems") or [], answer.get("localized_problems") or []
        assert len(local) == len(problems), (name, answer)
        for english, said in zip(problems, local, strict=True):
            assert SCRIPTS[lang].search(said) and not _english_left(said), (name, english, said)
            met.add(_sentence_of(english))
        description = answer["description"]
        assert description != answer["message"], (name, answer)
        assert SCRIPTS[lang].search(description) and not _english_left(description), (name, description)
        met.add(_sentence_of(answer["message"]))
    assert set(_SENTENCES) - met <= MET_ELSEWHERE, set(_SENTENCES) - met - MET_ELSEWHERE


def test_the_readers_values_are_kept_and_counts_written_in_the_readers_digits(client):
    answer = _post(client, "", BAD["a position of one number"][1], "km").get_json()
    assert answer["localized_problems"] == [
        "នៅ features[0].geometry.coordinates៖ ត្រូវការទីតាំងដែលមានលេខ ២ ឬ ៣ ប៉ុន្តែបានទទួល ១ (“[105]”)"]
    answer = _post(client, "", BAD["feature in lowercase"][1], "vi").get_json()
    assert answer["localized_problems"] == [
        'Tại features[0].type: cần "Feature", nhưng là "feature" (kiểu phân biệt chữ hoa và chữ thường: hãy viết '
        '"Feature")']
    answer = _post(client, "", BAD["a bbox of 2"][1], "vi").get_json()
    assert answer["localized_problems"] == [
        "Tại features[0].bbox: cần một mảng [tây, nam, đông, bắc] (hoặc 6 số kèm độ cao), nhưng có 2 phần tử"]


@pytest.mark.parametrize("lang, said", [("km", "ឯកសារទាំងមូល៖ ត្រូវការវត្ថុ GeoJSON (object) ប៉ុន្តែបានទទួល “[1]”"),
                                        ("vi", "Toàn bộ tệp: cần một đối tượng GeoJSON (object), nhưng là [1]")])
def test_a_file_that_is_no_geojson_object_is_refused_in_the_readers_language(client, lang, said):
    answer = _post(client, "", b"[1]", lang).get_json()
    assert answer["message"] == "the upload was not imported: (top level): expected a GeoJSON object, got [1]"
    assert answer["localized_problems"] == [said] and said in answer["description"], answer


def test_what_the_library_describes_in_words_is_said_in_the_readers_language(client):
    answer = _post(client, "", BAD["a collection without geometries"][1], "km").get_json()
    assert answer["localized_problems"] == [
        "នៅ features[0].geometry.geometries៖ ត្រូវការអារេធរណីមាត្រដែលមិនទទេ ប៉ុន្តែបានទទួល គ្មានអ្វីទេ"]
    answer = _post(client, "", _fc(_feature(DEPOT, [1, 2, 3, 4, 5])), "vi").get_json()
    assert answer["localized_problems"] == [
        "Tại features[0].properties: cần một đối tượng (object) hoặc null, nhưng là một mảng 5 phần tử"]
    answer = _post(client, "", _fc(_feature(DEPOT, bbox={"west": 1})), "km").get_json()
    assert answer["localized_problems"] == [
        "នៅ features[0].bbox៖ ត្រូវការអារេ [ខាងលិច, ខាងត្បូង, ខាងកើត, ខាងជើង] (ឬលេខ ៦ ដែលមានកម្ពស់) ប៉ុន្តែបានទទួល "
        "វត្ថុ (object)"]


@pytest.mark.parametrize("name, why", [("a polygon of one place", "một phần có quá ít vị trí khác nhau tại “[105, 11]”"),
                                       ("a hole outside", "một lỗ thủng nằm ngoài vòng ngoài của nó tại “[120, 20]”"),
                                       ("a hole cutting it apart", "các lỗ thủng chia cắt phần bên trong của nó tại"),
                                       ("a hole in a hole", "một lỗ thủng nằm bên trong lỗ thủng khác tại “[1.5, 1.5]”"),
                                       ("a polygon in another", "một đa giác của nó nằm bên trong đa giác khác tại"),
                                       ("a ring touching itself", "một vòng tự chạm vào chính nó tại “[2, 4]”")])
def test_why_an_outline_is_invalid_is_said_in_the_readers_language(client, name, why):
    """GEOS's reason, which the library passes on in its words, with the place it names."""
    answer = _post(client, *BAD[name], "vi").get_json()
    said = answer["localized_problems"][0]
    assert " không hợp lệ: " in said and why in said and not _english_left(said), (answer["problems"], said)


def test_the_upload_pages_check_says_a_files_notes_in_the_readers_language(client):
    """The notes of a file that can be imported, on the page that checked it."""
    client.post("/unlock", data={"token": "test-editor-token"})
    noted = _fc(_feature({"type": "LineString", "coordinates": [[105, 11], [-170, 11]]},
                         {"name": "Depot", "layer": "mine", "count": 1})).replace(b'"count":1', b'"count":' + b"9" * 24)
    noted = noted.decode().encode("utf-16")  # as Windows Notepad saves "Unicode"
    for lang, words in (("km", ("បានដកចេញ layer៖ bordermap កំណត់តម្លៃទាំងនេះដោយខ្លួនឯង",
                                "មានចំនួនគត់លើសពី ៦៤ ប៊ីត", "ផ្នែកមួយចេញពីរយៈបណ្ដោយ “105” ទៅ “-170”",
                                "ឯកសារនេះជា UTF-16 (little-endian)៖ វាត្រូវបានអានតាមនោះ")),
                        ("vi", ("đã bỏ layer: bordermap tự đặt các giá trị này", "vượt quá 64 bit",
                                "một đoạn đi từ kinh độ 105 đến -170",
                                "Tệp ở dạng UTF-16 (little-endian); tệp đã được đọc như vậy"))):
        page = client.post(f"/upload?lang={lang}", data={
            "file": (io.BytesIO(noted), "depot.geojson"), "target": "new", "new_title": "Depot",
            "action": "check"}, content_type="multipart/form-data")
        text = " ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").get_text(" ").split())
        assert page.status_code == 200
        for word in words:
            assert word in text, (lang, word)
        assert not any(english in text for english in ("bordermap sets these itself", "kept exactly", "long way round",
                                                       "it was read as such")), text


@pytest.mark.parametrize("lang, said", [("km", "ព្រឹត្តិការណ៍ស្ថានភាពមិនត្រូវបានរក្សាទុកទេ៖ បញ្ហា ២"),
                                        ("vi", "Sự kiện tình trạng chưa được lưu: 2 vấn đề")])
def test_a_status_event_refused_for_its_rules_is_counted_in_the_readers_language(client, lang, said):
    event = {"entity": "commitment", "entity_id": "c-nope", "date": "2026/1/1", "status": "done",
             "confidence": "medium", "note": "x", "source": {"title": "t", "publisher": "p", "date": "2026-01-01"}}
    answer = client.post("/api/history/events", json=event, headers={**TOKEN, "Accept-Language": lang}).get_json()
    assert answer["message"] == "the status event breaks 2 rule(s)", answer
    assert answer["description"] == said, answer  # as the history page heads the same refusal


@pytest.mark.parametrize("lang, said, english", [
    ("km", "បានដកចេញ layer៖ bordermap កំណត់តម្លៃទាំងនេះដោយខ្លួនឯង", None),
    ("vi", "một đoạn đi từ kinh độ 105 đến -170", None),
    ("en", "dropped layer: bordermap sets these itself", "features[0].properties.count: holds an integer beyond 64 "
     "bits; kept exactly, as text")])
def test_the_command_line_says_a_files_notes_in_the_readers_language(tmp_path, monkeypatch, lang, said, english):
    """`bordermap import` lists a checked file's notes as the upload page does; in English, as written."""
    from click.testing import CliRunner

    from bordermap_app.cli import main

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "depot.geojson"
    path.write_bytes(_fc(_feature({"type": "LineString", "coordinates": [[105, 11], [-170, 11]]},
                                  {"name": "Depot", "layer": "mine", "count": 1})).replace(b'"count":1',
                                                                                           b'"count":' + b"9" * 24))
    result = CliRunner().invoke(main, ["--lang", lang, "import", str(path), "--layer", "depots", "--new-layer-title",
                                       "Depots", "--dry-run"])
    prefix = {"en": "note: ", "km": "កំណត់សម្គាល់៖ ", "vi": "lưu ý: "}[lang]
    notes = [line.removeprefix(prefix) for line in result.output.splitlines() if line.startswith(prefix)]
    assert result.exit_code == 0 and len(notes) == 3 and any(said in note for note in notes), result.output
    if english is None:
        assert not any(_english_left(note.replace("bordermap", "")) for note in notes), notes
    else:
        assert english in notes, notes


_NAMES = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("table", ["MESSAGES", "PAGE_MESSAGES", "CLI_MESSAGES", "HINTS"])
def test_each_sentence_names_the_groups_of_its_pattern(table):
    """A sentence naming a group its pattern lacks fails when said; a group it leaves out drops
    a figure or name of the reader's file."""
    for pattern, sentence, counts in getattr(problem_tables, table):
        assert set(_NAMES.findall(sentence)) == set(pattern.groupindex), (pattern.pattern, sentence)
        assert counts - problem_tables.COUNTS <= set(pattern.groupindex), (pattern.pattern, counts)


# Review 26, #8: the files a reviewer uploaded, each breaking one rule, read sentence by sentence.
REVIEWED = {
    "bad_bbox": b'{"type":"FeatureCollection","bbox":[106.0,11.0,105.0],"features":[{"type":"Feature",'
                b'"properties":{"name":"p"},"geometry":{"type":"Point","coordinates":[105.5,11.0]}}]}',
    "inverted_bbox": b'{"type":"FeatureCollection","bbox":[106.0,12.0,105.0,11.0],"features":[{"type":"Feature",'
                     b'"properties":{},"geometry":{"type":"Point","coordinates":[105.5,11.5]}}]}',
    "missing_geometry": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"ok"},'
                        b'"geometry":{"type":"Point","coordinates":[105.5,11.0]}},{"type":"Feature",'
                        b'"properties":{"name":"no geometry member"}}]}',
    "short_position": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"short"},'
                      b'"geometry":{"type":"LineString","coordinates":[[105.5,11.0],[105.6]]}}]}',
    "swapped": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"far"},'
               b'"geometry":{"type":"Point","coordinates":[11.5,105.5]}}]}',
    "top_type": b'{"type":"FeatureColection","features":[]}',
    "wrong_type": b'{"type":"FeatureCollection","features":[{"type":"feature","properties":{"name":"lowercase"},'
                  b'"geometry":{"type":"Point","coordinates":[105.5,11.0]}},{"type":"Feature","properties":'
                  b'{"name":"bad geom type"},"geometry":{"type":"Circle","coordinates":[105.5,11.0]}}]}',
    "ring_open": _fc(_feature(_polygon([[105, 11], [106, 11], [106, 12], [105, 12]]), {"name": "Yard"})),
}
_KHMER_DIGIT, _LATIN_DIGIT = re.compile("[០-៩]"), re.compile("[0-9]")
# What a Khmer sentence may write in Latin digits: a value of the file in quotation marks, a JSON
# path (features[0].bbox), a standard's or a code's name (RFC 7946 §7.1, EPSG:32648, UTF-8).
_SET_APART = re.compile(r'“[^”]*”|"[^"]*"|\'[^\']*\'|[\w.]*\[\d+\][\w.\[\]]*|RFC 7946(?: §[\d.]+)?|EPSG:\d+|'
                        r"UTF-\d+|\b48N\b")


def _page_items(client, lang: str, name: str) -> list[str]:
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={
        "file": (io.BytesIO(REVIEWED[name]), f"{name}.geojson"), "target": "new", "new_title": "Checked",
        "action": "check"}, content_type="multipart/form-data")
    assert page.status_code == 422, page.get_data(as_text=True)[:2000]
    box = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one("[role=alert]")
    return [" ".join(item.get_text(" ").split()) for item in box.select(".bm-problems li, .bm-problem")]


def _said_everywhere(app, client, lang: str) -> list[str]:
    """Every sentence the API and the upload page say of the reviewed files and of the bad
    bodies above, in `lang`."""
    said = []
    for name, body in REVIEWED.items():
        answer = _post(client, "", body, lang).get_json()
        said += answer["localized_problems"] + [answer["description"]] + _page_items(client, lang, name)
    for answer in (response.get_json() for response in _answers(app, lang).values()):
        said += answer.get("localized_problems") or []
    return said


def _first_letter(text: str) -> str:
    return next(c for c in text if c.isalpha())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_problem_said_to_a_reader_starts_with_a_capital(client, lang):
    """Review 26, #8a: "đối tượng 3: …" began each item in lowercase; on the page (and in the
    API's words for a person) an item starts with a capital, the file's values kept as written."""
    for name, body in REVIEWED.items():
        items = _page_items(client, lang, name)
        assert items and all(_first_letter(item).isupper() for item in items), (name, items)
        if lang != "en":  # the API's English stays the library's
            answer = _post(client, "", body, lang).get_json()
            for said in answer["localized_problems"] + [answer["description"]]:
                assert _first_letter(said).isupper(), (name, said)
    assert any('"FeatureColection"' in item for item in _page_items(client, lang, "top_type"))


def test_each_problem_the_api_says_in_vietnamese_starts_with_a_capital(app):
    for name, response in _answers(app, "vi").items():
        for said in response.get_json().get("localized_problems") or []:
            assert _first_letter(said).isupper(), (name, said)


@pytest.mark.parametrize("lang, word", [("en", "position 2"), ("km", "ទីតាំងទី ២"), ("vi", "vị trí 2")])
def test_a_place_in_a_feature_is_counted_from_1_as_the_feature_is(client, lang, word):
    """Review 26, #8b: "feature 1 “short”, geometry.coordinates[1]" counted the feature from 1 and
    its second position from 0 in one sentence; both are counted from 1 now."""
    feature = {"en": "Feature 1", "km": "ធាតុទី ១", "vi": "Đối tượng 1"}[lang]
    [item] = _page_items(client, lang, "short_position")
    assert item.startswith(f"{feature} “short”, geometry.coordinates, {word}") and "[1]" not in item, item
    [item] = _page_items(client, lang, "ring_open")
    ring = {"en": "ring 1", "km": "រង្វង់ទី ១", "vi": "vòng 1"}[lang]
    assert item.startswith(f"{feature} “Yard”, geometry.coordinates, {ring}") and "[0]" not in item, item


def test_the_place_in_a_feature_names_each_level_of_its_geometry():
    from bordermap.ingest import explain

    multi = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Zone"},"geometry":' \
            b'{"type":"MultiPolygon","coordinates":[]}}, {"type":"Feature","properties":{},"geometry":' \
            b'{"type":"GeometryCollection","geometries":[{"type":"Point"},{"type":"LineString"}]}},' \
            b'{"type":"Feature","properties":{"sources":[{}, {}]},"geometry":null}]}'
    assert explain.readable_problems([
        "features[0].geometry.coordinates[1][0][3]: x", "features[1].geometry.geometries[1].coordinates[2][0]: y",
        "features[2].properties.sources[1].title: z", "bbox: w"], multi) == [
        "feature 1 “Zone”, geometry.coordinates, polygon 2, ring 1, position 4: x",
        "feature 2, geometry.geometries, part 2, coordinates, position 3, number 1: y",
        "feature 3, properties.sources, item 2, title: z", "bbox: w"]


def test_a_json_path_is_said_to_be_one(client):
    """The API names the place by its JSON path, counted from 0 as JSON counts, and says it is
    a place in the file: "At features[0].geometry.coordinates[1]: …"."""
    for lang, at in (("vi", "Tại features[0].geometry.coordinates[1]: "), ("km", "នៅ features[0].geometry.coordinates[1]៖ "),
                     ("en", "features[0].geometry.coordinates[1]: ")):
        answer = _post(client, "", REVIEWED["short_position"], lang).get_json()
        assert (answer.get("localized_problems") or answer["problems"])[0].startswith(at), answer


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_bbox_is_explained_in_the_readers_words(app, client, lang):
    """Review 26, #8c: "[west, south, east, north]" stayed English inside the sentence."""
    said = _said_everywhere(app, client, lang)
    bbox = [s for s in said if "bbox" in s]
    assert bbox and not any(re.search(r"west|south|east|north", s) for s in said), bbox
    sides = {"km": "[ខាងលិច, ខាងត្បូង, ខាងកើត, ខាងជើង]", "vi": "[tây, nam, đông, bắc]"}[lang]
    assert any(sides in s for s in bbox), bbox


def test_a_khmer_sentence_writes_our_numbers_in_khmer_digits_and_quotes_the_files(app, client):
    """Review 26, #8d: "រយៈទទឹង 105.5 នៅក្រៅចន្លោះ -៩០…៩០" wrote the file's value in Latin digits
    beside our range in Khmer ones. Our counts and ranges are in Khmer digits; a value of the file
    is as the file writes it, in quotation marks."""
    for said in _said_everywhere(app, client, "km"):
        bare = _SET_APART.sub("", said)
        assert not (_KHMER_DIGIT.search(bare) and _LATIN_DIGIT.search(bare)), (said, bare)
    [swapped] = _page_items(client, "km", "swapped")
    assert "រយៈទទឹង “105.5” នៅក្រៅចន្លោះ -៩០…៩០" in swapped and "(ទីមួយ “11.5” ទីពីរ “105.5”)" in swapped, swapped


def test_khmer_says_an_array_item_in_another_word_than_a_feature(client):
    """Review 26, #8e: ធាតុ said both a map feature (the catalogue's word for one) and an item
    of an array ("got 3 items")."""
    [bbox] = _page_items(client, "km", "bad_bbox")
    assert bbox.endswith("ប៉ុន្តែបានទទួល ៣ សមាសភាគ") and "ធាតុ" not in bbox, bbox
    [missing] = _page_items(client, "km", "missing_geometry")
    assert missing.startswith("ធាតុទី ២ “no geometry member”") and missing.count("ធាតុ") == 1, missing
    answer = _post(client, "", _fc(_feature(DEPOT, [1, 2, 3, 4, 5])), "km").get_json()
    assert answer["localized_problems"][0].endswith("អារេដែលមាន ៥ សមាសភាគ"), answer
