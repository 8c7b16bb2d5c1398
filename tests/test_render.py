"""The explorable page without a browser: what it holds, that it is self-contained, safe and stable.

Expected answers come from the article (corpus/saghafi-2004/text.txt) or from SPARQL written
here, never from render.py's own output.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD
from support import CORPUS, DATA

from graph.access.database import built_graph
from graph.sources.corpus import load_corpus
from graph.build.triples import build_graph
from graph.cli import main
from graph.errors import FactionGraphError
from graph.namespaces import FG, FGD, FGM, PREFIX_IRIS
from graph.views.graph_page import vis_library
from graph.views.network_view import read_network
from graph.views.page_evidence import read_evidence, read_timeline
from graph.views.render import load_graph, render_pages
from graph.views.selection import PAGE_MAX_NODES, ego_network, find_focus, most_central
from graph.views.styling import EDGE_STYLE_OF
from graph.sources.vocabulary import load_vocabulary

INJECTED = "<img src=x onerror=alert(1)>"


def page_json(html: str, element_id: str):
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1))


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


@pytest.fixture(scope="module")
def network(graph):
    return read_network(graph)


@pytest.fixture(scope="module")
def pages(graph, corpus):
    return render_pages(graph, {d.id: d.source.text for d in corpus.documents})


def test_every_relation_of_the_ontology_has_an_edge_style():
    assert sorted(load_vocabulary().object_relations - EDGE_STYLE_OF.keys()) == []


def test_the_network_holds_every_entity_and_every_asserted_relation_of_every_layer(graph, network):
    entities = count(graph, """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a ?class . ?class rdfs:subClassOf* fg:Entity . FILTER(STRSTARTS(STR(?e), STR(fgd:))) }""")
    relations = count(graph, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        ?statement a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        ?p rdfs:subPropertyOf+ fg:assertedRelation . FILTER(isIRI(?o)) } }""")
    assert (len(network.nodes), len(network.links)) == (entities, relations)
    assert [n.id for n in network.nodes] == sorted(n.id for n in network.nodes)


def test_an_edge_carries_the_statements_behind_it(graph, network):
    # "the Participation Front, led by the president’s brother Mohammad Reza Khatami"
    link = next(link for link in network.links if link.id == "mohammad-reza-khatami leads participation-front")
    evidence = read_evidence(graph)
    quotes = [evidence.assertions[k]["quote"] for k in link.statements]
    assert any("led by the president’s brother Mohammad Reza Khatami" in q for q in quotes)


def test_a_statement_keeps_its_footnote_and_place_in_the_text(graph):
    # "... they would resign en masse, effectively nixing any chance that elections could be held. [5]"
    # Note [5] is "Sharq, January 15, 2004."; the sentence is in paragraph 7 ("Sitting In").
    evidence = read_evidence(graph)
    record = next(r for r in evidence.assertions.values() if r["quote"].endswith("they would resign en masse"))
    assert (record["status"], record["paragraph"], record["sectionTitle"]) == ("stated", 7, "Sitting In")
    assert [evidence.notes[n]["text"] for n in record["notes"]] == ["Sharq, January 15, 2004."]
    text = (CORPUS / "saghafi-2004" / "text.txt").read_text(encoding="utf-8")
    assert text[record["start"]:record["end"]] == record["quote"]


def test_the_timeline_is_in_date_order_with_its_precision(graph, network):
    rows = read_timeline(read_evidence(graph), network)
    assert [r["earliest"] for r in rows] == sorted(r["earliest"] for r in rows)
    # "The mass disqualifications were made official on January 11, 2004"
    official = next(r for r in rows if r["entity"] == "disqualifications-2004")
    assert (official["when"], official["precision"]) == ("11 Jan 2004", "day")
    order = [r["entity"] for r in rows]
    assert order.index("islamic-revolution") < order.index("election-2004-majles")


