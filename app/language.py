"""The page language: chosen by `?lang=`, else the browser's Accept-Language; kept in links.

Flask-Babel translates the app's own pages; the map document and the export take the same
catalogues through `bordermap.i18n.messages` (the library never imports Flask).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, current_app, has_request_context, request, url_for
from flask_babel import Babel, get_locale
from werkzeug.exceptions import HTTPException

from bordermap import i18n, revision_words
from bordermap.mapview import fonts
from bordermap.paths import translations_dir

# Endpoints whose URLs carry no language: assets and the data APIs answer the same in any (but
# for the description of a refusal, app/api_words), and the links they hand to programs (OGC
# paging, Location, Link) must be the resource's own address: a GIS client on a Khmer or
# Vietnamese system sends Accept-Language too.
_WITHOUT_LANG = ("pages.asset", "api.", "edit_api.", "downloads.", "ogc.")


def page_language() -> str:
    """The request's language: a valid `?lang=`, else the best of Accept-Language, else English."""
    chosen = i18n.language(request.args.get("lang"))
    if chosen:
        return chosen
    return request.accept_languages.best_match(list(i18n.LANGUAGES)) or i18n.DEFAULT_LANGUAGE


def words() -> i18n.Messages:
    """The request's language as the library's Messages (map page, export, nav)."""
    return i18n.messages(str(get_locale()) if has_request_context() else None)


def chosen_by_header(response):
    """An answer whose words Accept-Language chose says so (`Vary`), so no cache hands it to a
    reader of another language; a `lang=` in the address chose them for every reader."""
    if not i18n.language(request.args.get("lang")):
        response.vary.add("Accept-Language")
    return response


def _page_to_get() -> tuple[str, dict]:
    """The page the switcher links to: this one, or, for the answer to a form sent (POST), the
    nearest page up its path that a link can open (GET): a language chosen there must not
    open an error page, nor send the form again."""
    if request.method in ("GET", "HEAD"):
        return request.endpoint, dict(request.view_args or {})
    adapter = current_app.url_map.bind("localhost")
    path = request.path
    while path:
        try:
            return adapter.match(path, method="GET")
        except HTTPException:
            path = path.rsplit("/", 1)[0]
    return "pages.index", {}


def language_links() -> list[dict]:
    """The switcher: this page in each language, its query kept and `lang` replaced."""
    current = str(get_locale())
    endpoint, values = _page_to_get()
    # The query is written as it came, not handed to url_for: its keys would be taken for Flask's
    # own (_external with a forged Host, _scheme, _anchor) or the address's values (review 21, F6).
    kept = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    links = []
    for code, label in i18n.LANGUAGES.items():
        address = url_for(endpoint, **values, lang=code)
        links.append({"lang": code, "label": label, "current": code == current,
                      "href": address + ("&" + urlencode(kept) if kept else "")})
    return links


def _links_here() -> list[dict]:
    """The switcher of a page no endpoint answers: this address with `lang` replaced."""
    current = str(get_locale())
    args = request.args.to_dict(flat=False)
    here = _same_site(request.script_root + request.path)
    return [{"lang": code, "label": label, "current": code == current,
             "href": f"{here}?{urlencode(dict(args, lang=[code]), doseq=True)}"}
            for code, label in i18n.LANGUAGES.items()]


# What a path may keep as it is (RFC 3986's pchar and "/"); the rest is percent-encoded.
_PATH_SAFE = "/!$&'()*+,;=:@"


def _same_site(path: str) -> str:
    """`path` as a link that stays on this site, whatever it holds: a browser reads "/\\host"
    (and "/<tab>/host") as "//host", another site (review 22c, F4), so the backslash, control
    characters, "?", "#" and "%" are percent-encoded, and a second leading "/" is too ("%2F"
    is read back as "/": the link opens the same address)."""
    quoted = quote(path, safe=_PATH_SAFE)
    return "/%2F" + quoted[2:] if quoted.startswith("//") else quoted


def _keep_lang(endpoint: str, values: dict) -> None:
    """Every link the app builds keeps the page's language: the one `?lang=` chose, or one the
    browser asked for other than English (so a copied link shows the same words)."""
    if not has_request_context() or endpoint.startswith(_WITHOUT_LANG) or "lang" in values:
        return
    chosen = i18n.language(request.args.get("lang"))
    if chosen is None and request.endpoint is not None and str(get_locale()) != i18n.DEFAULT_LANGUAGE:
        chosen = str(get_locale())
    if chosen:
        values["lang"] = chosen


def _counted(here: i18n.Messages, singular: str, plural: str, n: int, **values) -> str:
    """A plural message of a page template, its `%(num)d` written as the language writes numbers."""
    text = here.translations.ngettext(singular, plural, n).replace("%(num)d", "%(num)s")
    return text % dict(values, num=here.number(n))


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", i18n.DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(translations_dir()))
    Babel(app, locale_selector=page_language)
    app.url_defaults(_keep_lang)

    @app.context_processor
    def language_context():
        if not has_request_context():
            return {"page_lang": i18n.DEFAULT_LANGUAGE, "languages": [], "font_face": "",
                    "format_number": i18n.messages(None).number, "format_size": i18n.messages(None).size,
                    "numeral": i18n.messages(None).numeral}
        here = words()
        # An address no page answers (the 404 page) is said in the reader's language too, and
        # marked so, with the switcher: the same address in each language.
        links = language_links() if request.endpoint is not None else _links_here()
        return {"page_lang": str(get_locale()), "languages": links, "format_number": here.number,
                "format_size": here.size, "numeral": here.numeral,
                # Counts in plural messages in the page language's digits (Khmer digits in Khmer).
                "ngettext": lambda singular, plural, n, **values: _counted(here, singular, plural, n, **values),
                "revision_action": lambda name: revision_words.action(name, here),
                "revision_entity": lambda name: revision_words.entity(name, here),
                # `utc`: where no heading says "(UTC)" above the time, the time says it (review 25a, #9).
                "revision_time": lambda value, utc=False: revision_words.when(value, here) + (" UTC" if utc else ""),
                "font_face": fonts.page_font_faces(url_for("pages.asset", path=f"fonts/{fonts.FONT_FILE}"))}
