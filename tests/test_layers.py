"""Honest layers: a plain triple is a claim in the author's own voice, every claim stays a statement,
and the named graphs of graph.trig / graph.nq hold each claim in its layer and its document.

The rule is written out here from the README (stated, argued or estimated by the author: facts;
rumour: rumour; prediction, speculation or someone else's estimate: hedged; the rest reported),
and checked over the whole graph by SPARQL, so the tests hold for any document added to corpus/.
"""

from __future__ import annotations

import json
from collections import Counter
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest

from graph.build.iris import statement_iri
from graph.access.cite import look_up
from graph.views.citation import render_lookup
from graph.pipeline import run_build
from graph.access.query import GraphFile
from graph.namespaces import PREFIX_IRIS
from graph.build.store import load_store

ASSERTED = "VALUES ?root { fg:assertedRelation fg:assertedValue } ?p rdfs:subPropertyOf+ ?root ."


def expected_layer(status: str, source: str, author: str) -> str:
    own_voice = source in ("", author)
    if status == "rumour":
        return "rumour"
    if status in ("prediction", "speculation") or (status == "estimate" and not own_voice):
        return "hedged"
    return "facts" if status in ("stated", "argument", "estimate") and own_voice else "reported"


@pytest.fixture(scope="module")
def dataset(built):
    return load_store(built / "graph.nq")


def ask(store: ox.Store, text: str, **options) -> bool:
    return bool(store.query(f"ASK {{ {text} }}", prefixes=PREFIX_IRIS, **options))


def rows(store: ox.Store, text: str) -> set[tuple[str, ...]]:
    solutions = store.query(text, prefixes=PREFIX_IRIS)
    names = [v.value for v in solutions.variables]
    return {tuple(str(solution[n]) for n in names) for solution in solutions}


def test_no_plain_triple_rests_only_on_claims_outside_the_facts(dataset):
    assert not ask(dataset, f"""{ASSERTED} ?s ?p ?o .
        FILTER NOT EXISTS {{ ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:layer fg:FactsLayer }}""")


def test_every_fact_is_a_plain_triple(dataset):
    assert not ask(dataset, """?statement a fg:Statement ; fg:layer fg:FactsLayer ;
        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . FILTER NOT EXISTS { ?s ?p ?o }""")


def test_the_issues_weak_claims_are_statements_but_not_facts(dataset):
    # "The Europeans seem to have been most frustrated by ..." and the reformists' supporters influencing the
    # Council rest on speculation only
    for s, p, o in (("iranian-state", "alienates", "european-union"),
                    ("reformist-supporters", "influences", "guardian-council")):
        assert not ask(dataset, f"fgd:{s} fg:{p} fgd:{o}")
        assert ask(dataset, f"""?statement rdf:subject fgd:{s} ; rdf:predicate fg:{p} ; rdf:object fgd:{o} ;
            fg:quote ?quote ; fg:anchor ?anchor ; fg:status ?status . FILTER(?status != fg:Stated)""")


def test_every_row_is_a_statement_in_the_layer_the_rule_gives(corpus, dataset):
    layers = {iri: layer for iri, layer in rows(dataset, """SELECT ?statement ?layer WHERE {
        ?statement a fg:Statement ; fg:layer/skos:notation ?layer }""")}
    expected = {}
    for document in corpus.documents:
        author = document.metadata["author"]
        for statement in document.statements:
            e = statement.evidence
            expected[str(statement_iri(statement)).join("<>")] = f'"{expected_layer(e.status, e.source, author)}"'
    assert layers == expected
    assert {'"rumour"', '"hedged"', '"reported"', '"facts"'} <= set(layers.values())


def test_every_statement_keeps_its_status_attribution_quote_and_anchor(dataset):
    assert not ask(dataset, """?statement a fg:Statement .
        FILTER NOT EXISTS { ?statement fg:status ?status ; fg:quote ?quote ; fg:anchor ?anchor ;
                                       fg:inDocument ?document }""")
    assert not ask(dataset, """?statement a fg:Statement ; fg:status fg:Reported .
        FILTER NOT EXISTS { ?statement fg:attributedTo ?source }""")


