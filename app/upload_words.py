"""The upload page's refusals in the reader's words, each at the form input it is about.

Apart from the page's views (`upload_page`) because saying a refusal is one concern: the file's
problems, the import's words for the form's fields, and the form's own rules, said alike.
"""

from __future__ import annotations

import re

from wtforms.validators import Length

from bordermap.errors import BordermapError, InvalidInput, MalformedInput, TooLarge
from bordermap.ingest import explain

from .forms import UploadForm
from .language import words
from .problem_words import localized
from .refusal_words import input_of, listed, problem, servers_refusal


def problems_said(error: BordermapError, raw: bytes | None,
                  form: UploadForm | None = None) -> list[tuple[str, str | None]]:
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


# The refusal of a file of several layers read without a choice (layer_choice.choose_layer).
_CHOOSE = re.compile(r"the file holds \d+ layers: .*; choose one \(source_layer\)$", re.S)


# The upload form's inputs, by the name the import gives their problems.
_PLAN_INPUTS = {"new_layer_title": "new_title", "new_layer_id": "new_id", "new_layer_kind": "kind",
                "new_layer_color": "color", "layer": "layer", "crs": "crs", "source_layer": "source_layer",
                "location_precision": "location_precision", "precision_m": "precision_m", "links": "links",
                "encoding": "encoding"}


def refusal(error: BordermapError, raw: bytes | None, checking: bool, form: UploadForm | None = None) -> dict:
    """The refusal as the editors' forms say one (`refusal_words.listed`); after a check, what it found."""
    return servers_refusal(error, words()) or listed(problems_said(error, raw, form), words(), checking=checking)


def form_problems(form: UploadForm) -> list[tuple[str, str]]:
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
