"""The analysis under evidence rules, on a small graph whose answers are worked out by hand, and
`factiongraph rank --evidence` on it and on the real article.

The graph: six leaves l1..l6 support a hub h and x supports l1 (facts); x also supports l2..l6 on
rumour only, y supports h on speculation only, l1 opposes l2 as a claim reported from others, and
l3 supports l4 (a fact) while a rumour says l4 opposes l3.
"""

from __future__ import annotations

import json

import csv
import io

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal

from graph.views.analysis_report import render_analysis_markdown
from graph.analysis.analyze import analyze_graph
from graph.analysis.measurements import measurement_triples
from graph.analysis.networks import EVIDENCE_RULES
from graph.analysis.weak_evidence import RankShift, compare_readings
from graph.cli import main
from graph.views.exports import annotated_network, render_centrality_csv, render_gexf
from graph.namespaces import FG, FGD, FGST
from graph.analysis.rank import compute_ranking, load_ranking
from test_analyze import LAYER_STATUS, rdf_graph

LEAVES = [f"l{i}" for i in range(1, 7)]
STATEMENTS = ([(leaf, "supports", "h") for leaf in LEAVES]                      # 0-5   facts
              + [("x", "supports", "l1")]                                       # 6     facts
              + [("x", "supports", leaf) for leaf in LEAVES[1:]]                # 7-11  rumour
              + [("y", "supports", "h"), ("l1", "opposes", "l2"),               # 12 hedged, 13 reported
                 ("l3", "supports", "l4"), ("l4", "opposes", "l3")])            # 14 facts, 15 rumour
LAYERS = {**{i: "rumour" for i in range(7, 12)}, 12: "hedged", 13: "reported", 15: "rumour"}


@pytest.fixture(scope="module")
def small():
    return rdf_graph(STATEMENTS, layers=LAYERS)


@pytest.fixture(scope="module")
def analysis(small):
    return analyze_graph(small, slices=())


def changes(analysis, evidence):
    return compare_readings(analysis.reading("facts"), analysis.reading(evidence))


def test_each_rule_reads_only_the_statements_of_its_layers(analysis):
    counts = {r.evidence: len(r.ties) for r in analysis.readings}
    assert counts == {"facts": 8, "facts+reported": 9, "all": 16}
    actors = set(analysis.network("actors").network)
    assert "y" not in actors and ("x", "l2") not in analysis.network("actors").network.edges()


def test_ranks_that_rest_on_rumours_are_named(analysis):
    # degree under facts: h 6; l1 (h, x), l3 and l4 (h and each other) 2; the rest 1;
    # ties broken by id: h 1, l1 2, l3 3, l4 4, l2 5, l5 6, l6 7, x 8.
    # under all: h 7 (y too), x 6, l1..l4 3, l5 l6 2, y 1: h 1, x 2, l1 3, l2 4, l3 5, l4 6, l5 7, l6 8, y 9.
    degree = [s for s in changes(analysis, "all").rank_shifts if s.method == "degree"]
    assert degree == [RankShift("degree", "x", 8, 2), RankShift("degree", "y", None, 9)]
    assert [s for s in changes(analysis, "facts+reported").rank_shifts if s.method == "degree"] == []


def test_relations_only_a_broader_rule_reads_are_listed_with_their_statements(analysis):
    reported = changes(analysis, "facts+reported").extra_edges
    assert {key: [t.statement for t in ties] for key, ties in reported.items()} == {("l1", "opposes", "l2"): ["s13"]}
    weak = changes(analysis, "all").extra_edges
    assert set(weak) == ({("l1", "opposes", "l2"), ("l4", "opposes", "l3"), ("y", "supports", "h")}
                         | {("x", "supports", leaf) for leaf in LEAVES[1:]})
    assert [(t.statement, t.layer) for t in weak[("y", "supports", "h")]] == [("s12", "hedged")]


def test_a_camp_membership_resting_on_speculation_is_named(analysis):
    # y's only positive tie is the speculation; the reported tie is an opposition, so no camp changes
    assert [s.actor for s in changes(analysis, "all").camp_shifts if s.base_camp is None] == ["y"]
    assert changes(analysis, "facts+reported").camp_shifts == ()


def test_triads_closed_or_unsettled_by_weaker_evidence(analysis):
    # facts: h-l3-l4 all positive. The reported opposition closes h-l1-l2 (+ + -, unbalanced); the rumours
    # close x-l1-l2 too, and tie l3 and l4 both ways, so h-l3-l4 has no clear balance any more.
    assert analysis.reading("facts").balance.balanced == (("h", "l3", "l4"),)
    reported = changes(analysis, "facts+reported")
    assert reported.new_triads == (("h", "l1", "l2"),) and reported.lost_triads == ()
    everything = changes(analysis, "all")
    assert everything.new_triads == (("h", "l1", "l2"), ("l1", "l2", "x"))
    assert everything.lost_triads == (("h", "l3", "l4"),)
    assert analysis.reading("all").balance.unbalanced == everything.new_triads


def test_the_report_says_what_rests_on_weak_evidence(analysis):
    text = render_analysis_markdown(analysis).decode("utf-8")
    section = text[text.index("## What depends on weak evidence"):]
    assert "read under the rule `facts`" in text
    assert "L1 *opposes* L2: fgst:s13 (reported)" in section
    assert "Y *supports* H: fgst:s12 (speculation)" in section
    assert "Y is in camp" in section and "only on this evidence" in section
    assert "degree: X 8 → 2, Y not in the network → 9" in section
    assert "H, L3 and L4" in section  # unsettled by the rumour l4 opposes l3


