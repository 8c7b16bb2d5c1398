"""Reading and checking the annotation tables into records, every problem reported at once.

A corpus folder holds ``entities.csv`` (shared) and one folder per document with
``document.toml``, its text, ``sources.csv``, ``statements.csv`` and ``figures.csv``.
See corpus/ANNOTATING.md for the columns.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import io
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import FactionGraphError, Problem, raise_if_any
from .reuse import reuse_quotes
from .source import Anchor, SourceText, anchor_quote, parse_text
from .vocabulary import DATE_RELATIONS, STATUSES, UNITS, Vocabulary, load_vocabulary

ENTITY_COLUMNS = ("id", "type", "label", "aliases", "description", "cameo")
EVIDENCE_COLUMNS = ("status", "source", "quote", "occurrence", "derivation", "conflict", "comment")
STATEMENT_COLUMNS = ("subject", "relation", "object", "value", "date") + EVIDENCE_COLUMNS
FIGURE_COLUMNS = ("measure", "value", "unit", "approximation", "place", "date", "population",
                  "event") + EVIDENCE_COLUMNS
SOURCE_COLUMNS = ("note", "id", "type", "title", "authors", "container", "volume", "issue_date",
                  "season", "year", "publisher", "place", "language", "quote")
WORK_TYPES = ("JournalArticle", "JournalIssue", "NewspaperArticle", "NewspaperIssue", "Book", "WebData", "Commentary")
# Statuses that are the author's voice by definition: a source would contradict them. A prediction or
# an estimate may be someone else's (its source), a rumour may name those it circulates among.
OWN_VOICE_STATUSES = frozenset({"stated", "argument", "speculation"})
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

# Patterns are matched whole (fullmatch) and spell digits [0-9]: \d would also take '²' or '٣',
# which int() refuses or reads as another number, and which no XSD literal allows.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
NUMBER_PATTERN = re.compile(r"([0-9]+(?:\.[0-9]+)?)(?:-([0-9]+(?:\.[0-9]+)?))?")
WHOLE_NUMBER = re.compile(r"[0-9]+")
YEAR_PATTERN = re.compile(r"[0-9]{4}")
FABIO_CLASS = re.compile(r"[A-Z][A-Za-z]*")
# Characters no cell, metadata value or text may hold: C0 controls (tab and line ends aside), DEL,
# C1 controls and the non-characters U+FFFE and U+FFFF. They are invisible, and most make every
# XML output (GEXF, GraphML, SVG) invalid. In a text, a carriage return must end a line (CRLF).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|\r(?!\n)")
CONTROL_HINT = ("delete it (it often comes from copying out of a PDF or a word processor); "
                "text may hold tabs and line ends, no other control characters")


@dataclass(frozen=True)
class Origin:
    """Where a record was read from, for error messages and provenance."""

    path: str
    row: int


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    description: str
    cameo: str
    origin: Origin


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives: day, month, year, or a range 'A/B'."""

    text: str
    earliest: date
    latest: date
    precision: str


@dataclass(frozen=True)
class Evidence:
    """What every assertion carries: its document, kind of claim, quote anchor and notes."""

    document: str
    status: str
    source: str
    anchor: Anchor
    date: DateValue | None
    derivation: str
    conflict: str
    comment: str
    origin: Origin


@dataclass(frozen=True)
class Statement:
    subject: str
    relation: str
    object: str
    value: str
    evidence: Evidence


@dataclass(frozen=True)
class Figure:
    measure: str
    value_text: str
    minimum: str
    maximum: str
    unit: str
    approximation: str
    place: str
    population: str
    event: str
    evidence: Evidence


@dataclass(frozen=True)
class CitedWork:
    note: int
    id: str
    type: str
    title: str
    authors: tuple[str, ...]
    container: str
    volume: str
    issue_date: str
    season: str
    year: str
    publisher: str
    place: str
    language: str
    anchor: Anchor
    origin: Origin


@dataclass(frozen=True)
class Document:
    id: str
    metadata: dict
    text_path: Path
    source: SourceText
    works: tuple[CitedWork, ...]
    statements: tuple[Statement, ...]
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Corpus:
    entities: dict[str, Entity]
    documents: tuple[Document, ...]


