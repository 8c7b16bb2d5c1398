"""A document's metadata: document.toml read, checked key by key, and brought into one shape."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from ..errors import Problem
from .dates import DATE_PATTERN, parse_date
from .reading import CONTROL, CONTROL_HINT, describe_control, read_file, suggest_closest
from .records import Entity
from .tables import ID_PATTERN

# document.toml: the keys every document needs (and `author` or `authors`), the keys any may give, and
# per document type (a FaBiO class) the keys it needs and may give. `journal` is the publication the
# document appears in, whatever its type: the journal, newspaper, magazine, book or website.
DOCUMENT_KEYS = ("id", "type", "title", "year", "how_to_cite", "text")
OPTIONAL_DOCUMENT_KEYS = ("date", "url", "publisher", "translator", "translated_from", "language", "season")
DOCUMENT_TYPES = {
    "JournalArticle": (("journal",), ("volume", "issue", "pages")),
    "NewspaperArticle": (("journal", "date"), ("pages",)),
    "MagazineArticle": (("journal",), ("volume", "issue", "pages")),
    "ReportDocument": (("publisher",), ("journal", "number", "place")),
    "BookChapter": (("journal", "publisher"), ("editors", "pages", "place")),
    "WebPage": (("url",), ("journal",)),
}
ENTITY_KEYS = ("author", "translator", "publisher", "journal")
NUMBER_OR_TEXT_KEYS = ("volume", "issue", "number")
NAME_PARTS = ("id", "given", "family")
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+")

TOML_KINDS = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a table"}
TOML_ERROR = re.compile(r"(.*) \(at line ([0-9]+), column ([0-9]+)\)")


def load_metadata(path: Path, entities: dict[str, Entity] | None, problems: list[Problem]) -> dict | None:
    """Read and check document.toml; None if the document cannot be read on (its id or text is unusable)."""
    text = read_file(path, path.parent, problems,
                     f"create it with the keys: {', '.join(DOCUMENT_KEYS)}; or, if this folder is not a document, "
                     "start its name with '_' so that the build skips it")
    if text is None:
        return None
    try:
        metadata = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        where = TOML_ERROR.fullmatch(str(err))
        message, row = (f"{where[1]} at column {where[3]}", int(where[2])) if where else (str(err), None)
        problems.append(Problem(path, f"not valid TOML: {message}", "fix the syntax (strings in double quotes)",
                                row=row))
        return None
    found = check_metadata(metadata, entities)
    for key, message, hint in found:
        problems.append(Problem(path, message, hint, row=_key_line(text, key)))
    if found:
        return None if any(key in ("id", "text") for key, _, _ in found) else metadata
    return normalise_metadata(metadata)


def _key_line(toml_text: str, key: str) -> int | None:
    """The line of document.toml where key is set, for error messages."""
    match = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", toml_text, re.MULTILINE)
    return toml_text.count("\n", 0, match.start()) + 1 if match else None


def check_metadata(metadata: dict, entities: dict[str, Entity] | None) -> list[tuple[str, str, str]]:
    """(key, message, hint) for each thing wrong in a document's metadata."""
    kind = metadata.get("type")
    needed, allowed = DOCUMENT_TYPES.get(kind, ((), ())) if type(kind) is str else ((), ())
    found = [(key, f"missing key {key!r}", _missing_hint(key, kind)) for key in DOCUMENT_KEYS + needed
             if key not in metadata]
    if "author" in metadata and "authors" in metadata:
        found.append(("authors", "both author and authors are given", "keep one: authors = [...] lists them all"))
    elif "author" not in metadata and "authors" not in metadata:
        found.append(("author", "missing key 'author'",
                      'add: author = "entity-id", or authors = [{id = "entity-id", given = "...", family = "..."}]'))
    known = DOCUMENT_KEYS + OPTIONAL_DOCUMENT_KEYS + needed + allowed + ("author", "authors")
    for key, value in metadata.items():
        if key not in known:
            found.append((key, f"unknown key {key!r}", _unknown_key_hint(key, kind, known)))
        elif key == "year":
            if type(value) is not int or not 1000 <= value <= 9999:
                found.append((key, f"year {value!r} is not a four-digit year", "write it as a number: year = 2004"))
        elif key == "date":
            found += [(key, message, hint) for message, hint in _date_problems(value, metadata.get("year"), kind)]
        elif key in ("authors", "editors"):
            found += [(key, message, hint) for message, hint in _name_list_problems(key, value, entities)]
        elif type(value) is not str and not (key in NUMBER_OR_TEXT_KEYS and type(value) is int):
            found.append((key, f"{key} is {TOML_KINDS.get(type(value), 'a date')}, not text",
                          f'write it in double quotes: {key} = "..."'))
        elif type(value) is str and (control := CONTROL.search(value)):
            found.append((key, f"{key} holds a {describe_control(control.group())} at character {control.start() + 1}",
                          CONTROL_HINT))
        elif key in DOCUMENT_KEYS + needed and not str(value).strip():
            found.append((key, f"{key} is empty", f"give the document's {key}"))
    usable = {key: value for key, value in metadata.items() if key not in {k for k, _, _ in found}}
    if "id" in usable and not ID_PATTERN.fullmatch(usable["id"]):
        found.append(("id", f"bad document id {usable['id']!r}",
                      "use lower-case words and digits joined by hyphens, e.g. saghafi-2004"))
    if "type" in usable and usable["type"] not in DOCUMENT_TYPES:
        found.append(("type", f"unknown document type {usable['type']!r}",
                      suggest_closest(usable["type"], DOCUMENT_TYPES) or f"use one of: {', '.join(DOCUMENT_TYPES)}"))
    if "url" in usable and not URL_PATTERN.fullmatch(usable["url"]):
        found.append(("url", f"url {usable['url']!r} is not a web address",
                      'write the whole address, e.g. url = "https://www.example.org/article.html"'))
    name = usable.get("text")
    if name is not None and (Path(name).name != name or name in (".", "..") or "\\" in name):
        found.append(("text", f"text {name!r} is not a file name in the document's folder",
                      'name the text file beside document.toml, e.g. text = "text.txt"'))
    if "translated_from" in usable and "language" not in metadata:
        found.append(("translated_from", "translated_from is given without language",
                      'add the language of this text, e.g. language = "en"'))
    for key in ENTITY_KEYS:
        if entities is not None and usable.get(key) and usable[key] not in entities:
            found.append((key, f"{key} {usable[key]!r} is not an entity id",
                          suggest_closest(usable[key], entities) or "add it to corpus/entities.csv"))
    return found


