"""What an editors' document or commitment may hold: its fields, their rules and the vocabulary.

`document_problems` and `commitment_problems` return every problem with its place (the field,
or `commitments[3].sector` in a bulk import); `raise_for` turns a non-empty list into one
refusal. Nothing here touches the store but to read what ids exist.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import lru_cache
from typing import Any

from ..errors import InvalidInput
from ..history import first_day, last_day, latest_today, target_days
from ..ingest.problems import Problem, describe
from ..ingest.text import TextRules, one_line, text_problems
from ..model import date_latest_problems
from ..paths import geodata_dir
from ..vocabulary import actor_key

LANGUAGES = ("en", "km", "vi")
DOCUMENT_KINDS = ("press-release", "news-report", "agreement", "minutes", "joint-statement", "speech", "other")
DATE_PRECISIONS = ("day", "month", "year")
_DATE_FORMS = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
               "year": re.compile(r"^\d{4}$")}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

TITLE = one_line(400)
LINE = one_line(200)
SUMMARY = TextRules(2_000)  # the editor's words; may run to a few lines
DOCUMENT_TEXT = TextRules(400_000)
MAX_LINKS = 500


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, tuple[str, ...]]:
    """The sectors, statement kinds and commitment statuses of geodata/vocabulary.toml."""
    data = tomllib.loads((geodata_dir() / "vocabulary.toml").read_text(encoding="utf-8"))
    return {"sector": tuple(data["sectors"]), "statement": tuple(data["statements"]),
            "status": tuple(data["commitment_statuses"])}


def raise_for(problems: list[Problem], what: str) -> None:
    """InvalidInput naming the first problem and listing all, when there is any."""
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidInput(f"the {what} was not stored: {problems[0]}{more}",
                           problems=[str(p) for p in problems])


def _text(body: dict, key: str, where: str, rules: TextRules, problems: list, *, required: bool) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        if required:
            problems.append(Problem(f"{where}{key}", "required: give it a value"))
        return None
    if not isinstance(value, str):
        problems.append(Problem(f"{where}{key}", f"expected text, got {describe(value)}"))
        return None
    value = value.strip()
    problems += text_problems(value, f"{where}{key}", rules)
    if required and not value:
        problems.append(Problem(f"{where}{key}", "required: give it a value"))
    return value


def _choice(body: dict, key: str, where: str, allowed: tuple[str, ...], problems: list, *,
            required: bool = True) -> str | None:
    value = body.get(key)
    if value in (None, "") and not required:
        return None
    if value not in allowed:
        problems.append(Problem(f"{where}{key}", f"expected one of {', '.join(allowed)}, got {describe(value)}"))
        return None
    return value


def _date(value: Any, path: str, precision: str, problems: list) -> str | None:
    form = _DATE_FORMS.get(precision, _DATE_FORMS["day"])
    if not isinstance(value, str) or not form.match(value):
        shape = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}.get(precision, "YYYY-MM-DD")
        # Left empty on a form: asked for, not shown back as "" (review rv19, L3).
        if value in (None, ""):
            problems.append(Problem(path, f"required: give a date {shape}"))
        else:
            problems.append(Problem(path, f"expected a date {shape}, got {describe(value)}"))
        return None
    try:
        date.fromisoformat(value + {"day": "", "month": "-01", "year": "-01-01"}[precision])
    except ValueError:
        problems.append(Problem(path, f"no such date: {describe(value)}"))
        return None
    return value


def document_problems(body: Any) -> tuple[dict[str, Any], list[Problem]]:
    """The document's record (without paragraphs) from a request body, and every problem."""
    problems: list[Problem] = []
    if not isinstance(body, dict):
        return {}, [Problem("body", f"expected a JSON object, got {describe(body)}")]
    known = {"title", "publisher", "date", "date_precision", "date_latest", "place", "url", "language", "kind",
             "text", "number"}
    problems += [Problem(key, "unknown field: leave it out") for key in body if key not in known]
    record: dict[str, Any] = {"title": _text(body, "title", "", TITLE, problems, required=True),
                              "publisher": _text(body, "publisher", "", LINE, problems, required=True)}
    precision = _choice(body, "date_precision", "", DATE_PRECISIONS, problems, required=False) or "day"
    record["date"] = _date(body.get("date"), "date", precision, problems)
    record["date_precision"] = precision
    if record["date"] and record["date"][:10] > latest_today():  # "2027" is after "2026-12-04" too
        problems.append(Problem("date", f"{describe(record['date'])} is after today: a document is entered once it "
                                        "has been published"))
    # Not sure of the day (month, year) it came out: the latest it may be (`model.date_span`).
    latest = body.get("date_latest")
    if latest not in (None, ""):
        found = date_latest_problems(record["date"], latest) if record["date"] else []
        problems += [Problem("date_latest", problem) for problem in found]
        record["date_latest"] = latest
    for key in ("place", "number"):
        value = _text(body, key, "", LINE, problems, required=False)
        if value:
            record[key] = value
    url = _text(body, "url", "", one_line(2_000), problems, required=False)
    if url:
        if not _URL.match(url):
            problems.append(Problem("url", f"expected an http:// or https:// address, got {describe(url)}"))
        record["url"] = url
    record["language"] = _choice(body, "language", "", LANGUAGES, problems)
    record["kind"] = _choice(body, "kind", "", DOCUMENT_KINDS, problems)
    record["text"] = _text(body, "text", "", DOCUMENT_TEXT, problems, required=True)
    return record, problems


