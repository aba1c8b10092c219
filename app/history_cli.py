"""`bordermap history`: show a feature's or commitment's dated status history; add, correct and
retract editors' status events (each a revision, revertable with `bordermap revisions revert`).
What they store is said in the reader's language, a refusal as the history form says it, each
problem under the option typed (`cli_words`)."""

from __future__ import annotations

import click

from bordermap import revision_words
from bordermap.history import STATEMENT_NOTE
from bordermap.i18n import N_, Messages
from bordermap.vocabulary import event_note

from .cli_words import Refusing, words

# The library's names of an event's fields, and the options (or argument) that give them.
EVENT_OPTIONS = {"event.entity": "ENTITY", "event.entity_id": "ENTITY_ID", "event.date": "--date",
                 "event.status": "--status", "event.note": "--note", "event.confidence": "--confidence",
                 "event.estimated": "--estimated", "event.by": "--by", "event.date_note": "--date-note",
                 "event.source.document": "--document", "event.source.paragraph": "--paragraph",
                 "event.source.title": "--source-title", "event.source.publisher": "--source-publisher",
                 "event.source.date": "--source-date", "event.source.url": "--source-url",
                 "reason": "--reason", "author": "--author"}


def _event_options(command):
    options = [
        click.option("--date", required=True, help="2025-12-08, 2025-12 or 2025 (the precision follows)."),
        click.option("--status", required=True, help="A feature or commitment status (docs/data-model.md)."),
        click.option("--note", required=True, help="What happened, in your own words (one line)."),
        click.option("--confidence", default="medium", show_default=True,
                     type=click.Choice(["high", "medium", "low"])),
        click.option("--estimated", is_flag=True, help="The date is an estimate: about then."),
        click.option("--by", is_flag=True, help="The date is a bound: the source of that date already found it "
                                                 "so (since when is not known)."),
        click.option("--date-note", help="What is known of the date, when it is estimated or a bound."),
        click.option("--document", help="The source: a document id of documents.toml ..."),
        click.option("--paragraph", type=int, help="... and the paragraph it says so in."),
        click.option("--source-title", help="Or the source's title ..."),
        click.option("--source-publisher", help="... its publisher ..."),
        click.option("--source-date", help="... its date (ISO) ..."),
        click.option("--source-url", help="... and its address, if public."),
        click.option("--author", help="Who is making the change (default: your user name)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _fields(entity: str, entity_id: str, options: dict) -> dict:
    fields = {k: v for k, v in options.items() if k != "author" and v not in (None, False)}
    return {**fields, "entity": entity, "entity_id": entity_id}


@click.group("history", cls=Refusing, options=EVENT_OPTIONS)
def history() -> None:
    """Dated status events of features and commitments."""


@history.command("show")
@click.argument("entity", type=click.Choice(["feature", "commitment"]))
@click.argument("entity_id")
@click.option("--at", help="As of this day (YYYY-MM-DD; default today).")
def show(entity: str, entity_id: str, at: str | None) -> None:
    """A feature's or commitment's events, targets, slippage and whether it is overdue or stale."""
    from bordermap import timeline, tracking

    from .cli import _store

    record = tracking.record(_store(), entity, entity_id, timeline.parse_at(at, "--at"))
    for line in shown_lines(record, words()):
        click.echo(line)


def shown_lines(record: dict, here: Messages) -> list[str]:
    """`history show`'s lines in `here`'s language: the status as of the day, each event with its
    source, each target with its slippage. English keeps ISO dates and the statuses as `--status`
    takes them; ids stay as stored, and a curated note is in the reader's language where we hold
    its translation."""
    status = _status(record["status"], record["entity"], here) if record["status"] \
        else here.gettext(N_("not yet on record"))
    marks = "".join(f" [{here.gettext(mark)}]" for mark in ("overdue", "stale") if record[mark])
    lines = [here.gettext(N_("%(entity)s %(id)s as of %(date)s: %(status)s"),
                          entity=revision_words.entity(record["entity"], here), id=record["id"],
                          date=here.date(record["at"]), status=status) + marks]
    for event in record["history"]:
        estimated = here.gettext(N_(" (by then)")) if event.get("by") else \
            here.gettext(N_(" (estimated)")) if event["estimated"] else ""
        lines.append(f"  {here.date(event['date'])}{estimated}  {_status(event['status'], record['entity'], here)}  "
                     f"[{event['id']}, {here.gettext(event['confidence'])}]  {_note(event, here)}  "
                     f"{here.gettext('Source:')} {_cited(event['source'], here)}")
    for target in record["targets"]:
        reached = here.gettext(N_("reached %(date)s"), date=here.date(target["actual"])) if target["actual"] \
            else here.gettext(N_("not reached"))
        days = target.get("slippage_days")
        late = here.ngettext(", %(num)s day late", ", %(num)s days late", days) if days else ""
        if target.get("unconfirmed"):  # past its date, and no source after it says either way
            late = here.ngettext(", %(num)s day past it, no source since %(since)s",
                                 ", %(num)s days past it, no source since %(since)s", days,
                                 since=here.date(target["last_report"]) if target["last_report"]
                                 else here.gettext(N_("it was set")))
        # A window (2025-10-20/2025-10-30) as typed in English, as a span of two dates otherwise.
        by = ("/" if here.lang == "en" else " – ").join(here.date(day) for day in target["target"].split("/")) \
            if target.get("target") else here.gettext(N_("(no date)"))
        lines.append("  " + here.gettext(N_("target: %(status)s by %(date)s: %(reached)s"),
                                         status=_status(target["status"], record["entity"], here),
                                         date=by, reached=reached) + late)
    return lines


def _status(name: str, entity: str, here: Messages) -> str:
    """A status as `--status` takes it in English (the key), else in the reader's words."""
    return name if here.lang == "en" else revision_words.status(name, here, entity)


def _note(event: dict, here: Messages) -> str:
    """An event's note as the history page gives it: a commitment's statement said in the reader's
    words, a curated note in their language where translated (said so while unreviewed)."""
    if event.get("statement"):
        return here.gettext(STATEMENT_NOTE)
    note, _, unreviewed = event_note(event, here.lang)
    return f"{note} ({here.gettext('unreviewed translation')})" if unreviewed else note


def _cited(source: dict, here: Messages) -> str:
    if "document" in source:
        return f"{source['document']} ¶{here.numeral(source['paragraph'])}"
    return f"{source['title']} ({source['publisher']}, {here.date(source['date'])})"


@history.command("add")
@click.argument("entity", type=click.Choice(["feature", "commitment"]))
@click.argument("entity_id")
@_event_options
def add(entity: str, entity_id: str, **options) -> None:
    """Add a status event to a feature or commitment."""
    from bordermap import tracking

    from .cli import _cli_author, _store

    revision = tracking.add_event(_store(), _fields(entity, entity_id, options), author=_cli_author(options["author"]))
    click.echo(words().gettext(N_("added status event %(event)s as revision %(revision)s"), event=f"ev-{revision.id}",
                               revision=revision.id))


@history.command("correct")
@click.argument("event_id")
@click.argument("entity", type=click.Choice(["feature", "commitment"]))
@click.argument("entity_id")
@_event_options
def correct(event_id: str, entity: str, entity_id: str, **options) -> None:
    """Replace an editor's status event (give every field again)."""
    from bordermap import tracking

    from .cli import _cli_author, _store

    revision = tracking.correct_event(_store(), event_id, _fields(entity, entity_id, options),
                                      author=_cli_author(options["author"]))
    click.echo(words().gettext(N_("corrected status event %(event)s as revision %(revision)s"), event=event_id,
                               revision=revision.id))


@history.command("retract")
@click.argument("event_id")
@click.option("--reason", default="", help="Why it is taken back (kept in the revision).")
@click.option("--author", help="Who is making the change (default: your user name).")
def retract(event_id: str, reason: str, author: str | None) -> None:
    """Take back an editor's status event."""
    from bordermap import tracking

    from .cli import _cli_author, _store

    revision = tracking.retract_event(_store(), event_id, author=_cli_author(author), reason=reason)
    click.echo(words().gettext(N_("retracted status event %(event)s as revision %(revision)s"), event=event_id,
                               revision=revision.id))