def test_the_focus_is_found_as_cite_finds_a_name(built, network):
    store = load_graph(built_graph(built)).oxigraph
    assert find_focus(store, network, "the Guardians").id == "guardian-council"
    assert find_focus(store, network, "fgd:mohammad-khatami").id == "mohammad-khatami"
    assert find_focus(store, network, "Provincial governors' ultimatum to the Guardian Council").id == "governors-ultimatum"
    with pytest.raises(FactionGraphError, match="entity is called 'Guardian Councl'") as error:
        find_focus(store, network, "Guardian Councl")
    assert "did you mean" in error.value.problems[0].hint and "Guardian Council" in error.value.problems[0].hint
    # Sharq's issue of 12 January 2004 is a work its note 3 cites, not a node
    with pytest.raises(FactionGraphError, match="is not a node of the graph"):
        find_focus(store, network, "fgwork:sharq-2004-01-12")


def test_render_focus_answers_a_name_as_cite_does(built, tmp_path):
    """'Guardian' is part of six names: both commands list the same candidates; a part of one name only picks it."""
    def run(*args):
        return CliRunner().invoke(main, [*args, "--build", str(built)])
    focus = run("render", "--corpus", str(CORPUS), "--focus", "Guardian", "--out", str(tmp_path / "g.html"))
    cite = run("cite", "Guardian")
    assert focus.exit_code == cite.exit_code == 1 and "Traceback" not in focus.output
    assert "--focus: 'Guardian' could be any of 6 entities" in focus.output
    assert "name one by its id (factiongraph render --focus ID)" in focus.output
    candidates = [line for line in focus.output.splitlines() if line.startswith("        fgd:")]
    assert "        fgd:guardian-council: Guardian Council (StateInstitution)" in candidates
    assert candidates == [line for line in cite.output.splitlines() if line.startswith("        fgd:")]
    picked = run("render", "--corpus", str(CORPUS), "--focus", "America", "--out", str(tmp_path / "a.html"))
    note = "note: 'America' is part of one name only: American neo-conservatives (fgd:american-neoconservatives)"
    assert picked.exit_code == 0 and note in picked.output and note in run("cite", "America").output
    assert "the neighbourhood of American neo-conservatives (depth 1)" in picked.output


def test_the_ego_network_of_khatami(network):
    ego = ego_network(network, "mohammad-khatami", 1)
    ids = {n.id for n in ego.nodes}
    # His brother, his office, whom he dealt with and his own initiatives, all in the article.
    assert {"mohammad-reza-khatami", "president-post", "ali-khamenei", "guardian-council",
            "khatami-postponement-proposal", "election-1997-presidential"} <= ids
    assert ego.focus == "mohammad-khatami"
    for node in ids - {"mohammad-khatami"}:
        assert any({link.subject, link.object} == {node, "mohammad-khatami"} for link in network.links)
    assert len(ego.nodes) + len(ego.left_out) == len(network.nodes)
    assert len(ego.links) + ego.left_out_links == len(network.links)
    assert len(ego_network(network, "mohammad-khatami", 2).nodes) > len(ego.nodes)


def test_max_nodes_keeps_the_most_central_and_names_the_rest(network):
    kept = most_central(network, 10, keep="mohammad-reza-khatami")
    scores = network.centrality.scores
    assert len(kept.nodes) == 10 and "mohammad-reza-khatami" in {n.id for n in kept.nodes}
    lowest_kept = min(scores.get(n.id, 0.0) for n in kept.nodes if n.id != "mohammad-reza-khatami")
    assert all(scores.get(i, 0.0) <= lowest_kept for i in kept.left_out)
    assert len(kept.left_out) == len(network.nodes) - 10


