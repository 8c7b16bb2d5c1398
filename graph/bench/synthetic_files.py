"""The files of a synthetic corpus: each document folder (document.toml, text.txt and the tables whose
quotes are located in it), the shared entities.csv, and the counts of what was written."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.records import Entity
from ..sources.tables import ENTITY_COLUMNS, FIGURE_COLUMNS, SOURCE_COLUMNS, STATEMENT_COLUMNS
from .synthetic_entities import EntityPool, make_name
from .synthetic_mixes import ADJECTIVES
from .synthetic_text import DocumentWriter


@dataclass
class SyntheticCorpus:
    """What was generated, counted as it was written: the expected answers of every stage."""

    path: Path
    seed: int
    target_triples: int
    entities: int = 0
    documents: int = 0
    statements: int = 0
    figures: int = 0
    works: int = 0
    footnotes: int = 0
    characters: int = 0
    probe_actor: str = ""
    probe_statements: int = 0
    probe_two_hop: list[str] = field(default_factory=list)
    dated_events_by_month: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def _occurrence(text: str, quote: str, start: int) -> tuple[int, int]:
    """(how many times quote occurs, which one starts at start), counting as re.finditer does."""
    count, which, at = 0, 0, text.find(quote)
    while at >= 0:
        count += 1
        if at == start:
            which = count
        at = text.find(quote, at + len(quote))
    return count, which


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue()


def _toml(metadata: dict) -> str:
    lines = ["# Synthetic document made by graph.bench.generate."]
    for key, value in metadata.items():
        lines.append(f"{key} = {value}" if isinstance(value, int) else f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def write_entities(path: Path, entities: list[Entity]) -> None:
    """entities.csv: the entities every document of the corpus shares."""
    path.write_text(_csv(ENTITY_COLUMNS, [
        {"id": e.id, "type": e.type, "label": e.label, "aliases": "|".join(e.aliases),
         "description": e.description, "cameo": e.cameo} for e in entities]), encoding="utf-8", newline="\n")


def write_document(rng: random.Random, pool: EntityPool, folder: Path, doc_id: str, rows_wanted: int,
                   works: list[dict], corpus: SyntheticCorpus, edges, event_months, event_days) -> None:
    """Write one document folder; every quote is copied out of the text it writes."""
    author, journal = pool.draw(rng, ("Person",)), pool.draw(rng, ("Publication",))
    publisher = pool.draw(rng, ("Organisation",))
    title = f"{rng.choice(ADJECTIVES)} {rng.choice(('Politics', 'Elections', 'Factions'))} in {make_name(rng, 3)}"
    year = rng.randint(1980, 2024)
    issue = str(rng.randint(1, 300))
    metadata = {"id": doc_id, "type": "JournalArticle", "title": title, "author": author.id,
                "journal": journal.id, "issue": issue, "year": year, "publisher": publisher.id, "language": "en",
                "how_to_cite": f"{author.label} “{title},” {journal.label} {issue} ({year}).", "text": "text.txt"}
    writer = DocumentWriter(rng, pool, works, edges, event_months, event_days, doc_id)
    writer.write_claims(rows_wanted)
    text = writer.layout(metadata)
    offsets, at = [], 0
    for sentence in writer.sentences:
        start = text.index(sentence, at)
        offsets.append(start)
        at = start + len(sentence)
    tables: dict[str, list[dict[str, str]]] = {"statements": [], "figures": []}
    for row in writer.rows:
        quote = writer.quotes[row.sentence]
        count, which = _occurrence(text, quote, offsets[row.sentence])
        cells = dict(row.cells, quote=quote, occurrence=str(which) if count > 1 else "")
        tables[row.table].append(cells)
    sources = []
    for number, (_, cited) in enumerate(writer.notes, 1):
        for work in cited:
            quote = writer.citation(work)
            if _occurrence(text, quote, -1)[0] != 1:
                raise RuntimeError(f"{doc_id}: the citation {quote!r} is not unique in the text")
            sources.append({"note": str(number), "id": work["id"], "type": work["type"], "title": work.get("title", ""),
                            "authors": work.get("authors", ""), "container": work.get("container", ""),
                            "volume": work.get("volume", ""), "issue_date": work.get("issue_date", ""),
                            "year": work["year"], "publisher": work.get("publisher", ""), "place": work.get("place", ""),
                            "quote": quote})
    folder.mkdir(parents=True)
    (folder / "document.toml").write_text(_toml(metadata), encoding="utf-8")
    (folder / "text.txt").write_text(text, encoding="utf-8", newline="\n")
    (folder / "statements.csv").write_text(_csv(STATEMENT_COLUMNS, tables["statements"]), encoding="utf-8", newline="\n")
    (folder / "figures.csv").write_text(_csv(FIGURE_COLUMNS, tables["figures"]), encoding="utf-8", newline="\n")
    (folder / "sources.csv").write_text(_csv(SOURCE_COLUMNS, sources), encoding="utf-8", newline="\n")
    corpus.documents += 1
    corpus.statements += len(tables["statements"])
    corpus.figures += len(tables["figures"])
    corpus.works += len(sources)
    corpus.footnotes += len(writer.notes)
    corpus.characters += len(text)