def parse_date(text: str) -> DateValue:
    """Parse '2004', '2004-01', '2004-01-11' or a range 'A/B' into a DateValue.

    >>> parse_date("2004-02").latest
    datetime.date(2004, 2, 29)
    >>> parse_date("1979/1981").precision
    'range'
    """
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError("a range has exactly one '/'")
    bounds = [_parse_one_date(p) for p in parts]
    earliest, latest = bounds[0][0], bounds[-1][1]
    if earliest > latest:
        raise ValueError(f"the range ends ({parts[-1]}) before it starts ({parts[0]})")
    precision = "range" if len(parts) == 2 else bounds[0][2]
    return DateValue(text, earliest, latest, precision)


def _parse_one_date(text: str) -> tuple[date, date, str]:
    match = DATE_PATTERN.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not an ISO date")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    return date(year, month, day), date(year, month, day), "day"


def _closest(word: str, options) -> str:
    matches = difflib.get_close_matches(word, sorted(options), n=3, cutoff=0.6)
    return f"did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""


def describe_control(character: str) -> str:
    return f"control character U+{ord(character):04X}"


def read_file(path: Path, folder: Path, problems: list[Problem], missing_hint: str) -> str | None:
    """The text of a regular UTF-8 file inside folder, line ends as they are (offsets count the
    file's own characters); a leading byte-order mark is dropped. None, with a problem, if it
    cannot be read, so a folder, a pipe or a link out of the folder is never opened."""
    if not path.exists():
        problems.append(Problem(path, "file not found", missing_hint))
        return None
    if not path.resolve().is_relative_to(folder.resolve()):
        problems.append(Problem(path, f"the file lies outside its folder {folder} (it leads to {path.resolve()})",
                                "keep every file of the corpus inside its folder: copy it in instead of linking "
                                "or pointing to it"))
        return None
    if not path.is_file():
        problems.append(Problem(path, "not a regular file (a folder, device or pipe)",
                                f"replace it with the file itself; {missing_hint}"))
        return None
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as err:
        problems.append(Problem(path, f"not UTF-8: byte {err.object[err.start]:#04x} at byte {err.start} cannot be read",
                                "save it as UTF-8 (in a spreadsheet: CSV UTF-8)"))
    except OSError as err:
        problems.append(Problem(path, f"cannot read the file: {err.strerror}", "check that you may read it"))
    return None


def read_table(path: Path, folder: Path, columns: tuple[str, ...], required: tuple[str, ...],
               problems: list[Problem]) -> list[tuple[int, dict[str, str]]] | None:
    """Read a CSV as (line, row) pairs, all cells as stripped strings; None if it cannot be read.

    The line is where the row starts in an editor, also after a cell that spans lines. Blank rows
    are skipped; a row may leave out empty cells at its end.
    """
    text = read_file(path, folder, problems, f"create it with the header: {','.join(columns)}")
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows, line = [], 0
    while True:
        first_line = line + 1
        try:
            record = next(reader, None)
        except csv.Error as err:
            if str(err).startswith("field larger than field limit"):
                problems.append(Problem(path, f"a cell is longer than {csv.field_size_limit():,} characters",
                                        "quote only the words that carry the claim, a clause or a sentence",
                                        row=first_line))
            else:
                problems.append(Problem(path, f"cannot read the table: {err}",
                                        "quote cells that hold commas or quote marks (\"a, b\")", row=first_line))
            return None
        if record is None:
            break
        line = reader.line_num
        for index, cell in enumerate(record):
            found = CONTROL.search(cell)
            name = header[index] if header and index < len(header) else None
            if found:
                problems.append(Problem(path, f"{describe_control(found.group())} at character {found.start() + 1} "
                                        "of the cell", CONTROL_HINT, row=first_line, column=name))
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip() for cell in record]
            if not _check_header(path, header, columns, required, problems):
                return None
            continue
        if len(record) > len(header):
            problems.append(Problem(path, f"the row has {len(record)} cells, the header {len(header)}",
                                    "quote cells that hold commas (\"a, b\"), or delete the extra cells",
                                    row=first_line))
            continue
        cells = dict.fromkeys(columns, "") | {c: v.strip() for c, v in zip(header, record)}
        for column, cell in cells.items():
            if "\n" in cell or "\r" in cell:
                problems.append(Problem(path, "a cell spans several lines", "keep each cell on one line",
                                        row=first_line, column=column))
        rows.append((first_line, cells))
    if header is None:
        problems.append(Problem(path, "the table is empty", f"start it with the header: {','.join(columns)}"))
        return None
    return rows


