"""The annotation tables read into records: the entities, and a document's statements, figures and the
works its footnotes cite. See corpus/ANNOTATING.md for the columns.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import FactionGraphError, Problem
from .dates import parse_date
from .reading import read_table, suggest_closest
from .records import CitedWork, DateValue, Entity, Evidence, Figure, Origin, Statement
from .reuse import reuse_quotes
from .source import SourceText, anchor_quote
from .vocabulary import DATE_RELATIONS, STATUSES, UNITS, Vocabulary

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

# Patterns are matched whole (fullmatch) and spell digits [0-9]: \d would also take '²' or '٣',
# which int() refuses or reads as another number, and which no XSD literal allows.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NUMBER_PATTERN = re.compile(r"([0-9]+(?:\.[0-9]+)?)(?:-([0-9]+(?:\.[0-9]+)?))?")
WHOLE_NUMBER = re.compile(r"[0-9]+")
YEAR_PATTERN = re.compile(r"[0-9]{4}")


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
                                    suggest_closest(row["type"], vocabulary.classes) or "see the classes in corpus/ANNOTATING.md",
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
                         suggest_closest(value, self.entities) or "add it to corpus/entities.csv first")
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
                         suggest_closest(row["status"], STATUSES) or f"use one of: {', '.join(STATUSES)}")
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
        relation, value_date = row["relation"], None
        if relation not in vocabulary.relations:
            check.problem(line, "relation", f"unknown relation {relation!r}",
                          suggest_closest(relation, vocabulary.relations) or "see the relations in corpus/ANNOTATING.md")
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
            if relation in DATE_RELATIONS and row["value"]:
                value_date = check.date(line, "value", row["value"])
                ok &= value_date is not None
        when = check.date(line, "date", row["date"])
        ok &= not (row["date"] and when is None)
        evidence = check.evidence(document, line, row, when)
        if ok and evidence:
            statements.append(Statement(row["subject"], relation, row["object"], row["value"], value_date, evidence))
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
                          suggest_closest(row["unit"], UNITS) or f"use one of: {', '.join(UNITS)}")
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
                          suggest_closest(row["type"], WORK_TYPES) or f"use one of: {', '.join(WORK_TYPES)}")
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
