"""`bordermap revisions list|show|revert`: the revisions of user data, listed, one shown with its
changes, one undone as a new revision. A group of its own module, registered on the group in `cli`.
"""

from __future__ import annotations

import click

from bordermap import revision_words
from bordermap.i18n import DEFAULT_LANGUAGE


@click.group("revisions")
def revisions_group() -> None:
    """List, inspect and revert revisions of user data."""


@revisions_group.command("list")
@click.option("--layer", help="Only the revisions of this layer.")
def revisions_list(layer) -> None:
    """Every revision, newest first."""
    from bordermap import edits

    from .cli import _store, words

    items, said = edits.revisions(_store(), layer), words()
    if not items:
        click.echo(said.gettext("no revisions yet"))
    for r in items:
        state = (" [" + said.gettext("reverted by %(revision)s", revision=r["reverted_by"]) + "]"
                 if r["reverted_by"] else "")
        changes = (f"{r['changes']} changes" if said.lang == DEFAULT_LANGUAGE
                   else said.ngettext("%(num)s change", "%(num)s changes", r["changes"]))
        when = r["created_at"] if said.lang == DEFAULT_LANGUAGE else revision_words.when(r["created_at"], said)
        summary = revision_words.describe(r["summary"], said)
        click.echo(f"{r['id']:>5}  {when}  {r['author']}  {summary} ({changes}){state}")


@revisions_group.command("show")
@click.argument("revision_id", type=int)
def revisions_show(revision_id: int) -> None:
    """One revision and its changes."""
    from bordermap import edits

    from .cli import _store, words

    detail, said = edits.revision_detail(_store(), revision_id, 10_000), words()
    r = detail["revision"]
    if said.lang == DEFAULT_LANGUAGE:  # the English output stays as scripts read it
        click.echo(f"revision {r['id']}: {r['summary']}")
        click.echo(f"  when {r['created_at']}, by {r['author']}, action {r['action']}, layer {r['layer_id'] or '-'}")
    else:
        click.echo(said.gettext("revision %(revision)s: %(summary)s", revision=r["id"],
                                summary=revision_words.describe(r["summary"], said)))
        click.echo("  " + said.gettext("when %(when)s, by %(author)s, action %(action)s, layer %(layer)s",
                                        when=revision_words.when(r["created_at"], said), author=r["author"],
                                        action=revision_words.action(r["action"], said), layer=r["layer_id"] or "-"))
    if r["file_sha256"]:
        from bordermap.ingest import import_key_parts

        digest, read_layer = import_key_parts(r["file_sha256"])
        click.echo("  " + said.gettext("file sha256 %(sha256)s", sha256=digest))
        if read_layer:
            click.echo("  " + said.gettext("layer read from the file: %(layer)s", layer=read_layer))
    if r["reverts"]:
        click.echo("  " + said.gettext("reverts revision %(revision)s", revision=r["reverts"]))
    if r["reverted_by"]:
        click.echo("  " + said.gettext("reverted by revision %(revision)s", revision=r["reverted_by"]))
    verbs = {"added": said.gettext("added"), "removed": said.gettext("removed"), "changed": said.gettext("changed")}
    for change in detail["changes"]:
        verb = "added" if change["before"] is None else "removed" if change["after"] is None else "changed"
        click.echo(f"  {verbs[verb]} {revision_words.entity(change['entity'], said)} {change['id']}")


@revisions_group.command("revert")
@click.argument("revision_id", type=int)
@click.option("--author", help="Who is reverting (default: your user name).")
def revisions_revert(revision_id: int, author) -> None:
    """Undo a revision (as a new revision)."""
    from bordermap import edits

    from .cli import _cli_author, _store, words

    revision = edits.revert(_store(), revision_id, author=_cli_author(author))
    click.echo(words().gettext("reverted revision %(revision)s as revision %(new)s", revision=revision_id,
                               new=revision.id))
