"""Network analysis: measures on small RDF graphs whose answers are known by hand, determinism,
the measurements written back into the graph, and properties of the real article that must hold.

The small graphs are RDF (entities and fg:Statement resources on top of the ontology), so every test
also goes through the SPARQL that reads networks out of a graph. Expected values are worked out by
hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graph.analysis import centrality, measurements, numbers
from graph.analysis.analyze import analyze_graph, analyze_network
from graph.analysis.balance import measure_balance, signed_pairs
from graph.analysis.brokers import find_brokers
from graph.analysis.camps import (
    adjusted_rand_index,
    compare_camps,
    detect_camps,
    normalized_mutual_information,
    positive_network,
)
from graph.analysis.centrality import (measure_betweenness, measure_closeness, measure_eigenvector,
                                      measure_shared_event_closeness)
from graph.analysis.measurements import measurement_triples
from graph.analysis.networks import (
    ALL,
    DEFAULT_SLICES,
    actor_ties,
    build_actor_event_network,
    build_actor_network,
    declared_factions,
    parse_slice,
    project_co_participation,
    read_nodes,
    read_ties,
)
from graph.namespaces import FG, FGD, FGST, bind_prefixes
from graph.build.validate import validate_graph
from graph.sources.vocabulary import load_ontology

FGM_DEGREE_OF_COUNCIL = measurements.measurement_iri("actors", ALL, "degree", "guardian-council")


LAYER_STATUS = {"facts": (FG.FactsLayer, FG.Stated), "reported": (FG.ReportedLayer, FG.Reported),
                "hedged": (FG.HedgedLayer, FG.Speculation), "rumour": (FG.RumourLayer, FG.Rumour)}


def rdf_graph(statements, types=None, layers=None):
    """An RDF graph of entities and statements: (subject, relation, object[, 'YYYY-MM-DD/YYYY-MM-DD']);
    `layers` gives the evidence layer of some statements by their position (the others are facts)."""
    graph = Graph()
    graph += load_ontology()
    types = types or {}
    entities = {s for s, _, o, *_ in statements} | {o for s, _, o, *_ in statements}
    for entity in entities:
        graph.add((FGD[entity], RDF.type, FG[types.get(entity, "Organisation")]))
        graph.add((FGD[entity], RDFS.label, Literal(entity.title(), lang="en")))
        graph.add((FGD[entity], DCTERMS.identifier, Literal(entity)))
    for number, (subject, relation, obj, *when) in enumerate(statements):
        node = FGST[f"s{number}"]
        layer, status = LAYER_STATUS[(layers or {}).get(number, "facts")]
        if layer == FG.FactsLayer:
            graph.add((FGD[subject], FG[relation], FGD[obj]))
        for p, o in ((RDF.type, FG.Statement), (RDF.subject, FGD[subject]), (RDF.predicate, FG[relation]),
                     (RDF.object, FGD[obj]), (FG.status, status), (FG.layer, layer)):
            graph.add((node, p, o))
        if when:
            earliest, latest = when[0].split("/")
            graph.add((node, FG.earliest, Literal(earliest, datatype=XSD.date)))
            graph.add((node, FG.latest, Literal(latest, datatype=XSD.date)))
    return graph


def actor_network(statements, types=None, time_slice=None):
    graph = rdf_graph(statements, types)
    nodes = read_nodes(graph)
    ties = read_ties(graph, nodes)
    return build_actor_network(ties, nodes, declared_factions(ties, nodes), time_slice)


def scores(statements, types=None):
    return analyze_network(actor_network(statements, types)).scores


# --- measures on graphs whose answers are known -------------------------------------------------

STAR = [(leaf, "supports", "hub") for leaf in ("a", "b", "d", "e")]


def test_a_star_is_centred_on_its_hub():
    found = scores(STAR)
    assert found["degree"] == {"a": 1, "b": 1, "d": 1, "e": 1, "hub": 4}
    assert found["in-degree"]["hub"] == 4 and found["out-degree"]["hub"] == 0 and found["out-degree"]["a"] == 1
    # every one of the C(4,2) = 6 pairs of leaves passes through the hub: 6 / 6
    assert found["betweenness"] == {"a": 0, "b": 0, "d": 0, "e": 0, "hub": 1.0}
    # a leaf is 1 step from the hub and 2 from each of 3 leaves: 4 / (1 + 6)
    assert found["closeness"]["hub"] == 1.0 and found["closeness"]["a"] == pytest.approx(4 / 7, abs=1e-6)
    # leading eigenvalue 2: hub = 2 x leaf, hub^2 + 4 leaf^2 = 1, so leaf = 1/sqrt(8)
    assert found["eigenvector"]["hub"] == pytest.approx(2 / 8 ** 0.5, abs=1e-6)
    assert found["eigenvector"]["e"] == pytest.approx(1 / 8 ** 0.5, abs=1e-6)


def test_ranks_put_the_hub_first_and_break_ties_by_id():
    measured = analyze_network(actor_network(STAR))
    assert [(r.entity, r.rank) for r in measured.ranking("degree")] == [
        ("hub", 1), ("a", 2), ("b", 3), ("d", 4), ("e", 5)]


def test_a_path_is_most_between_in_its_middle():
    found = scores([("a", "supports", "b"), ("b", "supports", "c"), ("c", "supports", "d"), ("d", "supports", "e")])
    # of the 6 pairs among the other four: b lies on (a,c) (a,d) (a,e); c on (a,d) (a,e) (b,d) (b,e)
    assert found["betweenness"] == pytest.approx({"a": 0, "b": 3 / 6, "c": 4 / 6, "d": 3 / 6, "e": 0}, abs=1e-6)
    # distances from a: 1+2+3+4 = 10, from b: 1+1+2+3 = 7, from c: 1+1+2+2 = 6
    assert found["closeness"] == pytest.approx({"a": 0.4, "b": 4 / 7, "c": 4 / 6, "d": 4 / 7, "e": 0.4}, abs=1e-6)


def test_pagerank_follows_the_direction_of_relations():
    found = scores([("a", "opposes", "c"), ("b", "opposes", "c")])
    # damping 0.85, c dangling: x = 0.05 + 0.85 y / 3, y = 0.05 + 1.7 x + 0.85 y / 3 gives y = 27/47
    assert found["pagerank"]["c"] == pytest.approx(27 / 47, abs=1e-5)
    assert found["pagerank"]["a"] == found["pagerank"]["b"] == pytest.approx(10 / 47, abs=1e-5)


CLIQUES = [(f"{x}{i}", "supports", f"{x}{j}") for x in "pq" for i in range(1, 5) for j in range(i + 1, 5)]
BRIDGED = CLIQUES + [("p1", "alliedWith", "q1")]


def test_two_cliques_joined_by_a_bridge_are_two_camps_and_the_bridge_ends_are_brokers():
    network = actor_network(BRIDGED)
    positive = positive_network(network)
    camps = detect_camps(positive)
    assert camps == [frozenset({"p1", "p2", "p3", "p4"}), frozenset({"q1", "q2", "q3", "q4"})]
    # 13 edges; each camp holds 6 and its degrees sum to 13: 2 x (6/13 - (13/26)^2)
    assert nx.community.modularity(positive, camps) == pytest.approx(2 * (6 / 13 - 0.25))
    betweenness = analyze_network(network).scores["betweenness"]
    # p1 carries the 3 x 4 pairs between p2-p4 and q1-q4, of 21 pairs among the other 7
    assert betweenness["p1"] == pytest.approx(12 / 21, abs=1e-6) and betweenness["p2"] == 0
    brokers = find_brokers(network, camps, betweenness)
    # without p1, p2-p4 lose all 4 members of the other camp: 12 pairs; the same for q1
    assert [(b.actor, b.disconnected_pairs) for b in brokers] == [("p1", 12), ("q1", 12)]
    assert brokers[0].camps_linked == (0, 1)


def test_opposition_does_not_join_a_camp():
    network = actor_network(CLIQUES + [("p1", "opposes", "q1")])
    assert detect_camps(positive_network(network)) == [frozenset({"p1", "p2", "p3", "p4"}),
                                                      frozenset({"q1", "q2", "q3", "q4"})]


def test_statements_of_one_relation_make_one_edge_that_lists_them():
    network = actor_network([("a", "opposes", "b"), ("a", "opposes", "b", "2004-01-01/2004-01-31"),
                             ("a", "supports", "b")])
    assert sorted(network.edges(keys=True)) == [("a", "b", "opposes"), ("a", "b", "supports")]
    edge = network.edges["a", "b", "opposes"]
    assert edge["statement_count"] == 2 and edge["statements"] == "fgst:s0 fgst:s1" and edge["sign"] == -1
    assert "earliest" not in edge  # one of its statements is undated, so the edge is not dated
    assert signed_pairs(network) == {("a", "b"): 0}  # both support and opposition: ambivalent


def test_structural_balance_counts_each_kind_of_triad():
    pairs = {("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1,          # + + +  balanced
             ("d", "e"): 1, ("d", "f"): 1, ("e", "f"): -1,         # + + -  unbalanced
             ("g", "h"): 1, ("g", "i"): -1, ("h", "i"): -1,        # + - -  balanced
             ("j", "k"): -1, ("j", "l"): -1, ("k", "l"): -1,       # - - -  unbalanced
             ("m", "n"): 0, ("m", "o"): 1, ("n", "o"): 1}          # ambivalent pair: no triad
    balance = measure_balance(pairs)
    assert balance.balanced == (("a", "b", "c"), ("g", "h", "i"))
    assert balance.unbalanced == (("d", "e", "f"), ("j", "k", "l"))
    assert balance.share == 0.5 and balance.ambivalent_pairs == (("m", "n"),)


def test_adjusted_rand_and_nmi_on_partitions_worked_by_hand():
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    # contingency all ones: sum C(n_ij,2) = 0, expected 2*2/6, max 2: (0 - 2/3) / (2 - 2/3)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)


def test_camps_found_are_compared_with_the_declared_factions():
    statements = [("r1", "inFaction", "reformists"), ("r2", "inFaction", "reformists"),
                  ("r3", "inFaction", "reformists"), ("c1", "inFaction", "conservatives"),
                  ("c2", "inFaction", "conservatives"),
                  ("r1", "supports", "r2"), ("r3", "supports", "c1"), ("c1", "supports", "c2")]
    types = {"reformists": "Faction", "conservatives": "Faction"}
    network = actor_network(statements, types)
    graph = rdf_graph(statements, types)
    nodes = read_nodes(graph)
    factions = declared_factions(read_ties(graph, nodes), nodes)
    assert factions["r3"] == ("reformists",) and factions["reformists"] == ("reformists",)
    positive = positive_network(network)
    camps = detect_camps(positive)
    assert camps == [frozenset({"c1", "c2", "r3"}), frozenset({"r1", "r2"})]
    comparison = compare_camps(positive, camps, factions)
    # declared (c1 c2 r1 r2 r3) = C C R R R; camps = 0 0 1 1 0
    # ARI: sum C(n_ij,2) = 2, rows 1+3 = 4, columns 3+1 = 4, C(5,2) = 10: (2 - 1.6) / (4 - 1.6)
    assert comparison.adjusted_rand == pytest.approx(1 / 6, abs=1e-6)
    # NMI: H = H(2/5, 3/5) for both; I = 0.4 ln(1/0.6) * 2 + 0.2 ln(0.2/0.36)
    assert comparison.normalized_mutual_information == pytest.approx(0.432538, abs=1e-6)
    assert comparison.placed_differently == (("r3", "reformists", 0),)
    assert comparison.outside == ("conservatives", "reformists")  # only inFaction ties: in no camp


# --- time slices ---------------------------------------------------------------------------------

DATED = [("a", "supports", "b", "2003-12-01/2003-12-01"), ("b", "opposes", "c", "2004-01-20/2004-01-20"),
         ("c", "supports", "d", "2004-01-01/2004-01-31"), ("d", "opposes", "e", "2004-03-01/2004-03-01"),
         ("e", "supports", "a")]


def test_a_statement_counts_in_every_slice_its_dates_overlap_and_undated_ones_in_none():
    before, during, after = DEFAULT_SLICES
    edges = {s.name: sorted(actor_network(DATED, time_slice=s).edges()) for s in DEFAULT_SLICES}
    assert edges[before.name] == [("a", "b"), ("c", "d")]      # December, and January as a month
    assert edges[during.name] == [("b", "c"), ("c", "d")]      # 20 January, and January as a month
    assert edges[after.name] == [("d", "e")]
    assert sorted(actor_network(DATED).edges()) == [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "a")]
    graph = rdf_graph(DATED)
    nodes = read_nodes(graph)
    undated = [t for t in actor_ties(read_ties(graph, nodes), nodes) if t.earliest is None]
    assert [(t.subject, t.object) for t in undated] == [("e", "a")]


def test_slice_names_are_parsed_and_bad_ones_explained():
    assert parse_slice("after-2004-02-20").start == date(2004, 2, 21)
    assert parse_slice("2004-01-11-to-2004-02-20").title == "11 January to 20 February 2004"
    for bad in ("soon", "2004-02-20-to-2004-01-11", "before-2004-13-01"):
        with pytest.raises(ValueError, match="time slice"):
            parse_slice(bad)


def test_betweenness_is_sampled_with_a_seed_above_the_threshold():
    big = nx.gnm_random_graph(centrality.BETWEENNESS_EXACT_MAX_NODES + 100, 900, seed=1)
    first, sampled = measure_betweenness(big)
    assert sampled and first == measure_betweenness(big)[0]
    assert measure_betweenness(nx.path_graph(10))[1] is False


@pytest.mark.parametrize("size", [3, 40, centrality.BETWEENNESS_EXACT_MAX_NODES + 100])
def test_the_measures_are_networkx_measures(size):
    # the batched and scipy versions must give networkx's numbers: exact below the threshold, the
    # same seeded pivots above it; random sparse graphs with weights and several components
    graph = nx.relabel_nodes(nx.gnm_random_graph(size, int(1.2 * size), seed=size), lambda n: f"n{n:04d}")
    for number, (u, v) in enumerate(graph.edges):
        graph[u][v]["weight"] = 1 + number % 4
    betweenness, sampled = measure_betweenness(graph)
    expected = nx.betweenness_centrality(graph, k=centrality.BETWEENNESS_SAMPLES if sampled else None,
                                         seed=numbers.SEED)
    assert betweenness == pytest.approx(expected, abs=1e-12)
    assert measure_closeness(graph) == pytest.approx(nx.closeness_centrality(graph), abs=1e-12)
    for weight in (None, "weight"):
        assert measure_eigenvector(graph, weight) == pytest.approx(
            nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-10, weight=weight), abs=1e-12)


def test_closeness_of_pendant_trees_and_twins_is_networkx_closeness_to_the_last_bit():
    # closeness searches only from what is left when the pendant trees are peeled, once per set of
    # twins: a clique (all twins) with a tree three deep hanging from it, a tree on its own, a pair,
    # a lone node and a loop
    graph = nx.complete_graph(["k1", "k2", "k3", "k4"])
    graph.add_edges_from([("k1", "t1"), ("t1", "t2"), ("t2", "t3"), ("t1", "t4"), ("k2", "leaf")])
    graph.add_edges_from([("r", "r1"), ("r", "r2"), ("r2", "r3"), ("p", "q"), ("k3", "k3")])
    graph.add_node("lone")
    assert measure_closeness(graph) == nx.closeness_centrality(graph)
    # by hand: t3 is 1, 2, 3, 3, 4, 4, 4, 5 steps from t2, t1, t4, k1, k2, k3, k4, leaf (26 in all),
    # reaching 8 of the 15 other nodes
    assert measure_closeness(graph)["t3"] == 8 / 26 * (8 / 15)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 40).flatmap(lambda size: st.tuples(
    st.just(size), st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=3 * size))))
def test_closeness_is_networkx_closeness_on_any_graph(sized_edges):
    size, edges = sized_edges
    graph = nx.empty_graph(size)
    graph.add_edges_from(edges)
    assert measure_closeness(graph) == nx.closeness_centrality(graph)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), max_size=6), max_size=15), st.integers(0, 3))
def test_closeness_on_shared_events_is_closeness_of_the_pairs(events, lone):
    # searched on the actor-event graph, half its distances: the same floats as searching the pairs
    network = nx.Graph(name="co-participation")
    network.add_nodes_from(f"lone{i}" for i in range(lone))
    for number, members in enumerate(events):
        for first in sorted(set(members)):
            for second in sorted(set(members)):
                if first < second:
                    edge = network.edges.get((f"a{first}", f"a{second}"), {"events": ""})
                    network.add_edge(f"a{first}", f"a{second}", events=f"{edge['events']} e{number}".strip())
    assert measure_shared_event_closeness(network) == measure_closeness(network)


def test_an_empty_time_slice_has_no_scores_and_lone_actors_score_zero():
    # a slice in which the text dates no relation: the 10k benchmark corpus has one
    empty = analyze_network(actor_network(STAR, time_slice=parse_slice("before-1900-01-01")))
    assert len(empty.network) == 0 and all(found == {} for found in empty.scores.values())
    lone = nx.Graph([("a", "b")])
    lone.add_node("c")
    assert measure_closeness(lone)["c"] == 0.0 and measure_closeness(nx.empty_graph(["x", "y"])) == {"x": 0, "y": 0}


def brokers_from_every_pair(network, camps, betweenness):
    """find_brokers worked the slow way: all distances before and after removing each candidate."""
    simple = nx.Graph(network.to_undirected())
    camp_of = {a: i for i, camp in enumerate(camps) for a in camp}
    chosen = [a for a, s in sorted(betweenness.items(), key=lambda i: (-i[1], i[0])) if s > 0][:30]
    def cross_distances(graph):
        lengths = dict(nx.all_pairs_shortest_path_length(graph))
        return {(a, b): lengths[a].get(b) for a in graph for b in graph
                if a < b and a in camp_of and b in camp_of and camp_of[a] != camp_of[b]}
    before = cross_distances(simple)
    found = []
    for actor in chosen:
        after = cross_distances(nx.restricted_view(simple, [actor], []))
        cut = sum(1 for pair, d in after.items() if d is None and before[pair] is not None)
        kept = [(before[pair], d) for pair, d in after.items() if d is not None]
        added = sum(d - b for b, d in kept) / len(kept) if kept else 0.0
        if cut or added > 0:
            found.append((actor, cut, round(added, 6)))
    return sorted(found, key=lambda b: (-b[1], -b[2], b[0]))


@pytest.mark.parametrize("exact_up_to", [10_000, 5])
def test_brokers_agree_with_every_pair_worked_out(monkeypatch, exact_up_to):
    # above the threshold the lengthening is measured from sampled members; with more samples than
    # members, the sample is every member and the answer must still be the exact one
    monkeypatch.setattr("graph.analysis.brokers.BETWEENNESS_EXACT_MAX_NODES", exact_up_to)
    monkeypatch.setattr("graph.analysis.brokers.BETWEENNESS_SAMPLES", 10_000)
    graph = nx.relabel_nodes(nx.gnm_random_graph(60, 75, seed=7), lambda n: f"n{n:02d}")
    network = nx.MultiDiGraph()
    network.add_nodes_from(sorted(graph))
    network.add_edges_from((u, v, "supports", {}) for u, v in graph.edges)
    camps = [frozenset(f"n{n:02d}" for n in range(start, 60, 3) if n < 50) for start in range(3)]
    betweenness = nx.betweenness_centrality(graph)
    found = [(b.actor, b.disconnected_pairs, b.added_steps) for b in find_brokers(network, camps, betweenness)]
    assert found == brokers_from_every_pair(network, camps, betweenness) and found


# --- the real article -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysis(graph):
    return analyze_graph(graph)


def top(analysis, network, method, count, kind=None):
    ranked = analysis.network(network).ranking(method)
    return [r.entity for r in ranked if kind is None or analysis.nodes[r.entity].kind == kind][:count]


def test_the_guardian_council_is_among_the_most_connected_actors(analysis):
    # The Council disqualifies the candidates, is opposed by the deputies, met by Khatami and Karroubi,
    # backed by Khamenei and the hard-liners: among the ten actors with most ties.
    assert "guardian-council" in top(analysis, "actors", "degree", 10)
    # It acts in more of the article's events than anyone (the waves of disqualifications, the annulled
    # ballots, the scrutiny, its own interpretation) and is the target of the ultimatum and the visit.
    assert "guardian-council" in top(analysis, "actor-event", "degree", 3, kind="actor")


def test_reformists_and_conservatives_are_opponents(analysis):
    # "Confrontation between 'reformists' and 'conservatives' has shaped ... all six major elections"
    pairs = analysis.pairs[ALL]
    assert pairs[("conservatives", "reformists")] == -1
    # "the protesting deputies did not stop at demanding that the Guardian Council reverse its decision"
    assert pairs[("guardian-council", "protesting-deputies")] == -1


def test_the_camps_separate_the_reformist_parties_from_the_council_and_the_leader(analysis):
    camp_of = {a: i for i, camp in enumerate(analysis.camps) for a in camp}
    # the two reformist parties whose deputies were all disqualified
    assert camp_of["participation-front"] == camp_of["mojahedin-of-the-islamic-revolution"]
    # Khamenei "unambiguously making clear which side he was on"; the hard-liners sit on the Council
    assert camp_of["guardian-council"] == camp_of["ali-khamenei"] == camp_of["hardline-core"]
    assert camp_of["participation-front"] != camp_of["guardian-council"]
    assert analysis.factions["participation-front"] == ("reformists",)


def test_the_crisis_meetings_are_in_the_middle_slice_only(analysis):
    # Khatami and Karroubi "rushed to meet with" Khamenei after the disqualifications of 11 January
    before, during, _ = DEFAULT_SLICES
    assert ("mohammad-khatami", "ali-khamenei") in analysis.network("actors", during.name).network.edges()
    assert ("mohammad-khatami", "ali-khamenei") not in analysis.network("actors", before.name).network.edges()


def test_undated_statements_are_reported_not_dropped(analysis):
    # "Ali Khamenei, successor to Khomeini" gives no date
    assert ("ali-khamenei", "successorOf", "ruhollah-khomeini") in {(t.subject, t.relation, t.object)
                                                                      for t in analysis.undated}
    assert b"successor of" in analysis_markdown(analysis)


def analysis_markdown(analysis):
    from graph.views.analysis_report import render_analysis_markdown
    return render_analysis_markdown(analysis)


@pytest.fixture(scope="module")
def measured_graph(graph, analysis):
    combined = bind_prefixes(Graph())
    combined += graph
    combined.addN((*t, combined) for t in measurement_triples(analysis))
    return combined


def test_measurements_answer_sparql_about_opponents_of_the_council(measured_graph):
    # the question: the five most central actors that the text says opposed the Guardian Council
    rows = list(measured_graph.query("""
        SELECT DISTINCT ?actor ?rank WHERE {
            ?actor ?relation fgd:guardian-council . ?relation fg:sign -1 .
            ?m a fg:Measurement ; fg:ofEntity ?actor ; fg:network "actors" ; fg:timeSlice "all" ;
               fg:evidenceRule "facts" ; fg:method "betweenness" ; fg:rank ?rank .
        } ORDER BY ?rank LIMIT 5"""))
    # "the protesting deputies did not stop at demanding that the Guardian Council reverse its decision"
    assert FGD["protesting-deputies"] in {r.actor for r in rows}


def test_a_degree_measurement_counts_the_actors_the_graph_relates(measured_graph):
    neighbours = {row.other for row in measured_graph.query("""
        SELECT DISTINCT ?other WHERE {
            { ?s rdf:subject fgd:guardian-council ; rdf:object ?other } UNION
            { ?s rdf:subject ?other ; rdf:object fgd:guardian-council }
            ?s a fg:Statement ; fg:layer fg:FactsLayer . ?other a ?type . ?type rdfs:subClassOf* fg:Actor . }""")}
    score = measured_graph.value(FGM_DEGREE_OF_COUNCIL, FG.score)
    assert score.datatype == XSD.decimal and int(float(score)) == len(neighbours)
    assert measured_graph.value(FGM_DEGREE_OF_COUNCIL, FG.ofEntity) == FGD["guardian-council"]


@pytest.mark.slow
def test_the_graph_with_measurements_conforms_to_the_shapes(measured_graph):
    report = validate_graph(measured_graph)
    assert report.conforms, report.violations[:5]


def test_a_broken_measurement_is_rejected_by_the_shapes(measured_graph):
    small = Graph()
    small += load_ontology()
    for prop in (RDF.type, RDFS.label, DCTERMS.identifier):
        small += measured_graph.triples((FGD["guardian-council"], prop, None))
    small += measured_graph.triples((FGM_DEGREE_OF_COUNCIL, None, None))
    assert validate_graph(small).conforms
    small.set((FGM_DEGREE_OF_COUNCIL, FG.rank, Literal(0)))
    small.add((FGM_DEGREE_OF_COUNCIL, FG.method, Literal("popularity")))
    assert {(v.focus, v.path.rsplit("#", 1)[-1]) for v in validate_graph(small).violations} == {
        (str(FGM_DEGREE_OF_COUNCIL), "rank"), (str(FGM_DEGREE_OF_COUNCIL), "method")}


def test_the_analysis_is_deterministic(graph, analysis):
    again = analyze_graph(graph)
    assert list(measurement_triples(again)) == list(measurement_triples(analysis))
    assert analysis_markdown(again) == analysis_markdown(analysis)
    from graph.analysis.figures import render_figures
    assert render_figures(again) == render_figures(analysis)


def test_the_figures_carry_no_date_stamp(analysis):
    from graph.analysis.figures import render_figures
    figures = render_figures(analysis)
    assert set(figures) == {"figures/actor-camps.svg", "figures/actor-slices.svg"}
    for svg in figures.values():
        assert svg.startswith(b"<?xml") and b"<dc:date>" not in svg


def test_co_participation_weights_count_shared_events():
    statements = [("meeting", "hasOrganiser", "a"), ("meeting", "hasParticipant", "b"),
                  ("vote", "hasParticipant", "a"), ("vote", "hasParticipant", "b"), ("vote", "hasTarget", "c")]
    graph = rdf_graph(statements, {"meeting": "Meeting", "vote": "Election"})
    nodes = read_nodes(graph)
    ties = read_ties(graph, nodes)
    bipartite = build_actor_event_network(ties, nodes, {})
    assert sorted(bipartite.edges(keys=True)) == [("a", "meeting", "hasOrganiser"), ("a", "vote", "hasParticipant"),
                                                  ("b", "meeting", "hasParticipant"), ("b", "vote", "hasParticipant"),
                                                  ("c", "vote", "hasTarget")]
    co = project_co_participation(bipartite)
    assert co.edges["a", "b"]["weight"] == 2 and co.edges["a", "c"]["weight"] == 1
    assert analyze_network(co).scores["weighted-degree"] == {"a": 3, "b": 3, "c": 2}


def test_the_docstring_examples_hold():
    import doctest

    from graph.analysis import balance, brokers, camps, networks

    for module in (networks, numbers, centrality, camps, balance, brokers):
        assert doctest.testmod(module).failed == 0


def test_the_betweenness_benchmark_compares_like_with_like():
    from graph.bench.betweenness import measure_betweenness_costs
    (row,) = measure_betweenness_costs((50,))
    # 50 nodes: below the threshold the build is exact, so it must agree with networkx
    assert row["nodes"] == 50 and row["largest_error"] < 1e-12 and row["top_ten_kept"] == 10
