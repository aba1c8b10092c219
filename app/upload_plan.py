"""From the upload form to an import plan: the checked file kept until its import (in the
store, for whichever app server the import reaches), and the plan read from the form's choices.

Apart from the page's views (`upload_page`) because neither speaks HTTP: both take the form.
"""

from __future__ import annotations

import re
import time

from flask import current_app

from bordermap import ingest
from bordermap.errors import BordermapError, Conflict, InvalidInput, LayerChoice, MalformedInput, NotFound
from bordermap.model import Revision

from .forms import UploadForm
from .resources import store

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
STAGED_FOR = 24 * 3600  # seconds a checked file waits for its import


# ----------------------------------------------------------------------------- staging
def stage(raw: bytes, sha256: str) -> None:
    """Keep a checked file until it is imported, in the store: the import may reach another
    app server than the check did (review 13, F2). Files nobody imported are forgotten after
    STAGED_FOR."""
    now = time.time()
    store().stage_upload(sha256, raw, now, now - STAGED_FOR)


def staged(sha256: str) -> bytes:
    raw = store().staged_upload(sha256, time.time() - STAGED_FOR) if _SHA256.match(sha256) else None
    if raw is None:
        raise NotFound("the checked file is no longer waiting for import; choose it and check it again")
    return raw


def staged_to_import(form: UploadForm) -> bytes:
    """The checked file an import names. Gone, because another editor who checked the same file
    imported it meanwhile (the kept files are one per content), that import is named rather
    than the file's absence (review 20, F13); either way the page no longer says it is kept."""
    sha256 = form.staged.data
    try:
        return staged(sha256)
    except NotFound:
        form.staged.data = ""
        target = _target_id(form)
        earlier = _found_import(target, sha256, (form.source_layer.data or "").strip()) \
            if target and _SHA256.match(sha256) else None
        if earlier is None:
            raise
        raise Conflict(f"since you checked it, this file was imported into {target!r} as revision {earlier.id} "
                       f"({earlier.created_at}, by {earlier.author}); it was not imported again") from None


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


# A stand-in for a new layer the form does not yet describe well, to check the file meanwhile.
_CHECKED_FILE = "upload-being-checked"


def form_plan(form: UploadForm, raw: bytes, filename: str) -> ingest.ImportPlan:
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
