"""Reading and checking the annotation tables into records, every problem reported at once.

A corpus folder holds ``entities.csv`` (shared) and one folder per document with
``document.toml``, its text, ``sources.csv``, ``statements.csv`` and ``figures.csv``.
See corpus/ANNOTATING.md for the columns.
"""

from __future__ import annotations

import calendar
import difflib
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .errors import Problem, raise_if_any
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
WORK_TYPES = ("JournalArticle", "JournalIssue", "NewspaperIssue", "Book", "WebData", "Commentary")
DOCUMENT_KEYS = ("id", "type", "title", "author", "journal", "issue", "year", "publisher", "how_to_cite", "text")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
NUMBER_PATTERN = re.compile(r"^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$")


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
    match = DATE_PATTERN.match(text)
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


def read_table(path: Path, columns: tuple[str, ...], required: tuple[str, ...],
               problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV as (line number, row) pairs, all cells as stripped strings."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, "file not found", f"create it with the header: {','.join(columns)}"))
        return []
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        problems.append(Problem(path, f"cannot read the table: {err}",
                                "save it as UTF-8 CSV with a header row; quote cells that hold commas"))
        return []
    unknown = [c for c in frame.columns if c not in columns]
    for column in unknown:
        problems.append(Problem(path, f"unknown column {column!r}", _closest(column, columns) or
                                f"the columns are: {', '.join(columns)}", row=1, column=column))
    missing = [c for c in required if c not in frame.columns]
    for column in missing:
        problems.append(Problem(path, f"missing column {column!r}", f"add it to the header: {','.join(columns)}", row=1))
    if unknown or missing:
        return []
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        cells = {c: str(record.get(c, "")).strip() for c in columns}
        line = index + 2
        for column, cell in cells.items():
            if "\n" in cell:
                problems.append(Problem(path, "a cell spans several lines", "keep each cell on one line",
                                        row=line, column=column))
        rows.append((line, cells))
    return rows


def load_entities(path: Path, vocabulary: Vocabulary, problems: list[Problem]) -> dict[str, Entity]:
    """Read the shared entity table."""
    entities: dict[str, Entity] = {}
    for line, row in read_table(path, ENTITY_COLUMNS, ("id", "type", "label"), problems):
        where = dict(row=line)
        if not ID_PATTERN.match(row["id"]):
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

    def __init__(self, path: Path, entities: dict[str, Entity], source: SourceText, problems: list[Problem]):
        self.path, self.entities, self.source, self.problems = path, entities, source, problems

    def problem(self, line: int, column: str | None, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, message, hint, row=line, column=column))

    def entity(self, line: int, column: str, value: str, required: bool = False) -> bool:
        if not value:
            if required:
                self.problem(line, column, f"{column} is empty", "name an entity id from corpus/entities.csv")
            return not required
        if value not in self.entities:
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
        ok &= self.entity(line, "source", row["source"])
        occurrence = None
        if row["occurrence"]:
            if row["occurrence"].isdigit() and int(row["occurrence"]) >= 1:
                occurrence = int(row["occurrence"])
            else:
                self.problem(line, "occurrence", f"occurrence {row['occurrence']!r} is not a positive whole number",
                             "write 1 for the first occurrence of the quote, 2 for the second, ...")
                ok = False
        try:
            anchor = anchor_quote(self.source, row["quote"], occurrence)
        except ValueError as err:
            message, _, hint = str(err).partition("|")
            self.problem(line, "quote", message, hint)
            return None
        if not ok:
            return None
        return Evidence(document, row["status"], row["source"], anchor, when, row["derivation"],
                        row["conflict"], row["comment"], Origin(str(self.path), line))


def load_statements(path: Path, document: str, entities, source, vocabulary, problems) -> list[Statement]:
    """Read a document's statements table."""
    check = _RowChecker(path, entities, source, problems)
    statements = []
    rows = read_table(path, STATEMENT_COLUMNS, ("subject", "relation", "quote", "status"), problems)
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
    rows = read_table(path, FIGURE_COLUMNS, ("measure", "value", "unit", "quote", "status"), problems)
    for line, row in reuse_quotes(rows, path, problems):
        ok = True
        if not ID_PATTERN.match(row["measure"]):
            check.problem(line, "measure", f"bad measure {row['measure']!r}", "use kebab-case, e.g. turnout")
            ok = False
        number = NUMBER_PATTERN.match(row["value"])
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
    for line, row in read_table(path, SOURCE_COLUMNS, ("note", "id", "type", "quote"), problems):
        note = source.footnote(int(row["note"])) if row["note"].isdigit() else None
        if note is None:
            numbers = [n.number for n in source.footnotes]
            check.problem(line, "note", f"footnote {row['note']!r} does not exist",
                          f"the text has notes {numbers[0]}-{numbers[-1]}" if numbers else "the text has no notes")
            continue
        if not ID_PATTERN.match(row["id"]) or row["id"] in seen:
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
        if row["issue_date"] and check.date(line, "issue_date", row["issue_date"]) is None:
            continue
        try:
            anchor = anchor_quote(source, row["quote"])
        except ValueError as err:
            message, _, hint = str(err).partition("|")
            check.problem(line, "quote", message, hint)
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


