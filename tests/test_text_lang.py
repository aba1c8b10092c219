"""Which language a text is marked as (`i18n.text_lang`), for a screen reader's voice: by the
letters it has most of, not by the first of a script met (a gate's English description that
gives its Khmer name was marked Khmer, session 26)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bordermap.i18n import text_lang


@pytest.mark.parametrize(("text", "lang"), [
    ("The gate at Bavet; in Khmer បាវិត.", "en"),
    ("ច្រកព្រំដែនបាវិត ទល់មុខ Moc Bai", "km"),
    ("Cửa khẩu quốc tế Mộc Bài, đối diện Bavet", "vi"),
    ("An English sentence naming the province of Tây Ninh and the town of Hà Tiên.", "en"),
    ("Long An", "en"),  # no letter only Vietnamese has: nothing tells
    ("2025-12-08 · 42", None),
    ("", None),
    ("Tha\u0302n Tri\u0323", "vi"),  # as a form may send it, apart: â and ị once composed
])
def test_a_text_is_marked_by_the_letters_it_has_most_of(text, lang):
    assert text_lang(text) == lang


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_gates_english_description_is_read_in_english_on_the_ogc_page(client, lang):
    feature = client.get("/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=json").get_json()
    description = feature["properties"]["description"]
    assert any("\u1780" <= ch <= "\u17ff" for ch in description)  # it gives a Khmer name
    page = BeautifulSoup(client.get(f"/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=html&lang={lang}")
                         .get_data(as_text=True), "html.parser")
    cell = next(th.find_next_sibling("td") for th in page.select("th") if th.get_text() == "description")
    assert cell["lang"] == "en"
    name_km = next(th.find_next_sibling("td") for th in page.select("th") if th.get_text() == "gate_kh_km")
    assert name_km["lang"] == "km"