def test_size_is_pagerank_of_the_facts_when_the_graph_holds_measurements(graph):
    assert read_network(graph).centrality.name == "degree (number of relations)"
    measured = Graph()
    measured += graph
    scores = (("facts", "guardian-council", "0.4", 1), ("facts", "reformists", "0.1", 2),
              ("all", "guardian-council", "0.2", 2), ("all", "reformists", "0.3", 1))
    for evidence, entity, score, rank in scores:
        node = FGM[f"{evidence}-actors-all-pagerank-{entity}"]
        for p, o in ((RDF.type, FG.Measurement), (FG.ofEntity, FGD[entity]), (FG.network, Literal("actors")),
                     (FG.timeSlice, Literal("all")), (FG.evidenceRule, Literal(evidence)),
                     (FG.method, Literal("pagerank")),
                     (FG.score, Literal(Decimal(score), datatype=XSD.decimal)), (FG.rank, Literal(rank))):
            measured.add((node, p, o))
    centrality = read_network(measured).centrality
    assert centrality.name == "PageRank in the actors network, read from the facts (evidence rule facts)"
    assert centrality.scores == {"guardian-council": 0.4, "reformists": 0.1}


def test_the_page_is_self_contained(pages):
    html = pages["graph.html"].decode("utf-8")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", html)
    assert not re.search(r"<link[^>]*>", html)
    assert "cdn" not in html.lower() and "bootstrap" not in html.lower()
    assert "vis-network" in html and "new vis.Network" in html
    assert "</script" not in vis_library().lower(), "the inlined library would close its script element early"


def test_the_page_is_the_same_every_time(graph, corpus, pages):
    again = render_pages(graph, {d.id: d.source.text for d in corpus.documents})
    assert again == pages
    options = page_json(pages["graph.html"].decode("utf-8"), "vis-options")
    assert options["layout"]["randomSeed"] == 2004 and "hierarchical" not in options["layout"]


def test_the_text_page_holds_the_text_exactly(pages, article):
    text = article.source.text
    page = pages["text.html"].decode("utf-8")
    shown_article = re.search(r'<article data-doc="saghafi-2004">(.*?)</article>', page, re.DOTALL).group(1)
    blocks = re.findall(r'data-start="(\d+)"[^>]*>(.*?)</(?:p|h2)>', shown_article, re.DOTALL)
    covered = set()
    for start, block in blocks:
        # the footnote links wrap the text's own characters: without the tags the block is the text
        assert set(re.findall(r"<(\w+)", block)) <= {"a"}
        shown = html.unescape(re.sub(r"<[^>]*>", "", block))
        assert text[int(start):int(start) + len(shown)] == shown
        covered.update(range(int(start), int(start) + len(shown)))
    assert [i for i, char in enumerate(text) if not char.isspace() and i not in covered] == []


@pytest.fixture(scope="module")
def injected_corpus(tmp_path_factory):
    """The mini corpus with markup in a label, an alias, a description and a quote (tests/data/injected)."""
    target = tmp_path_factory.mktemp("injected") / "corpus"
    shutil.copytree(DATA / "mini", target)
    shutil.copytree(DATA / "injected", target, dirs_exist_ok=True)
    return target


def test_markup_in_the_data_never_reaches_the_page_as_markup(injected_corpus):
    corpus = load_corpus(injected_corpus)
    pages = render_pages(build_graph(corpus), {d.id: d.source.text for d in corpus.documents})
    page = pages["graph.html"].decode("utf-8")
    for raw in (INJECTED, "<svg onload", "<script>alert", "<b onclick"):
        assert raw not in page
    assert page_json(page, "page-data")["entities"]["reformists"]["label"] == INJECTED
    text_page = pages["text.html"].decode("utf-8")
    assert "<b onclick" not in text_page and "&lt;b onclick=alert(4)&gt;no&lt;/b&gt;" in text_page