def load_metadata(path: Path, entities, problems) -> dict | None:
    """Read document.toml."""
    try:
        metadata = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(path, "file not found", f"create it with the keys: {', '.join(DOCUMENT_KEYS)}"))
        return None
    except tomllib.TOMLDecodeError as err:
        problems.append(Problem(path, f"not valid TOML: {err}", "fix the syntax (strings in double quotes)"))
        return None
    missing = [k for k in DOCUMENT_KEYS if k not in metadata]
    for key in missing:
        problems.append(Problem(path, f"missing key {key!r}", f"add: {key} = \"...\""))
    for key in ("author", "translator", "journal", "publisher"):
        if key in metadata and metadata[key] not in entities:
            problems.append(Problem(path, f"{key} {metadata[key]!r} is not an entity id",
                                    _closest(str(metadata[key]), entities) or "add it to corpus/entities.csv"))
    return None if missing else metadata


def _check_duplicates_and_conflicts(document: Document, problems: list[Problem]) -> None:
    keys: dict[tuple, Origin] = {}
    for statement in document.statements:
        key = (statement.subject, statement.relation, statement.object, statement.value,
               statement.evidence.anchor.start, statement.evidence.date and statement.evidence.date.text)
        origin = statement.evidence.origin
        if key in keys:
            problems.append(Problem(origin.path, f"duplicate statement (same as row {keys[key].row})",
                                    "delete one of the two rows", row=origin.row))
        keys.setdefault(key, origin)
    groups: dict[str, list[Evidence]] = defaultdict(list)
    for assertion in document.statements + document.figures:
        if assertion.evidence.conflict:
            groups[assertion.evidence.conflict].append(assertion.evidence)
    for label, members in groups.items():
        if len(members) < 2:
            origin = members[0].origin
            problems.append(Problem(origin.path, f"conflict {label!r} has only this row",
                                    "give the contradicting row the same conflict label, or clear it",
                                    row=origin.row, column="conflict"))


def load_document(folder: Path, entities: dict[str, Entity], vocabulary: Vocabulary,
                  problems: list[Problem]) -> Document | None:
    """Read one document folder; problems are appended, never raised."""
    metadata = load_metadata(folder / "document.toml", entities, problems)
    if metadata is None:
        return None
    text_path = folder / metadata["text"]
    try:
        text = text_path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as err:
        problems.append(Problem(text_path, f"cannot read the text: {err}", "ship the text as UTF-8"))
        return None
    source, text_problems = parse_text(text, str(text_path))
    problems.extend(text_problems)
    doc_id = metadata["id"]
    works = load_works(folder / "sources.csv", entities, source, problems)
    statements = load_statements(folder / "statements.csv", doc_id, entities, source, vocabulary, problems)
    figures_path = folder / "figures.csv"
    figures = load_figures(figures_path, doc_id, entities, source, problems) if figures_path.exists() else []
    document = Document(doc_id, metadata, text_path, source, tuple(works), tuple(statements), tuple(figures))
    _check_duplicates_and_conflicts(document, problems)
    return document


def load_corpus(root: Path, vocabulary: Vocabulary | None = None) -> Corpus:
    """Read and check the whole corpus; raise one FactionGraphError listing every problem."""
    vocabulary = vocabulary or load_vocabulary()
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        raise_if_any([Problem(root, "the corpus folder does not exist",
                              "run from the project folder, or pass --corpus PATH")])
    entities = load_entities(root / "entities.csv", vocabulary, problems)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "document.toml").exists())
    if not folders:
        problems.append(Problem(root, "no document folders", "add a folder holding document.toml, the text and its tables"))
    documents = [load_document(folder, entities, vocabulary, problems) for folder in folders]
    ids = [d.id for d in documents if d]
    for doc_id in {i for i in ids if ids.count(i) > 1}:
        problems.append(Problem(root, f"two documents share the id {doc_id!r}", "give each document.toml its own id"))
    raise_if_any(problems)
    return Corpus(entities, tuple(d for d in documents if d))
