"""The editors' pages' blueprint ("edit") and its setup: limits, CSRF on forms, the editors'
other blueprints; unlocking and locking editing, and deleting a layer.

The pages themselves attach their views to this blueprint from modules of their own: the
upload page (`upload_page`) and the revisions (`revisions`).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, Flask, flash, redirect, request, url_for
from flask_babel import gettext
from flask_wtf import CSRFProtect

from bordermap import edits, i18n
from bordermap.errors import Forbidden
from bordermap.ingest.parse import Limits

from . import api_words, auth, edit_api, history_pages, ledger_api, ledger_pages, ogc_api
from .forms import TokenForm
from .language import words
from .resources import store

bp = Blueprint("edit", __name__)
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Limits from BORDERMAP_MAX_*, CSRF on forms (not the token-protected JSON API), routes."""
    # The pages' views join the blueprint before it is registered (they import it from here).
    from . import ledger_commitments, ledger_documents, revisions, upload_page  # noqa: F401

    limits = Limits.from_mapping(app.config)
    app.extensions["bordermap.limits"] = limits
    app.config["MAX_CONTENT_LENGTH"] = limits.max_bytes
    csrf.init_app(app)
    csrf.exempt(edit_api.bp)
    csrf.exempt(ledger_api.bp)
    # The OGC API's writes (Part 4) take the editor token only, never a session cookie.
    csrf.exempt(ogc_api.bp)
    app.register_blueprint(bp)
    app.register_blueprint(edit_api.bp)
    app.register_blueprint(ledger_api.bp)
    app.register_blueprint(ledger_pages.bp)
    app.register_blueprint(history_pages.bp)


@bp.post("/unlock")
def unlock():
    form = TokenForm()
    if form.validate():
        try:
            auth.unlock(form.token.data or "")
        except Forbidden as error:
            flash(refused_token(error, _back()), "error")
    return redirect(_back())


def refused_token(error: Forbidden, page: str | None = None) -> str:
    """A wrong editor token's refusal, shown on the page it was entered on (`page`, whose
    `lang=` the form's own request does not carry): in that page's language, as a sentence (the
    library's English starts in lower case; review 31a, #1: a Khmer or Vietnamese page said it in
    English)."""
    lang = i18n.language(parse_qs(urlsplit(page).query).get("lang", [""])[0]) if page else None
    here = i18n.messages(lang) if lang else words()
    said = api_words.said(error.message, here) or error.message
    return said[:1].upper() + said[1:]


@bp.post("/lock")
def lock():
    auth.lock()
    return redirect(_back())


def _back() -> str:
    return back_to(request.form.get("next", ""))


def back_to(target: str) -> str:
    """`target` when it is one of the editors' pages (its path, query kept), else the upload page:
    never another site."""
    path = target.partition("?")[0]
    # The pages' paths alone (lang=None: no page language spliced into them).
    upload, revisions, ledger, history = (url_for(endpoint, lang=None) for endpoint in (
        "edit.upload", "edit.revisions", "ledger.index", "history_pages.page"))
    editors = path in (upload, revisions, ledger, history) or path.startswith((ledger + "/", revisions + "/"))
    plain = target.startswith("/") and not target.startswith("//") and ".." not in path.split("/")
    return target if editors and plain else url_for("edit.upload")


@bp.post("/layers/<layer_id>/delete")
def delete_layer(layer_id: str):
    auth.require_session()
    revision = edits.delete_layer(store(), layer_id, author=edits.author_name(None, "editor"))
    flash(gettext("Deleted layer %(layer)s (revision %(revision)s); revert that revision to bring it back.",
                  layer=layer_id, revision=words().numeral(revision.id)), "ok")
    return redirect(url_for("edit.upload"))
