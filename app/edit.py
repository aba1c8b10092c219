"""Pages for editors: add data (dry run, then import), revisions (inspect, revert), layers."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from pathlib import Path

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_wtf import CSRFProtect
from wtforms.validators import Length

from bordermap import edits, ingest
from bordermap.errors import (
    BordermapError,
    Conflict,
    Forbidden,
    InvalidInput,
    LaterChangeConflict,
    LayerChoice,
    MalformedInput,
    NotFound,
    TooLarge,
    storage_error,
)
from bordermap.i18n import N_
from bordermap.ingest import explain
from bordermap.ingest.parse import Limits
from bordermap.ingest.preview import preview_map
from bordermap.model import Revision
from bordermap.revision_changes import revision_changes

from . import auth, edit_api, history_pages, ledger_api, ledger_pages, ogc_api, revision_pages
from .editor_words import commitment_names, input_of, listed, place_names, problem, servers_refusal, summary_names
from .forms import TokenForm, UploadForm, fill_choices
from .language import words
from .problem_words import localized
from .resources import store

bp = Blueprint("edit", __name__)
csrf = CSRFProtect()
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
STAGED_FOR = 24 * 3600  # seconds a checked file waits for its import
PREVIEWED = 50  # features the dry run lists and draws


def init_app(app: Flask) -> None:
    """Limits from BORDERMAP_MAX_*, CSRF on forms (not the token-protected JSON API), routes."""
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


# ----------------------------------------------------------------------------- staging
def _stage(raw: bytes, sha256: str) -> None:
    """Keep a checked file until it is imported, in the store: the import may reach another
    app server than the check did (review 13, F2). Files nobody imported are forgotten after
    STAGED_FOR."""
    now = time.time()
    store().stage_upload(sha256, raw, now, now - STAGED_FOR)


def _staged(sha256: str) -> bytes:
    raw = store().staged_upload(sha256, time.time() - STAGED_FOR) if _SHA256.match(sha256) else None
    if raw is None:
        raise NotFound("the checked file is no longer waiting for import; choose it and check it again")
    return raw


def _staged_to_import(form: UploadForm) -> bytes:
    """The checked file an import names. Gone, because another editor who checked the same file
    imported it meanwhile (the kept files are one per content), that import is named rather
    than the file's absence (review 20, F13); either way the page no longer says it is kept."""
    sha256 = form.staged.data
    try:
        return _staged(sha256)
    except NotFound:
        form.staged.data = ""
        target = _target_id(form)
        earlier = _found_import(target, sha256, (form.source_layer.data or "").strip()) \
            if target and _SHA256.match(sha256) else None
        if earlier is None:
            raise
        raise Conflict(f"since you checked it, this file was imported into {target!r} as revision {earlier.id} "
                       f"({earlier.created_at}, by {earlier.author}); it was not imported again") from None


@bp.app_template_filter("import_key_parts")
def _import_key_parts(key: str) -> tuple[str, str | None]:
    """A revision's `file_sha256` (an import key) as the revision page shows it."""
    return ingest.import_key_parts(key)


def _found_import(target: str, sha256: str, source_layer: str) -> Revision | None:
    """The import of the file `sha256` into `target`: of the layer the form names in it (the
    file is gone, so whether it held several is not known), else of the whole file."""
    found = store().find_import(target, ingest.import_key(sha256, source_layer)) if source_layer else None
    return found or store().find_import(target, sha256)


def _target_id(form: UploadForm) -> str:
    """The id of the layer the form imports into ("" when the new layer's is not valid)."""
    try:
        new_layer = _new_layer(form)
    except BordermapError:
        return ""
    return new_layer.id if new_layer is not None else form.layer.data or ""


def _new_layer(form: UploadForm):
    """The new layer the form asks for (checked: InvalidInput), or None for one of the editor's."""
    if form.target.data != "new":
        return None
    return ingest.make_layer(form.new_id.data or "", title=form.new_title.data or "",
                             kind=form.kind.data or "", color=form.color.data or "", store=store())


