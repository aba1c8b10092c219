"""One search for places and commitments, and sharing beyond the link: fullscreen, measuring,
the PNG image (live and in the offline export), one printed A4 landscape page, embedding."""

from __future__ import annotations

import http.server
import re
import struct
import threading
import unicodedata

import pytest
from pyproj import Geod

from bordermap_app import create_app
from conftest import (
    PHONE,
    SCREENSHOTS,
    SOURCES_DIR,
    LiveServer,
    clean,
    map_at_rest,
    open_export,
    open_map,
    open_view,
    screenshot,
)

pytestmark = pytest.mark.browser
FOUND_COLOR = "#00a9b0"


def search(tab, query: str) -> None:
    tab.locator("#bm-search").fill(query)
    tab.wait_for_function("(q) => (BorderMap.state.read().q || \"\") === q", arg=query)


def places_found(tab) -> list[str]:
    return tab.eval_on_selector_all(".bm-found-place", "items => items.map(b => b.dataset.feature)")


def marked(tab, feature_id: str) -> bool:
    """Whether the map marks the feature as found (a point's fill, a line's or area's stroke)."""
    return tab.evaluate("""([id, color]) => {
        const layer = BorderMap.features[id].layer;
        return (layer.setRadius ? layer.options.fillColor : layer.options.color) === color;
    }""", [feature_id, FOUND_COLOR])


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_one_search_finds_places_in_three_languages_and_commitments(new_tab, live_server, device):
    tab = new_tab(PHONE if device == "phone" else None)
    open_map(tab, live_server.url + "/")
    # Both gate names of a pair, with and without Vietnamese marks, and the Khmer name.
    khmer = "ត្រពាំងផ្លុង"
    for query in ("Xa Mat", "xa mát", "Trapeang Phlong", khmer,
                  # Khmer as some keyboards type it: zero-width spaces between clusters.
                  "ត្រពាំង\u200bផ្លុង", unicodedata.normalize("NFD", khmer)):
        search(tab, query)
        assert places_found(tab)[:1] == ["cp-trapeang-phlong-xa-mat"], query
    assert marked(tab, "cp-trapeang-phlong-xa-mat"), "what was found is marked on the map"
    screenshot(tab, f"share-search-xa-mat-{device}")

    # A Vietnamese name with its marks finds the gate pair whose English name has none.
    search(tab, "Mộc Bài")
    assert "cp-bavet-moc-bai" in places_found(tab)
    # A province finds itself and the gates in it, and the commitments that name it.
    search(tab, "tây ninh")
    found = places_found(tab)
    assert "vn-tay-ninh" in found and "cp-bavet-moc-bai" in found
    assert tab.locator(".bm-list .bm-item").count() > 0
    # "SEZ" is how readers write the economic zones the commitments speak of.
    search(tab, "SEZ")
    assert tab.locator(".bm-list .bm-item").count() >= 1
    assert "economic zone" in tab.inner_text(".bm-list").lower()
    screenshot(tab, f"share-search-sez-{device}")

    # Filters say what each choice gives; nothing leads to a silent "0 of 47" with no way back.
    search(tab, "")
    options = tab.eval_on_selector_all("#bm-filter-sector option", "os => os.map(o => o.textContent)")
    assert all(re.search(r"\(\d+\)$", text) for text in options), options
    tab.select_option("#bm-filter-sector", "transport")
    tab.locator("#bm-search").fill("no such place anywhere")
    tab.wait_for_selector(".bm-list .bm-muted")
    clear = tab.locator(".bm-controls .bm-clear")
    assert clear.is_visible()
    screenshot(tab, f"share-search-nothing-{device}")
    clear.click()
    tab.wait_for_function("() => !BorderMap.state.read().q && !BorderMap.state.read().sector")
    assert tab.input_value("#bm-search") == "" and tab.input_value("#bm-filter-sector") == ""
    assert tab.locator(".bm-list .bm-item").count() == 48
    assert not clear.is_visible()
    # The list of every place on the map comes before the long list of commitments.
    assert tab.evaluate("""() => {
        const places = document.querySelector('.bm-all-places'), list = document.querySelector('.bm-list');
        return !!(places.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    clean(tab)


def test_search_in_khmer_and_vietnamese_pages(page, live_server):
    for lang, label in (("km", "ស្វែងរក"), ("vi", "Tìm")):
        open_map(page, live_server.url + f"/?lang={lang}")
        assert label in page.inner_text(".bm-search label")
        search(page, "xa mat")
        assert places_found(page)[:1] == ["cp-trapeang-phlong-xa-mat"]
        screenshot(page, f"share-search-{lang}")
    clean(page)


def test_measure_gives_the_geodesic_distance_between_two_gates(new_tab, live_server):
    for device in ("desktop", "phone"):
        tab = new_tab(PHONE if device == "phone" else None)
        open_map(tab, live_server.url + "/#view=11.2,106.2,9")
        map_at_rest(tab)
        tab.click('.bm-tool[data-tool="measure"]')
        tab.wait_for_selector(".bm-measure")
        ends = ("cp-bavet-moc-bai", "place-tay-ninh-town")
        for feature_id in ends:
            # A few pixels off the marker still lands on it exactly, and opens no popup.
            x, y = tab.evaluate("""(id) => {
                const p = BorderMap.map.latLngToContainerPoint(BorderMap.features[id].layer.getLatLng());
                const box = BorderMap.map.getContainer().getBoundingClientRect();
                return [box.left + p.x + 4, box.top + p.y - 3];
            }""", feature_id)
            tab.mouse.click(x, y)
        tab.wait_for_function("() => BorderMap.measure.points.length === 2")
        assert tab.locator(".leaflet-popup").count() == 0
        text = tab.inner_text(".bm-measure-result")
        assert "Bavet – Moc Bai" in text and "Tay Ninh" in text
        (lat1, lon1), (lat2, lon2) = [tab.evaluate(
            "(id) => { const c = BorderMap.features[id].feature.geometry.coordinates; return [c[1], c[0]]; }", f) for f in ends]
        _, _, expected = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
        metres = float(tab.get_attribute(".bm-measure", "data-metres"))
        assert abs(metres - expected) < 0.01, (metres, expected)
        assert f"{expected / 1000:.2f} km" in text
        screenshot(tab, f"share-measure-{device}")
        tab.click(".bm-measure button:has-text('Done')")
        assert tab.locator(".bm-measure").count() == 0
        clean(tab)


def test_fullscreen_gives_the_map_the_screen(page, live_server):
    open_map(page, live_server.url + "/")
    before = page.evaluate("BorderMap.map.getSize().x")
    page.click('.bm-tool[data-tool="fullscreen"]')
    page.wait_for_function("() => document.body.dataset.bmFullscreen === 'true'")
    page.wait_for_function("(w) => BorderMap.map.getSize().x > w", arg=before)
    fullscreen = page.locator('.bm-tool[data-tool="fullscreen"]')
    assert fullscreen.get_attribute("aria-label") == "Leave fullscreen" and fullscreen.get_attribute("aria-pressed") is None
    screenshot(page, "share-fullscreen")
    page.click('.bm-tool[data-tool="fullscreen"]')
    page.wait_for_function("() => document.body.dataset.bmFullscreen === 'false'")
    clean(page)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _download_image(tab, tmp_path, name: str) -> tuple[int, int]:
    with tab.expect_download() as download:
        tab.click('.bm-tool[data-tool="image"]')
    path = tmp_path / name
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".png")
    size = _png_size(path.read_bytes())
    # The image, not a screenshot of the page: shown once, to look at.
    tab.evaluate("""(src) => { const img = document.createElement('img'); img.id = 'bm-test-image';
        img.src = src; img.style = 'position:fixed;inset:0;z-index:9999;max-width:100%;max-height:100%;background:#fff';
        document.body.appendChild(img); }""", "data:image/png;base64," + __import__("base64").b64encode(path.read_bytes()).decode())
    return size


def test_png_image_of_the_view_live_and_in_the_offline_export(app, live_server, new_tab, tmp_path):
    tab = new_tab()
    open_map(tab, live_server.url + "/#view=11.2,106.0,9")
    map_at_rest(tab)
    width, height = tab.evaluate("[BorderMap.map.getSize().x, BorderMap.map.getSize().y]")
    w, h = _download_image(tab, tmp_path, "live.png")
    assert w == width and h > height, "the map, with a title above and the credits below"
    # Title, date and credits are drawn on the image itself (checked by reading its pixels
    # back in the page would need OCR): the parts the image is made from say them.
    assert tab.evaluate("document.body.dataset.bmImage") == "done"
    screenshot(tab, "share-image-live")
    clean(tab)

    offline = new_tab(offline=True)
    open_export(offline, app, tmp_path, "km")
    w, h = _download_image(offline, tmp_path, "export.png")
    assert w > 300 and h > 300
    screenshot(offline, "share-image-export-km")
    assert offline.outside_requests == [] or all("tile" in u for u in offline.outside_requests)


# Where the shown image's map begins (the first row whose right edge, always blank in the title
# band, is not white), and the longest run of pure white rows across each box the map keeps in
# a corner (the time control's and the legend's places on the page): an empty box is such a run.
IMAGE_LAYOUT = """(boxes) => {
    const img = document.getElementById('bm-test-image');
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const white = (x, y) => { const i = (y * canvas.width + x) * 4; return data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250; };
    let top = 0;
    while (top < canvas.height && [1, 3, 6].every(dx => white(canvas.width - dx, top))) top++;
    const map = BorderMap.map.getContainer().getBoundingClientRect();
    const runs = boxes.map(selector => {
        const box = document.querySelector(selector).getBoundingClientRect();
        const left = Math.round(box.left - map.left) + 3, right = Math.round(box.right - map.left) - 3;
        let longest = 0, run = 0;
        for (let y = top + Math.round(box.top - map.top) + 3; y < top + Math.round(box.bottom - map.top) - 3; y++) {
            let blank = true;
            for (let x = left; x < right && blank; x++) blank = white(x, y);
            run = blank ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    });
    img.remove();
    return {top: top, runs: runs};
}"""
MEUN_CHEY_OPENING = "c-pr71-27"  # PR 71/2025, paragraph 15: the inauguration of Meun Chey – Tan Nam


@pytest.mark.parametrize("where, lang, prefix, paragraph", [
    ("live", "en", "Selected commitment: ", "paragraph 15"),
    ("live", "km", "ការប្តេជ្ញាដែលបានជ្រើស៖ ", "កថាខណ្ឌ ១៥"),
    ("export", "vi", "Cam kết đã chọn: ", "đoạn 15"),
])
def test_png_image_names_the_selected_commitment_and_keeps_no_empty_box(app, live_server, new_tab, tmp_path,
                                                                         where, lang, prefix, paragraph):
    """Review, S4: under "As of 2025-12-09" the image had an empty white box where the slider, date
    field and buttons were, the legend an empty foot, and nothing said which commitment the
    legend's "Places of the selected commitment" were of."""
    tab = open_view(new_tab, where, lang, f"commitment={MEUN_CHEY_OPENING}&at=2025-12-09",
                    app=app, server=live_server, folder=tmp_path)
    tab.wait_for_selector('body[data-bm-at="2025-12-09"]')
    tab.wait_for_selector(".bm-detail:not([hidden])")
    map_at_rest(tab)
    boxes = [".bm-time", ".bm-legend"]

    _download_image(tab, tmp_path, "with.png")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # the image itself, to look at
    (SCREENSHOTS / f"share-image-commitment-{where}-{lang}.png").write_bytes((tmp_path / "with.png").read_bytes())
    with_commitment = tab.evaluate(IMAGE_LAYOUT, boxes)
    # No box is left empty: a white run across the time control's or the legend's place on the
    # page is at most a gap between two lines (the empty box was 50 to 80 rows, the legend's foot 23;
    # a 24 px button's own room above a Khmer line, WCAG 2.5.8, is 13).
    assert max(with_commitment["runs"]) <= 16, with_commitment
    # The line the image adds: the commitment as the printed page names it, in the page's language.
    caption = tab.evaluate("BorderMap.imageCaption()")
    summary = tab.evaluate(f"BorderMap.dataText(BorderMap.commitments['{MEUN_CHEY_OPENING}'], 'summary').text")
    assert caption["commitment"].startswith(prefix + summary), caption
    assert "PR 71/2025 MFA.IC" in caption["commitment"] and paragraph in caption["commitment"], caption

    # Without a commitment the title band has no such line: the map starts higher.
    tab.click(".bm-back")
    tab.wait_for_selector(".bm-detail", state="hidden")
    assert tab.evaluate("BorderMap.imageCaption().commitment") == ""
    _download_image(tab, tmp_path, "without.png")
    without = tab.evaluate(IMAGE_LAYOUT, boxes)
    assert max(without["runs"]) <= 16, without
    assert with_commitment["top"] >= without["top"] + 20, (with_commitment, without)
    clean(tab)


def test_png_file_name_says_the_day_the_view_shows(live_server, new_tab):
    """Review 10, N6: views as of 9 December 2025 and 15 June 2021 both downloaded as
    bordermap-2026-12-03-….png, so a journalist saving several days could not tell the files apart."""
    tab = new_tab()
    open_map(tab, live_server.url + "/#view=11.04,105.44,9&at=2025-12-09")
    map_at_rest(tab)
    names = []
    for day in ["2025-12-09", "2021-06-15", ""]:
        if day == "2021-06-15":
            tab.evaluate("(day) => BorderMap.setAsOf(day)", day)
        elif not day:
            tab.click(".bm-time-today")
        tab.wait_for_selector(f'body[data-bm-at="{day}"]')
        with tab.expect_download() as download:
            tab.click('.bm-tool[data-tool="image"]')
        names.append(download.value.suggested_filename)
    assert re.fullmatch(r"bordermap-as-of-2025-12-09-11\.04_105\.44\.png", names[0]), names
    assert re.fullmatch(r"bordermap-as-of-2021-06-15-11\.04_105\.44\.png", names[1]), names
    # Today's view: the day it was made, so that such files sort by when they were made.
    made = tab.evaluate("new Date().toISOString().slice(0, 10)")
    assert names[2] == f"bordermap-{made}-11.04_105.44.png", names
    clean(tab)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_print_is_one_a4_landscape_page_with_map_legend_and_commitment(page, live_server, tmp_path):
    open_map(page, live_server.url + "/#commitment=c-pr71-20")
    page.wait_for_selector(".bm-detail:not([hidden])")
    map_at_rest(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi, to look at
    page.wait_for_function("() => BorderMap.map.getSize().y > 500")
    assert page.locator(".bm-legend-list").is_visible()
    assert page.locator("#bm-detail-title").is_visible()
    assert not page.locator(".bm-list").is_visible()
    # The date the statuses are of is printed as words; the live slider, date field and buttons
    # are not (a date field reads 12/02/2026 in one country and 2 December in another).
    assert page.locator(".bm-time-shown").is_visible() and not page.locator("#bm-time-date").is_visible()
    screenshot(page, "share-print-a4")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert _pages(pdf) == 1
    # A4 landscape: 842 × 595 points.
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and round(float(box.group(1))) == 842 and round(float(box.group(2))) == 595
    clean(page)


class Article:
    """Another site (another origin: its own port on loopback) whose page frames the map."""

    def __init__(self):
        self.body = b""
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(owner.body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("allowed", [True, False])
def test_embed_only_on_the_sites_configured(tmp_path, new_tab, allowed):
    article = Article()
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SOURCES_DIR": str(SOURCES_DIR),
                      "EMBED_ORIGINS": article.origin if allowed else ""})
    server = LiveServer(app)
    try:
        tab = new_tab()
        if allowed:  # the snippet to copy, from the map's tool bar
            open_map(tab, server.url + "/#view=11.1,106.1,9")
            tab.click('.bm-tool[data-tool="embed"]')
            code = tab.input_value("#bm-embed-code")
            assert code.startswith(f'<iframe src="{server.url}/embed#view=') and "title=" in code
            assert article.origin in tab.inner_text(".bm-embed-note")
            screenshot(tab, "share-embed-snippet")
        else:
            code = f'<iframe src="{server.url}/embed#view=11.1,106.1,9" width="800" height="500"></iframe>'
        article.body = f"<!doctype html><title>An article</title><h1>An article</h1>{code}".encode()
        tab.goto(f"{article.origin}/article.html")
        frame = tab.wait_for_selector("iframe").content_frame()
        if allowed:
            frame.wait_for_selector("body[data-bm-ready=true]", state="attached", timeout=30000)
            assert frame.evaluate("document.body.classList.contains('bm-embedded')")
            assert frame.locator(".leaflet-container").is_visible()
            assert frame.evaluate("BorderMap.map.getZoom()") == 9
        else:
            # Refused by the browser (frame-ancestors): the frame never runs the map.
            frame.wait_for_load_state()
            assert frame.url.startswith("chrome-error://") or frame.evaluate("typeof window.BorderMap") == "undefined"
        screenshot(tab, f"share-embed-{'allowed' if allowed else 'refused'}")
    finally:
        server.close()
        article.close()


def test_the_image_button_keeps_the_keyboards_focus_and_says_what_it_did(new_tab, live_server, tmp_path):
    """Review 33b, #4: the button disabled itself while the image was made, which dropped the
    keyboard's focus to the page, and nothing was said."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=vi")
    button = tab.locator('.bm-tool[data-tool="image"]')
    button.focus()
    with tab.expect_download():
        tab.keyboard.press("Enter")
    tab.wait_for_selector('body[data-bm-image="done"]')
    assert tab.evaluate("document.activeElement.getAttribute('data-tool')") == "image"
    said = tab.locator(".bm-image-status[role=status]").text_content()
    assert said.startswith("Hình ảnh đã được lưu thành bordermap-") and said.endswith(".png."), said
    assert button.get_attribute("aria-disabled") is None
    clean(tab)