def _missing_hint(key: str, kind) -> str:
    example = {"date": "date = 2004-01-16", "url": 'url = "https://..."', "year": "year = 2004"}.get(key, f'{key} = "..."')
    return f"a {kind} needs it; add: {example}" if key in DOCUMENT_TYPES.get(kind, ((), ()))[0] else f"add: {example}"


def _unknown_key_hint(key: str, kind, known: tuple[str, ...]) -> str:
    owners = [other for other, (needed, allowed) in DOCUMENT_TYPES.items() if key in needed + allowed]
    if owners and type(kind) is str:
        return f"{key} belongs to a {' or '.join(owners)}, not a {kind}; the keys of a {kind} are: {', '.join(known)}"
    return suggest_closest(key, known) or f"the keys are: {', '.join(known)}"


def _date_problems(value, year, kind) -> list[tuple[str, str]]:
    """A document's date of publication, in its year: a day (a TOML date, date = 2004-01-16, or the same
    in quotes), or a month or year in quotes ("2004-01"); a newspaper article's is a day."""
    text = value.isoformat() if type(value) is date else value if type(value) is str else None
    try:
        when = parse_date(text) if text is not None and DATE_PATTERN.fullmatch(text) else None
    except ValueError:
        when = None
    if when is None or (kind == "NewspaperArticle" and when.precision != "day"):
        what = "a day" if kind == "NewspaperArticle" else "a date"
        return [(f"date {value!r} is not {what}", "write the day of publication: date = 2004-01-16"
                 + ("" if kind == "NewspaperArticle" else ' (or "2004-01", "2004")'))]
    if type(year) is int and when.earliest.year != year:
        return [(f"date {text} is not in year {year}", "make date and year agree")]
    return []


def _name_list_problems(key: str, value, entities: dict[str, Entity] | None) -> list[tuple[str, str]]:
    """authors or editors: a list of entity ids, or of tables {id, given, family} that spell a name's parts."""
    form = f'{key} = ["entity-id", {{id = "entity-id", given = "Dan", family = "De Luce"}}]'
    if type(value) is not list or not value:
        return [(f"{key} is not a list of names", f"write it as a list: {form}")]
    problems = []
    for position, item in enumerate(value, 1):
        person = item if type(item) is str else item.get("id") if type(item) is dict else None
        if type(item) is dict and (set(item) - set(NAME_PARTS) or not all(type(v) is str for v in item.values())):
            problems.append((f"{key} entry {position} has keys other than id, given, family, or a value not in quotes",
                             'write it as {id = "entity-id", given = "...", family = "..."}'))
        elif type(person) is not str or not person:
            problems.append((f"{key} entry {position} names no entity id", f"write it as {form}"))
        elif entities is not None and person not in entities:
            problems.append((f"{key} entry {position}: {person!r} is not an entity id",
                             suggest_closest(person, entities) or "add it to corpus/entities.csv"))
    return problems


def normalise_metadata(metadata: dict) -> dict:
    """Checked metadata in one shape: `authors` as (id, given, family) tables, `author` the first id,
    `container` the publication it appears in (or ''), `date` an ISO date or ''."""
    listed = metadata.get("authors", [metadata.get("author")])
    authors = tuple({"id": a, "given": "", "family": ""} if type(a) is str else {"given": "", "family": "", **a}
                    for a in listed)
    day = metadata.get("date", "")
    return {**metadata, "authors": authors, "author": authors[0]["id"], "container": metadata.get("journal", ""),
            "date": day.isoformat() if type(day) is date else day, "editors": tuple(metadata.get("editors", ()))}
