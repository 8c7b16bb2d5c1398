"""`factiongraph suggest`: what is left to annotate in a document, and what can be reused.

Everything here is a draft for the annotator to review: names that match no entity (with a
proposed id), the entities and events the text already mentions (with type, dates and
description, so reusing one is an informed choice), numbers with no figure row, sentences no
assertion quotes, and dates the text gives relative to the document's own date, each with its
derivation. Nothing is written into the tables.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .dates import parse_date
from .records import Corpus, Document
from .tables import ENTITY_COLUMNS, FIGURE_COLUMNS, STATEMENT_COLUMNS
from .authoring import slug
from ..errors import FactionGraphError, Problem
from ..escape import spreadsheet_cell
from .mentions import find_mentions, find_unmatched_names, index_aliases
from .source import SENTENCE_END, SourceText

KNOWN_COLUMNS = ("id", "type", "label", "dates", "description", "mentioned_as", "paragraphs", "hint")
DATE_COLUMNS = ("where", "date", "derivation", "quote")
ALL_COLUMNS = ("kind", "where", "id", "type", "label", "aliases", "description", "dates", "value", "unit",
               "approximation", "date", "derivation", "quote", "occurrence", "mentioned_as", "hint")
READ_ONLY_CELLS = ("description", "dates", "mentioned_as", "hint", "comment")
COLUMNS = {"entity": ENTITY_COLUMNS, "known": KNOWN_COLUMNS, "figure": FIGURE_COLUMNS,
           "statement": STATEMENT_COLUMNS, "date": DATE_COLUMNS}

WEEKDAYS = tuple(calendar.day_name)
RELATIVE_DAY = re.compile(
    r"\b(?:(today|tonight|this morning|this afternoon|this evening)|(yesterday|last night)|(tomorrow)"
    rf"|(?:(on|last|this|next)\s+)?({'|'.join(WEEKDAYS)}))\b", re.IGNORECASE)
LEADING_DAY = re.compile(rf"(?:{RELATIVE_DAY.pattern})\s+(?:(?:the|of)\s+)*", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\w.,\[-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w\]]|[.,]\d)")
PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
HEDGE_BEFORE = re.compile(r"\b(about|around|nearly|almost|more than|over|roughly|some|at least|at best|"
                          r"fewer than|less than|up to|above)\s+$", re.IGNORECASE)
MONTHS = "|".join(calendar.month_name[1:] + calendar.month_abbr[1:])
ABBREVIATION = re.compile(rf"(?<![\w.])(?:{'|'.join(calendar.month_abbr[1:])}|Sept|Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|"
                          r"Gov|Sen|Rep|No|vs|etc|[A-Z])\.$")
DATE_NUMBER = re.compile(rf"(?:\b(?:{MONTHS})\.?\s+$)|(?:^\s*(?:{MONTHS})\b)")
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
DATE_RELATIONS_OF_EVENTS = ("date", "startDate", "endDate")


@dataclass(frozen=True)
class RelativeDate:
    """A date the text gives relative to the document's date, and how it was computed."""

    words: str
    date: str
    derivation: str


def resolve_relative_date(words: str, published: date) -> RelativeDate:
    """The day 'yesterday', 'today', 'on Wednesday' ... means in a text published on that day.

    A bare or 'on'/'last' weekday is taken as the last such day before publication (news reports
    speak of the past week); 'next' the first one after; the derivation says which was assumed.

    >>> resolve_relative_date("yesterday", date(2004, 1, 16)).date
    '2004-01-15'
    >>> resolve_relative_date("on Wednesday", date(2004, 1, 16)).derivation
    "'on Wednesday' in a text dated 2004-01-16 (a Friday): taken as the Wednesday before it (2 days earlier); check the tense"
    """
    match = RELATIVE_DAY.fullmatch(words.strip())
    if not match:
        raise ValueError(f"{words!r} is not a relative day")
    today_words, yesterday_words, tomorrow_words, qualifier, weekday = match.groups()
    dated = f"'{words}' in a text dated {published.isoformat()} (a {WEEKDAYS[published.weekday()]})"
    if today_words:
        return RelativeDate(words, published.isoformat(), f"{dated}: the same day")
    if yesterday_words:
        return RelativeDate(words, (published - timedelta(days=1)).isoformat(), f"{dated}: the day before")
    if tomorrow_words:
        return RelativeDate(words, (published + timedelta(days=1)).isoformat(), f"{dated}: the day after")
    target = [day.lower() for day in WEEKDAYS].index(weekday.lower())
    if (qualifier or "").lower() == "next":
        ahead = (target - published.weekday()) % 7 or 7
        return RelativeDate(words, (published + timedelta(days=ahead)).isoformat(),
                            f"{dated}: taken as the {WEEKDAYS[target]} after it ({_days(ahead)} later)")
    back = (published.weekday() - target) % 7 or 7
    return RelativeDate(words, (published - timedelta(days=back)).isoformat(),
                        f"{dated}: taken as the {WEEKDAYS[target]} before it ({_days(back)} earlier); check the tense")


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def relative_date_in(quote: str, published: date | None) -> RelativeDate | None:
    """The first relative day the quote holds, resolved against the document's date (None if none or no date)."""
    match = RELATIVE_DAY.search(quote)
    if not match or published is None:
        return None
    return resolve_relative_date(match.group(0), published)


