"""The status-history page marks each published source's title and publisher with its language
when it is not the page's, as the map's popups do: a screen reader read Vietnamese titles in the
English or Khmer voice (WCAG 3.1.2; review 23j, F5)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_each_source_title_says_its_language(client, lang):
    page = client.get(f"/history?lang={lang}").get_data(as_text=True)
    spans = re.findall(r'<span( lang="(\w+)")?>([^<]+)</span></a>', page)
    vietnamese = [(marked, text) for _, marked, text in spans if "Mộc Bài" in text]
    english = [(marked, text) for _, marked, text in spans if "Work starts on key component" in text]
    assert vietnamese and english, spans[:5]
    assert all(marked == ("" if lang == "vi" else "vi") for marked, _ in vietnamese), vietnamese
    assert all(marked == ("" if lang == "en" else "en") for marked, _ in english), english
    publishers = re.findall(r'<span lang="en">Saigon Giai Phong \(SGGP\)</span>', page)
    assert bool(publishers) == (lang != "en")
