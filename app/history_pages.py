"""The editors' page for status events: add one (checked, as one revision), retract their own."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from bordermap import edits, tracking
from bordermap.errors import BordermapError
from bordermap.history import COMMITMENT_STATUSES
from bordermap.layer_points import is_big
from bordermap.model import FEATURE_STATUSES

from . import auth
from .forms import TokenForm
from .resources import store

bp = Blueprint("history_pages", __name__)
FIELDS = ("subject", "date", "status", "note", "confidence", "estimated", "date_note", "document", "paragraph",
          "source_title", "source_publisher", "source_date", "source_url", "author")


def _subjects() -> list[tuple[str, str]]:
    """Every status-bearing feature and every commitment, as (value, label) for the form. The
    features of a large layer (`layer_points.is_big`) are left out: a list of a million would be
    no form, and reading them takes seconds; their events go through the API."""
    features = [(f"feature:{f['id']}", f"{f['properties'].get('name', f['id'])} ({f['id']})")
                for layer in store().layers() if not is_big(layer)
                for f in store().features(layer.id) if f["properties"].get("status")]
    commitments = [(f"commitment:{c['id']}", f"{c['id']}: {c.get('summary', '')[:80]}") for c in store().commitments()]
    return features + commitments


def _page(values: dict, status: int = 200, error: BordermapError | None = None):
    own = [e for e in store().status_events() if e["origin"] == "user"]
    return render_template(
        "history.html", values=values, error=error, subjects=_subjects(), events=own,
        feature_statuses=FEATURE_STATUSES, commitment_statuses=COMMITMENT_STATUSES,
        documents=store().documents(), token_form=TokenForm(), editing=auth.editing_enabled(),
        unlocked=auth.is_unlocked(),
    ), status


@bp.get("/history")
def page():
    return _page({"confidence": "medium"})


@bp.post("/history")
def add():
    """Check the event and add it as one revision; every problem is shown on the form."""
    auth.require_session()
    values = {name: request.form.get(name, "") for name in FIELDS}
    entity, _, entity_id = values["subject"].partition(":")
    fields = {**values, "entity": entity, "entity_id": entity_id,
              "estimated": request.form.get("estimated") == "on"}
    try:
        revision = tracking.add_event(store(), fields, author=edits.author_name(values["author"], "editor"))
    except BordermapError as error:
        return _page(values, error.status, error)
    flash(f"Added status event ev-{revision.id} as revision {revision.id}.", "ok")
    return redirect(url_for("history_pages.page"))


@bp.post("/history/events/<event_id>/retract")
def retract(event_id: str):
    auth.require_session()
    revision = tracking.retract_event(store(), event_id, author="editor", reason=request.form.get("reason", ""))
    flash(f"Retracted status event {event_id} as revision {revision.id}; revert that revision to bring it back.", "ok")
    return redirect(url_for("history_pages.page"))
