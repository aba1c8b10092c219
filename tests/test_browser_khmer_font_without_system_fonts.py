"""Khmer reads on a machine with no Khmer font: the glyphs come from the font bordermap serves.

Chromium runs here on a fontconfig profile that rejects every system Khmer font (Debian's
fonts-khmeros is the one this machine has; the test checks that no font left covers Khmer).
Chromium itself then says which font drew a Khmer heading (DevTools' platform fonts for a node):
the served Noto Sans Khmer on the live page and the embedded subset in the Khmer export opened
offline; with the served font refused, no font has the glyphs and the text is drawn otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import SCREENSHOTS, _chromium, open_map

pytestmark = pytest.mark.browser

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>/usr/share/fonts/truetype/khmeros/*</glob></rejectfont></selectfont>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
HEADING = ".bm-panel-title"  # "អ្វីដែលបានព្រមព្រៀង": Khmer letters only
SERVED = "Noto Sans Khmer"


@pytest.fixture(scope="module")
def no_khmer_fonts(tmp_path_factory):
    """FONTCONFIG_FILE of a profile without the system's Khmer fonts; checked to have none left."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(cache=folder / "cache"), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    if shutil.which("fc-list"):
        left = subprocess.run(["fc-list", ":charset=1780"], env=env, capture_output=True, text=True, check=True)
        assert left.stdout.strip() == "", f"fonts still covering Khmer: {left.stdout}"
        assert subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    return env


@pytest.fixture(scope="module")
def bare_browser(browser, no_khmer_fonts):
    """A second Chromium, from the session's Playwright (one may run per process), on that profile."""
    instance = browser.browser_type.launch(
        executable_path=_chromium(), env=no_khmer_fonts,
        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"])
    yield instance
    instance.close()


def _tab(browser, *, offline=False, refuse_font=False):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    allowed = ("file:", "data:") if offline else ("http://127.0.0.1", "data:")

    def guard(route):
        url = route.request.url
        if url.startswith(allowed) and not (refuse_font and "/assets/fonts/" in url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    return context, context.new_page()


def _drawn_with(context, tab, selector: str) -> list[dict]:
    """The fonts Chromium drew the element's text with: [{familyName, isCustomFont, glyphCount}]."""
    cdp = context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def _assert_served_font_draws_it(fonts):
    assert fonts and all(font["isCustomFont"] and font["familyName"] == SERVED for font in fonts), fonts
    assert sum(font["glyphCount"] for font in fonts) >= 5


def test_the_live_page_draws_khmer_with_the_served_font(bare_browser, live_server):
    context, tab = _tab(bare_browser)
    try:
        open_map(tab, f"{live_server.url}/?lang=km")
        tab.evaluate("document.fonts.ready")
        _assert_served_font_draws_it(_drawn_with(context, tab, HEADING))
        heading = tab.locator(HEADING)
        assert heading.evaluate("(el) => getComputedStyle(el).letterSpacing") == "normal"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        served = heading.screenshot(path=str(SCREENSHOTS / "khmer-no-system-font-served.png"))
    finally:
        context.close()
    # Without the served font nothing on this profile has the glyphs: another font draws boxes.
    context, tab = _tab(bare_browser, refuse_font=True)
    try:
        open_map(tab, f"{live_server.url}/?lang=km")
        tab.evaluate("document.fonts.ready")
        fonts = _drawn_with(context, tab, HEADING)
        assert fonts and not any(font["isCustomFont"] or font["familyName"] == SERVED for font in fonts), fonts
        refused = tab.locator(HEADING).screenshot(path=str(SCREENSHOTS / "khmer-no-system-font-refused.png"))
    finally:
        context.close()
    assert served != refused


def test_the_khmer_export_opened_offline_draws_with_its_embedded_font(app, tmp_path, bare_browser):
    path = tmp_path / "km.html"
    write_export(build_export(app.extensions["bordermap.store"], ExportOptions(lang="km")), path)
    context, tab = _tab(bare_browser, offline=True)
    try:
        open_map(tab, path.as_uri())
        tab.evaluate("document.fonts.ready")
        _assert_served_font_draws_it(_drawn_with(context, tab, HEADING))
        # A commitment's Khmer summary, and the legend, are drawn by the embedded subset too.
        tab.locator(".bm-item").first.click()
        tab.wait_for_selector("#bm-detail-title")
        _assert_served_font_draws_it(_drawn_with(context, tab, ".bm-legend-toggle"))
        detail = _drawn_with(context, tab, "#bm-detail-title")
        assert any(font["isCustomFont"] and font["familyName"] == SERVED for font in detail), detail
        # Other fonts draw only what is not Khmer (the spaces between words), never a Khmer letter.
        text = tab.locator("#bm-detail-title").inner_text()
        not_khmer = sum(1 for ch in text if not "\u1780" <= ch <= "\u17ff")
        assert sum(font["glyphCount"] for font in detail if not font["isCustomFont"]) <= not_khmer, detail
        tab.screenshot(path=str(SCREENSHOTS / "khmer-no-system-font-export.png"))
    finally:
        context.close()
