"""The build's triples without an rdflib graph in between: straight into pyoxigraph terms.

build.add_corpus writes every resource through ``graph.add``. Given a TripleSink instead of
an ``rdflib.Graph``, the same code runs unchanged and its triples land in a plain set, which
is converted once to pyoxigraph terms. This skips rdflib's indexed in-memory store, the
largest cost of a large build in the benchmark (BENCHMARKS.md), while the triples stay
exactly those of ``build_graph``: the files are byte-identical (tests/test_stream.py compares
the two paths on the article and on a generated corpus).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..sources.records import Corpus
from .triples import add_corpus
from ..sources.mentions import Mention
from .store import oxigraph_triples
from ..sources.vocabulary import Vocabulary


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


def build_triples(corpus: Corpus, mentions: dict[str, list[Mention]] | None = None) -> list[ox.Triple]:
    """The triples of build_graph(corpus) as pyoxigraph triples, in the order the build made them,
    without building the rdflib graph."""
    return oxigraph_triples(collect_triples(corpus, mentions=mentions).triples)

