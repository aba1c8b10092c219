"""Review 24a, #1 and #2: a check of a file for a new layer without a title said two problems by
the API's names (`layer:`, `new_layer_title:`), the second in English on every page, one of
them about the optional id; the file's own mistake came only at the next try, and a JSON
syntax error gave its reason in the parser's English."""

from __future__ import annotations

import io
import re

import orjson
import pytest

from bordermap.errors import InvalidInput
from bordermap.ingest import make_layer
from bordermap_app.problem_words import JSON_REASONS

TOKEN = "test-editor-token"
MISSING_COMMA = b'{"type": "FeatureCollection", "features": [{"type": "Feature" "properties": {}}]}'
SAID = {"en": ("Title: give the new layer a title", "expected a comma or “}” here"),
        "km": ("ចំណងជើង៖ សូមដាក់ចំណងជើងឱ្យស្រទាប់ថ្មី", "ត្រូវការសញ្ញាក្បៀស ឬ “}” នៅទីនេះ"),
        "vi": ("Tiêu đề: hãy đặt tiêu đề cho lớp mới", "cần một dấu phẩy hoặc “}” ở đây")}


def _refusal(client, lang: str, data: dict) -> tuple[int, str, str]:
    response = client.post(f"/upload?lang={lang}", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    box = re.search(r'<section[^>]*role="alert"[^>]*>.*?</section>', page, re.S)
    assert box, page[:300]
    return response.status_code, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", box.group(0))), box.group(0)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_check_without_a_title_also_says_what_is_wrong_with_the_file(client, lang):
    data = {"token": TOKEN, "target": "new", "new_title": "", "new_id": "", "kind": "", "color": "#1b7837",
            "action": "check", "file": (io.BytesIO(MISSING_COMMA), "gates.geojson")}
    status, text, box = _refusal(client, lang, data)
    title, reason = SAID[lang]
    assert status == 422
    assert title in text and reason in text, text
    # Said by the form's labels, about the inputs the editor fills; nothing on the optional id.
    assert "new_layer_title" not in text and "layer:" not in text and "lowercase" not in text, text
    assert 'data-for="new_title"' in box and 'data-for="file"' in box, box
    if lang != "en":
        assert not re.search(r"\b(expected|give|comma)\b", text), text


def test_a_new_layers_id_is_said_by_its_field_when_it_is_wrong(client):
    data = {"token": TOKEN, "target": "new", "new_title": "Gates", "new_id": "Gates Two", "kind": "", "color": "#1b7837",
            "action": "check", "file": (io.BytesIO(MISSING_COMMA), "gates.geojson")}
    status, text, box = _refusal(client, "en", data)
    assert status == 422 and "Id (optional): expected an id of lowercase letters" in text and 'data-for="new_id"' in box
    assert "expected a comma or “}” here" in text, text


def test_no_title_and_no_id_is_one_problem_for_the_api_too():
    with pytest.raises(InvalidInput) as refused:
        make_layer("", title="  ")
    assert refused.value.problems == ["new_layer_title: expected a title for the new layer, got nothing"]


@pytest.mark.parametrize("text", ['{"a": 1 "b": 2}', "[1 2]", '{"a": 1,}', '{"a" 1}', "{1: 2}", '{"a": tru',
                                  "01", '"a\\x"', '{"a": 1} x', "[NaN]", '"a\x01"', '"\\ud800"', "1e999", "[-]"])
def test_each_json_mistake_is_given_a_reason_in_our_words(text):
    """What the JSON reader says of a hand-edited file's commonest mistakes is in our table, so
    the page says it in the reader's language."""
    with pytest.raises(orjson.JSONDecodeError) as found:
        orjson.loads(text)
    assert found.value.msg in JSON_REASONS, found.value.msg


def test_a_khmer_refusal_writes_its_figures_in_khmer_digits(client):
    """Review 24a, #6: the range and the figure of a latitude out of range were Latin digits in a
    list whose counts and feature numbers were Khmer. Our range is in Khmer digits; the file's
    figure as the file writes it, in quotation marks (review 26, #8d: one rule for every value)."""
    far = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "North"}, "geometry": {"type": "Point", "coordinates": [105.5, 95.25]}}]}
    data = {"token": TOKEN, "target": "new", "new_title": "Gates", "color": "#1b7837", "action": "check",
            "file": (io.BytesIO(orjson.dumps(far)), "gates.geojson")}
    _, text, _ = _refusal(client, "km", data)
    line = next(part for part in text.split("ធាតុទី")[1:] if "North" in part)
    assert "-៩០…៩០" in line and "“95.25”" in line and not re.search(r"[0-9]", line.replace("“95.25”", "")), line


def test_the_dry_run_lists_the_files_properties_not_the_kind_its_layer_gives(client):
    """Review 24a, #12: every row of the dry run showed "kind: user", which the file does not hold."""
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Depot", "status": "open"}, "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}},
        {"type": "Feature", "properties": {"name": "Yard", "kind": "rail-yard"}, "geometry": {"type": "Point", "coordinates": [105.6, 11.5]}}]}
    data = {"token": TOKEN, "target": "new", "new_title": "Depots", "color": "#1b7837", "action": "check",
            "file": (io.BytesIO(orjson.dumps(collection)), "depots.geojson")}
    page = client.post("/upload?lang=en", data=data, content_type="multipart/form-data").get_data(as_text=True)
    cells = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="bm-props">(.*?)</td>', page, re.S)]
    assert cells == ["status: open", "kind: rail-yard"], cells  # a kind the file gives is its own
