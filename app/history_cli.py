"""`bordermap history`: show a feature's or commitment's dated status history; add, correct and
retract editors' status events (each a revision, revertable with `bordermap revisions revert`).
What they store is said in the reader's language, a refusal as the history form says it, each
problem under the option typed (`cli_words`)."""

from __future__ import annotations

import click

from bordermap.i18n import N_

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
    click.echo(f"{entity} {entity_id} as of {record['at']}: {record['status'] or 'not yet on record'}"
               + (" [overdue]" if record["overdue"] else "") + (" [stale]" if record["stale"] else ""))
    for event in record["history"]:
        source = event["source"]
        cited = (f"{source['document']} ¶{source['paragraph']}" if "document" in source
                 else f"{source['title']} ({source['publisher']}, {source['date']})")
        estimated = " (by then)" if event.get("by") else " (estimated)" if event["estimated"] else ""
        click.echo(f"  {event['date']}{estimated}  {event['status']}  [{event['id']}, {event['confidence']}]"
                   f"  {event['note']}  Source: {cited}")
    for target in record["targets"]:
        reached = f"reached {target['actual']}" if target["actual"] else "not reached"
        late = f", {target['slippage_days']} days late" if target.get("slippage_days") else ""
        if target.get("unconfirmed"):  # past its date, and no source after it says either way
            late = f", {target['slippage_days']} days past it, no source since {target['last_report'] or 'it was set'}"
        click.echo(f"  target: {target['status']} by {target.get('target') or '(no date)'}: {reached}{late}")


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
