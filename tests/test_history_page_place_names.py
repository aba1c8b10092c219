"""Review 11: the editors' status page listed its places in English on the Khmer page (the data
gives no checkpoint pair a Khmer name of its own) while the Vietnamese page gave them in
Vietnamese. A pair is listed by its gates as the page's language names them where the data
holds a name of either gate in it ("បាវិត – Moc Bai"), else by its English name, marked
`lang="en"`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bordermap.vocabulary import gates_name

CHECKPOINTS = json.loads((Path(__file__).parents[1] / "geodata" / "checkpoints.geojson").read_text(encoding="utf-8"))


def _options(client, lang: str) -> dict[str, tuple[str, str | None]]:
    client.post("/unlock", data={"token": "test-editor-token"})
    response = client.get(f"/history?lang={lang}")
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return {option["value"]: (option.get_text(), option.get("lang"))
            for option in page.select("select#subject option") if option["value"].startswith("feature:cp-")}


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_the_status_pages_places_are_in_its_language_where_the_data_names_them(client, lang):
    options = _options(client, lang)
    assert len(options) == len(CHECKPOINTS["features"]) == 14
    own = {value: label for value, (label, marked) in options.items() if marked is None}
    english = {value: label for value, (label, marked) in options.items() if marked == "en"}
    assert set(own) | set(english) == set(options)  # each in the page's language, or marked English
    if lang == "km":
        assert options["feature:cp-bavet-moc-bai"] == ("បាវិត – Moc Bai (cp-bavet-moc-bai)", None)
        assert options["feature:cp-meun-chey-tan-nam"] == ("ម៉ឺនជ័យ – Tan Nam (cp-meun-chey-tan-nam)", None)
        # No source we hold names either gate in Khmer: the English name, marked so.
        assert options["feature:cp-nam-lyr-dak-peur"] == ("Nam Lyr – Dak Peur (cp-nam-lyr-dak-peur)", "en")
        assert len(own) == 11
    else:
        assert options["feature:cp-bavet-moc-bai"] == ("Mộc Bài – Bavet (cp-bavet-moc-bai)", None)
        assert options["feature:cp-o-yadav-le-thanh"] == ("O Yadav – Le Thanh (cp-o-yadav-le-thanh)", "en")
        assert len(own) == 8


def test_a_pair_is_named_by_its_gates_only_in_a_language_that_names_one():
    pairs = {f["id"]: f["properties"] for f in CHECKPOINTS["features"]}
    assert gates_name(pairs["cp-kaoh-roka-thuong-phuoc"], "km") == ("កោះរកា – Thuong Phuoc", "km")
    assert gates_name(pairs["cp-bavet-moc-bai"], "vi") is None  # the data's own "Mộc Bài – Bavet"
    assert gates_name(pairs["cp-prek-chak-ha-tien"], "km") is None  # neither gate named in Khmer
    assert gates_name(pairs["cp-bavet-moc-bai"], "en") is None
    assert gates_name({"name": "Bavet", "name_km": "បាវិត"}, "km") is None  # a town, not a pair
    assert gates_name({"name": "A – B", "gate_kh_km": "ក"}, "km") is None  # one gate only: no name invented


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_each_layers_places_are_listed_by_the_name_shown(client, lang):
    """Review 27, #9: the list ran in the order of the ids ("Mộc Bài – Bavet" before "Bình Hiệp –
    Brây Vo"); a reader looks a place up by the name shown."""
    import unicodedata

    client.post("/unlock", data={"token": "test-editor-token"})
    page = BeautifulSoup(client.get(f"/history?lang={lang}").get_data(as_text=True), "html.parser")
    groups = [group for group in page.select("select#subject optgroup")
              if any(o["value"].startswith("feature:") for o in group.select("option"))]
    assert groups
    for group in groups:
        names = [o.get_text().rsplit(" (", 1)[0] for o in group.select("option")]
        key = [unicodedata.normalize("NFKD", name).casefold() for name in names]
        assert key == sorted(key), (group["label"], names)
