"""`bordermap documents ...` and `bordermap commitments ...`: the editors' ledger from a shell.

The same functions as the API and the forms (`bordermap.ledger.actions`); what they print is in
the language of `bordermap --lang`, BORDERMAP_LANG or LANG, and refusals are said as the forms say
them, each problem under the option typed (`cli_words`), and exit with 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from bordermap import settings
from bordermap.i18n import N_

from .cli_words import Refusing, words


def _store(*, dry_run: bool = False):
    from .cli import _store as open_store

    return open_store(dry_run=dry_run)


def _author(author):
    from .cli import _cli_author

    return _cli_author(author)


def _sources():
    return settings.sources_dir(settings.from_environment())


def _done(store, revision, sentence: str) -> None:
    """What was stored, one line in the reader's language: the record's id and the revision's
    number, as typed back to `bordermap revisions revert`."""
    from bordermap.ledger import actions

    click.echo(words().gettext(sentence, id=actions.revision_record_id(store, revision), revision=revision.id))


# The library's names of a document's fields, and the options (or argument) that give them.
DOCUMENT_OPTIONS = {"title": "--title", "publisher": "--publisher", "date": "--date",
                    "date_precision": "--date-precision", "date_latest": "--date-latest", "place": "--place",
                    "url": "--url", "language": "--language", "kind": "--kind", "text": "FILE", "author": "--author"}
# A commitment's, a list's items (`features[2]`) under the option given once for each.
COMMITMENT_OPTIONS = {"sector": "--sector", "summary": "--summary", "actors": "--actor", "statement": "--statement",
                      "status": "--status", "stated": "--stated", "target": "--target", "document": "--document",
                      "paragraph": "--paragraph", "features": "--feature", "provinces": "--province",
                      "reason": "--reason", "author": "--author"}


@click.group("documents", cls=Refusing, options=DOCUMENT_OPTIONS)
def documents() -> None:
    """Add source documents editors keep (their text numbered into paragraphs)."""


@documents.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", required=True)
@click.option("--publisher", required=True)
@click.option("--date", "date_", required=True, help="YYYY-MM-DD (or YYYY-MM, YYYY with --date-precision).")
@click.option("--date-precision", default="day", type=click.Choice(["day", "month", "year"]), show_default=True)
@click.option("--date-latest", default=None,
              help="When the day it came out is not known for sure: the latest it may be, shaped as --date.")
@click.option("--place", default="")
@click.option("--url", default="")
@click.option("--language", required=True, type=click.Choice(["en", "km", "vi"]))
@click.option("--kind", required=True, help="press-release, news-report, agreement, minutes, ...")
@click.option("--author", help="Who is adding it (default: your user name).")
@click.option("--dry-run", is_flag=True, help="Show the numbered paragraphs and suggestions; store nothing.")
def documents_add(file: Path, title, publisher, date_, date_precision, date_latest, place, url, language, kind,
                  author, dry_run) -> None:
    """Add the document in FILE (.txt, .md or .html)."""
    from bordermap.ledger import actions, reading

    body = {"title": title, "publisher": publisher, "date": date_, "date_precision": date_precision,
            "place": place, "url": url, "language": language, "kind": kind,
            "text": reading.document_text(file.read_bytes(), file.name)}
    if date_latest:
        body["date_latest"] = date_latest
    store = _store(dry_run=dry_run)
    if dry_run:
        record = actions.prepare_document(store, body)
        said = words()
        for warning in actions.document_warnings(record):  # said, not refused: it may be a quotation
            click.echo(said.gettext(N_("warning: %(problem)s"), problem=warning), err=True)
        for entry in actions.document_preview(store, record):
            s = entry["suggestions"]
            click.echo(f"¶{entry['n']}: {entry['text']}")
            # The suggestions as ids: what --feature, --sector and --statement take.
            click.echo("    " + said.gettext(N_("places: %(places)s; sector: %(sector)s; statement: %(statement)s"),
                                             places=", ".join(s["places"]) or "-", sector=s["sector"] or "-",
                                             statement=s["statement"] or "-"))
        return
    _done(store, actions.add_document(store, body, author=_author(author)),
          N_("added document %(id)s as revision %(revision)s"))


@documents.command("edit")
@click.argument("document_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--author", help="Who is changing it (default: your user name).")
def documents_edit(document_id, file: Path, author) -> None:
    """Replace the text of a document editors added with FILE; refused when a cited paragraph changes."""
    from bordermap.ledger import actions, reading

    store = _store()
    # The fields kept are those read here: a change saved by someone else meanwhile refuses this
    # one (run the command again), where it would be undone unseen.
    read_at = store.record_revision("document", document_id)  # read before the record: never newer
    current = actions.document_for_editor(store, document_id)
    fields = ("title", "publisher", "date", "date_precision", "date_latest", "place", "url", "language", "kind",
              "number")
    body = {k: current[k] for k in fields if current.get(k) is not None}
    body["text"] = reading.document_text(file.read_bytes(), file.name)
    _done(store, actions.edit_document(store, document_id, body, author=_author(author), based_on=read_at),
          N_("edited document %(id)s as revision %(revision)s"))


@click.group("commitments", cls=Refusing, options=COMMITMENT_OPTIONS)
def commitments() -> None:
    """Add, edit, retire and bulk-import commitments editors keep."""


def _fields(sector, summary, actors, statement, status, stated, target, document, paragraph, features,
            provinces) -> dict:
    body = {"sector": sector, "summary": summary, "statement": statement, "status": status, "stated": stated,
            "target": target, "document": document, "paragraph": paragraph}
    body = {k: v for k, v in body.items() if v is not None}
    if actors:
        body["actors"] = list(actors)
    if features:
        body["features"] = list(features)
    if provinces:
        body["provinces"] = list(provinces)
    return body


_FIELD_OPTIONS = [
    click.option("--sector"), click.option("--summary", help="In your own words."),
    click.option("--actor", "actors", multiple=True, help="Repeatable."), click.option("--statement"),
    click.option("--status"), click.option("--stated", help="YYYY-MM-DD, the day it was said."),
    click.option("--target"), click.option("--document", help="The cited document's id."),
    click.option("--paragraph", type=int, help="The cited paragraph's number."),
    click.option("--feature", "features", multiple=True, help="A place it applies to (repeatable)."),
    click.option("--province", "provinces", multiple=True, help="A province it applies to (repeatable)."),
    click.option("--author", help="Who is making the change (default: your user name)."),
]


def _with_fields(command):
    for option in reversed(_FIELD_OPTIONS):
        command = option(command)
    return command


@commitments.command("add")
@_with_fields
def commitments_add(sector, summary, actors, statement, status, stated, target, document, paragraph, features,
                    provinces, author) -> None:
    """Add a commitment citing a document's paragraph."""
    from bordermap.ledger import actions

    store = _store()
    body = _fields(sector, summary, actors, statement, status, stated, target, document, paragraph, features,
                   provinces)
    _done(store, actions.add_commitment(store, body, author=_author(author), sources_dir=_sources()),
          N_("added commitment %(id)s as revision %(revision)s"))


