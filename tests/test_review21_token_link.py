"""Another site's page cannot lock an editor out with the unlock link (review 21, F9).

`GET /upload?token=<wrong>` counted a wrong guess from the address that sent it: an image on any
page the editor opened made their own browser guess, and after a few the right token was
refused for minutes. A request another site's page makes neither unlocks nor counts.
"""

from __future__ import annotations

import pytest

from conftest import clean

TOKEN = "test-editor-token"
CROSS = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"}


def test_another_sites_requests_neither_unlock_nor_lock_the_editor_out(client):
    for _ in range(12):  # as many as a page's images could send
        answer = client.get("/upload?token=wrong&lang=vi", headers=CROSS)
        assert answer.status_code == 302
    assert client.get(f"/upload?token={TOKEN}&lang=vi", headers=CROSS).status_code == 302
    page = client.get("/upload?lang=vi").get_data(as_text=True)
    assert "chỉ mở khóa việc chỉnh sửa khi được mở từ thanh địa chỉ" in page
    assert 'action="/lock"' not in page  # not unlocked by another site's request
    # The editor's own use of the link (from the address bar) works at once: no guess was counted.
    assert client.get("/upload?token=" + TOKEN).status_code == 302
    assert client.get("/api/revisions", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert 'action="/lock"' in client.get("/upload").get_data(as_text=True)


@pytest.mark.browser
def test_the_editors_notices_stay_in_the_pages_flow(live_server, new_tab):
    """The map's own notice (over the map, BorderMap.notice) has a class of its own: the editors'
    pages' notices are lines of the page, not boxes laid over its top."""
    tab = new_tab()
    tab.goto(f"{live_server.url}/upload?token=wrong")
    notice = tab.locator("p.bm-notice")
    notice.first.wait_for()
    assert notice.first.evaluate("n => getComputedStyle(n).position") == "static"
    clean(tab)