def _check_header(path: Path, header: list[str], columns: tuple[str, ...], required: tuple[str, ...],
                  problems: list[Problem]) -> bool:
    found = []
    for index, column in enumerate(header):
        if column not in columns:
            found.append(Problem(path, f"unknown column {column!r}", _closest(column, columns) or
                                 f"the columns are: {', '.join(columns)}", row=1, column=column))
        elif column in header[:index]:
            found.append(Problem(path, f"column {column!r} appears twice", "delete one of the two", row=1,
                                 column=column))
    for column in required:
        if column not in header:
            found.append(Problem(path, f"missing column {column!r}", f"add it to the header: {','.join(columns)}",
                                 row=1))
    problems.extend(found)
    return not found


def load_entities(path: Path, vocabulary: Vocabulary, problems: list[Problem]) -> dict[str, Entity] | None:
    """Read the shared entity table; None if it cannot be read, so that its cause is reported once
    and not again for every id that refers to it."""
    table = read_table(path, path.parent, ENTITY_COLUMNS, ("id", "type", "label"), problems)
    if table is None:
        return None
    entities: dict[str, Entity] = {}
    for line, row in table:
        where = dict(row=line)
        if not ID_PATTERN.fullmatch(row["id"]):
            problems.append(Problem(path, f"bad id {row['id']!r}", "use lower-case words joined by hyphens, e.g. guardian-council",
                                    column="id", **where))
            continue
        if row["id"] in entities:
            first = entities[row["id"]].origin.row
            problems.append(Problem(path, f"duplicate id {row['id']!r} (first on row {first})",
                                    "give each entity one row; merge the aliases", column="id", **where))
            continue
        if row["type"] not in vocabulary.classes:
            problems.append(Problem(path, f"unknown type {row['type']!r}",
                                    _closest(row["type"], vocabulary.classes) or "see the classes in corpus/ANNOTATING.md",
                                    column="type", **where))
        if not row["label"]:
            problems.append(Problem(path, "empty label", "give the name to show", column="label", **where))
        if row["cameo"] and row["cameo"] not in vocabulary.cameo:
            problems.append(Problem(path, f"unknown CAMEO code {row['cameo']!r}",
                                    "use a code from ontology/cameo.csv or leave it empty", column="cameo", **where))
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        entities[row["id"]] = Entity(row["id"], row["type"], row["label"], aliases, row["description"],
                                     row["cameo"], Origin(str(path), line))
    return entities


class _RowChecker:
    """Checks the cells of one table against the entities, the vocabulary and the text."""

    def __init__(self, path: Path, entities: dict[str, Entity] | None, source: SourceText, problems: list[Problem]):
        self.path, self.entities, self.source, self.problems = path, entities, source, problems

    def rows(self, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
        return read_table(self.path, self.path.parent, columns, required, self.problems) or []

    def problem(self, line: int, column: str | None, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, message, hint, row=line, column=column))

    def entity(self, line: int, column: str, value: str, required: bool = False) -> bool:
        if not value:
            if required:
                self.problem(line, column, f"{column} is empty", "name an entity id from corpus/entities.csv")
            return not required
        if self.entities is not None and value not in self.entities:
            self.problem(line, column, f"unknown entity id {value!r}",
                         _closest(value, self.entities) or "add it to corpus/entities.csv first")
            return False
        return True

    def date(self, line: int, column: str, value: str) -> DateValue | None:
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as err:
            self.problem(line, column, f"malformed date {value!r}: {err}",
                         "write YYYY, YYYY-MM, YYYY-MM-DD, or a range START/END")
            return None

    def evidence(self, document: str, line: int, row: dict[str, str], when: DateValue | None) -> Evidence | None:
        ok = True
        if row["status"] not in STATUSES:
            self.problem(line, "status", f"unknown status {row['status']!r}",
                         _closest(row["status"], STATUSES) or f"use one of: {', '.join(STATUSES)}")
            ok = False
        if row["status"] == "reported" and not row["source"]:
            self.problem(line, "source", "a reported claim needs its source",
                         "name who reports it (e.g. the-press, interior-ministry)")
            ok = False
        if row["status"] in OWN_VOICE_STATUSES and row["source"]:
            self.problem(line, "source", f"{row['status']} is the author's own voice and takes no source",
                         f"leave source empty; if the text gives the claim to {row['source']!r}, use reported "
                         "(or rumour, estimate, prediction)")
            ok = False
        ok &= self.entity(line, "source", row["source"])
        occurrence = None
        if row["occurrence"]:
            if WHOLE_NUMBER.fullmatch(row["occurrence"]) and int(row["occurrence"]) >= 1:
                occurrence = int(row["occurrence"])
            else:
                self.problem(line, "occurrence", f"occurrence {row['occurrence']!r} is not a positive whole number",
                             "write 1 for the first occurrence of the quote, 2 for the second, ...")
                ok = False
        try:
            anchor = anchor_quote(self.source, row["quote"], occurrence)
        except FactionGraphError as err:
            self.problem(line, "quote", err.problems[0].message, err.problems[0].hint)
            return None
        if not ok:
            return None
        return Evidence(document, row["status"], row["source"], anchor, when, row["derivation"],
                        row["conflict"], row["comment"], Origin(str(self.path), line))


