"""The upload page: the form, its dry run (what the file holds, previewed on a map) and the import.

The file kept between check and import and the plan are in `upload_plan`; the refusals' words
in `upload_words`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext

from bordermap import edits, ingest
from bordermap.errors import BordermapError, Forbidden, storage_error
from bordermap.i18n import N_
from bordermap.ingest import explain
from bordermap.ingest.preview import preview_map

from . import auth
from .edit import bp, refused_token
from .forms import TokenForm, UploadForm, fill_choices
from .language import words
from .problem_words import localized
from .refusal_words import listed
from .resources import store
from .upload_plan import STAGED_FOR, form_plan, stage, staged, staged_to_import
from .upload_words import form_problems, problems_said, refusal

PREVIEWED = 50  # features the dry run lists and draws


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
                flash(refused_token(error), "error")
        return redirect(url_for("edit.upload"))
    form = UploadForm()
    fill_choices(form, store())
    form.author.data = form.author.data or session.get("author", "")  # the name given last time
    return _page(form)


def _keep(form: UploadForm, raw: bytes | None, filename: str) -> None:
    """Keep a file whose check failed, so the next try needs no new choice of it (a browser
    forgets a chosen file once the page is sent back)."""
    if not raw or form.staged.data:
        return
    try:
        sha256 = hashlib.sha256(raw).hexdigest()
        stage(raw, sha256)
    except BordermapError:
        return  # keeping it is a convenience; the error the editor sees is the file's
    form.staged.data, form.filename.data = sha256, filename


@bp.post("/upload")
def upload_post():
    """Check the file (dry run) or, after a check, import it."""
    form = UploadForm()
    fill_choices(form, store())
    refused_here = [] if form.validate() else form_problems(form)
    # Import sends the whole form: a file chosen there after a check (one is kept) has not been
    # checked yet, and is checked instead.
    importing = form.action.data == "import" and not (form.file.data and form.staged.data)
    raw, filename, plan = None, "", None
    try:
        if not auth.is_unlocked():
            auth.unlock(form.token.data or "")
        if importing and form.staged.data:
            raw, filename = staged_to_import(form), form.filename.data or "upload.geojson"
        elif form.file.data:
            raw, filename = form.file.data.read(), Path(form.file.data.filename or "upload.geojson").name
            form.staged.data = ""  # a new file replaces one kept from an earlier try
        elif form.staged.data:  # the file kept from the last try
            raw, filename = staged(form.staged.data), form.filename.data or "upload.geojson"
        else:  # said as every other refusal is: in the page's words, at the input, focused (review 23j, F2)
            here = words()
            said = here.gettext("%(field)s: %(problem)s", field=form.file.label.text,
                                problem=here.gettext(N_("choose a file: GeoJSON or one of the GIS formats listed")))
            return _page(form, 400, refused=listed([(said, "file")], words(), checking=not importing))
        if refused_here:  # said with whatever else is wrong, the file kept for the next try
            found, said_here, offered = [], {name for _, name in refused_here}, []
            for check in (lambda: form_plan(form, raw, filename),
                          lambda: edits.author_name(form.author.data, "editor")):
                try:
                    check()
                except BordermapError as error:  # a file that is no map, too large, …: said too
                    found += [said for said in problems_said(error, raw, form) if said[1] not in said_here]
                    offered = getattr(error, "layers", None) or offered
            _keep(form, raw, filename)
            return _page(form, 422, refused=listed(found + refused_here, words(), checking=not importing),
                         source_layers=offered)
        # The name is checked with the file, on a dry run too: a check that passed should not
        # leave the import to refuse the name.
        author = edits.author_with(form.author.data, "editor", lambda: form_plan(form, raw, filename))
        plan = form_plan(form, raw, filename)
        if not importing:
            stage(raw, plan.file_sha256)
            form.staged.data, form.filename.data = plan.file_sha256, filename
            if plan.source_layers and not form.source_layer.data:
                # A GPX file's one track (or routes), read without a choice, is ticked first among
                # the layers offered with its points (layer_choice.choose_layer).
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
        return _page(form, error.status, refused=refusal(error, raw, checking=not importing, form=form),
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
