"""The editors' ledger over JSON: documents and commitments, each change answered with its revision.

Every route needs `Authorization: Bearer <editor token>`; each calls one function of
`bordermap.ledger.actions`, the code path the forms and the command line take too.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from bordermap.i18n import DEFAULT_LANGUAGE
from bordermap.ingest.parse import read_json, to_utf8
from bordermap.ledger import actions
from bordermap.ogc_params import refuse_unknown

from .auth import require_bearer
from .edit_api import _author, _flag, _revision, limits, takes
from .language import words
from .refusal_words import problem
from .resources import sources_dir, store

bp = Blueprint("ledger_api", __name__, url_prefix="/api")


def _body():
    return read_json(to_utf8(request.get_data(cache=False))[0], limits())


def _answer(revision, status: int = 201):
    response = _revision(revision, status)
    body = response.get_json()
    body["id"] = actions.revision_record_id(store(), revision)
    response.set_data(jsonify(body).get_data())
    return response


@bp.post("/documents")
def add_document():
    """Add a document (JSON body); `?dry_run=1` numbers its paragraphs and suggests, storing nothing."""
    require_bearer()
    takes("author", "dry_run")
    author = _author()
    body = _body()
    if _flag("dry_run"):
        record = actions.prepare_document(store(), body)
        warnings = actions.document_warnings(record)
        answer = {"dry_run": True, "paragraphs": actions.document_preview(store(), record), "warnings": warnings}
        here = words()
        if warnings and here.lang != DEFAULT_LANGUAGE:  # as an import's dry run says them (review 33a, #8)
            answer["localized_warnings"] = [problem(text, here) for text in warnings]
        return jsonify(answer)
    return _answer(actions.add_document(store(), body, author=author))


@bp.put("/documents/<document_id>")
def edit_document(document_id: str):
    """Replace an editors' document; refused when a paragraph a commitment cites would change.
    With `based_on` (the `revision` its paragraphs' answer gave), refused (409) when another
    revision changed it since: a replacement would otherwise undo that change unseen."""
    require_bearer()
    takes("author")
    author = _author()
    body, based_on = actions.based_on_member(_body())
    return _answer(actions.edit_document(store(), document_id, body, author=author, based_on=based_on), 200)


@bp.get("/documents/<document_id>/paragraphs")
def document_paragraphs(document_id: str):
    """An editors' document's numbered paragraphs with their suggestions (for the picker)."""
    require_bearer()
    refuse_unknown(request.args, ("lang",))
    revision = store().record_revision("document", document_id)  # read before the record: never newer
    document = actions.document_for_editor(store(), document_id)
    numbered = document.get("paragraphs") or []
    return jsonify({"id": document_id, "revision": revision,
                    "paragraphs": actions.document_preview(store(), {"paragraphs": numbered})})


@bp.post("/commitments")
def add_commitment():
    require_bearer()
    takes("author")
    author = _author()
    return _answer(actions.add_commitment(store(), _body(), author=author, sources_dir=sources_dir()))


@bp.patch("/commitments/<commitment_id>")
def edit_commitment(commitment_id: str):
    """Change the fields given, merged into the commitment as stored when written. With
    `based_on` (the `revision` of `GET /api/commitments/<id>`), refused (409) when another
    revision changed it since."""
    require_bearer()
    takes("author")
    author = _author()
    body, based_on = actions.based_on_member(_body())
    revision = actions.edit_commitment(store(), commitment_id, body, author=author, sources_dir=sources_dir(),
                                       based_on=based_on, skip_unchanged=True)
    if revision is None:  # as the form: a change of nothing is no revision, nor a conflict for others
        return jsonify({"id": commitment_id, "revision": None})
    return _answer(revision, 200)


@bp.post("/commitments/<commitment_id>/retire")
def retire_commitment(commitment_id: str):
    require_bearer()
    takes("author")
    author = _author()
    body = _body() if request.content_length else {}
    return _answer(actions.retire_commitment(store(), commitment_id, body, author=author), 200)
