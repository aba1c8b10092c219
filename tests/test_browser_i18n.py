"""The map in English, Khmer and Vietnamese in Chromium: words, languages marked, the Khmer font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import SCREENSHOTS, open_map

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
VIEWPORTS = {"desktop": (1280, 860), "phone": (390, 844)}
FEATURE = "cp-meun-chey-tan-nam"
KHMER_SAMPLE = "ព្រះរាជាណាចក្រកម្ពុជា ច្រកព្រំដែន"
# Words that read the same in every language: brand and data names, codes, units.
SAME_EVERYWHERE = {"ISO 3166-2:", "Khmer", "{km} km", "OpenStreetMap (online)", "Layers (JSON)", "Download map (HTML)"}


def _english_phrases(lang: str) -> list[str]:
    """The catalogue's English texts a page in `lang` must not show (their fixed parts)."""
    with open(REPO / "app" / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale=lang)
    phrases = set()
    for message in catalogue:
        if not message.id or message.id in SAME_EVERYWHERE:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        for msgid in ids:
            for part in re.split(r"%\(\w+\)[sd]|\{\w+\}", msgid):
                part = part.strip(" ()–—:·,.")
                if len(re.sub(r"[^A-Za-z]", "", part)) >= 4:  # "km", "(", "of" say nothing
                    phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


# Every text node of the chrome, legend, panel, layer control and open popup, with the language
# it is in (its closest lang attribute), and the labels that screen readers read.
TEXTS = """(pageLang) => {
  const roots = document.querySelectorAll(
    'header.bm-bar, .bm-skips, .bm-legend, #bm-panel, .leaflet-control-layers, .leaflet-popup-content, .leaflet-control-zoom, .leaflet-control-attribution');
  const out = [];
  const langOf = (el) => { const owner = el.closest('[lang]'); return owner ? owner.getAttribute('lang') : ''; };
  roots.forEach((root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent.trim();
      if (text && langOf(walker.currentNode.parentElement) === pageLang) out.push(text);
    }
    root.querySelectorAll('[aria-label], [placeholder], [title]').forEach((el) => {
      if (langOf(el) !== pageLang) return;
      ['aria-label', 'placeholder', 'title'].forEach((name) => { if (el.getAttribute(name)) out.push(el.getAttribute(name)); });
    });
  });
  return out;
}"""

# The served Khmer face's state, and the width of Khmer text set in it against the fallback.
FONT_STATE = """async (sample) => {
  try { await document.fonts.load('16px "bordermap Khmer"', sample); } catch (e) { /* refused: see statuses */ }
  await document.fonts.ready;
  const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'bordermap Khmer');
  const width = (family) => {
    const span = document.createElement('span');
    span.lang = 'km';
    span.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font-size:32px;font-family:' + family;
    span.textContent = sample;
    document.body.appendChild(span);
    const w = span.getBoundingClientRect().width;
    span.remove();
    return w;
  };
  return {
    statuses: faces.map((f) => f.status),
    check: document.fonts.check('16px "bordermap Khmer"', sample),
    withFace: width('"bordermap Khmer", serif'),
    fallback: width('serif'),
  };
}"""


