"""No English left on the Khmer and Vietnamese pages: a walk through everything a reader sees.

The map (a popup, the panel with a commitment open, the legend and the layer control), the
upload page, the revisions and a revision's page, the documents and commitments pages, the
status history, the OGC API's pages and the error pages are opened in Chromium in
Khmer and in Vietnamese; every rendered text and every label a screen reader reads is taken, the
data's names, the publishers' own words and an explicit allow-list are set aside, and what is
left must hold no English word.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bordermap import ingest
from conftest import SCREENSHOTS, open_map

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
GEODATA = REPO / "geodata"
VIEWPORTS = {"desktop": (1280, 860), "phone": (390, 844)}
TOKEN = "test-editor-token"
# Words that are the same in every language here: formats, standards, brands, units, codes.
ALLOWED = ["CSV (Comma delimited)",  # Excel's name of the format it saves, before "CSV" is set apart
           "GeoJSON", "OpenStreetMap", "Leaflet", "bordermap", "Natural Earth", "GeoNames", "CC BY",
           "EPSG", "VN-2000", "UTM", "CRS", "JSON", "HTML", "SHA-256", "ISO 3166-2", "WGS 84", "ADB",
           "SPS", "MoEYS", "MoET", "USD", "km", "Khmer", "ASEAN", "KB", "MB", "KiB", "MiB", "GiB", "ODbL", "GMS", "UTC", "RFC",
           "Ctrl", "JavaScript", "FeatureCollection", "Feature", "GeometryCollection", "MultiPolygon", "MultiLineString",
           "MultiPoint", "Polygon", "LineString", "Point", "GeoPackage", "Shapefile", "KML", "CSV", "FlatGeobuf", "GPX",
           "zip", "PNG", "GIS", "OGC API – Features", "OGC", "API", "OpenAPI", "WKT", "URL", "https", "txt", "md", "html",
           "geodata/history.toml",
           # text encodings, the file that names one, and Excel's own name of the format it saves
           "Windows-1258", "Windows-1252", "ISO-8859-1", "UTF-8", ".cpg", "Excel",
           "Windows",
           # each language's name in itself (a document's language)
           "English", "Tiếng Việt",
           # property names a file may carry, written as code, and the example of a layer's kind,
           # a key the same in every language (review 31b, #1: the translated one was refused)
           "location_precision", "precision_m", "economic-zone",
           # in our notes' Khmer: places no source names in Khmer, kept in Latin letters as the data
           # keeps them, and a contract's kind (build-operate-transfer)
           "Dak Dang", "Long Binh", "BOT"]
# Set apart: the publishers' own words shown whole (quoted paragraphs, source titles), each
# language's name in itself (the switcher), and an error's details, which the page introduces
# in its language as English, and the data shown as it is stored (.bm-data: an OGC page's property
# names and values, link relations and media types).
OWN_WORDS = "blockquote, .bm-sources, .bm-langs, .bm-error-details, .bm-problems, .bm-data"
# The properties whose values are names (of places, gates, sources, their publishers).
NAME_KEYS = ("name", "name_vi", "gate_kh", "gate_vn", "gate_vn_vi", "title", "publisher", "number")

# Every rendered text (inside the page's visible elements), the options of its lists and the
# labels screen readers read, each with the language it is marked as.
RENDERED = """(ownWords) => {
  const out = [];
  const langOf = (el) => { const owner = el.closest('[lang]'); return owner ? owner.getAttribute('lang') : ''; };
  const seen = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.trim();
    if (!text || !parent || parent.closest('script, style, noscript') || parent.closest(ownWords)) continue;
    if (parent.closest('option') ? seen(parent.closest('select')) : seen(parent)) out.push([text, langOf(parent)]);
  }
  document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]').forEach((el) => {
    if (el.closest(ownWords) || !(seen(el) || el.closest('.leaflet-control'))) return;
    ['aria-label', 'placeholder', 'title', 'alt'].forEach((name) => {
      if (el.getAttribute(name)) out.push([el.getAttribute(name), langOf(el)]);
    });
  });
  out.push([document.title, document.documentElement.lang]);
  return out;
}"""


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


def _catalogue(lang: str):
    with open(REPO / "app" / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _english_and_vietnamese_words() -> tuple[set[str], set[str]]:
    """English words the interface and our data use, and every word the Vietnamese side uses.

    A Latin word on a Vietnamese page is English when it is one of the first and none of the
    second (Vietnamese syllables such as "an", "ban" or "to" are not taken for English).
    """
    english, vietnamese = set(), set()
    for message in _catalogue("vi"):
        for msgid in (message.id if isinstance(message.id, (list, tuple)) else [message.id]):
            english |= _words(re.sub(r"%\(\w+\)[sd]|\{\w+\}", " ", msgid or ""))
        for msgstr in (message.string if isinstance(message.string, (list, tuple)) else [message.string]):
            vietnamese |= _words(msgstr or "")
    commitments = tomllib.loads((GEODATA / "commitments.toml").read_text(encoding="utf-8"))["commitments"]
    for item in commitments:
        english |= _words(item["summary"] + " " + item.get("links_reading", "") + " " + item.get("target", ""))
    vocabulary = tomllib.loads((GEODATA / "vocabulary.toml").read_text(encoding="utf-8"))
    translations = tomllib.loads((GEODATA / "commitment_translations.toml").read_text(encoding="utf-8"))
    for table in vocabulary.values():
        for entry in table.values() if isinstance(table, dict) else []:
            english |= _words(entry["en"])
            vietnamese |= _words(entry["vi"])
    for entry in translations.values():
        vietnamese |= _words(" ".join(entry["vi"].get(key, "") for key in ("summary", "links_reading", "target")))
    notes = tomllib.loads((GEODATA / "history.toml").read_text(encoding="utf-8"))
    for entry in notes.get("events", []) + notes.get("targets", []):
        english |= _words(entry["note"] + " " + entry.get("date_note", ""))
    history = tomllib.loads((GEODATA / "history_translations.toml").read_text(encoding="utf-8"))
    for entry in history.values():
        vietnamese |= _words(entry["vi"]["note"] + " " + entry["vi"].get("date_note", ""))
    english = {word for word in english if len(word) >= 3 and word.isascii()}
    return english, vietnamese


def _names(store) -> list[str]:
    """Names the data gives (places, gates, layers, sources, publishers, documents), longest first."""
    found = set()

    def take(props):
        for key in NAME_KEYS:
            if isinstance(props.get(key), str):
                found.add(props[key])
        for source in props.get("sources") or []:
            if isinstance(source, dict):
                found.update(str(source[key]) for key in ("title", "publisher") if source.get(key))

    for feature in store.features():
        take(feature["properties"])
    for document in store.documents():
        take(document)
        found.add(document["id"])
    for layer in store.layers():
        if layer.origin == "user":  # an editor's words: the layer's title and id
            found.update((layer.title, layer.id, layer.kind))
    for feature in store.features():
        found.add(str(feature["id"]))
    for revision in store.history():  # who made each change, and the file's name
        found.add(revision.author)
        found.update(re.findall(r"\S+\.geojson", revision.summary))
    parts = {part.strip() for name in found for part in re.split(r"\s+[–-]\s+|,\s+", name)}
    return sorted(found | {part for part in parts if len(part) > 2}, key=len, reverse=True)


def _leftovers(texts, lang, names, english, vietnamese) -> list[str]:
    """The texts with an English word left once names and allowed words are set aside."""
    left = []
    for text, _own in texts:
        rest = text
        for name in names:
            if name in rest:
                rest = rest.replace(name, " ")
        rest = re.sub(r"\S*\d\S*", " ", rest)  # numbers, ids, versions and hashes are no language
        for word in ALLOWED:
            rest = re.sub(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])", " ", rest)
        latin = re.findall(r"[A-Za-z]+", rest)
        if lang == "km":
            wrong = [word for word in latin if len(word) >= 2]
        else:
            wrong = [word for word in re.findall(r"[^\W\d_]+", rest)
                     if word.isascii() and word.lower() in english and word.lower() not in vietnamese]
        if wrong:
            left.append(f"{text!r}: {wrong}")
    return sorted(set(left))


def _shot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _import_one(app):
    store = app.extensions["bordermap.store"]
    raw = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Test zone"},'
           b'"geometry":{"type":"Point","coordinates":[105.9,11.2]}}]}')
    plan = ingest.plan_import(raw, layer="zones", new_layer=ingest.make_layer("zones", title="Zones", kind="zones"),
                              store=store, filename="zones.geojson")
    ingest.run_import(store, plan, author="Tester")
    return store


@pytest.fixture(scope="module")
def words():
    return _english_and_vietnamese_words()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["km", "vi"])
def test_no_english_left_on_any_page(app, live_server, browser, words, lang, viewport):
    store = _import_one(app)
    names = _names(store)
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "data:")) else route.abort())
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    found = {}
    try:
        base = live_server.url
        # The map: a gate's popup open, then the panel with commitments that carry a reading of
        # their links and a target, the legend and the layer control open.
        open_map(tab, f"{base}/?lang={lang}#feature=cp-meun-chey-tan-nam")
        tab.wait_for_selector(".leaflet-popup-content .bm-popup")
        if tab.locator(".bm-legend-toggle[aria-expanded=false]").count():
            tab.locator(".bm-legend-toggle").click()
        tab.evaluate("document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded')")
        found["map with a popup"] = tab.evaluate(RENDERED, OWN_WORDS)
        _shot(tab, f"no-english-{lang}-{viewport}-map-popup")
        for commitment in ("c-pr71-16", "c-pr71-06"):
            tab.evaluate(f"BorderMap.panel.open({commitment!r}, {{ keepView: true, noFocus: true }})")
            tab.wait_for_selector("#bm-detail-title")
            found[f"panel, {commitment}"] = tab.evaluate(RENDERED, OWN_WORDS)
        _shot(tab, f"no-english-{lang}-{viewport}-map-panel")
        tab.locator(".bm-all-places summary").click()
        found["places list"] = tab.evaluate(RENDERED, OWN_WORDS)
        # The editor's pages, locked and unlocked, and their errors.
        for name, path in (("upload, locked", "/upload"), ("revisions", "/revisions"), ("revision", "/revisions/1"),
                           ("missing page", "/no-such-page"), ("wrong method", "/export.html?layers=nope")):
            tab.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
            found[name] = tab.evaluate(RENDERED, OWN_WORDS)
        tab.goto(f"{base}/upload?lang={lang}&token={TOKEN}")
        found["upload, unlocked"] = tab.evaluate(RENDERED, OWN_WORDS)
        _shot(tab, f"no-english-{lang}-{viewport}-upload")
        tab.goto(f"{base}/revisions?lang={lang}")
        found["revisions, unlocked"] = tab.evaluate(RENDERED, OWN_WORDS)
        _shot(tab, f"no-english-{lang}-{viewport}-revisions")
        # The editors' record pages: documents and commitments, a new commitment's form, the
        # status history; and the OGC API's pages.
        for name, path in (("ledger", "/ledger"), ("new commitment", "/ledger/commitments/new"),
                           ("status history", "/history"), ("OGC landing", "/ogc/?f=html"),
                           ("OGC collection", "/ogc/collections/checkpoints?f=html"),
                           ("OGC items", "/ogc/collections/checkpoints/items?limit=2&f=html"),
                           ("OGC feature", "/ogc/collections/checkpoints/items/cp-meun-chey-tan-nam?f=html")):
            tab.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
            found[name] = tab.evaluate(RENDERED, OWN_WORDS)
            _shot(tab, f"no-english-{lang}-{viewport}-{name.replace(' ', '-').lower()}")
        tab.goto(f"{base}/revisions/1?lang={lang}")
        _shot(tab, f"no-english-{lang}-{viewport}-revision")
        tab.goto(f"{base}/no-such-page?lang={lang}")
        _shot(tab, f"no-english-{lang}-{viewport}-error")
    finally:
        context.close()
    english, vietnamese = words
    left = {page: _leftovers(texts, lang, names, english, vietnamese) for page, texts in found.items()}
    assert {page: texts for page, texts in left.items() if texts} == {}
    assert all(len(texts) >= 4 for texts in found.values()), {page: len(texts) for page, texts in found.items()}
    assert errors == []


def test_the_walk_finds_english_where_there_is_some(words):
    """The check itself: English on a Khmer or Vietnamese page is found; names and Vietnamese are not."""
    english, vietnamese = words
    names = ["Meun Chey", "Tan Nam"]
    assert _leftovers([("Download map", "km")], "km", names, english, vietnamese)
    assert _leftovers([("ច្រក Meun Chey – Tan Nam · GeoJSON", "km")], "km", names, english, vietnamese) == []
    assert _leftovers([("Tải bản đồ xuống · the commitments", "vi")], "vi", names, english, vietnamese)
    assert _leftovers([("Cửa khẩu Meun Chey – Tan Nam, tỉnh Tây Ninh, an toàn", "vi")], "vi", names,
                      english, vietnamese) == []