# ----------------------------------------------------------------------------- pages
def _page(form: UploadForm, status: int = 200, **extra):
    extra.setdefault("source_layers", [])  # a file of several layers: those to choose from
    user_layers = [layer for layer in store().layers() if layer.origin == "user"]
    names = {item["id"]: item.get("summary", "") for item in store().commitments()}
    return render_template(
        "upload.html", form=form, token_form=TokenForm(), user_layers=user_layers, commitment_names=names,
        editing=auth.editing_enabled(), unlocked=auth.is_unlocked(),
        limits=current_app.extensions["bordermap.limits"], staged_hours=STAGED_FOR // 3600, **extra,
    ), status


@bp.get("/upload")
def upload():
    """The upload form; `?token=` (as printed at start-up) unlocks editing, then is dropped."""
    if "token" in request.args:
        if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
            # Another site's page asked (an image, a script, a link in a web mail): neither an
            # unlock nor a wrong guess, which would lock the editor out from their own address
            # for minutes (review 21, F9).
            flash(gettext("This link unlocks editing only when opened from the browser's address bar: paste it "
                          "there, or enter the editor token below."), "error")
        else:
            try:
                auth.unlock(request.args["token"])
            except Forbidden as error:
                flash(error.message, "error")
        return redirect(url_for("edit.upload"))
    form = UploadForm()
    fill_choices(form, store())
    form.author.data = form.author.data or session.get("author", "")  # the name given last time
    return _page(form)


def _said(error: BordermapError, raw: bytes | None, form: UploadForm | None = None) -> list[tuple[str, str | None]]:
    """A refusal's problems in the page language, each with the form input it is about (or
    None): each naming its feature, with a hint where one helps. A message that is a sentence
    of its own ("the file holds 2 layers: …") is the one problem, its `problems` only the details
    it names. A problem of one of the form's own inputs (the name) is said as every editors'
    form says it, and names that input."""
    if error.problems and any(problem in error.message for problem in error.problems):
        originals = list(error.problems)
        texts = explain.readable_problems(originals, raw)
    else:
        originals = [error.message]
        texts = [explain.readable_message(error.message, raw)]
    # A problem of the file's content is about the file input (a screen reader says it there).
    in_file = "file" if isinstance(error, (InvalidInput, MalformedInput, TooLarge)) else None
    if len(texts) != len(originals):  # said together: about the file, none of the form's other inputs
        return [(localized(text, words()), in_file) for text in texts]
    said = []
    for original, text in zip(originals, texts, strict=True):
        name = input_of(original)
        if name is not None and not hasattr(UploadForm, name):
            name = None  # a field of the ledger's forms, which this one lacks
        if name is not None:
            said.append((problem(original, words()), name))
        else:  # the import's own words for a field of this form ("new_layer_title: …"), or the file's
            head, _, rest = original.partition(": ")
            name = _PLAN_INPUTS.get(head)
            if name == "layer" and form is not None and form.target.data == "new":
                name = "new_id"  # the new layer's id, which the import calls `layer`
            if name is not None and form is not None:  # said by the form's label, not the API's name
                said.append((words().gettext("%(field)s: %(problem)s", field=form[name].label.text,
                                             problem=localized(rest, words(), start=False)), name))
            else:  # the file's layers to choose from are said at their choice, not at the file
                said.append((localized(text, words()), _PLAN_INPUTS.get(head, "source_layer" if _CHOOSE.match(
                    original) else in_file)))
    return said


# The refusal of a file of several layers read without a choice (formats._choose_layer).
_CHOOSE = re.compile(r"the file holds \d+ layers: .*; choose one \(source_layer\)$", re.S)


# The upload form's inputs, by the name the import gives their problems.
_PLAN_INPUTS = {"new_layer_title": "new_title", "new_layer_id": "new_id", "new_layer_kind": "kind",
                "new_layer_color": "color", "layer": "layer", "crs": "crs", "source_layer": "source_layer",
                "location_precision": "location_precision", "precision_m": "precision_m", "links": "links",
                "encoding": "encoding"}


def _refused(error: BordermapError, raw: bytes | None, checking: bool, form: UploadForm | None = None) -> dict:
    """The refusal as the editors' forms say one (`editor_words.listed`); after a check, what it found."""
    return servers_refusal(error, words()) or listed(_said(error, raw, form), words(), checking=checking)