def load_statements(path: Path, document: str, entities, source, vocabulary, problems) -> list[Statement]:
    """Read a document's statements table."""
    check = _RowChecker(path, entities, source, problems)
    statements = []
    rows = check.rows(STATEMENT_COLUMNS, ("subject", "relation", "quote", "status"))
    for line, row in reuse_quotes(rows, path, problems):
        ok = check.entity(line, "subject", row["subject"], required=True)
        relation = row["relation"]
        if relation not in vocabulary.relations:
            check.problem(line, "relation", f"unknown relation {relation!r}",
                          _closest(relation, vocabulary.relations) or "see the relations in corpus/ANNOTATING.md")
            ok = False
        elif relation in vocabulary.object_relations:
            if row["value"]:
                check.problem(line, "value", f"{relation} takes an entity in object, not a value",
                              "move it to the object column as an entity id")
                ok = False
            ok &= check.entity(line, "object", row["object"], required=True)
        else:
            if row["object"] or not row["value"]:
                check.problem(line, "value", f"{relation} takes a value, not an entity",
                              "put the literal in the value column and leave object empty")
                ok = False
            if relation in DATE_RELATIONS and row["value"] and check.date(line, "value", row["value"]) is None:
                ok = False
        when = check.date(line, "date", row["date"])
        ok &= not (row["date"] and when is None)
        evidence = check.evidence(document, line, row, when)
        if ok and evidence:
            statements.append(Statement(row["subject"], relation, row["object"], row["value"], evidence))
    return statements


def load_figures(path: Path, document: str, entities, source, problems) -> list[Figure]:
    """Read a document's figures table."""
    check = _RowChecker(path, entities, source, problems)
    figures = []
    rows = check.rows(FIGURE_COLUMNS, ("measure", "value", "unit", "quote", "status"))
    for line, row in reuse_quotes(rows, path, problems):
        ok = True
        if not ID_PATTERN.fullmatch(row["measure"]):
            check.problem(line, "measure", f"bad measure {row['measure']!r}", "use kebab-case, e.g. turnout")
            ok = False
        number = NUMBER_PATTERN.fullmatch(row["value"])
        if not number:
            check.problem(line, "value", f"bad value {row['value']!r}", "write a plain number (8200, 0.7) or a range (12-16)")
            ok = False
        elif number.group(2) and float(number.group(2)) < float(number.group(1)):
            check.problem(line, "value", f"the range {row['value']!r} is reversed", "write the low end first")
            ok = False
        if row["unit"] not in UNITS:
            check.problem(line, "unit", f"unknown unit {row['unit']!r}",
                          _closest(row["unit"], UNITS) or f"use one of: {', '.join(UNITS)}")
            ok = False
        for column in ("place", "population", "event"):
            ok &= check.entity(line, column, row[column])
        when = check.date(line, "date", row["date"])
        ok &= not (row["date"] and when is None)
        evidence = check.evidence(document, line, row, when)
        if ok and evidence:
            low = number.group(1)
            high = number.group(2) or low
            figures.append(Figure(row["measure"], row["value"], low, high, row["unit"], row["approximation"],
                                  row["place"], row["population"], row["event"], evidence))
    return figures


