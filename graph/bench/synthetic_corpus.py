"""Seeded synthetic corpora in the project's own input format, from ten thousand triples up.

A corpus is what an archive annotated by hand would look like: one ``entities.csv`` shared by
many documents, each document a folder with ``document.toml``, ``text.txt``, ``sources.csv``,
``statements.csv`` and ``figures.csv`` exactly as corpus/ANNOTATING.md describes. The text is
written first and every quote is copied out of it, so the build anchors every quote for real.
The mixes of relations and statuses follow the annotated article (corpus/saghafi-2004); entity
popularity is skewed, so a few actors appear in most documents and most appear in a few.

The same seed and size always give byte-identical files.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date
from pathlib import Path

from ..sources.records import Entity
from .synthetic_entities import EntityPool, make_entities, make_works
from .synthetic_files import SyntheticCorpus, write_document, write_entities

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}

# Triples the build makes, measured on generated corpora: per entity, per document (metadata,
# text, sections, paragraphs, notes, works), per statement or figure row (plain triple,
# statement resource, evidence, Web Annotation anchor, time entities), and the ontology.
TRIPLES_PER_ENTITY = 6.4
TRIPLES_PER_DOCUMENT = 500
TRIPLES_PER_ROW = 62
ONTOLOGY_TRIPLES = 640
ENTITIES_PER_TRIPLE = 1 / 56


def generate_corpus(out: Path | str, target_triples: int, seed: int = 0) -> SyntheticCorpus:
    """Write a corpus of about target_triples triples into out (which must not exist yet).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     made = generate_corpus(pathlib.Path(folder) / "corpus", 20_000, seed=1)
    >>> made.documents > 1 and made.statements > 100
    True
    """
    out = Path(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    corpus = SyntheticCorpus(out, seed, target_triples)
    entities = make_entities(rng, max(150, round(target_triples * ENTITIES_PER_TRIPLE)))
    pool = EntityPool(entities)
    corpus.entities = len(entities)
    write_entities(out / "entities.csv", entities)
    budget = target_triples - ONTOLOGY_TRIPLES - TRIPLES_PER_ENTITY * len(entities)
    all_works = make_works(rng, pool, max(40, int(budget / TRIPLES_PER_ROW / 12)))
    edges: dict[str, set[str]] = {}
    event_months: dict[str, set[str]] = {}
    event_days: dict[tuple[str, str], date] = {}
    while budget > 0:
        rows = min(rng.randint(40, 420), max(10, int((budget - TRIPLES_PER_DOCUMENT) / TRIPLES_PER_ROW)))
        doc_works = rng.sample(all_works, min(len(all_works), rng.randint(8, 30)))
        doc_id = f"synthetic-{corpus.documents + 1:05d}"
        write_document(rng, pool, out / doc_id, doc_id, rows, doc_works, corpus, edges, event_months, event_days)
        budget -= TRIPLES_PER_DOCUMENT + rows * TRIPLES_PER_ROW
    _choose_probe(corpus, entities, edges)
    corpus.dated_events_by_month = {month: len(events) for month, events in sorted(event_months.items())}
    (out / "manifest.json").write_text(json.dumps(corpus.as_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return corpus


def _choose_probe(corpus: SyntheticCorpus, entities: list[Entity], edges: dict[str, set[str]]) -> None:
    """The person named most often as a subject: the one the selective queries ask about."""
    persons = {e.id for e in entities if e.type == "Person"}
    counts: dict[str, int] = {}
    for folder in sorted(p for p in corpus.path.iterdir() if p.is_dir()):
        with open(folder / "statements.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["subject"] in persons:
                    counts[row["subject"]] = counts.get(row["subject"], 0) + 1
    probe = min(counts, key=lambda k: (-counts[k], k))
    corpus.probe_actor, corpus.probe_statements = probe, counts[probe]
    corpus.probe_two_hop = sorted({far for middle in edges.get(probe, ()) for far in edges.get(middle, ())})


def generate_long_document(out: Path | str, rows: int, seed: int = 0) -> SyntheticCorpus:
    """A corpus of one document of about `rows` rows: how anchoring grows with a document's length."""
    out = Path(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    corpus = SyntheticCorpus(out, seed, 0)
    entities = make_entities(rng, max(150, rows // 2))
    pool = EntityPool(entities)
    corpus.entities = len(entities)
    write_entities(out / "entities.csv", entities)
    works = make_works(rng, pool, max(40, rows // 4))
    write_document(rng, pool, out / "long-document", "long-document", rows, works, corpus, {}, {}, {})
    return corpus