def _id_list(body: dict, key: str, where: str, problems: list) -> list[str]:
    value = body.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(f"{where}{key}", f"expected a list of feature ids, got {describe(value)}"))
        return []
    if len(value) > MAX_LINKS:
        problems.append(Problem(f"{where}{key}", f"{len(value)} links; the limit is {MAX_LINKS}"))
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))


def commitment_problems(body: Any, *, where: str = "", partial: bool = False
                        ) -> tuple[dict[str, Any], list[Problem]]:
    """A commitment's fields from a request body (only those given when `partial`), and every problem.

    Checks the fields and the vocabulary; the citation and the links are checked against the
    store by `check_references`.
    """
    problems: list[Problem] = []
    if not isinstance(body, dict):
        return {}, [Problem(where.rstrip(".") or "body", f"expected an object, got {describe(body)}")]
    vocab = vocabulary()
    known = {"id", "sector", "summary", "actors", "statement", "status", "stated", "target", "document",
             "paragraph", "features", "provinces", "links_reading"}
    problems += [Problem(f"{where}{key}", "unknown field: leave it out") for key in body if key not in known]
    record: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return not partial or key in body

    if wanted("summary"):
        record["summary"] = _text(body, "summary", where, SUMMARY, problems, required=True)
    for key in ("sector", "statement", "status"):
        if wanted(key):
            record[key] = _choice(body, key, where, vocab[key], problems)
    if wanted("actors"):
        actors = body.get("actors", [])
        if actors in ([], None, ""):  # the form's field left empty (review 31a, #9: "got []" is no words for it)
            problems.append(Problem(f"{where}actors", "required: name at least one actor"))
        elif not isinstance(actors, list) or not all(isinstance(a, str) and a.strip() for a in actors):
            problems.append(Problem(f"{where}actors", f"expected a non-empty list of names, got {describe(actors)}"))
        else:
            for index, actor in enumerate(actors):
                problems += text_problems(actor, f"{where}actors[{index}]", LINE)
            record["actors"] = [actor_key(a.strip()) for a in actors]
    if wanted("stated"):
        record["stated"] = _date(body.get("stated"), f"{where}stated", "day", problems)
    for key in ("target", "links_reading"):
        if key in body:
            record[key] = _text(body, key, where, SUMMARY, problems, required=False) or ""
    days = target_days(record.get("target") or "")
    checked = [_date(day, f"{where}target", {4: "year", 7: "month"}.get(len(day), "day"), problems)
               for day in days]  # a target shaped like dates is shown as dates, and tracked
    if len(days) == 2 and all(checked) and last_day(days[1]) < first_day(days[0]):  # review 33a, #4
        problems.append(Problem(f"{where}target", f"the range {record['target'].strip()!r} ends before it begins: "
                                                  "give its first date first"))
    # The document and its paragraph are chosen from lists on the form: asked for so when missing.
    if wanted("document"):
        if body.get("document") in (None, ""):
            problems.append(Problem(f"{where}document", "required: choose a document"))
            record["document"] = None
        else:
            record["document"] = _text(body, "document", where, LINE, problems, required=True)
    if wanted("paragraph"):
        n = body.get("paragraph")
        if isinstance(n, str) and n.strip().isdigit():
            n = int(n)
        if n in (None, ""):
            problems.append(Problem(f"{where}paragraph", "required: choose a paragraph"))
        elif isinstance(n, bool) or not isinstance(n, int) or n < 1:
            problems.append(Problem(f"{where}paragraph", f"expected a paragraph number from 1, got {describe(n)}"))
        record["paragraph"] = n
    for key in ("features", "provinces"):
        if wanted(key):
            record[key] = _id_list(body, key, where, problems)
    return record, problems