def _form_problems(form: UploadForm) -> list[tuple[str, str]]:
    """What the form's own rules refuse (a field longer than it takes, where a browser's
    maxlength did not stop it), each by the field's label, as the file's problems are said."""
    here = words()
    said = []
    for name, errors in form.errors.items():
        field = form[name]
        limit = next((rule.max for rule in field.validators if isinstance(rule, Length)), None)
        text = field.data if isinstance(field.data, str) else ""
        for error in errors:
            if limit is not None and len(text) > limit:
                error = f"text is {len(text):,} characters long; the limit is {limit:,}: shorten it"
            if input_of(f"{name}: {error}") == name:  # a field every editors' form has (the name): named alike
                said.append((problem(f"{name}: {error}", here), name))
            else:
                said.append((here.gettext("%(field)s: %(problem)s", field=field.label.text,
                                          problem=localized(str(error), here, start=False)), name))
    return said


def _keep(form: UploadForm, raw: bytes | None, filename: str) -> None:
    """Keep a file whose check failed, so the next try needs no new choice of it (a browser
    forgets a chosen file once the page is sent back)."""
    if not raw or form.staged.data:
        return
    try:
        sha256 = hashlib.sha256(raw).hexdigest()
        _stage(raw, sha256)
    except BordermapError:
        return  # keeping it is a convenience; the error the editor sees is the file's
    form.staged.data, form.filename.data = sha256, filename


@bp.post("/upload")
def upload_post():
    """Check the file (dry run) or, after a check, import it."""
    form = UploadForm()
    fill_choices(form, store())
    refused_here = [] if form.validate() else _form_problems(form)
    # Import sends the whole form: a file chosen there after a check (one is kept) has not been
    # checked yet, and is checked instead.
    importing = form.action.data == "import" and not (form.file.data and form.staged.data)
    raw, filename, plan = None, "", None
    try:
        if not auth.is_unlocked():
            auth.unlock(form.token.data or "")
        if importing and form.staged.data:
            raw, filename = _staged_to_import(form), form.filename.data or "upload.geojson"
        elif form.file.data:
            raw, filename = form.file.data.read(), Path(form.file.data.filename or "upload.geojson").name
            form.staged.data = ""  # a new file replaces one kept from an earlier try
        elif form.staged.data:  # the file kept from the last try
            raw, filename = _staged(form.staged.data), form.filename.data or "upload.geojson"
        else:  # said as every other refusal is: in the page's words, at the input, focused (review 23j, F2)
            here = words()
            said = here.gettext("%(field)s: %(problem)s", field=form.file.label.text,
                                problem=here.gettext(N_("choose a file: GeoJSON or one of the GIS formats listed")))
            return _page(form, 400, refused=listed([(said, "file")], words(), checking=not importing))
        if refused_here:  # said with whatever else is wrong, the file kept for the next try
            found, said_here, offered = [], {name for _, name in refused_here}, []
            for check in (lambda: _plan(form, raw, filename), lambda: edits.author_name(form.author.data, "editor")):
                try:
                    check()
                except BordermapError as error:  # a file that is no map, too large, …: said too
                    found += [said for said in _said(error, raw, form) if said[1] not in said_here]
                    offered = getattr(error, "layers", None) or offered
            _keep(form, raw, filename)
            return _page(form, 422, refused=listed(found + refused_here, words(), checking=not importing),
                         source_layers=offered)
        # The name is checked with the file, on a dry run too: a check that passed should not
        # leave the import to refuse the name.
        author = edits.author_with(form.author.data, "editor", lambda: _plan(form, raw, filename))
        plan = _plan(form, raw, filename)
        if not importing:
            _stage(raw, plan.file_sha256)
            form.staged.data, form.filename.data = plan.file_sha256, filename
            if plan.source_layers and not form.source_layer.data:
                # A GPX file's one track (or routes), read without a choice, is ticked first among
                # the layers offered with its points (formats._choose_layer).
                form.source_layer.data = plan.source_layers[0]["name"]
            # The kind every feature takes from its layer is not the file's own: not listed with its
            # properties (review 24a, #12: "kind: user" on every row of a file that has none).
            return _page(form, report=_readable_report(plan.report(PREVIEWED), raw), plan=plan, layer_kind=plan.kind,
                         source_layers=plan.source_layers,
                         preview_map=preview_map(plan.features, PREVIEWED), duplicate_of=plan.earlier_import)
        revision = ingest.run_import(store(), plan, author=author, allow_duplicate=bool(form.again.data))
    except BordermapError as error:
        if not importing:
            _keep(form, raw, filename)
        # The import refused as a duplicate offers the box to import it again anyway.
        earlier = plan.earlier_import if plan is not None else None
        # A file of several layers: they are offered to choose from (LayerChoice), the file kept.
        offered = getattr(error, "layers", None) or (plan.source_layers if plan is not None else [])
        return _page(form, error.status, refused=_refused(error, raw, checking=not importing, form=form),
                     duplicate_of=earlier, source_layers=offered)
    except (OSError, sqlite3.Error) as error:  # a full disk or a read-only store, said on the form
        typed = storage_error(error, "the store")
        if typed is None:
            raise
        said = gettext(typed.user_message) if typed.user_message else typed.message
        return _page(form, typed.status, refused=listed([(said, None)], words()))
    store().unstage_upload(plan.file_sha256)
    first = revision.first_feature_id  # ids the store assigned are known only now
    if form.author.data:
        session["author"] = form.author.data  # offered again next time
    fresh = UploadForm(formdata=None)
    fill_choices(fresh, store())  # the new layer, and every commitment, are there to choose at once
    fresh.author.data = form.author.data
    return _page(fresh, 201, imported=revision, report=plan.report(PREVIEWED), first_feature=first,
                 imported_into=store().layer(plan.layer_id).title)


