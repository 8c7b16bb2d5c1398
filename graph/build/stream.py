"""The build's triples without an rdflib graph in between: straight into pyoxigraph terms.

build.add_corpus writes every resource through ``graph.add``. Given a TripleSink instead of
an ``rdflib.Graph``, the same code runs unchanged and its triples land in a plain set, which
is converted once to pyoxigraph terms. This skips rdflib's indexed in-memory store, the
largest cost of a large build in the benchmark (BENCHMARKS.md), while the triples stay
exactly those of ``build_graph``: the files are byte-identical (tests/test_stream.py compares
the two paths on the article and on a generated corpus).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from itertools import chain

import pyoxigraph as ox
from rdflib import URIRef

from ..sources.records import Corpus
from .mentions import index_mentions
from .triples import add_corpus, add_corpus_head, add_corpus_links, add_document_part
from ..sources.mentions import Mention
from .store import oxigraph_triples
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


def build_triples(corpus: Corpus, mentions: dict[str, list[Mention]] | None = None,
                  workers: int | None = None) -> list[ox.Triple]:
    """The triples of build_graph(corpus) as pyoxigraph triples, in the order the build made them,
    without building the rdflib graph.

    With several documents and cores, the documents are built in `workers` processes (by default one
    per core), each making its documents' triples and their pyoxigraph terms; they come back in the
    order of the documents, so the triples are the same, in the same order, as one process makes them.
    """
    mentions = mentions if mentions is not None else index_mentions(corpus)
    workers = min(workers or len(os.sched_getaffinity(0)), len(corpus.documents) // DOCUMENTS_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return oxigraph_triples(collect_triples(corpus, mentions=mentions).triples)
    head = add_corpus_head(TripleSink(), corpus, load_vocabulary())
    global _FORKED
    _FORKED = (corpus, mentions)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_die_with_parent) as pool:
            parts = list(pool.map(_document_part, range(len(corpus.documents))))
    finally:
        _FORKED = None
    evidence = [a.evidence for document in corpus.documents for a in (*document.statements, *document.figures)]
    iris = [URIRef(iri) for _, made in parts for iri in made]
    tail = add_corpus_links(TripleSink(), corpus, list(zip(iris, evidence)))
    made = chain(oxigraph_triples(head.triples),
                 *(_parsed(data) for data, _ in parts), oxigraph_triples(tail.triples))
    return list(dict.fromkeys(made))


DOCUMENTS_PER_WORKER = 4
"""Below this many documents for each worker, forking and sending the triples back cost more than they save."""
_FORKED: tuple | None = None
"""The corpus and its mentions, for the forked workers to read (set while they run)."""


def _die_with_parent() -> None:
    """In a worker: stop when the build's process dies (Linux), so no worker outlives its command."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _document_part(index: int) -> tuple[bytes, list[str]]:
    """In a worker: one document's triples as N-Triples and the IRIs of its assertions, in the order made."""
    corpus, mentions = _FORKED
    document = corpus.documents[index]
    sink = TripleSink()
    assertions = add_document_part(sink, document, corpus, mentions[document.id])
    return ox.serialize(oxigraph_triples(sink.triples), format=ox.RdfFormat.N_TRIPLES), [str(iri) for iri, _ in assertions]


def _parsed(data: bytes) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
