"""The build end to end: SHACL, determinism, atomic output, documents merging."""

from __future__ import annotations


import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.sources.corpus import load_corpus
from graph.build.triples import build_graph
from graph.errors import FactionGraphError
from graph.namespaces import FG, FGD
from graph.pipeline import run_build
from graph.build.validate import validate_graph
from support import DATA, add_document, copy_article_corpus, overlay


def test_the_real_graph_conforms_to_the_shapes(graph):
    report = validate_graph(graph)
    assert report.conforms, report.violations[:5]


def test_a_broken_graph_is_rejected(graph):
    broken = graph.__class__()
    broken += graph
    statement = next(broken.subjects(RDF.type, FG.Statement))
    broken.remove((statement, FG.status, None))
    broken.add((FGD["no-label"], RDF.type, FG.Person))
    report = validate_graph(broken)
    assert not report.conforms
    focuses = {v.focus for v in report.violations}
    assert str(statement) in focuses and str(FGD["no-label"]) in focuses


def test_no_blank_nodes_in_the_output(graph):
    from rdflib import BNode
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_outputs_exist_and_two_builds_are_byte_identical(built, article_corpus_dir, tmp_path):
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "build-report.md", "build-report.json"):
        assert (built / name).stat().st_size > 0
    again = tmp_path / "again"
    run_build(article_corpus_dir, again)
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


def test_graph_files_parse_back_to_the_same_triple_count(built):
    from rdflib import Graph
    counts = {}
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        counts[name] = len(Graph().parse(built / name, format=fmt))
    assert len(set(counts.values())) == 1, counts


def test_a_failed_build_leaves_the_previous_output_intact(mini_corpus, tmp_path):
    out = tmp_path / "output"
    run_build(mini_corpus, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    overlay(mini_corpus, "unknown-entity")
    with pytest.raises(FactionGraphError):
        run_build(mini_corpus, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == []


def test_a_second_document_merges_into_the_same_graph(tmp_path):
    corpus_dir = add_document(copy_article_corpus(tmp_path / "corpus"), DATA / "second-document", "made-up-2005")
    graph = build_graph(load_corpus(corpus_dir))
    query = """
        SELECT DISTINCT ?doc WHERE {
            ?s rdf:subject fgd:guardian-council ; fg:inDocument ?doc .
        } ORDER BY ?doc"""
    documents = [str(row.doc).rsplit("/", 1)[-1] for row in graph.query(query)]
    assert documents == ["made-up-2005", "saghafi-2004"]
    assert (FGD["guardian-council"], FG.opposes, FGD["reformists"]) in graph
    assert validate_graph(graph).conforms


def test_statement_iris_are_stable_across_rebuilds(corpus, article_corpus_dir):
    first = {s for s in build_graph(corpus).subjects(RDF.type, FG.Statement)}
    second = {s for s in build_graph(load_corpus(article_corpus_dir)).subjects(RDF.type, FG.Statement)}
    assert first == second and all(isinstance(s, URIRef) for s in first)


def test_every_anchor_slices_back_to_its_quote(graph, article):
    text = article.source.text
    query = """
        SELECT ?exact ?start ?end WHERE {
            ?a fg:anchor/oa:hasTarget ?t .
            ?t oa:hasSelector ?q, ?p .
            ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
        }"""
    rows = list(graph.query(query))
    assert len(rows) == len(article.statements) + len(article.figures)
    for row in rows:
        assert text[int(row.start):int(row.end)] == str(row.exact)


def test_quotes_are_literal_strings(graph):
    for quote in graph.objects(None, FG.quote):
        assert isinstance(quote, Literal) and quote.datatype is None and not quote.language