def _context(browser, viewport, **options):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))

    def guard(route):  # loopback and data only: no basemap tiles, no outside fonts
        if route.request.url.startswith(("http://127.0.0.1", "data:", "file:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    return context, tab


def _shot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_map_in_each_language(browser, live_server, lang, viewport):
    context, tab = _context(browser, viewport)
    try:
        open_map(tab, f"{live_server.url}/?lang={lang}#feature={FEATURE}")
        tab.wait_for_selector(f'.leaflet-popup-content [data-feature="{FEATURE}"]')
        assert tab.evaluate("document.documentElement.lang") == lang
        # The names in Khmer and Vietnamese carry their own language in every page; on the
        # Vietnamese page the title is the name its sources give in Vietnamese, and the English
        # one joins the others under it. The Cambodian gate's Khmer name is its gate's row's, not
        # the pair's (review 24a, #9).
        assert tab.locator(".bm-locals span[lang=km]").count() == 0
        gate = tab.locator(".bm-gate .bm-value > span", has_text="ម៉ឺនជ័យ")
        assert gate.count() == 1 and gate.get_attribute("lang") == (None if lang == "km" else "km")
        title = tab.locator(".bm-popup-title")
        if lang == "vi":
            assert title.inner_text() == "Tân Nam – Meun Chey" and title.get_attribute("lang") is None
            assert tab.locator(".bm-locals span[lang=en]").inner_text() == "Meun Chey – Tan Nam"
        else:
            assert title.inner_text() == "Meun Chey – Tan Nam"
            assert tab.locator(".bm-locals span[lang=vi]").count() == 1
        _shot(tab, f"i18n-{lang}-{viewport}")
        texts = tab.evaluate(TEXTS, lang)
        assert len(texts) > 40
        if lang != "en":
            leftovers = sorted({phrase for phrase in _english_phrases(lang) for text in texts
                                if re.search(r"(?<![A-Za-z])" + re.escape(phrase) + r"(?![A-Za-z])", text)})
            assert leftovers == [], leftovers
            # The page's words are in its language: a sample seen by every reader.
            expected = {"km": ("តារាងសញ្ញា", "អ្វីដែលបានព្រមព្រៀង"), "vi": ("Chú giải", "Những gì đã thỏa thuận")}[lang]
            assert tab.locator(".bm-legend-toggle").inner_text() == expected[0]
            assert tab.locator(".bm-panel-title").inner_text() == expected[1]
        assert tab.errors == []
    finally:
        context.close()


def test_khmer_counts_use_khmer_digits_and_no_letter_spacing(browser, live_server):
    context, tab = _context(browser, "desktop")
    try:
        open_map(tab, f"{live_server.url}/?lang=km")
        count = tab.locator(".bm-count-line").inner_text()
        assert re.fullmatch("[០-៩]+ ក្នុងចំណោមការប្តេជ្ញា [០-៩]+", count), count
        heading = tab.locator(".bm-sector h3").first
        assert re.search(r"\([០-៩]+\)$", heading.inner_text())
        assert heading.evaluate("(el) => getComputedStyle(el).letterSpacing") == "normal"
    finally:
        context.close()


# Numbers are written out by the page's own code (Intl's first use cost the first view up to
# 75 ms on a slow phone); what it writes must be what Intl would, before the marks are swapped.
NUMBER_CHECK = """() => {
  const wrong = [];
  const values = [0, 1, 12, 999, 1000, 1234.5, 24.8, 2.675, 1.005, 0.0004, 0.0005, -3, -1234.567,
                  999999.9999, 20000000, 123456789.123];
  for (let i = 0; i < 5000; i++) values.push((Math.random() - 0.3) * 10 ** (Math.floor(Math.random() * 10) - 3));
  for (const value of values) {
    for (const decimals of [undefined, 0, 1, 2]) {
      const ours = BorderMap.num(value, decimals);
      const intl = value.toLocaleString("en", decimals === undefined ? { maximumFractionDigits: 3 }
        : { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
      // Intl writes "-0" for a negative number that rounds to zero; the page writes "0".
      if (ours !== intl && ours !== intl.replace(/^-/, "")) wrong.push([value, decimals, ours, intl]);
    }
  }
  return wrong.slice(0, 5);
}"""


def test_numbers_are_written_as_intl_writes_them(browser, live_server):
    context, tab = _context(browser, "desktop")
    try:
        open_map(tab, f"{live_server.url}/?lang=en")
        assert tab.evaluate(NUMBER_CHECK) == []
    finally:
        context.close()


def test_khmer_glyphs_come_from_the_served_font(browser, live_server):
    context, tab = _context(browser, "desktop")
    try:
        open_map(tab, f"{live_server.url}/?lang=km")
        state = tab.evaluate(FONT_STATE, KHMER_SAMPLE)
        assert state["statuses"] == ["loaded"] and state["check"] is True
        # This machine has system Khmer fonts: the served face still sets the text, measurably.
        assert abs(state["withFace"] - state["fallback"]) > 1, state
        # The panel's Khmer uses it too.
        family = tab.locator(".bm-panel-title").evaluate("(el) => getComputedStyle(el).fontFamily")
        assert family.startswith('"bordermap Khmer"')
    finally:
        context.close()
    # With the font refused, the same text falls back: the difference above was the served font.
    context, tab = _context(browser, "desktop")
    try:
        context.route("**/assets/fonts/**", lambda route: route.abort())
        open_map(tab, f"{live_server.url}/?lang=km")
        blocked = tab.evaluate(FONT_STATE, KHMER_SAMPLE)
        assert blocked["statuses"] == ["error"]
        assert abs(blocked["withFace"] - blocked["fallback"]) < 0.5, blocked
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_pages_in_other_languages_draw_the_switchers_khmer_without_fetching_the_whole_font(
        browser, live_server, lang):
    context, tab = _context(browser, "desktop")
    fetched = []
    tab.on("request", lambda request: fetched.append(request.url) if "/assets/fonts/" in request.url else None)
    try:
        open_map(tab, f"{live_server.url}/?lang={lang}")
        tab.evaluate("document.fonts.ready")
        assert fetched == []
        cdp = context.new_cdp_session(tab)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '.bm-langs a[lang="km"]'})["nodeId"]
        drawn = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        # Every glyph of "ខ្មែរ" comes from the page's own small face, none from a system font.
        assert drawn and all(font["isCustomFont"] for font in drawn), drawn
        # A popup's Khmer still gets the whole font, fetched when first needed.
        tab.evaluate("""() => { const probe = document.createElement("p");
            probe.className = "bm-probe"; probe.lang = "km"; probe.textContent = "ព្រះរាជាណាចក្រកម្ពុជា";
            document.body.appendChild(probe); }""")
        tab.evaluate("document.fonts.ready")
        tab.wait_for_function("[...document.fonts].some((f) => f.family.includes('bordermap Khmer') && !f.family.includes('name') && f.status === 'loaded')")
        assert any(url.endswith("NotoSansKhmer.ttf") for url in fetched)
    finally:
        context.close()


