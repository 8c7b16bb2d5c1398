"""The records a corpus is read into, each knowing where it was read from.

Frozen, so a record read once is the same for every stage that takes it (build, analysis, views).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .source import Anchor, SourceText


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
    """A date at the precision the text gives: day, month, year, or a range 'A/B' (whose two ends,
    each at its own precision, are its bounds)."""

    text: str
    earliest: date
    latest: date
    precision: str
    bounds: tuple[DateValue, DateValue] | None


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
    """A claim about an entity; value_date is the value of a date relation, parsed when read."""

    subject: str
    relation: str
    object: str
    value: str
    value_date: DateValue | None
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
