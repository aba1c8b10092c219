"""The interface in English, Khmer and Vietnamese: catalogues, the language choice, the export."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bordermap.i18n import messages, script_msgids
from bordermap.mapview.export import ExportOptions, build_export
from bordermap_app.cli import main as cli_main

REPO = Path(__file__).resolve().parents[1]
CATALOGUES = REPO / "app" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None, "t": None, "nt": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
EXPORT_BUDGET = 1.5 * 1024 * 1024


def _code_msgids() -> set:
    """Every string the code marks for translation, as `make translations` extracts it."""
    with open(REPO / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options_map, keywords=KEYWORDS):
        found.add(tuple(message) if isinstance(message, (list, tuple)) else message)
    return found


def _catalogue(lang: str):
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_every_string_of_the_code_is_translated_and_the_catalogue_compiles(lang):
    catalogue = _catalogue(lang)
    wanted = _code_msgids()
    assert len(wanted) > 100  # the map page, its scripts, the pages and the curated layers
    by_id = {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id: m for m in catalogue if m.id}
    missing = sorted(str(msgid) for msgid in wanted if msgid not in by_id)
    assert missing == []
    for msgid in wanted:
        message = by_id[msgid]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        assert all(strings), f"{lang}: {msgid!r} has no translation"
        assert not message.fuzzy, f"{lang}: {msgid!r} is marked fuzzy"
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        for text in strings:  # the same placeholders, or the page shows "{n}" or fails to format
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (lang, msgid, text)
    assert catalogue.check() is None or list(catalogue.check()) == []
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    committed = (CATALOGUES / lang / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert compiled.getvalue() == committed, "messages.mo is out of date: run `make translations`"
    assert "not yet reviewed by a native speaker" in (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").read_text()


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_each_message_is_in_the_catalogue_once_for_a_translators_tools(lang):
    """GNU msgfmt (which Poedit runs) refuses a catalogue that defines a message twice, an
    obsolete (#~) entry included; Babel's compiler did not mind, so the catalogues carried two."""
    catalogue = _catalogue(lang)
    active = {m.id[0] if isinstance(m.id, (list, tuple)) else m.id for m in catalogue if m.id}
    obsolete = {key[0] if isinstance(key, tuple) else key for key in catalogue.obsolete}
    assert not obsolete & active
    assert not obsolete  # `make translations` drops them: the code no longer asks for them


def test_the_scripts_strings_reach_the_page_in_its_language():
    ids = script_msgids()
    assert "Legend" in ids and ("{n} place", "{n} places") in ids
    km = messages("km").script_messages()
    assert km["messages"]["Legend"] == "តារាងសញ្ញា"
    assert km["plurals"]["{n} place"] == ["{n} ទីកន្លែង", "{n} ទីកន្លែង"]
    assert km["numberLocale"] == "km-u-nu-khmr"
    en = messages("en").script_messages()
    assert en["messages"]["Legend"] == "Legend" and en["plurals"]["{n} place"] == ["{n} place", "{n} places"]


def test_numbers_and_dates_follow_the_language():
    assert messages("en").number(12345) == "12,345"
    assert messages("km").number(12345) == "១២,៣៤៥"
    assert messages("vi").number(12345) == "12.345"
    assert messages("en").date("2025-12-08") == "2025-12-08"  # English keeps ISO dates
    assert messages("vi").date("2025-12-08") == "8 tháng 12 năm 2025"
    assert messages("km").date("2025-12-08") == "៨ ធ្នូ ២០២៥"
    # A month of a year (a target) reads as the language writes one, as its dates do.
    assert messages("vi").date("2027-06") == "tháng 6 năm 2027"
    assert messages("km").date("2027-06") == "មិថុនា ២០២៧"
    assert messages("en").date("2027-06") == "2027-06"
    assert messages("xx").lang == "en"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.html_lang = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(response) -> _Links:
    parser = _Links()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.mark.parametrize("path", ["/", "/revisions", "/upload"])
@pytest.mark.parametrize("lang", ["km", "vi"])
def test_lang_sets_the_page_language_and_stays_in_every_link(client, path, lang):
    page = _parse(client.get(f"{path}?lang={lang}"))
    assert page.html_lang == lang
    internal = [href for href in page.hrefs if href.startswith("/") and not href.startswith("/api/")]
    assert internal and all("lang=" in href for href in internal), internal
    switcher = [href for href in internal if re.search(r"[?&]lang=(en|km|vi)(&|#|$)", href)]
    assert {re.search(r"lang=(\w+)", h).group(1) for h in switcher} == {"en", "km", "vi"}


def test_accept_language_chooses_when_the_address_does_not(client):
    assert _parse(client.get("/", headers={"Accept-Language": "km-KH,km;q=0.9,en;q=0.5"})).html_lang == "km"
    assert _parse(client.get("/", headers={"Accept-Language": "vi"})).html_lang == "vi"
    assert _parse(client.get("/", headers={"Accept-Language": "fr, de"})).html_lang == "en"
    assert _parse(client.get("/?lang=en", headers={"Accept-Language": "vi"})).html_lang == "en"
    assert _parse(client.get("/?lang=xx", headers={"Accept-Language": "vi"})).html_lang == "vi"


def test_khmer_page_chrome_uses_khmer_words_and_digits(client):
    html = client.get("/?lang=km").get_data(as_text=True)
    as_of = re.search(r'<p class="bm-asof"[^>]*>\s*(.*?)</p>', html, re.S).group(1)
    assert as_of.startswith('<span class="bm-asof-curated">ទិន្នន័យដែលបានរៀបចំគិតត្រឹម ')
    date = as_of.split(" · ")[0]
    assert re.search("[០-៩]", date) and not re.search("[0-9]", date)
    assert 'href="/export.html?lang=km"' in html and ">ទាញយកផែនទី (HTML)<" in html
    assert "<title>bordermap: កិច្ចព្រមព្រៀងតាមព្រំដែនកម្ពុជា–វៀតណាម</title>" in html


def test_error_page_in_the_chosen_language(client):
    response = client.get("/revisions/999999?lang=vi")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html and "Quay lại bản đồ" in html and 'href="/?lang=vi"' in html
    assert "<h2>404 · Không tìm thấy</h2>" in html
    # The API answers in its own, fixed words whatever the language.
    assert client.get("/api/features/nothing?lang=vi").get_json()["error"] == "Not found"


def test_the_khmer_font_is_served(client):
    with client.get("/assets/fonts/NotoSansKhmer.ttf") as response:
        assert response.status_code == 200 and response.mimetype == "font/ttf"
        assert response.get_data()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert client.get("/assets/fonts/other.ttf").status_code == 404


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_export_in_each_language_embeds_the_khmer_it_uses_within_budget(app, lang):
    html = build_export(app.extensions["bordermap.store"], ExportOptions(lang=lang))
    size = len(html.encode("utf-8"))
    assert size < EXPORT_BUDGET, f"{lang}: {size:,} bytes"
    assert f'<html lang="{lang}">' in html
    face = re.search(r'@font-face\{font-family:"bordermap Khmer";src:url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\)', html)
    assert face, "the export carries the Khmer face as a data: URI"
    assert len(face.group(1)) * 3 / 4 < 40_000  # cut to the characters used, not the 360 KB font
    assert "/assets/fonts/" not in html


def test_cli_export_lang(runner, tmp_path):
    out = tmp_path / "km.html"
    result = runner.invoke(cli_main, ["export", str(out), "--lang", "km"])
    assert result.exit_code == 0, result.output
    # --lang is the file's language; the command speaks its own (review 31b, #7).
    assert result.stdout.startswith(f"wrote {out} (") and re.search(r"\d,\d{3} bytes", result.output)
    html = out.read_text(encoding="utf-8")
    assert '<html lang="km">' in html and "ទិន្នន័យដែលបានរៀបចំគិតត្រឹម" in html
    assert runner.invoke(cli_main, ["export", str(tmp_path / "x.html"), "--lang", "fr"]).exit_code == 2
    said = runner.invoke(cli_main, ["--lang", "km", "export", str(tmp_path / "k.html"), "--lang", "vi"])
    assert said.exit_code == 0 and said.stdout.startswith(f"បានសរសេរ {tmp_path / 'k.html'} (")


@pytest.mark.parametrize("lang, said", [
    ("en", "Error: the file {out} exists already; choose another name or pass --force to replace it"),
    ("km", "កំហុស៖ ការប៉ះទង្គិច៖ {out} មានរួចហើយ៖ សូមជ្រើសរើសឈ្មោះផ្សេង ឬបន្ថែម --force ដើម្បីជំនួសវា"),
    ("vi", "Lỗi: Xung đột: {out} đã có: hãy chọn tên khác, hoặc thêm --force để thay thế tệp đó")])
def test_cli_export_refuses_to_replace_a_file_in_the_commands_language(runner, tmp_path, monkeypatch, lang, said):
    """Review 31b, #7: the Khmer refusal was the library's English after "(in English)", with a Latin colon;
    review 33a, #1: for a plain name ("map.html", as the README writes it) it still was."""
    out = tmp_path / "map.html"
    out.write_text("kept", encoding="utf-8")
    result = runner.invoke(cli_main, ["--lang", lang, "export", str(out)])
    assert result.exit_code != 0 and result.output.strip().splitlines()[-1] == said.format(out=out), result.output
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli_main, ["--lang", lang, "export", "map.html"])
    assert result.exit_code == 1 and result.output.strip().splitlines()[-1] == said.format(out="map.html"), result.output
    assert out.read_text(encoding="utf-8") == "kept"
    assert runner.invoke(cli_main, ["--lang", lang, "export", str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_download_link_gives_the_export_in_the_pages_language(client):
    html = client.get("/export.html?lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in html and "Dữ liệu biên soạn tính đến" in html
    assert client.get("/export.html").get_data(as_text=True).startswith('<!DOCTYPE html>\n<html lang="en">')


def test_the_embedded_font_is_the_same_bytes_for_the_same_characters():
    """The export gives the same bytes for the same data: the subset carries no build time."""
    from fontTools.ttLib import TTFont

    from bordermap.mapview import fonts

    fonts.subset_woff.cache_clear()
    subset = TTFont(io.BytesIO(fonts.subset_woff("ខ្មែរ")))
    original = TTFont(io.BytesIO(fonts.font_path().read_bytes()))
    assert subset["head"].modified == original["head"].modified
    assert set(subset.getBestCmap()) >= {ord(c) for c in "ខ្មែរ"}
    assert len(subset.getBestCmap()) < 20  # only what was asked (and what shaping it needs)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_header_never_breaks_a_date_at_its_hyphens(client, lang):
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    as_of = re.search(r'<p class="bm-asof"[^>]*>\s*(.*?)</p>', html, re.S).group(1)
    curated = re.search(r'<span class="bm-asof-curated">(.*?)</span></span>', as_of, re.S).group(1)
    date = re.search(r'<span class="bm-nowrap">([^<]+)', curated).group(1)
    assert re.fullmatch(r"[0-9០-៩]{4}-[0-9០-៩]{2}-[0-9០-៩]{2}|.*[0-9០-៩]{4}.*", date), date
    assert "\x00" not in html


@pytest.mark.parametrize("lang, n_bytes, said", [
    ("en", 20 * 1024 * 1024, "20 MiB"), ("en", 1536, "1.5 KiB"), ("en", 200, "200 B"),
    ("km", 20 * 1024 * 1024, "២០ MiB"), ("vi", 1536, "1,5 KiB"),
])
def test_sizes_are_said_in_binary_units_and_the_languages_digits(lang, n_bytes, said):

    assert messages(lang).size(n_bytes) == said


def test_the_upload_page_gives_its_limit_as_a_size(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    for lang, said in (("en", "at most 20 MiB,"), ("km", "២០ MiB")):
        page = client.get(f"/upload?lang={lang}").get_data(as_text=True)
        assert said in page and "20,971,520" not in page


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_an_address_no_page_answers_is_said_and_marked_in_the_readers_language(client, lang):
    """Review 12a, F6: the 404 page was translated but marked lang="en", so a Khmer or Vietnamese
    voice read it as English, and it had no switcher."""
    page = client.get(f"/no-such-page?lang={lang}&x=1")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert 'href="/no-such-page?lang=en&amp;x=1"' in html and 'hreflang="en"' in html