def test_lang_is_kept_in_shared_links_and_follows_the_browser(browser, live_server):
    context, tab = _context(browser, "desktop", locale="vi-VN")
    try:
        open_map(tab, f"{live_server.url}/")
        assert tab.evaluate("document.documentElement.lang") == "vi"
        # The browser chose Vietnamese: the address says so, so a copied link shows the same.
        tab.wait_for_function("location.search === '?lang=vi'")
        tab.locator(".bm-item").first.click()
        tab.wait_for_function("location.hash.includes('commitment=')")
        url = tab.evaluate("location.href")
        assert "?lang=vi#" in url
        # The switcher opens the same selection in another language.
        khmer = tab.locator("a[data-lang-switch=km]")
        assert "lang=km#" in khmer.get_attribute("href") and "commitment=" in khmer.get_attribute("href")
        for href in tab.eval_on_selector_all(".bm-nav a", "(links) => links.map((a) => a.getAttribute('href'))"):
            if not href.startswith("/api/"):
                assert "lang=vi" in href, href
        khmer.click()
        tab.wait_for_selector("body[data-bm-ready=true]")
        assert tab.evaluate("document.documentElement.lang") == "km"
        tab.wait_for_selector(".bm-has-detail #bm-detail-title")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_khmer_export_offline_renders_with_its_embedded_font(app, tmp_path, browser, viewport):
    path = tmp_path / "km.html"
    write_export(build_export(app.extensions["bordermap.store"], ExportOptions(lang="km")), path)
    context, tab = _context(browser, viewport)
    try:
        context.route("http://**/*", lambda route: route.abort("internetdisconnected"))
        open_map(tab, f"{path.as_uri()}#feature={FEATURE}")
        assert tab.evaluate("document.documentElement.lang") == "km"
        assert tab.locator(".bm-legend-toggle").inner_text() == "តារាងសញ្ញា"
        state = tab.evaluate(FONT_STATE, "ច្រកព្រំដែន")  # characters the file uses
        # Two faces of the subset: the regular weight and the bold (tests/test_browser_export_faithful.py).
        assert state["statuses"] == ["loaded", "loaded"] and abs(state["withFace"] - state["fallback"]) > 1, state
        _shot(tab, f"i18n-km-export-{viewport}")
        assert tab.errors == []
    finally:
        context.close()