def test_every_measurement_and_camp_names_its_rule(analysis):
    measured = Graph()
    for triple in measurement_triples(analysis):
        measured.add(triple)
    for cls in (FG.Measurement, FG.Camp):
        nodes = set(measured.subjects(predicate=None, object=cls))
        rules = {str(measured.value(n, FG.evidenceRule)) for n in nodes}
        assert nodes and rules == set(EVIDENCE_RULES)


@pytest.fixture(scope="module")
def small_build(small, analysis, tmp_path_factory):
    folder = tmp_path_factory.mktemp("small-build")
    graph = Graph()
    graph += small
    for triple in measurement_triples(analysis):
        graph.add(triple)
    graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    return folder


def rank(build, *args):
    result = CliRunner().invoke(main, ["rank", "--build", str(build), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.output)]


def test_rank_reads_the_network_under_the_rule_asked_for(small_build):
    assert rank(small_build, "--by", "degree", "--top", "2") == ["h", "l1"]
    assert rank(small_build, "--by", "degree", "--top", "2", "--evidence", "all") == ["h", "x"]
    # reported l1 opposes l2 gives l1 a third tie: still second
    assert rank(small_build, "--by", "degree", "--top", "3", "--evidence", "facts+reported") == ["h", "l1", "l2"]


def test_an_unknown_rule_is_explained(small_build):
    result = CliRunner().invoke(main, ["rank", "--build", str(small_build), "--evidence", "rumours"])
    assert result.exit_code != 0 and "facts+reported" in result.output


def test_a_rule_the_build_did_not_store_is_computed_like_the_stored_ones(built):
    for evidence in ("facts+reported", "all"):
        stored = load_ranking(built / "graph.nt", "actors", "all", "pagerank", 10, evidence)
        assert stored == compute_ranking(built / "graph.nt", "actors", None, "pagerank", 10, evidence)
    # the actor-event network is stored under facts only; under all it is computed from the statements
    everything = load_ranking(built / "graph.nt", "actor-event", "all", "degree", 500, "all")
    facts = load_ranking(built / "graph.nt", "actor-event", "all", "degree", 500, "facts")
    assert {r.id for r in facts} <= {r.id for r in everything} and len(everything) >= len(facts)


# --- dates and factions are read under the rule too ----------------------------------------------

def add_date(graph: Graph, event: str, day: str, layer: str) -> None:
    """A statement dating `event` to `day`, in `layer`, as the build writes one (plain only if a fact)."""
    node = FGST[f"{event}-date-{layer}"]
    layer_iri, status = LAYER_STATUS[layer]
    value = Literal(day, datatype=XSD.date)
    if layer == "facts":
        graph.add((FGD[event], FG.date, value))
    for p, o in ((RDF.type, FG.Statement), (RDF.subject, FGD[event]), (RDF.predicate, FG.date), (RDF.object, value),
                 (FG.status, status), (FG.layer, layer_iri), (FG.earliest, value), (FG.latest, value)):
        graph.add((node, p, o))


@pytest.fixture(scope="module")
def rumoured_dates():
    """a and b take part in two protests: p1 dated by the author, p2 only by a rumour."""
    graph = rdf_graph([("p1", "hasParticipant", "a"), ("p2", "hasParticipant", "b")],
                      types={"p1": "Protest", "p2": "Protest"})
    add_date(graph, "p1", "2004-01-12", "facts")
    add_date(graph, "p2", "2004-02-01", "rumour")
    return graph


def test_under_facts_a_rumoured_date_dates_nothing(rumoured_dates):
    network = analyze_graph(rumoured_dates, slices=()).network("actor-event")
    gexf = render_gexf(annotated_network(analyze_graph(rumoured_dates, slices=()), network)).decode("utf-8")
    assert network.network.nodes["p1"]["earliest"] == "2004-01-12"
    assert "earliest" not in network.network.nodes["p2"]
    assert {when for *_, when in network.network.edges(keys=True, data="earliest") if when} == {"2004-01-12"}
    assert 'id="p1" label="P1" start="2004-01-12"' in gexf and 'id="p2" label="P2">' in gexf


def test_under_all_the_rumoured_date_counts(rumoured_dates):
    network = analyze_graph(rumoured_dates, slices=(), evidence="all").network("actor-event").network
    assert network.nodes["p2"]["earliest"] == "2004-02-01"


def test_centrality_csv_declares_the_factions_of_each_rule():
    # x is in faction f only by a rumour: a member under `all`, in no faction under `facts`
    graph = rdf_graph([("x", "supports", "y"), ("x", "inFaction", "f")], types={"f": "Faction"}, layers={1: "rumour"})
    table = list(csv.DictReader(io.StringIO(render_centrality_csv(analyze_graph(graph, slices=())).decode("utf-8"))))
    faction = {(row["evidence"], row["network"], row["id"]): row["faction"] for row in table}
    assert faction[("facts", "actors", "x")] == ""
    assert faction[("all", "actors", "x")] == "f"
    assert faction[("all", "actors", "f")] == "f"
