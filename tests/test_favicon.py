"""Every page names its icon inline, so browsers do not ask for /favicon.ico (a 404 and a console
error on every page) and the static export keeps it offline."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/", "/?lang=km", "/ogc/?f=html", "/history", "/export.html"])
def test_each_page_has_its_icon_inline(client, url):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.get(url).get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,' in page
