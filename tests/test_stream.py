"""The streaming path writes exactly the files the rdflib path writes, on the article and on a generated corpus."""

from __future__ import annotations

import pytest

from graph.bench.synthetic_corpus import generate_corpus
from graph.sources.corpus import load_corpus
from graph.build.mentions import index_mentions
from graph.build.triples import build_graph
from graph.build.store import FORMATS, serialize, sorted_triples
from graph.build.stream import TripleSink, build_triples, collect_triples


def assert_same_files(corpus):
    mentions = index_mentions(corpus)
    through_rdflib = sorted_triples(build_graph(corpus, mentions=mentions))
    streamed = sorted(build_triples(corpus, mentions=mentions), key=str)
    assert len(streamed) == len(through_rdflib)
    for fmt in FORMATS:
        assert serialize(streamed, fmt) == serialize(through_rdflib, fmt), fmt


def test_the_article_streams_to_byte_identical_files(corpus):
    assert_same_files(corpus)


@pytest.mark.slow
def test_a_generated_corpus_streams_to_byte_identical_files(tmp_path):
    generate_corpus(tmp_path / "corpus", 30_000, seed=11)
    assert_same_files(load_corpus(tmp_path / "corpus"))


def test_the_sink_keeps_a_triple_added_twice_once(corpus):
    sink = collect_triples(corpus)
    assert len(sink.triples) == len(build_graph(corpus))
    triple = next(iter(sink.triples))
    assert len(TripleSink().add(triple).add(triple).triples) == 1
