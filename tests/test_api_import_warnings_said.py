"""An import's warnings through the API (POST /api/features, a dry run or for real): `warnings`
stay the library's English for scripts, and `localized_warnings` say them in the request's
language, as a refusal's `localized_problems` do (they were English only, session 26)."""

from __future__ import annotations

import re

import orjson
import pytest

AUTH = {"Authorization": "Bearer test-editor-token"}
KHMER = re.compile("[\u1780-\u17ff]")
VIETNAMESE = re.compile("[ăâđêôơưạ-ỹ]", re.I)
ENGLISH = re.compile(r"\b(?:feature(?!s?\[)|features(?!\[)|outside|region|winding|normalised|dropped|check the)\b")
# A point far from the border (a wrong CRS, most likely), an area drawn clockwise, a point with a height.
BODY = orjson.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "far"}, "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}},
    {"type": "Feature", "properties": {"name": "clockwise"}, "geometry": {"type": "Polygon", "coordinates": [
        [[105, 11], [105, 11.1], [105.1, 11.1], [105.1, 11], [105, 11]]]}},
    {"type": "Feature", "properties": {"name": "high"}, "geometry": {"type": "Point", "coordinates": [105, 11, 12]}},
]})


@pytest.mark.parametrize(("lang", "script"), [("km", KHMER), ("vi", VIETNAMESE)])
@pytest.mark.parametrize("dry_run", [True, False])
def test_the_warnings_are_said_in_the_readers_language(client, lang, script, dry_run):
    address = "/api/features?layer=w&new_layer_title=W" + ("&dry_run=1" if dry_run else "")
    response = client.post(address, data=BODY, headers={**AUTH, "Accept-Language": lang})
    assert response.status_code == (200 if dry_run else 201), response.get_data(as_text=True)
    report = response.get_json()["report"]
    assert len(report["warnings"]) >= 3 and any("outside" in w for w in report["warnings"])
    assert len(report["localized_warnings"]) == len(report["warnings"])
    for said in report["localized_warnings"]:
        assert script.search(said) and not ENGLISH.search(said), said
    assert "Accept-Language" in response.headers["Vary"]


def test_an_english_reader_gets_the_warnings_once(client):
    response = client.post("/api/features?layer=w&new_layer_title=W&dry_run=1", data=BODY, headers=AUTH)
    report = response.get_json()["report"]
    assert report["warnings"] and "localized_warnings" not in report
