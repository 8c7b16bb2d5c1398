"""The network exports read back with networkx and pandas, compared with the RDF graph itself.

The expected counts and attributes come from SPARQL queries written here, independent of the code
that builds the networks, on the graph of the real article as the build writes it. The exported
networks are read under the default evidence rule, facts: their edges are the plain triples.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from xml.etree import ElementTree

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.centrality import METHODS
from graph.views.exports import render_edge_csv, render_gexf, render_graphml, render_node_csv
from graph.namespaces import PREFIXES
from graph.build.store import load_store

ACTOR_TIES = """
    SELECT DISTINCT ?s ?p ?o WHERE {
        ?p rdfs:subPropertyOf+ fg:assertedRelation .
        ?s ?p ?o .
        ?s a ?st . ?st rdfs:subClassOf* fg:Actor .
        ?o a ?ot . ?ot rdfs:subClassOf* fg:Actor .
        FILTER(?s != ?o)
    }"""

ROLES = """
    SELECT DISTINCT ?event ?role ?actor WHERE {
        VALUES ?role { fg:hasOrganiser fg:hasParticipant fg:hasTarget }
        ?event ?role ?actor .
        ?event a ?et . ?et rdfs:subClassOf* fg:Event .
        ?actor a ?at . ?at rdfs:subClassOf* fg:Actor .
    }"""


def local(term) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Store:
    """The built graph.nt in Oxigraph, answering SPARQL with the project's prefixes."""

    def __init__(self, path):
        self.store = load_store(path)

    def query(self, text):
        solutions = self.store.query(text, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        names = [v.value for v in solutions.variables]
        return [{name: solution[name].value for name in names} for solution in solutions]


@pytest.fixture(scope="module")
def rdf(built):
    return Store(built / "graph.nt")


@pytest.fixture(scope="module")
def expected(rdf):
    """Nodes and edges of each network, as the RDF graph says, by SPARQL."""
    ties = {(local(r["s"]), local(r["p"]), local(r["o"])) for r in rdf.query(ACTOR_TIES)}
    roles = {(local(r["event"]), local(r["role"]), local(r["actor"])) for r in rdf.query(ROLES)}
    events_of = defaultdict(set)
    for event, _, actor in roles:
        events_of[actor].add(event)
    shared = {(a, b) for a in events_of for b in events_of if a < b and events_of[a] & events_of[b]}
    return {
        "actors": ({n for s, _, o in ties for n in (s, o)}, ties),
        "actor-event": ({n for e, _, a in roles for n in (e, a)}, roles),
        "co-participation": ({n for pair in shared for n in pair}, shared),
    }


def edge_keys(name, edges, expected):
    """Edges read back, as the RDF has them: (subject, relation, object) for the directed actor
    network, (event, role, actor) for the undirected actor-event one, (actor, actor) pairs for the
    co-participation one."""
    if name == "actors":
        return {(u, k, v) for u, v, k in edges}
    if name == "actor-event":
        events = {event for event, _, _ in expected["actor-event"][1]}
        return {(u, k, v) if u in events else (v, k, u) for u, v, k in edges}
    return {tuple(sorted((u, v))) for u, v, _ in edges}


NETWORKS = ("actors", "actor-event", "co-participation")


@pytest.mark.parametrize("name", NETWORKS)
def test_gexf_reads_back_with_the_graphs_nodes_and_edges(built, expected, name):
    network = nx.read_gexf(built / "networks" / f"{name}.gexf")
    nodes, edges = expected[name]
    assert set(network) == nodes
    keys = [(u, v, d.get("networkx_key", d.get("relation"))) for u, v, d in network.edges(data=True)]
    assert len(keys) == len(edges) and edge_keys(name, keys, expected) == edges


READERS = {
    "graphml": lambda path: nx.read_graphml(path),
    "cyjs": lambda path: nx.cytoscape_graph(json.loads(path.read_text(encoding="utf-8"))),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("name", NETWORKS)
def test_graphml_and_cytoscape_json_read_back_with_the_graphs_nodes_and_edges(built, expected, name, fmt):
    network = READERS[fmt](built / "networks" / f"{name}.{fmt}")
    nodes, edges = expected[name]
    assert set(network) == nodes
    keys = [(u, v, d.get("relation")) for u, v, d in network.edges(data=True)]
    assert len(keys) == len(edges) and edge_keys(name, keys, expected) == edges


@pytest.mark.parametrize("name", NETWORKS)
def test_csv_lists_read_back_with_the_graphs_nodes_and_edges(built, expected, name):
    nodes_table = pd.read_csv(built / "networks" / f"{name}-nodes.csv", dtype=str, keep_default_na=False)
    edges_table = pd.read_csv(built / "networks" / f"{name}-edges.csv", dtype=str, keep_default_na=False)
    nodes, edges = expected[name]
    assert set(nodes_table["id"]) == nodes and len(nodes_table) == len(nodes)
    relation = edges_table["relation"] if "relation" in edges_table else [None] * len(edges_table)
    keys = list(zip(edges_table["source"], edges_table["target"], relation))
    assert len(keys) == len(edges) and edge_keys(name, keys, expected) == edges
    assert set(METHODS[name]) <= set(nodes_table.columns)


def test_node_labels_types_and_factions_are_the_graphs(built, rdf):
    nodes = pd.read_csv(built / "networks" / "actors-nodes.csv", dtype=str, keep_default_na=False).set_index("id")
    labels = {r["id"]: r["label"] for r in rdf.query(
        "SELECT ?id ?label WHERE { ?e dcterms:identifier ?id ; rdfs:label ?label }")}
    assert all(nodes.loc[i, "label"] == labels[i] for i in nodes.index)
    # "the two most popular reformist parties, the Participation Front ..."
    assert nodes.loc["participation-front", "faction"] == "reformists"
    assert nodes.loc["participation-front", "type"] == "PoliticalParty"


def test_an_edge_lists_the_statements_behind_it_and_its_sign(built, rdf):
    edges = pd.read_csv(built / "networks" / "actors-edges.csv", dtype=str, keep_default_na=False)
    # "the protesting deputies did not stop at demanding that the Guardian Council reverse its decision"
    row = edges[(edges.source == "protesting-deputies") & (edges.target == "guardian-council")
                & (edges.relation == "demands")].iloc[0]
    statements = {"fgst:" + local(r["s"]) for r in rdf.query("""
        SELECT ?s WHERE { ?s a fg:Statement ; rdf:subject fgd:protesting-deputies ; rdf:predicate fg:demands ;
                             rdf:object fgd:guardian-council }""")}
    assert set(row["statements"].split()) == statements and int(row["statement_count"]) == len(statements)
    assert row["sign"] == "-1"


def test_gexf_gives_events_their_dates_for_the_timeline_and_no_stamp(built, rdf):
    text = (built / "networks" / "actor-event.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text and "lastmodifieddate" not in text
    network = nx.read_gexf(built / "networks" / "actor-event.gexf")
    # "The mass disqualifications were made official on January 11, 2004"
    first = min(r["d"] for r in rdf.query("""
        SELECT ?d WHERE { ?s rdf:subject fgd:disqualifications-2004 ; fg:earliest ?d ;
                             rdf:predicate ?p . VALUES ?p { fg:date fg:startDate fg:endDate } }"""))
    assert network.nodes["disqualifications-2004"]["start"] == first == "2004-01-11"


def test_each_attribute_has_one_type_in_graphml(built):
    for name in NETWORKS:
        network_keys = defaultdict(set)
        text = (built / "networks" / f"{name}.graphml").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.lstrip().startswith("<key "):
                attributes = dict(part.split("=", 1) for part in line.strip("<>/ ").split()[1:])
                network_keys[(attributes['for'], attributes['attr.name'])].add(attributes['attr.type'])
        assert network_keys and all(len(types) == 1 for types in network_keys.values()), name


def test_every_exported_edge_says_it_was_read_from_the_facts(built):
    for name in NETWORKS:
        edges = pd.read_csv(built / "networks" / f"{name}-edges.csv", dtype=str, keep_default_na=False)
        assert set(edges["evidence"]) == {"facts"}, name
    assert nx.read_graphml(built / "networks" / "actors.graphml").graph["evidence"] == "facts"


def test_the_centrality_table_has_a_row_per_node_network_slice_and_rule(built, expected, rdf):
    table = pd.read_csv(built / "centrality.csv", dtype=str, keep_default_na=False)
    facts = table[table.evidence == "facts"]
    whole = facts[facts.time_slice == "all"]
    for name, (nodes, _) in expected.items():
        assert set(whole[whole.network == name]["id"]) == nodes
    assert set(facts.time_slice) == {"all", "before-2004-01-11", "2004-01-11-to-2004-02-20", "after-2004-02-20"}
    # the other rules read the actor network of the whole period again, with every statement of their layers
    broader = table[table.evidence != "facts"]
    assert set(broader.evidence) == {"facts+reported", "all"}
    assert set(zip(broader.network, broader.time_slice)) == {("actors", "all")}
    ties = rdf.query(ACTOR_TIES.replace("?s ?p ?o .", "?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ."))
    assert set(broader[broader.evidence == "all"]["id"]) == {local(r[k]) for r in ties for k in ("s", "o")}
    actors = facts[(facts.network == "actors") & (facts.time_slice == "all")].set_index("id")
    assert float(actors.loc["guardian-council", "degree"]) >= 1
    assert actors.loc["guardian-council", "weighted-degree"] == ""  # not a measure of this network


def test_csv_quotes_text_that_a_spreadsheet_would_run_but_not_numbers():
    network = nx.MultiDiGraph()
    network.add_node("a", label='=HYPERLINK("http://x.example","y")', kind="actor", betweenness=-0.5)
    network.add_node("b", label="-0.5", kind="actor", betweenness=0.25)
    network.add_node("c", label="@SUM(1)", kind="\tactor", betweenness=1.0)
    network.add_edge("a", "b", key="opposes", sign=-1, statements="+cmd")
    nodes = list(csv.DictReader(io.StringIO(render_node_csv(network).decode("utf-8"))))
    assert [(n["label"], n["kind"], n["betweenness"]) for n in nodes] == [
        ("'=HYPERLINK(\"http://x.example\",\"y\")", "actor", "-0.5"), ("'-0.5", "actor", "0.25"),
        ("'@SUM(1)", "'\tactor", "1.0")]
    edges = list(csv.DictReader(io.StringIO(render_edge_csv(network).decode("utf-8"))))
    assert [(e["relation"], e["sign"], e["statements"]) for e in edges] == [("opposes", "-1", "'+cmd")]


def test_gexf_and_graphml_hold_any_label_as_valid_xml():
    network = nx.MultiDiGraph()
    network.add_node("a", label="NUL\x00 SOH\x01 VT\x0b <&> \ufffe")
    network.add_node("b\x02", label="plain")
    network.add_edge("a", "b\x02", key="opposes\x1b", sign=-1)
    shown = "NUL\ufffd SOH\ufffd VT\ufffd <&> \ufffd"
    for read in (nx.read_gexf(io.BytesIO(render_gexf(network))), nx.read_graphml(io.BytesIO(render_graphml(network)))):
        assert read.nodes["a"]["label"] == shown and "b\ufffd" in read


def page_node_colours(built) -> dict[str, str]:
    html = (built / "graph.html").read_text(encoding="utf-8")
    nodes = json.loads(re.search(r'<script type="application/json" id="vis-nodes">(.*?)</script>', html, re.S).group(1))
    return {node["id"]: node["color"]["background"] for node in nodes}


def hex_of(viz: dict) -> str:
    return "#{:02x}{:02x}{:02x}".format(viz["color"]["r"], viz["color"]["g"], viz["color"]["b"])


@pytest.mark.parametrize("name", NETWORKS)
def test_gexf_carries_the_pages_colours_a_measure_based_size_and_a_position(built, name):
    network = nx.read_gexf(built / "networks" / f"{name}.gexf")
    page = page_node_colours(built)
    looks = {node: data["viz"] for node, data in network.nodes(data=True)}
    assert looks and all({"color", "size", "position"} <= set(viz) for viz in looks.values())
    assert {node: hex_of(viz) for node, viz in looks.items()} == {node: page[node] for node in looks}
    positions = {(viz["position"]["x"], viz["position"]["y"]) for viz in looks.values()}
    assert len(positions) == len(looks)  # a layout, not every node on one spot
    measure = {"actors": "pagerank", "actor-event": "degree", "co-participation": "weighted-degree"}[name]
    by_measure = sorted(network.nodes, key=lambda n: float(network.nodes[n][measure]))
    sizes = [looks[n]["size"] for n in by_measure]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_the_actors_gexf_colours_an_actor_by_its_faction_as_the_page_does(built):
    network = nx.read_gexf(built / "networks" / "actors.gexf")
    # "the two most popular reformist parties, the Participation Front" -- counted among the reformists
    page = page_node_colours(built)
    assert hex_of(network.nodes["participation-front"]["viz"]) == page["participation-front"] != "#c9d3dd"
    # networkx reads no edge colour back, so the edge's viz:color is read from the XML
    root = ElementTree.parse(built / "networks" / "actors.gexf").getroot()
    edge = root.find(".//{*}edge[@id='protesting-deputies demands guardian-council']/{*}color")
    assert "#{:02x}{:02x}{:02x}".format(*(int(edge.get(c)) for c in "rgb")) == "#c0392b"  # opposition's colour


def test_a_node_dated_only_by_its_start_stays_open_on_the_timeline(built, rdf):
    network = nx.read_gexf(built / "networks" / "actors.gexf")
    # "A quarter of a century after the establishment of the Islamic Republic": a start, and no end
    republic = network.nodes["islamic-republic"]
    assert republic["start"] == "1979-01-01" and "end" not in republic
    # the networks are read under the evidence rule `facts`: only facts-layer dates date a node
    with_end = {local(r["e"]) for r in rdf.query("""SELECT DISTINCT ?e WHERE {
        ?s a fg:Statement ; rdf:subject ?e ; rdf:predicate ?p ; fg:layer fg:FactsLayer .
        VALUES ?p { fg:date fg:endDate } }""")}
    for name in NETWORKS:
        for node, data in nx.read_gexf(built / "networks" / f"{name}.gexf").nodes(data=True):
            assert ("end" in data) == (node in with_end), (name, node)


@pytest.mark.filterwarnings("ignore:Could not add edge ids")  # our edges carry an id attribute of their own
@pytest.mark.parametrize("name", NETWORKS)
def test_igraph_reads_the_same_looks_from_graphml_and_cytoscape_holds_them_too(built, name):
    import igraph

    gexf = nx.read_gexf(built / "networks" / f"{name}.gexf")
    graphml = igraph.Graph.Read_GraphML(str(built / "networks" / f"{name}.graphml"))
    for vertex in graphml.vs:
        viz = gexf.nodes[vertex["id"]]["viz"]
        assert (vertex["x"], vertex["y"], vertex["size"], vertex["color"]) == \
            (viz["position"]["x"], viz["position"]["y"], viz["size"], hex_of(viz))
    cyjs = json.loads((built / "networks" / f"{name}.cyjs").read_text(encoding="utf-8"))
    for element in cyjs["elements"]["nodes"]:
        viz = gexf.nodes[element["data"]["id"]]["viz"]
        assert (element["position"], element["data"]["color"], element["data"]["size"]) == \
            ({"x": viz["position"]["x"], "y": -viz["position"]["y"]}, hex_of(viz), viz["size"])
    assert all("color" in edge["data"] for edge in cyjs["elements"]["edges"])
