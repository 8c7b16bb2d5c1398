"""The Oxigraph SHACL engine (validate_store) against pyshacl (validate_graph): the same report.

Each broken graph breaks one kind of constraint of ontology/shapes.ttl; the test first checks
that pyshacl does report the break (so the case means something), then that the Oxigraph engine
reports exactly the same violations: focus, path, message and severity.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from support import DATA

from graph.sources.corpus import load_corpus
from graph.build.triples import build_graph
from graph.errors import FactionGraphError
from graph.namespaces import DCTERMS, FG, FG_IRI, FGD, FGM, OA, bind_prefixes
from graph.build.store import sorted_triples
from graph.build.validate import (
    ValidationReport,
    Violation,
    load_shapes,
    validate_graph,
    validate_store,
)


def store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in sorted_triples(graph))
    return store


def comparable(report: ValidationReport) -> ValidationReport:
    """The report with sh:in's list sorted in default messages: pyshacl keeps the list in a set,
    so its order there changes from one run to the next."""
    def sort_list(message: str) -> str:
        found = re.fullmatch(r"(Value .* not in list )(\[.*\])", message)
        return found[1] + str(sorted(eval(found[2]))) if found else message
    return ValidationReport(report.conforms, tuple(sorted(
        (Violation(v.focus, v.path, sort_list(v.message), v.severity) for v in report.violations), key=str)))


@pytest.fixture(scope="module")
def mini_graph():
    return build_graph(load_corpus(DATA / "mini"))


def copy_of(graph: Graph) -> Graph:
    """A copy to break, with the build's prefixes, which pyshacl uses to name nodes in its default messages."""
    copy = bind_prefixes(Graph())
    copy += graph
    return copy


def first(graph: Graph, cls):
    return min(graph.subjects(RDF.type, cls))


def missing_status_and_label(g):
    """tests/test_build.py's broken graph: a statement without status, a person without label or id."""
    g.remove((first(g, FG.Statement), FG.status, None))
    g.add((FGD["no-label"], RDF.type, FG.Person))


def second_label(g):
    g.add((first(g, FG.Person), RDFS.label, Literal("Another name")))


def place_is_an_actor(g):
    g.add((first(g, FG.Disqualification), FG.hasPlace, first(g, FG.Person)))


def faction_member_is_a_place(g):
    g.add((FGD["tehran"], RDF.type, FG.Place))
    g.add((FGD["tehran"], FG.inFaction, first(g, FG.Faction)))


def ill_formed_values(g):
    statement = first(g, FG.Statement)
    g.set((statement, FG.earliest, Literal("2004-13-01", datatype=XSD.date)))
    g.set((statement, FG.quote, Literal("a quote", lang="en")))
    selector = first(g, OA.TextPositionSelector)
    g.set((selector, OA.start, Literal("-1", datatype=XSD.nonNegativeInteger)))
    g.set((selector, OA.end, Literal("ten", datatype=XSD.nonNegativeInteger)))
    g.set((first(g, FG.Footnote), FG.number, Literal("1.5", datatype=XSD.integer)))
    g.set((first(g, FG.Person), DCTERMS.identifier, FGD["an-iri"]))


def figure_with_bad_bounds(g):
    g.add((FGD["turnout"], RDF.type, FG.Figure))
    g.add((FGD["turnout"], FG.minValue, Literal("abc", datatype=XSD.decimal)))
    g.add((FGD["turnout"], FG.unit, Literal("percent")))


def status_not_in_list(g):
    g.set((first(g, FG.Statement), FG.status, URIRef(FG_IRI + "Fact")))  # no such status: FG refuses the name


def add_measurement(g, name: str, method: str, rank: int):
    m = FGM[name]
    for p, o in ((RDF.type, FG.Measurement), (FG.ofEntity, first(g, FG.Person)), (FG.network, Literal("actors")),
                 (FG.timeSlice, Literal("all")), (FG.method, Literal(method)),
                 (FG.score, Literal("1.0", datatype=XSD.decimal)), (FG.rank, Literal(rank))):
        g.add((m, p, o))


def broken_measurement(g):
    """tests/test_analyze.py's broken measurement (rank 0, a second, unknown method) next to a valid one of rank 1."""
    add_measurement(g, "degree-of-something", "degree", 0)
    g.add((FGM["degree-of-something"], FG.method, Literal("popularity")))
    add_measurement(g, "pagerank-of-something", "pagerank", 1)


def cameo_code_too_short(g):
    g.set((first(g, FG.Disqualification), FG.cameoCode, Literal("1")))


def predicate_is_a_literal(g):
    g.set((first(g, FG.Statement), RDF.predicate, Literal("opposes")))


def empty_quote(g):
    g.set((first(g, FG.Statement), FG.quote, Literal("")))


def time_without_bounds(g):
    g.add((first(g, FG.Statement), FG.time, FGD["some-time"]))


def selector_missing(g):
    target = first(g, OA.SpecificResource)
    g.remove((target, OA.hasSelector, min(g.objects(target, OA.hasSelector))))


def ill_typed_years(g):
    """Years the tables now refuse ("circa 1996"), in case another path writes them."""
    g.set((first(g, FG.Document), DCTERMS.date, Literal("circa 1996", datatype=XSD.gYear)))
    g.set((first(g, FG.Work), DCTERMS.date, Literal("circa 1996", datatype=XSD.gYear)))