def test_render_draws_an_ego_network_and_says_what_it_left_out(built, tmp_path):
    out = tmp_path / "khatami.html"
    result = CliRunner().invoke(main, ["render", "--build", str(built), "--corpus", str(CORPUS),
                                       "--focus", "Khatami", "--depth", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "the neighbourhood of Mohammad Khatami (depth 1)" in result.output
    assert re.search(r"left out \d+ nodes \(.*\) and \d+ edges", result.output)
    data = page_json(out.read_text(encoding="utf-8"), "page-data")
    assert data["focus"] == "mohammad-khatami" and data["leftOut"]
    assert (tmp_path / "text.html").exists()


def test_render_of_the_whole_graph_is_the_build_page(built, tmp_path):
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(main, ["render", "--build", str(built), "--corpus", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (built / "graph.html").read_bytes()
    assert (tmp_path / "text.html").read_bytes() == (built / "text.html").read_bytes()


def test_render_errors_say_how_to_fix_them(built, tmp_path):
    unknown = CliRunner().invoke(main, ["render", "--build", str(built), "--corpus", str(CORPUS),
                                        "--focus", "Guardian Councl", "--out", str(tmp_path / "x.html")])
    assert unknown.exit_code == 1 and "no actor, event or other entity is called 'Guardian Councl'" in unknown.output
    assert "hint:" in unknown.output and "Traceback" not in unknown.output
    missing = CliRunner().invoke(main, ["render", "--build", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "run `factiongraph build` first" in missing.output
    depth = CliRunner().invoke(main, ["render", "--build", str(built), "--depth", "2"])
    assert depth.exit_code == 2 and "--depth needs --focus" in depth.output


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A generated corpus with more entities than a page draws, built into an Oxigraph store as the build does."""
    import pyoxigraph as ox

    from graph.bench.synthetic_corpus import generate_corpus
    from graph.build.store import rdflib_view, to_oxigraph_term

    folder = tmp_path_factory.mktemp("large") / "corpus"
    generate_corpus(folder, (PAGE_MAX_NODES + 500) * 60, seed=3)
    corpus = load_corpus(folder)
    store = ox.Store()
    store.bulk_extend(ox.Quad(*map(to_oxigraph_term, triple)) for triple in build_graph(corpus))
    graph = rdflib_view(store)
    return graph, render_pages(graph, {d.id: d.source.text for d in corpus.documents})


@pytest.mark.slow
def test_a_graph_above_the_cap_draws_its_most_central_nodes_and_says_what_it_left_out(large):
    graph, pages = large
    page = pages["graph.html"].decode("utf-8")
    data = page_json(page, "page-data")
    entities = int(next(iter(graph.query("""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a ?class . ?class rdfs:subClassOf* fg:Entity . FILTER(STRSTARTS(STR(?e), STR(fgd:))) }""",
                                         initNs=PREFIX_IRIS)))[0])
    assert entities > PAGE_MAX_NODES
    drawn = {node["id"] for node in page_json(page, "vis-nodes")}
    assert len(drawn) == len(data["entities"]) == PAGE_MAX_NODES
    assert data["total"]["nodes"] == entities and len(data["leftOut"]) == entities - PAGE_MAX_NODES
    assert "--focus" in data["seeMore"] and "--max-nodes" in data["seeMore"]
    degree = {str(row[0]).rsplit("/", 1)[-1]: int(row[1]) for row in graph.query("""
        SELECT ?e (COUNT(*) AS ?n) WHERE {
            { ?e ?p ?other } UNION { ?other ?p ?e }
            ?p rdfs:subPropertyOf+ fg:assertedRelation . FILTER(isIRI(?other) && STRSTARTS(STR(?other), STR(fgd:))) }
        GROUP BY ?e""", initNs=PREFIX_IRIS)}
    labels = {str(row[0]).rsplit("/", 1)[-1]: str(row[1]) for row in graph.query(
        "SELECT ?e ?label WHERE { ?e rdfs:label ?label . FILTER(STRSTARTS(STR(?e), STR(fgd:))) }", initNs=PREFIX_IRIS)}
    left_out = {i for i in labels if labels[i] in set(data["leftOut"])} - drawn
    assert min(degree.get(i, 0) for i in drawn) >= max(degree.get(i, 0) for i in left_out)
    for key, record in data["assertions"].items():
        assert record["kind"] == "figure" or record["subject"] in drawn or record.get("object") in drawn, key


def test_the_article_is_under_the_cap_and_drawn_whole(pages, network):
    data = page_json(pages["graph.html"].decode("utf-8"), "page-data")
    assert len(network.nodes) < PAGE_MAX_NODES
    assert len(data["entities"]) == data["total"]["nodes"] == len(network.nodes)
    assert data["leftOut"] == [] and data["seeMore"] == ""