def load_works(path: Path, entities, source: SourceText, problems) -> list[CitedWork]:
    """Read the works the footnotes cite, and check every note is covered."""
    check = _RowChecker(path, entities, source, problems)
    works: list[CitedWork] = []
    seen: dict[str, int] = {}
    for line, row in check.rows(SOURCE_COLUMNS, ("note", "id", "type", "quote")):
        note = source.footnote(int(row["note"])) if WHOLE_NUMBER.fullmatch(row["note"]) else None
        if note is None:
            numbers = [n.number for n in source.footnotes]
            check.problem(line, "note", f"footnote {row['note']!r} does not exist",
                          f"the text has notes {numbers[0]}-{numbers[-1]}" if numbers else "the text has no notes")
            continue
        if not ID_PATTERN.fullmatch(row["id"]) or row["id"] in seen:
            check.problem(line, "id", f"bad or duplicate work id {row['id']!r}", "give each work a unique kebab-case id")
            continue
        seen[row["id"]] = line
        if row["type"] not in WORK_TYPES:
            check.problem(line, "type", f"unknown work type {row['type']!r}",
                          _closest(row["type"], WORK_TYPES) or f"use one of: {', '.join(WORK_TYPES)}")
            continue
        authors = tuple(a for a in row["authors"].split("|") if a)
        if not all([check.entity(line, "authors", a) for a in authors] + [check.entity(line, "container", row["container"])]):
            continue
        if row["issue_date"]:
            issued = check.date(line, "issue_date", row["issue_date"])
            if issued is None:
                continue
            if issued.precision != "day":
                check.problem(line, "issue_date", f"issue_date {row['issue_date']!r} is not a day",
                              "write the day of the issue, YYYY-MM-DD; if the note gives less, leave issue_date "
                              "empty and give the year")
                continue
        if row["year"] and not YEAR_PATTERN.fullmatch(row["year"]):
            check.problem(line, "year", f"year {row['year']!r} is not a four-digit year",
                          "write the year as YYYY (1996); if the note only hedges it (\"circa 1996\"), leave year "
                          "empty: the quote keeps its words")
            continue
        try:
            anchor = anchor_quote(source, row["quote"])
        except FactionGraphError as err:
            check.problem(line, "quote", err.problems[0].message, err.problems[0].hint)
            continue
        if anchor.footnote != note.number:
            check.problem(line, "quote", f"the quote is not in note {note.number}", "quote the words of that note")
            continue
        works.append(CitedWork(note.number, row["id"], row["type"], row["title"], authors, row["container"],
                               row["volume"], row["issue_date"], row["season"], row["year"], row["publisher"],
                               row["place"], row["language"], anchor, Origin(str(path), line)))
    covered = {w.note for w in works}
    for note in source.footnotes:
        if note.ibid_of is None and note.number not in covered:
            check.problem(None, None, f"footnote {note.number} has no row", f"add the work(s) it cites: {note.text[:60]!r}")
    return works


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
                      _closest(usable["type"], DOCUMENT_TYPES) or f"use one of: {', '.join(DOCUMENT_TYPES)}"))
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
                          _closest(usable[key], entities) or "add it to corpus/entities.csv"))
    return found


def _missing_hint(key: str, kind) -> str:
    example = {"date": "date = 2004-01-16", "url": 'url = "https://..."', "year": "year = 2004"}.get(key, f'{key} = "..."')
    return f"a {kind} needs it; add: {example}" if key in DOCUMENT_TYPES.get(kind, ((), ()))[0] else f"add: {example}"


def _unknown_key_hint(key: str, kind, known: tuple[str, ...]) -> str:
    owners = [other for other, (needed, allowed) in DOCUMENT_TYPES.items() if key in needed + allowed]
    if owners and type(kind) is str:
        return f"{key} belongs to a {' or '.join(owners)}, not a {kind}; the keys of a {kind} are: {', '.join(known)}"
    return _closest(key, known) or f"the keys are: {', '.join(known)}"


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
                             f"write it as {{id = \"entity-id\", given = \"...\", family = \"...\"}}"))
        elif type(person) is not str or not person:
            problems.append((f"{key} entry {position} names no entity id", f"write it as {form}"))
        elif entities is not None and person not in entities:
            problems.append((f"{key} entry {position}: {person!r} is not an entity id",
                             _closest(person, entities) or "add it to corpus/entities.csv"))
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