def stated_problems(stated: Any, document_id: str, document: dict[str, Any], *, where: str = "") -> list[Problem]:
    """A commitment is stated by the day its document came out (the latest it may have: its
    `date_latest`, or the end of its month or year), and never after today: a later day kept it
    off every map and list until then, where its editor looked for it at once."""
    if not isinstance(stated, str) or len(stated) != 10:
        return []  # no date, or not one: `commitment_problems` says so
    if stated > latest_today():
        return [Problem(f"{where}stated", f"{describe(stated)} is after today: a commitment is recorded once a "
                                          "published document states it; give what is planned as its target")]
    published = document.get("date_latest") or document.get("date")
    if isinstance(published, str) and published and stated > last_day(published):
        return [Problem(f"{where}stated", f"{describe(stated)} is after the date of document {document_id!r} "
                                          f"({last_day(published)}): a document reports what was stated by the "
                                          "day it came out")]
    return []


def check_references(record: dict[str, Any], documents: dict[str, dict], kinds: dict[str, str], *,
                     where: str = "", paragraph_counts: dict[str, int] | None = None) -> list[Problem]:
    """The citation and links against what the store holds: `documents` by id, `kinds` the
    kind of every feature by id, `paragraph_counts` how many paragraphs each document has."""
    problems: list[Problem] = []
    document_id = record.get("document")
    if document_id is not None:
        if document_id not in documents:
            problems.append(Problem(f"{where}document", f"no document with id {document_id!r}"))
        else:
            problems += stated_problems(record.get("stated"), document_id, documents[document_id], where=where)
            count = (paragraph_counts or {}).get(document_id)
            n = record.get("paragraph")
            if count is not None and isinstance(n, int) and not 1 <= n <= count:
                problems.append(Problem(f"{where}paragraph",
                                        f"document {document_id!r} has paragraphs 1 to {count}, not {n}"))
    for key in ("features", "provinces"):
        for index, feature_id in enumerate(record.get(key, [])):
            if feature_id not in kinds:
                problems.append(Problem(f"{where}{key}[{index}]", f"no feature with id {feature_id!r}"))
            elif key == "provinces" and kinds[feature_id] != "province":
                problems.append(Problem(f"{where}{key}[{index}]",
                                        f"{feature_id!r} is a {kinds[feature_id]}, not a province"))
    return problems


def is_identifier(value: Any) -> bool:
    return isinstance(value, str) and _ID.match(value) is not None