def document_date(document: Document) -> date | None:
    """The document's own date at day precision (document.toml `date`), if it has one."""
    value = document.metadata.get("date")
    if not value:
        return None
    parsed = parse_date(str(value))
    return parsed.earliest if parsed.precision == "day" else None


def sentences(source: SourceText) -> list[tuple[int, int, int]]:
    """(paragraph, start, end) of every sentence of the body, trailing footnote markers included.

    A full stop after an abbreviation or an initial ('Jan. 21', 'Mr. Karroubi', 'M. Khatami') ends no sentence.
    """
    spans = []
    for paragraph in source.paragraphs:
        start = paragraph.start
        for match in SENTENCE_END.finditer(source.text, paragraph.start, paragraph.end):
            if ABBREVIATION.search(source.text, paragraph.start, match.end()):
                continue
            end = match.end()
            markers = re.match(r"(?:\s*\[\d+\])+", source.text[end:paragraph.end])
            end += markers.end() if markers else 0
            spans.append((paragraph.number, start, end))
            start = end
        if source.text[start:paragraph.end].strip():
            spans.append((paragraph.number, start, paragraph.end))
    return [(number, *_trimmed(source.text, start, end)) for number, start, end in spans
            if source.text[start:end].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def occurrence_of(text: str, start: int, quote: str) -> str:
    """The occurrence number the tables need for the quote at start ('' when the quote is unique)."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + len(quote))
    return "" if len(found) == 1 else str(found.index(start) + 1) if start in found else ""


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(lo <= start and end <= hi for lo, hi in spans)


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(lo < end and start < hi for lo, hi in spans)


def find_document(corpus: Corpus, doc_id: str) -> Document:
    """The corpus's document of that id, or an error naming the ids there are."""
    document = next((d for d in corpus.documents if d.id == doc_id), None)
    if document is None:
        raise FactionGraphError(Problem(None, f"no document {doc_id!r} in the corpus",
                                        f"the documents are: {', '.join(d.id for d in corpus.documents)}"))
    return document


def suggest_rows(corpus: Corpus, doc_id: str) -> list[dict[str, str]]:
    """Every draft row for the document (entity, known, figure, statement, date), in text order within a kind."""
    document = find_document(corpus, doc_id)
    source, text = document.source, document.source.text
    published = document_date(document)
    with_labels = {entity_id: replace(entity, aliases=tuple(dict.fromkeys(entity.aliases + (entity.label,))))
                   for entity_id, entity in corpus.entities.items()}
    mentions = find_mentions(source, index_aliases(with_labels))
    assertions = document.statements + document.figures
    quoted = [(a.evidence.anchor.start, a.evidence.anchor.end) for a in assertions]
    rows = _new_entities(source, mentions, document, corpus)
    days = [day for _, start, end in sentences(source) if (day := relative_date_in(text[start:end], published))]
    rows += _known_entities(mentions, corpus, days)
    figure_spans = [(f.evidence.anchor.start, f.evidence.anchor.end) for f in document.figures]
    rows += _numbers(source, figure_spans, published)
    for paragraph, start, end in sentences(source):
        if _covered(quoted, start, end):
            continue
        quote = text[start:end]
        when = relative_date_in(quote, published)
        rows.append({"kind": "statement", "where": f"paragraph {paragraph}", "quote": quote,
                     "occurrence": occurrence_of(text, start, quote),
                     "date": when.date if when else "", "derivation": when.derivation if when else ""})
    for assertion in assertions:
        evidence = assertion.evidence
        when = None if evidence.date else relative_date_in(evidence.anchor.exact, published)
        if when:
            where = f"{evidence.origin.path.rsplit('/', 1)[-1]}:{evidence.origin.row}"
            rows.append({"kind": "date", "where": where, "date": when.date, "derivation": when.derivation,
                         "quote": evidence.anchor.exact})
    return rows


def _new_entities(source: SourceText, mentions, document: Document, corpus: Corpus) -> list[dict[str, str]]:
    covered = [(m.start, m.end) for m in mentions] + [(w.anchor.start, w.anchor.end) for w in document.works]
    first: dict[str, object] = {}
    for name in find_unmatched_names(source, covered):
        day = LEADING_DAY.match(name.text)  # 'Yesterday the Guardians': a date word opened the sentence
        if day:
            start = name.start + day.end()
            name = replace(name, text=name.text[day.end():], start=start)
            if " " not in name.text and not name.text.isupper() or _inside(covered, start, start + len(name.text)):
                continue
        first.setdefault(name.text, name)
    rows = []
    for label, name in first.items():
        proposed = slug(label)
        spelt_otherwise = [e for e in corpus.entities.values()
                           if label.casefold() in {n.casefold() for n in e.aliases + (e.label,)}]
        if proposed in corpus.entities:
            proposed += f"-{document.id}"
        inside = [m for m in mentions if name.start <= m.start and m.end <= name.start + len(label)]
        hint = "; ".join([f"{e.id} ({e.label}) has this name in other capitals: perhaps add {label!r} to its aliases"
                          for e in spelt_otherwise]
                         + [f"holds {m.alias!r}, a name of {m.entity}: perhaps an alias of it" for m in inside])
        rows.append({"kind": "entity", "where": f"paragraph {name.paragraph}" if name.paragraph else
                     f"note {name.footnote}", "id": proposed, "label": label, "aliases": label, "hint": hint})
    return rows


def _known_entities(mentions, corpus: Corpus, days: list[RelativeDate]) -> list[dict[str, str]]:
    """The entities the text names, and the events whose dates hold a day the text speaks of ('yesterday')."""
    dates = _entity_dates(corpus)
    by_entity: dict[str, list] = {}
    for mention in mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    spans = _event_spans(corpus)
    on_those_days = {entity_id: [day for day in days if low <= date.fromisoformat(day.date) <= high]
                     for entity_id, (low, high) in spans.items()}
    rows = []
    for entity_id in list(by_entity) + sorted(e for e, found in on_those_days.items() if found and e not in by_entity):
        entity, found = corpus.entities[entity_id], by_entity.get(entity_id, [])
        paragraphs = sorted({m.paragraph for m in found if m.paragraph})
        hint = "; ".join(f"its dates hold {day.date}, the day of {day.words!r}" for day in on_those_days.get(entity_id, ()))
        rows.append({"kind": "known", "where": f"paragraph {paragraphs[0]}" if paragraphs else "",
                     "id": entity_id, "type": entity.type, "label": entity.label, "description": entity.description,
                     "dates": "; ".join(dates.get(entity_id, ())),
                     "mentioned_as": "|".join(dict.fromkeys(m.alias for m in found)),
                     "paragraphs": " ".join(str(p) for p in paragraphs), "hint": hint})
    return rows


def _event_spans(corpus: Corpus) -> dict[str, tuple[date, date]]:
    """The first and last day of each entity dated to the day (or a range of a month at most).

    An event known only to the month or year (a period, 'January 2004') would hold every day the
    text speaks of, and tell the annotator nothing.
    """
    spans: dict[str, tuple[date, date]] = {}
    vague: set[str] = set()
    for document in corpus.documents:
        for statement in document.statements:
            if statement.relation in DATE_RELATIONS_OF_EVENTS and statement.value:
                value = statement.value_date
                if value.precision != "day" and (value.precision != "range" or (value.latest - value.earliest).days > 31):
                    vague.add(statement.subject)
                low, high = spans.get(statement.subject, (value.earliest, value.latest))
                spans[statement.subject] = (min(low, value.earliest), max(high, value.latest))
    return {entity_id: span for entity_id, span in spans.items() if entity_id not in vague}


def _entity_dates(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """Each entity's dates as the corpus states them: 'date 2004-01-11', 'startDate 2004-01-12'."""
    found: dict[str, dict[str, None]] = {}
    for document in corpus.documents:
        for statement in document.statements:
            if statement.relation in DATE_RELATIONS_OF_EVENTS and statement.value:
                found.setdefault(statement.subject, {})[f"{statement.relation} {statement.value}"] = None
    return {entity_id: tuple(sorted(values)) for entity_id, values in found.items()}


def _numbers(source: SourceText, figure_spans, published: date | None) -> list[dict[str, str]]:
    text, rows = source.text, []
    for paragraph, start, end in sentences(source):
        for match in NUMBER.finditer(text, start, end):
            value = match.group(1).replace(",", "")
            before, after = text[max(0, match.start() - 12):match.start()], text[match.end():match.end() + 10]
            if _covered(figure_spans, match.start(), match.end()) or YEAR.match(value) and not PERCENT_AFTER.match(after):
                continue
            if DATE_NUMBER.search(before) or DATE_NUMBER.search(after):
                continue
            hedge = HEDGE_BEFORE.search(text[max(start, match.start() - 16):match.start()])
            quote = text[start:end]
            when = relative_date_in(quote, published)
            rows.append({"kind": "figure", "where": f"paragraph {paragraph}", "value": value,
                         "unit": "percent" if PERCENT_AFTER.match(after) else "count",
                         "approximation": hedge.group(1).lower() if hedge else "", "quote": quote,
                         "occurrence": occurrence_of(text, start, quote),
                         "date": when.date if when else "", "derivation": when.derivation if when else ""})
    return rows


def render_suggestions(rows: list[dict[str, str]], only: str | None = None) -> str:
    """The drafts as CSV: every kind with a `kind` column, or one kind in the columns of its own table.

    Cells to paste into the tables (quotes, labels, ids) stay exactly as the text has them, or they
    would not be found; the corpus's own descriptions, hints and comments, only read, are made
    spreadsheet-safe (a cell starting with '=' gets a leading "'").
    """
    columns = COLUMNS[only] if only else ALL_COLUMNS
    chosen = [{key: spreadsheet_cell(value) if key in READ_ONLY_CELLS else value for key, value in row.items()}
              for row in rows if only is None or row["kind"] == only]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(chosen)
    return buffer.getvalue()
