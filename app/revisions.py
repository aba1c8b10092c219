"""The revisions pages: the list of revisions, one revision's changes, and a revert (confirmed
first, with what stands in its way).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext

from bordermap import edits, ingest
from bordermap.errors import BordermapError, Conflict, LaterChangeConflict
from bordermap.revision_changes import revision_changes

from . import auth, revision_pages
from .edit import bp
from .editor_words import commitment_names, place_names, summary_names
from .forms import TokenForm
from .language import words
from .resources import store


@bp.app_template_filter("import_key_parts")
def _import_key_parts(key: str) -> tuple[str, str | None]:
    """A revision's `file_sha256` (an import key) as the revision page shows it."""
    return ingest.import_key_parts(key)



def _named(summaries) -> dict[str, tuple[str, str]]:
    """The places these revision summaries name, by their names in the page language."""
    return summary_names(store(), summaries, words().lang)


@bp.get("/revisions")
def revisions():
    listed = edits.revisions(store())
    return render_template("revisions.html", revisions=listed, token_form=TokenForm(),
                           names=_named(r["summary"] for r in listed),
                           editing=auth.editing_enabled(), unlocked=auth.is_unlocked())


@bp.get("/revisions/<int:revision_id>")
def revision(revision_id: int):
    detail = revision_changes(store(), revision_id, 200)
    return render_template("revision.html", detail=detail, names=_named([detail["revision"]["summary"]]),
                           fields=revision_pages.fields_said(detail, store(), words()),
                           token_form=TokenForm(), unlocked=auth.is_unlocked())


def _revert_page(revision_id: int, status: int = 200, error: BordermapError | None = None):
    """The confirmation: what would be undone, and what stands in the way of it (said before the
    editor confirms, and again when a revert is refused)."""
    found = error.later_change if isinstance(error, LaterChangeConflict) else None
    detail = edits.revision_detail(store(), revision_id, 0)
    # Reverted already (by another editor a moment before, on this server or another): the page's
    # own notice says so and by which revision; nothing stands "in the way" to be reverted first,
    # which would undo that revert (review 20, F11).
    already = detail["revision"].get("reverted_by") is not None
    if already:
        found = error = None
    blocked = None if already else edits.revert_blocked(store(), revision_id, found)
    later = blocked["later"] if blocked else []
    names = _named([detail["revision"]["summary"], *(r["summary"] for r in later)])
    if blocked and blocked["feature"]:
        names.update(place_names(store(), [blocked["feature"]], words().lang))
    in_the_way = [] if already else edits.events_in_the_way(store(), revision_id)
    citing = [] if already or blocked else edits.citations_in_the_way(store(), revision_id)
    # What else the store would refuse the revert for, said before it is pressed (review rv25b,
    # #2: a status event brought back onto a reworded paragraph was refused only after the press,
    # and the button offered again); and, where a later revision stands in the way, whether its
    # own revert would be refused, so the page does not send the editor to a dead end.
    ahead = None if already or blocked or citing or in_the_way or found \
        else store().revert_refused(revision_id)
    later_refused = store().revert_refused(blocked["later"][-1]["id"]) if blocked and blocked["later"] else None
    names.update({f"commitment:{cid}": said for cid, said in commitment_names(
        store(), [e["entity_id"] for e in in_the_way], words().lang).items()})
    return render_template("revert_confirm.html", detail=detail,
                           token_form=TokenForm(), unlocked=auth.is_unlocked(), blocked=blocked, names=names,
                           refused=bool(found), error=None if found or citing else error or ahead,
                           in_the_way=in_the_way, citing=citing, ahead=bool(ahead or (error and not found)),
                           later_refused=later_refused), status


# The confirmation is a page of its own (GET): its language switcher and a reload show it again.
@bp.route("/revisions/<int:revision_id>/revert", methods=["GET", "POST"])
def revert(revision_id: int):
    auth.require_session()
    if request.method == "GET" or request.form.get("confirmed") != "yes":
        return _revert_page(revision_id)  # one click shows what would be undone, a second does it
    try:
        new = edits.revert(store(), revision_id, author=session.get("author") or "editor")
    except Conflict as error:  # said on the confirmation, with the editors' pages around it
        return _revert_page(revision_id, error.status, error)
    flash(gettext("Reverted revision %(revision)s as revision %(new)s.", revision=words().numeral(revision_id),
                  new=words().numeral(new.id)), "ok")
    return redirect(url_for("edit.revisions"))
