"""Numbers and dates as each language writes them (Babel), on the editor's pages too."""

from __future__ import annotations

import json
import re
from io import BytesIO

from bordermap import revision_words
from bordermap.i18n import messages

TOKEN = "test-editor-token"
GATES = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": f"Gate {n}"}, "geometry": {"type": "Point", "coordinates": [105 + n / 10, 11.1]}}
    for n in range(12)]}).encode()


def _check(client, lang):
    data = {"token": TOKEN, "target": "new", "new_title": "Gates", "kind": "gate", "color": "#1b7837",
            "action": "check", "file": (BytesIO(GATES), "gates.geojson")}
    return client.post(f"/upload?lang={lang}", data=data, content_type="multipart/form-data")


def test_the_dry_run_counts_in_each_languages_digits(client):
    assert "Dry run: 12 features would be added" in _check(client, "en").get_data(as_text=True)
    khmer = _check(client, "km").get_data(as_text=True)
    heading = re.search(r'<h3 id="report-title">([^<]*)</h3>', khmer).group(1)
    assert "១២" in heading and not re.search("[0-9]", heading), heading
    shapes = re.search(r'<dd id="report-shapes">([^<]*)</dd>', khmer).group(1)
    assert shapes == "ចំណុច ១២", shapes  # the geometries' counts too, in words (review rv25b, #13)
    vietnamese = re.search(r'<h3 id="report-title">([^<]*)</h3>', _check(client, "vi").get_data(as_text=True))
    assert "12" in vietnamese.group(1)


def test_revision_times_and_counts_in_each_language(client):
    staged = _check(client, "en").get_data(as_text=True).split('name="staged" value="')[1].split('"')[0]
    client.post("/upload", data={"target": "new", "new_title": "Gates", "kind": "gate", "color": "#1b7837",
                                 "staged": staged, "filename": "gates.geojson", "action": "import"})
    created = client.get("/api/revisions").get_json()[0]["created_at"]
    english = client.get("/revisions?lang=en").get_data(as_text=True)
    assert created[:16].replace("T", " ") in english and "imported 12 features from gates.geojson" in english
    khmer = client.get("/revisions?lang=km").get_data(as_text=True)
    when = re.search(r"<time[^>]*>([^<]*)</time>", khmer).group(1)
    assert not re.search("[0-9]", when) and re.search("[០-៩]{4}", when), when
    assert 'បាននាំចូលធាតុ ១២ ពី gates.geojson ទៅក្នុង <span class="bm-layer" lang="en">Gates</span> (<code>gates</code>)' in khmer
    vietnamese = client.get("/revisions/1?lang=vi").get_data(as_text=True)
    assert "tháng" in re.search(r"<time[^>]*>([^<]*)</time>", vietnamese).group(1)
    assert "đã nhập 12 đối tượng từ gates.geojson vào <span class=\"bm-layer\" lang=\"en\">Gates</span>" in vietnamese and "nhập dữ liệu" in vietnamese


def test_revision_words_keep_what_they_do_not_know():
    km = messages("km")
    assert revision_words.describe("a summary an editor wrote", km) == "a summary an editor wrote"
    assert revision_words.describe("reverted revision 3 (deleted layer sez)", km) == \
        "បានត្រឡប់ការកែប្រែ ៣ វិញ (បានលុបស្រទាប់ sez)"  # the page's digits (review N6)
    assert revision_words.when("2026-12-02T01:05:09Z", messages("en")) == "2026-12-02 01:05"
    assert revision_words.when("2026-12-02T01:05:09Z", km) == "២ ធ្នូ ២០២៦ ០១:០៥"
    assert revision_words.when("2026-12-02T01:05:09Z", messages("vi")) == "2 tháng 12 năm 2026 01:05"