@commitments.command("edit")
@click.argument("commitment_id")
@_with_fields
@click.option("--no-features", is_flag=True, help="Remove every feature link.")
def commitments_edit(commitment_id, sector, summary, actors, statement, status, stated, target, document,
                     paragraph, features, provinces, author, no_features) -> None:
    """Change the fields given of a commitment editors added (links replace the old ones)."""
    from bordermap.ledger import actions

    store = _store()
    body = _fields(sector, summary, actors, statement, status, stated, target, document, paragraph, features,
                   provinces)
    if no_features:
        body["features"] = []
    revision = actions.edit_commitment(store, commitment_id, body, author=_author(author), sources_dir=_sources(),
                                       skip_unchanged=True)
    if revision is None:  # as the form and the API: a change of nothing is no revision
        click.echo(words().gettext(N_("commitment %(id)s is already as given: nothing was changed or saved"),
                                   id=commitment_id))
        return
    _done(store, revision, N_("edited commitment %(id)s as revision %(revision)s"))


@commitments.command("retire")
@click.argument("commitment_id")
@click.option("--reason", default="")
@click.option("--author", help="Who is retiring it (default: your user name).")
def commitments_retire(commitment_id, reason, author) -> None:
    """Retire a commitment editors added: off the map, kept in the history, revertable."""
    from bordermap.ledger import actions

    store = _store()
    _done(store, actions.retire_commitment(store, commitment_id, {"reason": reason}, author=_author(author)),
          N_("retired commitment %(id)s as revision %(revision)s"))


@commitments.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--author", help="Who is importing (default: your user name).")
def commitments_import(file: Path, author) -> None:
    """Add every [[commitments]] of FILE (the geodata/commitments.toml format); all or none."""
    from bordermap.ledger import actions, reading

    store = _store()
    text = reading.decode(file.read_bytes(), file.name)
    revisions = actions.import_commitments(store, text, author=_author(author), sources_dir=_sources())
    for revision in revisions:
        _done(store, revision, N_("added commitment %(id)s as revision %(revision)s"))


@commitments.command("show")
@click.argument("commitment_id")
def commitments_show(commitment_id) -> None:
    """One commitment as JSON."""
    click.echo(json.dumps(_store().commitment(commitment_id), ensure_ascii=False, indent=1))
