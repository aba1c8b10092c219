"""The editors' commands (`bordermap documents`, `commitments`, `history`) in the reader's language.

The library names a field by its place in the API's body (`features[0]`, `event.source.date`);
the reader of a command typed options, so each problem is said under the option it is about
(`--feature`, `--source-date`), in the sentence the editors' forms use (`form_words`), in the
language `bordermap --lang`, BORDERMAP_LANG or LANG chose (review rv22a, M6). Ids and values are
carried over as typed; a place no option names (a bulk import's `commitments[2].sector`, a key
of the file) keeps the library's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import click

from bordermap.errors import BordermapError
from bordermap.i18n import DEFAULT_LANGUAGE, N_, Messages

_PATH = re.compile(r"(?P<path>[\w.\[\]]+): (?P<message>.*)", re.S)
_ITEM = re.compile(r"\[\d+\]\Z")  # one of a list's items: said under the option given once for each
_NOT_STORED = re.compile(r"the (?P<what>\w+) was not stored: ")
_EVENT_RULES = re.compile(r"the status event breaks \d+ rule\(s\)\Z")

# Problems a command says in a sentence of its own, where the form's points to its fields.
OWN_SENTENCES = {
    "event.source: expected a document and paragraph, or a title, publisher and date":
        N_("give --document and --paragraph, or --source-title, --source-publisher and --source-date"),
    "body: no field to change": N_("nothing to change: give at least one option, such as --status"),
}
# Refusals of an id a command was given, which a form never meets (it offers only what is there).
COMMAND_MESSAGES = tuple((re.compile(pattern + r"\Z", re.S), sentence) for pattern, sentence in (
    (r"no status event with id (?P<id>.+): revision (?P<n>\d+) took it back",
     N_("no status event with id %(id)s: revision %(n)s took it back")),
    (r"no status event with id (?P<id>.+)", N_("no status event with id %(id)s")),
    (r"commitment (?P<id>.+) is already retired", N_("commitment %(id)s is already retired")),
))


def words() -> Messages:
    """The running command's messages (`cli.words`)."""
    from .cli import words as command_words

    return command_words()


def message(text: str, here: Messages, *, start: bool = True) -> str:
    """A problem's message (what follows its field, with `start` False) in `here`'s language: the
    editors' forms' sentence, else the upload's (`problem_words`), else as the library wrote it."""
    if here.lang == DEFAULT_LANGUAGE:
        return text
    from .form_words import form_sentence
    from .problem_words import localized

    said = form_sentence(text, here, COMMAND_MESSAGES)
    if said is not None:
        return said
    return localized(text, here, page=False, start=start)


def problem(text: str, options: Mapping[str, str], here: Messages) -> str:
    """One problem ("features[0]: no feature with id 'x'") in `here`'s language, under the
    option of `options` ({the library's name of a field: the option}) it is about."""
    if text in OWN_SENTENCES:
        return here.gettext(OWN_SENTENCES[text])
    found = _PATH.fullmatch(text)
    if found is None:
        return message(text, here)
    where = options.get(_ITEM.sub("", found["path"]), found["path"])
    from .refusal_words import field_sentence

    said = field_sentence(found["path"], where, found["message"], here)
    if said is not None:  # a field left empty, in one sentence (not "--note: required: …")
        return said
    return here.gettext(N_("%(field)s: %(problem)s"), field=where, problem=message(found["message"], here, start=False))


class Said(click.ClickException):
    """A command's refusal in the reader's language, its "Error:" too (click's own is English: a
    Khmer refusal began in English, review 27, #10); the exit code is what a script reads. `said`:
    the command's language, chosen while its context stands (`show` runs after it is gone)."""

    def __init__(self, message: str, said: Messages) -> None:
        super().__init__(message)
        self.said = said

    def show(self, file=None) -> None:
        click.echo(self.said.gettext("Error: %(said)s", said=self.format_message()), file=file, err=file is None)


def refusal(error: BordermapError, options: Mapping[str, str]) -> click.ClickException | None:
    """A refused change as the editors' forms say it: what was not stored and how many problems,
    then each, one a line; None for an error said as every command says it (`cli.CommandFailed`):
    the server's side, one the forms have no sentence for, or one whose message says more than
    its problems."""
    from .cli import EXIT_REFUSED
    from .form_words import form_sentence
    from .refusal_words import listed

    if error.status >= 500 or error.user_message:
        return None
    here = words()
    if not error.problems:  # "no document with id 'doc-ed-9'": English as the library wrote it
        if here.lang == DEFAULT_LANGUAGE or form_sentence(error.message, here, COMMAND_MESSAGES) is None:
            return None
        said = Said(here.gettext(N_("%(field)s: %(problem)s"), field=here.gettext(error.title),
                                 problem=message(error.message, here)), here)  # Khmer's "៖"
        said.exit_code = EXIT_REFUSED
        return said
    stored = _NOT_STORED.match(error.message)
    what = stored["what"] if stored else "status event" if _EVENT_RULES.match(error.message) else None
    if what is None and error.message != error.problems[0]:
        return None  # a message that says more than its problems ("… would break 1 citation(s): …")
    box = listed([(problem(text, options, here), None) for text in error.problems], here, what=what)
    said = Said("\n".join([box["heading"]] + [f"  {p['text']}" for p in box["problems"]]), here)
    said.exit_code = EXIT_REFUSED
    return said


class Refusing(click.Group):
    """A group of editors' commands whose refusals name the options typed (`refusal`).

    `options`: {the library's name of a field: the option, or the argument, that gives it}.
    """

    def __init__(self, *args, options: Mapping[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = options

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BordermapError as error:
            said = refusal(error, self.options)
            if said is None:
                raise
            raise said from None