def _check_duplicates(document: Document, problems: list[Problem]) -> None:
    keys: dict[tuple, Origin] = {}
    for statement in document.statements:
        key = (statement.subject, statement.relation, statement.object, statement.value,
               statement.evidence.anchor.start, statement.evidence.date and statement.evidence.date.text)
        origin = statement.evidence.origin
        if key in keys:
            problems.append(Problem(origin.path, f"duplicate statement (same as row {keys[key].row})",
                                    "delete one of the two rows", row=origin.row))
        keys.setdefault(key, origin)


def check_conflict_labels(documents: list[Document], problems: list[Problem]) -> None:
    """A conflict label is shared across the whole corpus: rows of two documents that contradict each
    other carry the same label, so a label is lonely only when no row of any document shares it."""
    groups: dict[str, list[Evidence]] = defaultdict(list)
    for document in documents:
        for assertion in document.statements + document.figures:
            if assertion.evidence.conflict:
                groups[assertion.evidence.conflict].append(assertion.evidence)
    for label, members in groups.items():
        if len(members) < 2:
            origin = members[0].origin
            problems.append(Problem(origin.path, f"conflict {label!r} has only this row",
                                    "give the contradicting row (in this document or another) the same conflict "
                                    "label, or clear it", row=origin.row, column="conflict"))


def load_document(folder: Path, entities: dict[str, Entity] | None, vocabulary: Vocabulary,
                  problems: list[Problem]) -> Document | None:
    """Read one document folder; problems are appended, never raised."""
    metadata = load_metadata(folder / "document.toml", entities, problems)
    if metadata is None:
        return None
    text_path = folder / metadata["text"]
    text = read_file(text_path, folder, problems, "put the text beside document.toml, or correct the text key")
    if text is None:
        return None
    problems.extend(_text_control_characters(text_path, text))
    source, text_problems = parse_text(text, str(text_path))
    problems.extend(text_problems)
    doc_id = metadata["id"]
    works = load_works(folder / "sources.csv", entities, source, problems)
    statements = load_statements(folder / "statements.csv", doc_id, entities, source, vocabulary, problems)
    figures_path = folder / "figures.csv"
    figures = load_figures(figures_path, doc_id, entities, source, problems) if figures_path.exists() else []
    document = Document(doc_id, metadata, text_path, source, tuple(works), tuple(statements), tuple(figures))
    _check_duplicates(document, problems)
    return document


def _text_control_characters(path: Path, text: str) -> list[Problem]:
    """A problem for each line of the text that holds a control character (the first one in it)."""
    problems, last_line = [], None
    for found in TEXT_CONTROL.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if line != last_line:
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            what = "a carriage return that ends no line" if found.group() == "\r" else describe_control(found.group())
            problems.append(Problem(path, f"{what} at character {column} of the line", CONTROL_HINT +
                                    "; save the text with LF or CRLF line ends", row=line))
        last_line = line
    return problems


def document_folders(root: Path) -> list[Path]:
    """Every folder of the corpus that is a document: all of them but those named '.*' or '_*'."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_corpus(root: Path, vocabulary: Vocabulary | None = None) -> Corpus:
    """Read and check the whole corpus; raise one FactionGraphError listing every problem."""
    vocabulary = vocabulary or load_vocabulary()
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        message = "the corpus is not a folder" if root.exists() else "the corpus folder does not exist"
        raise_if_any([Problem(root, message, "run from the project folder, or pass --corpus PATH")])
    entities = load_entities(root / "entities.csv", vocabulary, problems)
    try:
        folders = document_folders(root)
    except OSError as err:
        raise_if_any([Problem(root, f"cannot list the corpus folder: {err.strerror}", "check that you may read it")])
    if not folders:
        problems.append(Problem(root, "no document folders", "add a folder holding document.toml, the text and its tables"))
    documents = [load_document(folder, entities, vocabulary, problems) for folder in folders]
    ids = [d.id for d in documents if d]
    for doc_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(root, f"two documents share the id {doc_id!r}", "give each document.toml its own id"))
    check_conflict_labels([d for d in documents if d], problems)
    raise_if_any(problems)
    return Corpus(entities or {}, tuple(d for d in documents if d))
