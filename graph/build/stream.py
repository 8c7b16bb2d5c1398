"""The build's triples without an rdflib graph in between: straight into N-Triples lines.

build.add_corpus writes every resource through ``graph.add``. Given a TripleSink instead of
an ``rdflib.Graph``, the same code runs unchanged and its triples land in a plain set, which
is converted to pyoxigraph terms and then to one N-Triples line per triple. This skips rdflib's indexed in-memory store, the
largest cost of a large build in the benchmark (BENCHMARKS.md), while the triples stay
exactly those of ``build_graph``: the files are byte-identical (tests/test_stream.py compares
the two paths on the article and on a generated corpus).

Each document's triples are made on their own (they read nothing of the other documents), so a
build given a BuildCache takes those of an unchanged document from the piece an earlier build kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import pyoxigraph as ox
from rdflib import URIRef

from ..sources.records import Corpus, Document
from .cache import BuildCache, digest
from .mentions import index_mentions
from .triples import add_corpus, add_corpus_head, add_corpus_links, add_document_part
from ..sources.mentions import Mention
from .store import ntriples_lines, oxigraph_triples
from ..sources.vocabulary import Vocabulary, load_vocabulary


class TripleSink:
    """What build.py's add_* functions need of a graph (``add`` and ``+=``), keeping the triples.

    Like rdflib's store, a triple added twice is there once; unlike a set, the triples keep the
    order they were added in, so whatever reads them in that order (the Oxigraph store, and
    queries without ORDER BY) sees the same order in every run.
    """

    def __init__(self):
        self.triples: dict[tuple, None] = {}

    def add(self, triple: tuple) -> TripleSink:
        self.triples[triple] = None
        return self

    def __iadd__(self, triples) -> TripleSink:
        self.triples.update(dict.fromkeys(triples))
        return self


def collect_triples(corpus: Corpus, vocabulary: Vocabulary | None = None, include_ontology: bool = True,
                    mentions: dict[str, list[Mention]] | None = None) -> TripleSink:
    """The triples of build_graph(corpus), made by the same add_corpus, in a sink."""
    return add_corpus(TripleSink(), corpus, vocabulary, include_ontology, mentions)


@dataclass(frozen=True)
class DocumentPart:
    """One document's triples as N-Triples lines, in the order they were made, and the IRIs of its
    statements and figures."""

    lines: list[bytes]
    assertions: list[str]


def build_lines(corpus: Corpus, mentions: dict[str, list[Mention]] | None = None,
                cache: BuildCache | None = None) -> list[bytes]:
    """The triples of build_graph(corpus) as N-Triples lines (one line, one triple), in the order the
    build made them, without building the rdflib graph; with a cache, an unchanged document's come
    from it as they were written there."""
    mentions = mentions if mentions is not None else index_mentions(corpus)
    head = ntriples_lines(oxigraph_triples(add_corpus_head(TripleSink(), corpus, load_vocabulary()).triples))
    entities = digest(corpus.entities)
    parts = [document_part(document, corpus, mentions[document.id], cache, entities) for document in corpus.documents]
    assertions = [(URIRef(iri), evidence) for document, part in zip(corpus.documents, parts)
                  for iri, evidence in zip(part.assertions, _evidence_of(document), strict=True)]
    links = ntriples_lines(oxigraph_triples(add_corpus_links(TripleSink(), corpus, assertions).triples))
    return list(dict.fromkeys(chain(head, *(part.lines for part in parts), links)))


def build_triples(corpus: Corpus, mentions: dict[str, list[Mention]] | None = None) -> list[ox.Triple]:
    """build_lines as pyoxigraph triples, in the same order."""
    lines = build_lines(corpus, mentions)
    return [quad.triple for quad in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]


def document_part(document: Document, corpus: Corpus, mentions: list[Mention], cache: BuildCache | None,
                  entities: str) -> DocumentPart:
    """The document's part of the graph: from the cache if an earlier build kept it (entities: the
    digest of the corpus's entities, which every document reads), else made and kept there."""
    key = cache.key("document", entities, document, mentions) if cache is not None else None
    piece = cache.read(key) if cache is not None else None
    if piece is not None and piece.keys() == {"triples.nt", "assertions.txt"}:
        return DocumentPart(piece["triples.nt"].splitlines(True), piece["assertions.txt"].decode("utf-8").split())
    sink = TripleSink()
    made = add_document_part(sink, document, corpus, mentions)
    part = DocumentPart(ntriples_lines(oxigraph_triples(sink.triples)), [str(iri) for iri, _ in made])
    if cache is not None:
        cache.write(key, {"triples.nt": b"".join(part.lines),
                          "assertions.txt": "".join(f"{iri}\n" for iri in part.assertions).encode("utf-8")})
    return part


def _evidence_of(document: Document):
    return [statement.evidence for statement in document.statements] + [figure.evidence for figure in document.figures]