BROKEN = {
    "datatype gYear (ill-typed), pattern on a date": (ill_typed_years, {(None, DCTERMS.date)}),
    "minCount, subclass targets": (missing_status_and_label, {(FGD["no-label"], RDFS.label)}),
    "maxCount": (second_label, {(None, RDFS.label)}),
    "class": (place_is_an_actor, {(None, FG.hasPlace)}),
    "class on the node, targetSubjectsOf": (faction_member_is_a_place, {(FGD["tehran"], "")}),
    "datatype (ill-formed, wrong, not a literal)": (ill_formed_values, {(None, FG.earliest), (None, OA.start),
                                                                        (None, OA.end), (None, FG.number),
                                                                        (None, FG.quote), (None, DCTERMS.identifier)}),
    "datatype decimal, nodeKind literal": (figure_with_bad_bounds, {(FGD["turnout"], FG.minValue),
                                                                    (FGD["turnout"], FG.unit)}),
    "in (IRI)": (status_not_in_list, {(None, FG.status)}),
    "in (literal), minInclusive": (broken_measurement, {(FGM["degree-of-something"], FG.method),
                                                        (FGM["degree-of-something"], FG.rank)}),
    "pattern": (cameo_code_too_short, {(None, FG.cameoCode)}),
    "nodeKind IRI": (predicate_is_a_literal, {(None, RDF.predicate)}),
    "minLength": (empty_quote, {(None, FG.quote)}),
    "targetObjectsOf": (time_without_bounds, {(FGD["some-time"], FG.earliest), (FGD["some-time"], FG.latest)}),
    "minCount 2": (selector_missing, {(None, OA.hasSelector)}),
}


def test_the_article_conforms_in_both_engines(graph):
    assert validate_store(store_of(graph)) == validate_graph(graph) == ValidationReport(True, ())


def test_the_mini_corpus_conforms_in_both_engines(mini_graph):
    assert validate_store(store_of(mini_graph)) == validate_graph(mini_graph) == ValidationReport(True, ())


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_graph_gets_the_same_report_from_both_engines(mini_graph, case):
    breaking, expected = BROKEN[case]
    broken = copy_of(mini_graph)
    breaking(broken)
    reference = validate_graph(broken)
    found = {(v.focus, v.path) for v in reference.violations}
    for focus, path in expected:
        assert any((focus is None or f == str(focus)) and p == str(path) for f, p in found), (focus, path, found)
    assert comparable(validate_store(store_of(broken))) == comparable(reference)


def test_a_broken_article_graph_gets_the_same_report_from_both_engines(graph):
    broken = copy_of(graph)
    for case in ("minCount, subclass targets", "in (literal), minInclusive", "datatype (ill-formed, wrong, not a literal)"):
        BROKEN[case][0](broken)
    reference = validate_graph(broken)
    assert len(reference.violations) >= 8
    assert comparable(validate_store(store_of(broken))) == comparable(reference)


def test_the_store_reads_integer_subtypes_by_value(mini_graph):
    """Oxigraph keeps an xsd:nonNegativeInteger as an xsd:integer, so it cannot tell a value typed
    xsd:integer where the shapes want xsd:nonNegativeInteger; pyshacl can (graph/build/validate.py)."""
    broken = copy_of(mini_graph)
    broken.set((first(broken, OA.TextPositionSelector), OA.start, Literal(5)))
    assert not validate_graph(broken).conforms
    assert validate_store(store_of(broken)).conforms


def shapes_with(turtle: str) -> Graph:
    shapes = Graph()
    shapes += load_shapes()
    shapes.parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix fg: <https://w3id.org/factiongraph/ontology#> ."
                 "@prefix fgs: <https://w3id.org/factiongraph/shapes#> ." + turtle, format="turtle")
    return shapes


@pytest.mark.parametrize("turtle, shape, feature", [
    ("fgs:EntityShape sh:targetNode fg:x .", "fgs:EntityShape", "sh:targetNode"),
    ("fgs:Or a sh:NodeShape ; sh:targetClass fg:Event ; sh:or ( [ sh:class fg:Actor ] ) .", "fgs:Or", "sh:or"),
    ("fgs:Seq a sh:NodeShape ; sh:targetClass fg:Event ; sh:property [ sh:path ( fg:hasPlace fg:label ) ; sh:minCount 1 ] .",
     "fgs:Seq, property", "not a single predicate"),
    ("fgs:Lang a sh:NodeShape ; sh:targetClass fg:Event ; sh:property [ sh:path fg:label ; sh:uniqueLang true ] .",
     "fgs:Lang, property fg:label", "sh:uniqueLang"),
    ("fgs:Date a sh:NodeShape ; sh:targetClass fg:Event ; sh:property [ sh:path fg:label ; sh:datatype xsd:gMonthDay ] .",
     "fgs:Date, property fg:label", "sh:datatype"),
])
def test_an_unsupported_shape_feature_is_refused_by_name(mini_graph, turtle, shape, feature):
    with pytest.raises(FactionGraphError) as caught:
        validate_store(store_of(mini_graph), shapes_with(turtle.replace("xsd:", "<http://www.w3.org/2001/XMLSchema#")
                                                         .replace("gMonthDay ]", "gMonthDay> ]")))
    problems = [p for p in caught.value.problems if str(p.path).startswith(shape) and feature in p.message]
    assert problems, caught.value.problems
    assert "use graph.build.validate.validate_graph (pyshacl) for this shapes graph" in problems[0].hint