FAR = "outside the Cambodia–Viet Nam region"


def _readable_report(report: dict, raw: bytes) -> dict:
    """The dry run's notes with each feature named; far-away features apart, shown at the button."""
    notes = explain.readable_problems(report["warnings"], raw)
    far = [localized(n, words()) for n in notes if FAR in n]
    return dict(report, warnings=[localized(n, words()) for n in notes if FAR not in n], far=far)


# A stand-in for a new layer the form does not yet describe well, to check the file meanwhile.
_CHECKED_FILE = "upload-being-checked"


def _plan(form: UploadForm, raw: bytes, filename: str) -> ingest.ImportPlan:
    try:
        new_layer = _new_layer(form)
    except InvalidInput as layer_error:
        # The file is checked too, in a layer standing in for the new one: one check says all
        # that is wrong, where a missing title hid the file's own mistakes (review 24a, #1).
        try:
            _plan_into(form, raw, filename, ingest.make_layer(_CHECKED_FILE, title=_CHECKED_FILE), "")
        except (InvalidInput, MalformedInput) as file_error:
            # A file's layers to choose from are one problem, said at the choice (the sentence that
            # names them), not one a layer (review 26, #3: "4 problems", three of them a name each).
            of_file = [file_error.message] if isinstance(file_error, LayerChoice) or not file_error.problems \
                else file_error.problems
            found = [*layer_error.problems, *of_file]
            # A file of several layers keeps the layers it offers (LayerChoice), said as the form's field.
            combined = file_error if isinstance(file_error, LayerChoice) else InvalidInput(layer_error.message)
            raise combined.restated(layer_error.message, found) from None
        except BordermapError:
            pass  # a file refused as a whole (too large, not a map) is said once the layer is described
        raise
    return _plan_into(form, raw, filename, new_layer, form.layer.data or "")


def _plan_into(form: UploadForm, raw: bytes, filename: str, new_layer, layer_id: str) -> ingest.ImportPlan:
    layer_id = new_layer.id if new_layer is not None else layer_id
    return ingest.plan_import(
        raw, layer=layer_id, new_layer=new_layer, crs=form.crs.data, repair=form.repair.data,
        limits=current_app.extensions["bordermap.limits"], links=form.links.data or [],
        store=store(), filename=filename, source_layer=(form.source_layer.data or "").strip() or None,
        location_precision=form.location_precision.data, precision_m=form.precision_m.data,
        encoding=form.encoding.data,
    )


@bp.post("/unlock")
def unlock():
    form = TokenForm()
    if form.validate():
        try:
            auth.unlock(form.token.data or "")
        except Forbidden as error:
            flash(error.message, "error")
    return redirect(_back())


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
