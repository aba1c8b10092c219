"""Review 28: the words bordermap prints, read as sentences.

#1 a GeoPackage's null values were noted as "note: properties: empty (null) values were dropped:
kind, name" (three colons in a row); #2 an English refusal of a file with several problems said
the first twice; #3 `bordermap --lang km import FILE` without a layer was refused in English;
#4 a Vietnamese day read "11 tháng 1, 2011" beside the month "tháng 8 năm 2007".
"""

from __future__ import annotations

import re

import pytest

from bordermap.i18n import messages
from conftest import clean, open_map, screenshot


def test_a_vietnamese_day_is_written_as_its_month_is():
    """#4: CLDR's long Vietnamese day "11 tháng 1, 2011" beside its month "tháng 8 năm 2007"."""
    vi = messages("vi")
    assert (vi.date("2011-01-11"), vi.date("2007-08")) == ("11 tháng 1 năm 2011", "tháng 8 năm 2007")
    assert (messages("km").date("2011-01-11"), messages("en").date("2011-01-11")) == ("១១ មករា ២០១១", "2011-01-11")


def test_a_vietnamese_page_writes_a_day_with_its_year_after_nam(client):
    """#4 on a server page: the ledger lists each document with its day of publication."""
    from bs4 import BeautifulSoup

    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.get("/ledger?lang=vi")
    text = " ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").get_text(" ").split())
    assert page.status_code == 200 and "11 tháng 12 năm 2025" in text, text[:2000]  # PR 71/2025
    assert not re.search(r"tháng \d+, \d{4}", text), text[:2000]


@pytest.mark.browser
def test_the_maps_popup_writes_a_vietnamese_day_as_the_server_does(live_server, new_tab):
    """#4 in the page's scripts (BorderMap.date): the checkpoint's status date in its popup."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=vi#feature=cp-meun-chey-tan-nam")
    popup = tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="cp-meun-chey-tan-nam"]')
    text = popup.inner_text()
    assert "8 tháng 12 năm 2025" in text, text
    assert not re.search(r"tháng \d+, \d{4}", text), text
    screenshot(tab, "review28-vi-popup-date")
    clean(tab)