def test_the_default_graph_of_graph_nq_is_graph_nt(built, dataset):
    plain = ox.Store()
    plain.bulk_load(path=str(built / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    default = {str(q.triple) for q in dataset.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {str(q.triple) for q in plain}


def test_graph_trig_holds_the_same_dataset_as_graph_nq(built, dataset):
    trig = load_store(built / "graph.trig")
    assert sorted(map(str, trig)) == sorted(map(str, dataset))


def test_from_the_facts_graph_is_the_plain_claims_and_every_claim_has_its_layer_graph(dataset):
    plain = rows(dataset, f"SELECT ?s ?p ?o WHERE {{ {ASSERTED} ?s ?p ?o . ?statement rdf:subject ?s ; "
                          "rdf:predicate ?p ; rdf:object ?o }")
    assert rows(dataset, """SELECT ?s ?p ?o FROM fg:FactsLayer WHERE { ?s ?p ?o
        FILTER NOT EXISTS { ?s a fg:Figure } }""") == plain
    claims = rows(dataset, """SELECT ?s ?p ?o ?layer WHERE {
        ?statement a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:layer ?layer }""")
    in_graphs = rows(dataset, """SELECT ?s ?p ?o ?layer WHERE { GRAPH ?layer { ?s ?p ?o
        FILTER NOT EXISTS { ?s a fg:Figure } } ?layer a fg:EvidenceLayer }""")
    assert in_graphs == claims


FIGURE_CLAIM = ("VALUES ?p { rdf:type rdfs:label fg:measure fg:value fg:minValue fg:maxValue fg:approximation "
                "fg:unit fg:place fg:population fg:event fg:dateQualifier }")
"""What a figure says (the measure, its value, hedge, unit, what it is of and when), as the README lists it."""


def test_each_figure_is_in_the_graph_of_its_layer_and_of_its_document(dataset):
    described = rows(dataset, f"""SELECT ?f ?p ?o ?layer ?document WHERE {{ {FIGURE_CLAIM}
        ?f a fg:Figure ; fg:layer ?layer ; fg:inDocument ?document ; ?p ?o }}""")
    in_layers = rows(dataset, """SELECT ?f ?p ?o ?layer WHERE { GRAPH ?layer { ?f a fg:Figure ; ?p ?o }
        ?layer a fg:EvidenceLayer }""")
    in_documents = rows(dataset, """SELECT ?f ?p ?o ?document WHERE { GRAPH ?claims { ?f a fg:Figure ; ?p ?o }
        ?document a fg:Document . FILTER(STR(?claims) = CONCAT(STR(?document), "-claims")) }""")
    assert in_layers == {(f, p, o, layer) for f, p, o, layer, _ in described}
    assert in_documents == {(f, p, o, document) for f, p, o, _, document in described}
    assert {layer for *_, layer, _ in described} >= {f"<{PREFIX_IRIS['fg']}FactsLayer>",
                                                     f"<{PREFIX_IRIS['fg']}ReportedLayer>"}


def test_every_figure_keeps_its_status_layer_quote_and_anchor(dataset):
    assert ask(dataset, "?figure a fg:Figure")
    assert not ask(dataset, """?figure a fg:Figure .
        FILTER NOT EXISTS { ?figure fg:status ?status ; fg:layer ?layer ; fg:quote ?quote ; fg:anchor ?anchor ;
                                    fg:inDocument ?document }""")


def test_a_plain_date_rests_on_a_dating_statement_in_the_facts_layer(dataset):
    assert ask(dataset, "?entity fg:time ?time FILTER(STRSTARTS(STR(?entity), STR(fgd:)))")
    assert not ask(dataset, """?entity fg:time ?time . FILTER(STRSTARTS(STR(?entity), STR(fgd:)))
        FILTER NOT EXISTS { VALUES ?relation { fg:date fg:startDate fg:endDate }
            ?statement rdf:subject ?entity ; rdf:predicate ?relation ; fg:time ?time ; fg:layer fg:FactsLayer }""")


def test_the_gephi_timeline_dates_events_only_by_facts(built, dataset):
    # an event's start in actor-event.gexf is its earliest date in a facts-layer statement dating it
    facts = {}
    for solution in dataset.query("""SELECT ?id ?earliest WHERE {
            VALUES ?relation { fg:date fg:startDate fg:endDate }
            ?statement rdf:subject ?entity ; rdf:predicate ?relation ; fg:layer fg:FactsLayer ; fg:earliest ?earliest .
            ?entity dcterms:identifier ?id }""", prefixes=PREFIX_IRIS):
        entity, earliest = solution["id"].value, solution["earliest"].value
        facts[entity] = min(facts.get(entity, earliest), earliest)
    gexf = ElementTree.parse(built / "networks" / "actor-event.gexf")
    namespace = {"g": "http://www.gexf.net/1.2draft"}
    dated = {node.get("id"): node.get("start") for node in gexf.iterfind(".//g:node", namespace) if node.get("start")}
    assert dated
    assert dated == {node: facts[node] for node in dated if node in facts}


def test_each_document_has_a_graph_of_all_its_claims(corpus, dataset):
    for document in corpus.documents:
        claims = rows(dataset, f"""SELECT ?s ?p ?o WHERE {{ ?statement a fg:Statement ;
            fg:inDocument fgdoc:{document.id} ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}""")
        assert rows(dataset, f"""SELECT ?s ?p ?o FROM fgdoc:{document.id}-claims WHERE {{ ?s ?p ?o
            FILTER NOT EXISTS {{ ?s a fg:Figure }} }}""") == claims
        assert claims


def test_the_named_graphs_hold_only_claims(dataset):
    named = {str(q.graph_name) for q in dataset if not isinstance(q.graph_name, ox.DefaultGraph)}
    layers = {f"<{PREFIX_IRIS['fg']}{name}>" for name in ("FactsLayer", "ReportedLayer", "HedgedLayer", "RumourLayer")}
    documents = {row[0] for row in rows(dataset, "SELECT ?d WHERE { ?d a fg:Document }")}
    assert named == layers | {d.replace(">", "-claims>") for d in documents}


def test_someone_elses_prediction_is_hedged_and_cited_as_theirs(mini_corpus, tmp_path):
    # The mini text: "The ban was “total” — or so the reformists said." read as the reformists' forecast.
    (mini_corpus / "note" / "statements.csv").write_text(
        "subject,relation,object,value,date,status,source,quote,occurrence,derivation,conflict,comment\n"
        "reformists,opposes,ban-2004,,,prediction,reformists,“total” — or so the reformists said,,,,\n",
        encoding="utf-8")
    run_build(mini_corpus, tmp_path / "output")
    store = load_store(tmp_path / "output" / "graph.nq")
    assert ask(store, "?s rdf:subject fgd:reformists ; fg:layer fg:HedgedLayer ; fg:attributedTo fgd:reformists")
    assert not ask(store, "fgd:reformists fg:opposes fgd:ban-2004")
    text = render_lookup(look_up(GraphFile(tmp_path / "output" / "graph.nt"), name="Reformists"))
    assert "status:  prediction by Reformists" in text and "author" not in text.split("status:")[1].split("\n")[0]


def test_the_build_report_counts_statements_figures_and_claims_by_layer(built, corpus, dataset):
    report = json.loads((built / "build-report.json").read_text("utf-8"))
    for document, counted in zip(corpus.documents, report["documents"]):
        author = document.metadata["author"]
        for kind, assertions in (("statements", document.statements), ("figures", document.figures)):
            layers = Counter(expected_layer(a.evidence.status, a.evidence.source, author) for a in assertions)
            assert counted[f"{kind}_by_layer"] == dict(layers)
    claims = rows(dataset, "SELECT DISTINCT ?s ?p ?o WHERE { ?st a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; "
                           "rdf:object ?o }")
    plain = rows(dataset, "SELECT DISTINCT ?s ?p ?o WHERE { ?st a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; "
                          "rdf:object ?o ; fg:layer fg:FactsLayer }")
    weak = rows(dataset, """SELECT ?s ?p ?o (GROUP_CONCAT(DISTINCT LCASE(STRAFTER(STR(?status), "#")); separator=" ") AS ?on)
        WHERE { ?st a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:status ?status .
                FILTER NOT EXISTS { ?fact rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:layer fg:FactsLayer } }
        GROUP BY ?s ?p ?o""")
    on = Counter("+".join(sorted(statuses.strip('"').split())) for *_, statuses in weak)
    assert report["claims"] == {"distinct": len(claims), "plain": len(plain), "statements_only_by_status": dict(on)}
    assert report["claims"]["distinct"] > report["claims"]["plain"] > 0
