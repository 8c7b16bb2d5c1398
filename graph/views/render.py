"""Explorable HTML: the graph as a vis-network page (via pyvis) with the evidence behind every edge.

The page is one self-contained file: vis-network is inlined from the copy pyvis ships, and the
template is ours (pyvis's own links Bootstrap and vis-network from CDNs). Every text from the data
reaches the page as JSON and is shown through DOM text nodes, never parsed as HTML. A companion
``text.html`` shows the article with a quote highlighted by its TextPositionSelector offsets.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import textwrap
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date
import os
import stat
from importlib import metadata, resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..analysis.networks import DEFAULT_EVIDENCE, EVIDENCE_RULES
from ..access.database import built_graph, open_database
from ..access.names import Entity, find_entity
from ..errors import FactionGraphError, Problem
from ..namespaces import FG, FGD, FGDOC, FGST, SCHEMA
from ..build.output import locked, write_file
from ..build.store import rdflib_view, select
from ..sources.vocabulary import DATE_RELATIONS, STATUSES, load_ontology

SEED = 2004
TEXT_PAGE = "text.html"
VIEWS = "views"
# Every page carries <meta name="generator" content="factiongraph VERSION">: how render knows a page it may replace.
GENERATOR = "factiongraph "
GENERATOR_TAG = f'<meta name="generator" content="{GENERATOR}'.encode("utf-8")
MIN_SIZE, MAX_SIZE = 14.0, 48.0
FONT = "DejaVu Sans, Verdana, sans-serif"
LABEL_WIDTH = 22
# Measured with graph/bench/browser.py (BENCHMARKS.md, "HTML in the browser"): up to 2,000 nodes a
# redraw (every pan and zoom) takes under 0.1 s; at 5,000 it takes over half a second.
PAGE_MAX_NODES = 2000
LARGE_PAGE = 500
SEE_MORE = ("To draw what is left out: `factiongraph render --focus NAME --depth 2` draws one entity's "
            "neighbourhood; `factiongraph render --max-nodes N` draws the N most central nodes.")


@dataclass(frozen=True)
class NodeStyle:
    label: str
    shape: str
    fill: str
    border: str


@dataclass(frozen=True)
class EdgeStyle:
    name: str
    label: str
    colour: str
    dashes: tuple[int, ...]
    width: float
    relations: tuple[str, ...]


KIND_STYLES = {
    "actor": NodeStyle("actor with no declared faction", "dot", "#c9d3dd", "#66788a"),
    "event": NodeStyle("event", "diamond", "#ffd966", "#a67c00"),
    "place": NodeStyle("place", "triangle", "#b7dfb0", "#4f7f45"),
    "idea": NodeStyle("ideology or political project", "square", "#dcc3ea", "#7b4f96"),
    "publication": NodeStyle("publication", "triangleDown", "#e3cfae", "#8a6a3b"),
    "other": NodeStyle("other entity", "dot", "#e6e6e6", "#8c8c8c"),
}
KIND_ROOTS = ((FG.Actor, "actor"), (FG.Event, "event"), (FG.Place, "place"), (FG.Ideology, "idea"),
              (FG.PoliticalProject, "idea"), (FG.Publication, "publication"))
FACTION_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                   "#17becf", "#bcbd22", "#7f7f7f")
EDGE_STYLES = (
    EdgeStyle("membership", "membership and office", "#1f4e79", (), 2.5,
              ("leads", "memberOf", "inFaction", "partOf", "holdsOffice")),
    EdgeStyle("support", "support, alliance, political closeness", "#2e8b57", (), 2.0,
              ("supports", "advocates", "alliedWith", "closeTo")),
    EdgeStyle("opposition", "opposition, criticism, rejection, threats, demands, estrangement, discrimination",
              "#c0392b", (10, 6), 2.0,
              ("opposes", "criticises", "rejects", "threatens", "demands", "alienates", "discriminatesAgainst")),
    EdgeStyle("dealings", "dealings, oversight, influence, failure", "#7f7f7f", (3, 5), 1.5,
              ("negotiatesWith", "hasRelationsWith", "influences", "oversees", "fails")),
    EdgeStyle("kinship", "kinship and succession", "#9c6b98", (2, 3), 1.5, ("siblingOf", "successorOf")),
    EdgeStyle("participation", "participation in an event", "#e08e0b", (), 1.5,
              ("hasOrganiser", "hasParticipant", "hasTarget")),
    EdgeStyle("sequence", "between events", "#6a5acd", (), 1.5, ("causes", "respondsTo", "precedes", "subEventOf")),
    EdgeStyle("place", "where", "#6b8e23", (1, 4), 1.5, ("hasPlace", "locatedIn")),
    EdgeStyle("about", "what it concerns", "#a6a6a6", (6, 4), 1.0, ("concerns",)),
)
OTHER_EDGE = EdgeStyle("other", "other relation", "#999999", (4, 4), 1.0, ())
EDGE_STYLE_OF = {relation: style for style in EDGE_STYLES for relation in style.relations}
RULE_WORDS = {"facts": "the facts", "facts+reported": "the facts and the claims reported from others",
              "all": "every claim, rumours, speculation and predictions included"}
"""What each evidence rule reads, as the page's legend and rule picker say it."""
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


@dataclass(frozen=True)
class Node:
    """An entity as the page shows it."""

    id: str
    label: str
    type: str
    type_label: str
    kind: str
    aliases: tuple[str, ...]
    description: str
    cameo: str
    factions: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """One asserted relation between two entities, with the statements behind it."""

    subject: str
    relation: str
    object: str
    statements: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.subject} {self.relation} {self.object}"


@dataclass(frozen=True)
class Centrality:
    """What node size shows: a measure from the graph (PageRank) or, without one, degree."""

    name: str
    scores: dict[str, float]
    network: str = ""
    """The network the measure was taken in; empty for degree on the page."""


@dataclass(frozen=True)
class Network:
    """The nodes and links of a view, sorted, and what the view left out of the whole graph."""

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    centrality: Centrality
    factions: tuple[str, ...] = ()
    rule_centralities: dict[str, Centrality] | None = None
    """The same measure in the same network under each evidence rule the graph measured it under."""
    scope: str = "the whole graph"
    focus: str | None = None
    left_out: tuple[str, ...] = ()
    left_out_links: int = 0

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


@dataclass(frozen=True)
class Evidence:
    """Statements and figures as plain data for the page, and which entity each is about."""

    assertions: dict[str, dict]
    notes: dict[str, dict]
    about: dict[str, tuple[str, ...]]
    measures: dict[str, tuple[tuple, ...]]
    labels: dict[str, str]
    slices: tuple[dict, ...]
    documents: dict[str, dict] = None
    """Each document by id: its title and the words naming it (id, title, authors, year), as cite does."""
    conflicts: tuple[dict, ...] = ()
    """Every recorded conflict: how it was found, why, and its two sides (graph/conflicts.py)."""


@dataclass(frozen=True)
class RenderResult:
    path: Path
    text_path: Path
    network: Network
    total_nodes: int
    total_links: int
    picked: str = ""
    """Which entity a part of the --focus name chose ('' when the name was exact)."""


def _local(term, namespace) -> str:
    return str(term).removeprefix(str(namespace))


def _text(value) -> str:
    return str(value) if value is not None else ""


def _label(schema: Graph, term: URIRef, namespace) -> str:
    return _text(schema.value(term, RDFS.label)) or _local(term, namespace)


def _kind(schema: Graph, cls: URIRef) -> str:
    ancestors = set(schema.transitive_objects(cls, RDFS.subClassOf))
    return next((kind for root, kind in KIND_ROOTS if root in ancestors), "other")


def _pairs(graph: Graph, prop: URIRef) -> list[tuple]:
    """(subject, object) of every triple with predicate prop."""
    return select(graph, f"SELECT ?s ?o WHERE {{ ?s {prop.n3()} ?o }}")


def _entity_classes(schema: Graph) -> set[URIRef]:
    return set(schema.transitive_subjects(RDFS.subClassOf, FG.Entity))


def _asserted_relations(schema: Graph) -> set[URIRef]:
    return set(schema.transitive_subjects(RDFS.subPropertyOf, FG.assertedRelation)) - {FG.assertedRelation}


def read_network(graph: Graph) -> Network:
    """Entities as nodes and asserted relations between them as links, sorted, sized by centrality.

    A link stands for every statement of its relation, whatever its evidence layer, so the page's
    status filter can show or hide what rests on reported claims, speculation or rumour.

    Reads go by property (one triple pattern each) or by SPARQL, never one lookup per entity: on
    a view over an Oxigraph store each lookup is a round trip.
    """
    schema = load_ontology()
    entity_classes = _entity_classes(schema)
    classes = {}
    for entity, cls in _of_entities(graph, "a"):
        if cls in entity_classes:
            node_id = _local(entity, FGD)
            if node_id not in classes or str(cls) < str(classes[node_id]):
                classes[node_id] = cls
    single = {prop: {} for prop in ("rdfs:label", "dcterms:description", "fg:cameoCode", "fg:cameoName")}
    for prop, values in single.items():
        for entity, value in _of_entities(graph, prop):
            values.setdefault(_local(entity, FGD), str(value))
    aliases, factions = defaultdict(set), defaultdict(set)
    for entity, alias in _of_entities(graph, "fg:alias"):
        aliases[_local(entity, FGD)].add(str(alias))
    for entity, faction in _of_entities(graph, "fg:inFaction"):
        factions[_local(entity, FGD)].add(_local(faction, FGD))
    kinds = {cls: (_label(schema, cls, FG), _kind(schema, cls)) for cls in set(classes.values())}
    nodes = {}
    for node_id in sorted(classes):
        cls = classes[node_id]
        nodes[node_id] = Node(
            id=node_id,
            label=single["rdfs:label"].get(node_id) or node_id,
            type=_local(cls, FG),
            type_label=kinds[cls][0],
            kind=kinds[cls][1],
            aliases=tuple(sorted(aliases[node_id])),
            description=single["dcterms:description"].get(node_id, ""),
            cameo=" ".join(filter(None, (single["fg:cameoCode"].get(node_id), single["fg:cameoName"].get(node_id)))),
            factions=tuple(sorted(factions[node_id])),
        )
    behind = defaultdict(list)
    for statement, subject, relation, obj in select(graph, """SELECT ?statement ?subject ?relation ?object WHERE {
            ?statement a fg:Statement ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object .
            FILTER(isIRI(?object)) }"""):
        behind[(subject, relation, obj)].append(_local(statement, FGST))
    relations = _asserted_relations(schema)
    links = [Link(_local(subject, FGD), _local(relation, FG), _local(obj, FGD), tuple(sorted(statements)))
             for (subject, relation, obj), statements in behind.items()
             if relation in relations and _local(subject, FGD) in nodes and _local(obj, FGD) in nodes]
    links.sort(key=lambda link: (link.subject, link.relation, link.object))
    ordered = tuple(nodes.values())
    claimed = {_local(obj, FGD) for _, relation, obj in behind if relation == FG.inFaction}
    factions = sorted({n.id for n in ordered if n.type == "Faction"} | ({f for n in ordered for f in n.factions}
                                                                        | claimed) & set(nodes))
    centrality = choose_centrality(read_measures(graph, method="pagerank"), ordered, links)
    return Network(ordered, tuple(links), centrality, tuple(factions), read_rule_centralities(graph, centrality))


def read_rule_centralities(graph: Graph, chosen: Centrality) -> dict[str, Centrality]:
    """The chosen PageRank under every evidence rule the build measured its network under (the build
    measures the whole-period actor network under each rule), so the page can size nodes by any of them."""
    found = {DEFAULT_EVIDENCE: chosen}
    for rule in EVIDENCE_RULES:
        if rule == DEFAULT_EVIDENCE or not chosen.network:
            continue
        scores = {entity: score for entity, rows in read_measures(graph, method="pagerank", evidence=rule).items()
                  for network, _, score, _ in rows if network == chosen.network}
        if scores:
            found[rule] = Centrality(pagerank_name(chosen.network, rule), scores, chosen.network)
    return found


def pagerank_name(network: str, rule: str) -> str:
    return f"PageRank in the {network} network, read from {RULE_WORDS[rule]} (evidence rule {rule})"


def _of_entities(graph: Graph, prop: str):
    """(entity, value) for each value of prop on a resource of the fgd: namespace; the engine filters."""
    return select(graph, f"SELECT ?entity ?value WHERE {{ ?entity {prop} ?value . FILTER(STRSTARTS(STR(?entity), STR(fgd:))) }}")


def read_measures(graph: Graph, entities=None, method: str | None = None,
                  evidence: str = DEFAULT_EVIDENCE) -> dict[str, tuple[tuple, ...]]:
    """The whole-period network measures of each entity under an evidence rule (by default the author's
    facts): (network, method, score, rank), sorted. Only those of `entities` (ids) and of one `method` when given.
    """
    method_pattern = f"BIND({Literal(method).n3()} AS ?method) ?measure fg:method ?method ." if method else \
        "?measure fg:method ?method ."
    measures = defaultdict(list)
    for entity, network, name, score, rank in select(graph, f"""SELECT ?entity ?network ?method ?score ?rank WHERE {{
            ?measure fg:timeSlice "all" ; fg:evidenceRule {Literal(evidence).n3()} .
            {method_pattern} ?measure fg:ofEntity ?entity ; fg:score ?score ;
                fg:network ?network ; fg:rank ?rank }}"""):
        entity_id = _local(entity, FGD)
        if entities is None or entity_id in entities:
            measures[entity_id].append((str(network), str(name), float(score), int(rank)))
    return {entity: tuple(sorted(rows)) for entity, rows in sorted(measures.items())}


def read_slices(graph: Graph) -> tuple[dict, ...]:
    """The time slices the analysis measured, as the date ranges the page's time filter offers."""
    from ..analysis.networks import parse_slice

    names = {str(row[0]) for row in select(graph, "SELECT DISTINCT ?name WHERE { ?measure fg:timeSlice ?name }")}
    try:
        slices = [parse_slice(name) for name in names - {"all"}]
    except ValueError as err:
        raise FactionGraphError(Problem("graph", str(err), "rebuild the graph with `factiongraph build`")) from err
    slices.sort(key=lambda s: (s.start or date.min, s.end or date.max, s.name))
    return tuple({"name": s.name, "title": s.title, "from": s.start.isoformat() if s.start else "",
                  "to": s.end.isoformat() if s.end else ""} for s in slices)


def choose_centrality(measures: dict[str, tuple[tuple, ...]], nodes, links) -> Centrality:
    """PageRank from the network that measures most of the nodes; degree when the graph has none.

    >>> choose_centrality({"a": (("actors", "pagerank", 0.4, 1),)}, (), []).name
    'PageRank in the actors network, read from the facts (evidence rule facts)'
    >>> choose_centrality({}, (), [Link("a", "leads", "b", ())]).scores
    {'a': 1.0, 'b': 1.0}
    """
    by_network = defaultdict(dict)
    for entity, rows in measures.items():
        for network, method, score, _ in rows:
            if method == "pagerank":
                by_network[network][entity] = score
    ids = {n.id for n in nodes}
    if by_network:
        network = min(by_network, key=lambda name: (-len(ids & set(by_network[name])), name))
        return Centrality(pagerank_name(network, DEFAULT_EVIDENCE), by_network[network], network)
    degree = Counter({n.id: 0 for n in nodes})
    for link in links:
        degree[link.subject] += 1
        degree[link.object] += 1
    return Centrality("degree (number of relations)", {k: float(v) for k, v in sorted(degree.items())})


def read_evidence(graph: Graph, network: Network | None = None) -> Evidence:
    """Statements and figures with quote, status, place in the text and footnote sources.

    Given a network that leaves nodes out, only the assertions about its nodes (which include
    those behind its links) and their measures are kept: what its page shows. Reads go by
    property or by plain SPARQL joins, which both rdflib's engine and Oxigraph answer quickly.
    """
    schema = load_ontology()
    drawn = {n.id for n in network.nodes} if network is not None and network.left_out else None
    about = defaultdict(list)
    for assertion, entity in _pairs(graph, FG.statementOf):
        about[_local(entity, FGD)].append(_local(assertion, FGST))
    wanted = {k for e in drawn for k in about.get(e, ())} if drawn is not None else None

    def rows(query: str):
        return (row for row in select(graph, query) if wanted is None or _local(row[0], FGST) in wanted)

    def values(prop: URIRef):
        return ((_local(a, FGST), v) for a, v in _pairs(graph, prop) if wanted is None or _local(a, FGST) in wanted)

    kinds = {_local(a, FGST): kind for kind in ("statement", "figure")
             for (a,) in select(graph, f"SELECT ?a WHERE {{ ?a a fg:{kind.capitalize()} }}")
             if wanted is None or _local(a, FGST) in wanted}
    assertions = {key: _blank_assertion() for key in kinds}
    fields = {"status": FG.status, "layer": FG.layer, "quote": FG.quote, "doc": FG.inDocument, "date": FG.dateQualifier,
              "earliest": FG.earliest, "latest": FG.latest, "precision": FG.datePrecision,
              "derivation": FG.derivation, "comment": FG.annotatorNote}
    for name, prop in fields.items():
        for key, value in values(prop):
            if key in assertions:
                assertions[key][name] = value
    for key, record in assertions.items():
        record.update(status=_local(record["status"], FG).lower(),
                      layer=_local(record["layer"], FG).removesuffix("Layer").lower(), quote=_text(record["quote"]),
                      doc=_local(record["doc"], FGDOC), date=format_date(_text(record["date"])),
                      earliest=_text(record["earliest"]) or None, latest=_text(record["latest"]) or None,
                      precision=_local(record["precision"], FG).lower() if record["precision"] is not None else "",
                      derivation=_text(record["derivation"]), comment=_text(record["comment"]))
    for assertion, label in rows("SELECT ?a ?label WHERE { ?a fg:attributedTo ?who . ?who rdfs:label ?label }"):
        assertions[_local(assertion, FGST)]["attributedTo"] = str(label)
    for assertion, start, end in rows("""SELECT ?a ?start ?end WHERE { ?a fg:anchor ?anchor . ?anchor oa:hasTarget ?target .
            ?target oa:hasSelector ?selector . ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }"""):
        assertions[_local(assertion, FGST)].update(start=int(start), end=int(end))
    for assertion, number in rows("SELECT ?a ?number WHERE { ?a fg:inParagraph ?paragraph . ?paragraph fg:number ?number }"):
        assertions[_local(assertion, FGST)]["paragraph"] = int(number)
    for assertion, number, title in rows("""SELECT ?a ?number ?title WHERE {
            ?a fg:inSection ?section . ?section fg:number ?number ; rdfs:label ?title }"""):
        assertions[_local(assertion, FGST)].update(section=int(number), sectionTitle=str(title))
    for assertion, number in rows("SELECT ?a ?number WHERE { ?a fg:inFootnote ?note . ?note fg:number ?number }"):
        assertions[_local(assertion, FGST)]["inNote"] = int(number)
    for assertion, note, number in rows("SELECT ?a ?note ?number WHERE { ?a fg:citesFootnote ?note . ?note fg:number ?number }"):
        assertions[_local(assertion, FGST)]["notes"].append((int(number), _local(note, FGDOC)))
    for key, other in values(FG.conflictsWith):
        assertions[key]["conflicts"].append(_local(other, FGST))
    agreeing = defaultdict(list)
    for corroboration, member in _pairs(graph, FG.agreeingAssertion):
        agreeing[corroboration].append(_local(member, FGST))
    for assertion, corroboration, documents, origins in rows("""SELECT ?a ?k ?documents ?origins WHERE {
            ?k fg:agreeingAssertion ?a ; fg:documentCount ?documents ; fg:originCount ?origins }"""):
        key = _local(assertion, FGST)
        assertions[key]["agreements"].append({"documents": int(documents), "origins": int(origins),
                                              "others": sorted(k for k in agreeing[corroboration] if k != key)})
    for assertion, subject, relation, obj in rows("""SELECT ?a ?subject ?relation ?object WHERE {
            ?a rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object }"""):
        key = _local(assertion, FGST)
        if kinds.get(key) == "statement":
            assertions[key].update(_statement_fields(schema, subject, relation, obj))
    for assertion, claim in rows("SELECT ?a ?claim WHERE { ?a a fg:Figure ; rdfs:label ?claim }"):
        assertions[_local(assertion, FGST)].update(kind="figure", claim=str(claim))
    for record in assertions.values():
        record["notes"] = [note for _, note in sorted(record["notes"])]
        record["conflicts"].sort()
        record["agreements"].sort(key=lambda agreement: agreement["others"])
    order = {k: (r["doc"], r["start"], k) for k, r in assertions.items()}
    return Evidence(
        assertions=dict(sorted(assertions.items())),
        notes=read_notes(graph),
        about={e: tuple(sorted(keys, key=order.__getitem__)) for e, keys in sorted(about.items())
               if drawn is None or e in drawn},
        measures=read_measures(graph, entities=drawn),
        labels=read_labels(graph),
        slices=read_slices(graph),
        documents=read_document_names(graph),
        conflicts=read_conflict_records(graph, set(assertions)),
    )


def read_conflict_records(graph: Graph, kept: set[str]) -> tuple[dict, ...]:
    """The recorded conflicts whose two sides the page holds, in a stable order: rule, reason, sides."""
    found: dict[str, dict] = {}
    for conflict, rule, reason, side in select(graph, """SELECT ?c ?rule ?reason ?side WHERE {
            ?c a fg:Conflict ; fg:foundBy/skos:notation ?rule ; fg:conflictReason ?reason ; fg:conflictSide ?side }"""):
        record = found.setdefault(str(conflict), {"foundBy": str(rule), "reason": str(reason), "sides": []})
        record["sides"].append(_local(side, FGST))
    records = [r | {"sides": sorted(r["sides"])} for r in found.values() if set(r["sides"]) <= kept]
    return tuple(sorted(records, key=lambda r: (r["foundBy"], r["sides"])))


def read_document_names(graph: Graph) -> dict[str, dict]:
    """Each document's title and how the page names it: `report-a, “Title” (Author, 2004)`, as
    `factiongraph cite` does, its authors in the order of the citation its publisher asks for."""
    from .citation import document_words

    found = {}
    for doc, title, cite, when in select(graph, """SELECT ?doc ?title ?cite ?date WHERE { ?doc a fg:Document .
            OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc fg:howToCite ?cite } OPTIONAL { ?doc dcterms:date ?date } }"""):
        found.setdefault(_local(doc, FGDOC), (_text(title), _text(cite), _text(when)))
    authors = defaultdict(set)
    for doc, name in select(graph, "SELECT ?doc ?name WHERE { ?doc a fg:Document ; dcterms:creator/rdfs:label ?name }"):
        authors[_local(doc, FGDOC)].add(str(name))
    documents = {}
    for doc_id, (title, cite, when) in sorted(found.items()):
        def position(name, cite=cite):
            return (cite.find(name) if name in cite else len(cite), name)
        names = sorted(authors[doc_id], key=position)
        documents[doc_id] = {"title": title or doc_id, "named": document_words(doc_id, title or doc_id, names, when[:4])}
    return documents


def _blank_assertion() -> dict:
    """An assertion's fields before the graph fills them in, in the order the page's data lists them."""
    return {"status": None, "layer": None, "attributedTo": "", "quote": None, "doc": None, "start": None, "end": None,
            "paragraph": None, "section": None, "sectionTitle": "", "inNote": None, "notes": [], "date": None,
            "earliest": None, "latest": None, "precision": None, "derivation": None, "comment": None,
            "conflicts": [], "agreements": []}


def _statement_fields(schema: Graph, subject, relation, obj) -> dict:
    name = _local(relation, FG)
    value = ""
    if isinstance(obj, Literal):
        value = format_date(str(obj)) if name in DATE_RELATIONS else str(obj)
    return {
        "kind": "statement",
        "subject": _local(subject, FGD),
        "relation": name,
        "relationLabel": _label(schema, relation, FG),
        "object": _local(obj, FGD) if isinstance(obj, URIRef) else None,
        "value": value,
    }


def read_notes(graph: Graph) -> dict[str, dict]:
    """Every footnote: its number, text and the labels of the works it cites."""
    notes = {}
    for note, number in select(graph, "SELECT ?note ?number WHERE { ?note a fg:Footnote ; fg:number ?number }"):
        notes[_local(note, FGDOC)] = {"number": int(number), "works": [], "text": ""}
    for note, text in _pairs(graph, FG.footnoteText):
        if _local(note, FGDOC) in notes:
            notes[_local(note, FGDOC)]["text"] = str(text)
    for note, work in select(graph, "SELECT ?note ?work WHERE { ?note fg:cites ?cited . ?cited rdfs:label ?work }"):
        if _local(note, FGDOC) in notes:
            notes[_local(note, FGDOC)]["works"].append(str(work))
    for record in notes.values():
        record["works"].sort()
    return dict(sorted(notes.items()))


def read_labels(graph: Graph) -> dict[str, str]:
    """The label of every resource named in the fgd: namespace, by id."""
    labels = {_local(e, FGD): str(label) for e, label in _of_entities(graph, "rdfs:label")}
    return dict(sorted((k, v) for k, v in labels.items() if k))


def format_date(text: str) -> str:
    """A date as the text gives it, for people: day, month, year, or a range of those.

    >>> [format_date(t) for t in ("2004-01-11", "2004-02", "1979", "2004-01-27/2004-02-20")]
    ['11 Jan 2004', 'Feb 2004', '1979', '27 Jan 2004 – 20 Feb 2004']
    """
    def one(part: str) -> str:
        pieces = part.split("-")
        if len(pieces) == 3:
            return f"{int(pieces[2])} {MONTHS[int(pieces[1]) - 1]} {pieces[0]}"
        if len(pieces) == 2:
            return f"{MONTHS[int(pieces[1]) - 1]} {pieces[0]}"
        return part
    return " – ".join(one(p) for p in text.split("/"))


LAYER_STRENGTH = ("facts", "reported", "hedged", "rumour")


def read_timeline(evidence: Evidence, network: Network) -> list[dict]:
    """The dated entities of the view in date order, one row per distinct date the text gives, with the
    strongest layer of the statements giving it and, for a date no fact gives, who the text says gives it:
    the page marks such a date as reported, hedged or rumoured rather than showing it as a fact."""
    ids = {n.id for n in network.nodes}
    rows = {}
    for key, record in evidence.assertions.items():
        if record["kind"] != "statement" or record["relation"] not in DATE_RELATIONS or record["subject"] not in ids:
            continue
        row_key = (record["subject"], record["relation"], record["value"])
        row = rows.setdefault(row_key, {
            "entity": record["subject"], "relation": record["relation"], "when": record["value"],
            "precision": record["precision"], "earliest": record["earliest"], "latest": record["latest"],
            "statements": []})
        row["statements"].append(key)
    for row in rows.values():
        behind = [evidence.assertions[key] for key in row["statements"]]
        row["layer"] = min((r["layer"] for r in behind), key=LAYER_STRENGTH.index)
        row["by"] = sorted({r["attributedTo"] for r in behind if r["attributedTo"]}) if row["layer"] != "facts" else []
    order = {"startDate": 0, "date": 1, "endDate": 2}
    return sorted(rows.values(), key=lambda r: (r["earliest"], r["latest"], order[r["relation"]], r["entity"]))


def find_focus(store: ox.Store, network: Network, name: str) -> Entity:
    """The entity `render --focus name` draws, found in the built graph's store as `factiongraph cite` finds
    it (graph/access/names.py); it must be a node of the network (a cited work is not one)."""
    entity = find_entity(name, store, option="--focus", usage="factiongraph render --focus ID")
    if not any(node.id == entity.id for node in network.nodes):
        raise FactionGraphError(Problem("--focus", f"{entity.named} is not a node of the graph",
                                        "focus on an actor, an event, a place or another entity"))
    return entity


def ego_network(network: Network, focus: str, depth: int) -> Network:
    """The nodes within `depth` relations of `focus` (either direction) and the links among them."""
    neighbours = defaultdict(set)
    for link in network.links:
        neighbours[link.subject].add(link.object)
        neighbours[link.object].add(link.subject)
    distance = {focus: 0}
    queue = deque([focus])
    while queue:
        current = queue.popleft()
        if distance[current] < depth:
            for other in sorted(neighbours[current] - distance.keys()):
                distance[other] = distance[current] + 1
                queue.append(other)
    scope = f"the neighbourhood of {network.node(focus).label} (depth {depth})"
    return replace(_keep(network, set(distance), scope), focus=focus)


def most_central(network: Network, max_nodes: int, keep: str | None = None) -> Network:
    """The `max_nodes` most central nodes (ties by id), always including `keep`."""
    ranked = sorted(network.nodes, key=lambda n: (n.id != keep, -network.centrality.scores.get(n.id, 0.0), n.id))
    kept = {n.id for n in ranked[:max_nodes]}
    scope = f"{network.scope}, its {len(kept)} most central nodes by {network.centrality.name}"
    return _keep(network, kept, scope) if len(kept) < len(network.nodes) else network


def _keep(network: Network, kept: set[str], scope: str) -> Network:
    scores = network.centrality.scores
    dropped = sorted((n for n in network.nodes if n.id not in kept), key=lambda n: (-scores.get(n.id, 0.0), n.id))
    links = tuple(link for link in network.links if link.subject in kept and link.object in kept)
    return replace(network, nodes=tuple(n for n in network.nodes if n.id in kept), links=links, scope=scope,
                   left_out=network.left_out + tuple(n.id for n in dropped),
                   left_out_links=network.left_out_links + len(network.links) - len(links))


def faction_colours(network: Network) -> dict[str, str]:
    """A colour per declared faction of the whole graph, in id order, so every view agrees."""
    return {f: FACTION_COLOURS[i % len(FACTION_COLOURS)] for i, f in enumerate(network.factions)}


def _scale_value(score: float | None) -> float:
    """What vis-network scales a node by: the square root of its centrality, so area follows the measure."""
    return round(math.sqrt(max(score or 0.0, 0.0)), 6)


def size_scale(scores: list[float]) -> Callable[[float | None], float]:
    """The radius vis-network draws for a score among `scores`: its linear scaling of values between
    MIN_SIZE and MAX_SIZE. The range is found once, so sizing every node of a large network stays linear.

    >>> size_scale([1.0, 4.0, 9.0])(4.0), size_scale([1.0, 1.0])(1.0)
    (31.0, 31.0)
    """
    values = [_scale_value(s) for s in scores]
    low, high = min(values, default=0.0), max(values, default=0.0)
    if high == low:
        return lambda score: (MIN_SIZE + MAX_SIZE) / 2
    return lambda score: round(MIN_SIZE + (_scale_value(score) - low) / (high - low) * (MAX_SIZE - MIN_SIZE), 2)


def _node_colour(node: Node, colours: dict[str, str]) -> tuple[str, str]:
    style = KIND_STYLES[node.kind]
    faction = node.id if node.id in colours else next((f for f in node.factions if f in colours), None)
    if node.kind == "actor" and faction:
        return colours[faction], style.border
    return style.fill, style.border


def vis_nodes(network: Network, evidence: Evidence, colours: dict[str, str]) -> list[dict]:
    """The nodes as vis-network items: shape by kind, colour by faction or kind, size by centrality."""
    scores = network.centrality.scores
    items = []
    for node in network.nodes:
        fill, border = _node_colour(node, colours)
        factions = ", ".join(evidence.labels.get(f, f) for f in node.factions)
        score = scores.get(node.id)
        measured = f"{network.centrality.name}: " + (f"{score:g}" if score is not None else "not measured")
        title = "\n".join(filter(None, (node.label, node.type_label + (f" · {factions}" if factions else ""),
                                        measured, "click for the evidence")))
        label = textwrap.fill(node.label, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
        items.append({
            "id": node.id, "label": label, "title": title, "shape": KIND_STYLES[node.kind].shape,
            "value": _scale_value(score), "borderWidth": 2,
            "color": {"background": fill, "border": border,
                      "highlight": {"background": fill, "border": "#111111"},
                      "hover": {"background": fill, "border": "#111111"}},
        })
    return items


def vis_edges(network: Network, evidence: Evidence) -> list[dict]:
    """The links as vis-network items: colour and dashes by relation, arrows unless symmetric."""
    schema = load_ontology()
    symmetric = {_local(p, FG) for p in schema.subjects(RDF.type, OWL.SymmetricProperty)}
    pairs = defaultdict(list)
    for link in network.links:
        pairs[tuple(sorted((link.subject, link.object)))].append(link)
    items = []
    for link in network.links:
        style = EDGE_STYLE_OF.get(link.relation, OTHER_EDGE)
        relation = _label(schema, FG[link.relation], FG)
        statuses = Counter(evidence.assertions[k]["status"] for k in link.statements if k in evidence.assertions)
        arrow = "—" if link.relation in symmetric else "→"
        count = len(link.statements)
        title = (f"{evidence.labels.get(link.subject, link.subject)} {arrow} {relation} {arrow} "
                 f"{evidence.labels.get(link.object, link.object)}\n{count} statement{'s' if count != 1 else ''}: "
                 + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
        item = {
            "id": link.id, "from": link.subject, "to": link.object, "title": title, "width": style.width,
            "arrows": {"to": {"enabled": link.relation not in symmetric, "scaleFactor": 0.6}},
            "color": {"color": style.colour, "highlight": style.colour, "hover": style.colour},
            "dashes": list(style.dashes) if style.dashes else False,
        }
        siblings = pairs[tuple(sorted((link.subject, link.object)))]
        if len(siblings) > 1:
            roundness = round(0.1 + 0.15 * siblings.index(link), 2)
            item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        items.append(item)
    return items


def vis_options(node_count: int) -> dict:
    """vis-network options: a seeded layout, physics that settles and then stops, hover tooltips.

    Above LARGE_PAGE nodes the layout runs fewer iterations the more nodes there are and edges are
    straight: measured with graph/bench/browser.py, 5,000 nodes settle in about 8 s instead of 30 s.
    """
    large = node_count > LARGE_PAGE
    iterations = max(50, min(150, 250_000 // node_count)) if large else 400
    return {
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -110, "centralGravity": 0.025, "springLength": 130,
                                 "springConstant": 0.05, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25 if large else 50,
                              "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "multiselect": False},
        "nodes": {"font": {"face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"min": MIN_SIZE, "max": MAX_SIZE,
                              "label": {"enabled": True, "min": 13, "max": 36, "maxVisible": 22, "drawThreshold": 5}}},
        "edges": {"smooth": {"enabled": not large, "type": "continuous", "roundness": 0.2},
                  "selectionWidth": 2, "hoverWidth": 1},
    }


OPENING_MAX = 30
"""At most this many actors in the view the page opens on: at 1280x720 their labels stay legible."""


def read_opening(graph: Graph, network: Network) -> dict | None:
    """The actors the page opens on, chosen by a rule of the data rather than a list of names: every actor
    with at least k ties to other actors in the actors network read from the author's facts (its degree
    there), k the smallest that keeps at most OPENING_MAX. None when the view is that small already, or
    the graph holds no such measure."""
    drawn = {n.id for n in network.nodes}
    if len(drawn) <= OPENING_MAX:
        return None
    degrees = {entity: score for entity, rows in read_measures(graph, entities=drawn, method="degree").items()
               for name, _, score, _ in rows if name == "actors" and score > 0}
    least = next((k for k in sorted(set(degrees.values())) if sum(d >= k for d in degrees.values()) <= OPENING_MAX),
                 None)
    actors = sorted(e for e, d in degrees.items() if least is not None and d >= least)
    if len(actors) < 2:
        return None
    return {"rule": f"the {len(actors)} actors with at least {least:g} tie{'s' if least != 1 else ''} to other actors "
                    "in the author's facts (their degree in the actors network read from the facts)",
            "actors": actors}


def page_data(network: Network, evidence: Evidence, title: str, total: tuple[int, int],
              opening: dict | None = None) -> dict:
    """Everything the page's script needs besides the vis items, as plain JSON-ready data."""
    ids = {n.id for n in network.nodes}
    keys = sorted({k for n in network.nodes for k in evidence.about.get(n.id, ())}
                  | {k for link in network.links for k in link.statements})
    assertions = {k: evidence.assertions[k] for k in keys if k in evidence.assertions}
    referenced = {r.get(side) for r in assertions.values() for side in ("subject", "object")} | ids
    colours = faction_colours(network)
    return {
        "title": title,
        "textPage": TEXT_PAGE,
        "scope": network.scope,
        "focus": network.focus,
        "total": {"nodes": total[0], "edges": total[1]},
        "leftOut": [evidence.labels.get(i, i) for i in network.left_out],
        "leftOutEdges": network.left_out_links,
        "seeMore": SEE_MORE if network.left_out else "",
        "entities": {n.id: {"label": n.label, "type": n.type, "typeLabel": n.type_label, "kind": n.kind,
                            "aliases": list(n.aliases), "description": n.description, "cameo": n.cameo,
                            "factions": list(n.factions), "about": list(evidence.about.get(n.id, ())),
                            "measures": [list(m) for m in evidence.measures.get(n.id, ())]}
                     for n in network.nodes},
        "links": {link.id: {"subject": link.subject, "relation": link.relation, "object": link.object,
                            "statements": list(link.statements)} for link in network.links},
        "assertions": assertions,
        "notes": {k: evidence.notes[k] for k in sorted({n for r in assertions.values() for n in r["notes"]})},
        "slices": list(evidence.slices),
        "documents": {d: evidence.documents[d] for d in sorted({r["doc"] for r in assertions.values()})
                      if d in (evidence.documents or {})},
        "labels": {k: v for k, v in evidence.labels.items() if k in referenced},
        "conflicts": [c for c in evidence.conflicts if all(k in assertions for k in c["sides"])],
        "agreements": sorted({tuple(sorted([k, *g["others"]])) for k, r in assertions.items() for g in r["agreements"]
                              if all(o in assertions for o in g["others"])}),
        "timeline": read_timeline(evidence, network),
        "legend": {
            "kinds": [{"kind": k, "label": s.label, "shape": s.shape, "fill": s.fill, "border": s.border}
                      for k, s in KIND_STYLES.items() if any(n.kind == k for n in network.nodes)],
            "factions": [{"id": f, "label": evidence.labels.get(f, f), "colour": c} for f, c in colours.items()],
            "edges": [{"name": s.name, "label": s.label, "colour": s.colour, "dashes": list(s.dashes),
                       "width": s.width, "relations": [r for r in s.relations
                                                       if any(link.relation == r for link in network.links)]}
                      for s in (*EDGE_STYLES, OTHER_EDGE)
                      if any(EDGE_STYLE_OF.get(link.relation, OTHER_EDGE) is s for link in network.links)],
            "size": _size_legend(network.centrality, ids),
        },
        "rules": [{"name": rule, "words": RULE_WORDS[rule], "layers": sorted(EVIDENCE_RULES[rule]),
                   "size": _size_legend(centrality, ids),
                   "values": {i: _scale_value(centrality.scores.get(i)) for i in sorted(ids)}}
                  for rule, centrality in (network.rule_centralities or {DEFAULT_EVIDENCE: network.centrality}).items()],
        "relationLabels": {link.relation: _label(load_ontology(), FG[link.relation], FG) for link in network.links},
        "statuses": [s for s in STATUSES if any(r["status"] == s for r in assertions.values())],
        "opening": opening,
    }


def _size_legend(centrality: Centrality, ids: set[str]) -> dict:
    """What the legend says of node size under one measure: its name, sample sizes, the unmeasured nodes."""
    scores = centrality.scores
    drawn_size = size_scale([scores.get(i, 0.0) for i in sorted(ids)])
    return {"name": centrality.name,
            "unmeasured": {"count": sum(1 for i in ids if i not in scores), "size": drawn_size(None)},
            "samples": [{"score": s, "size": drawn_size(s)}
                        for s in _size_samples([scores[i] for i in sorted(ids) if i in scores])]}


def _size_samples(scores: list[float]) -> list[float]:
    values = sorted(scores)
    if not values:
        return []
    return sorted({values[0], values[len(values) // 2], values[-1]})


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("graph.views", "templates"), autoescape=select_autoescape(["html"]),
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    environment.globals["generator"] = f"{GENERATOR}{metadata.version('factiongraph')}"
    return environment


def vis_library() -> str:
    """vis-network as pyvis bundles it (the version its own templates use)."""
    return (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")


def render_graph_page(network: Network, evidence: Evidence, title: str, total: tuple[int, int],
                      opening: dict | None = None) -> str:
    """The explorable page of a view: pyvis holds the network, our template makes it self-contained."""
    from pyvis.network import Network as PyvisNetwork

    net = PyvisNetwork(directed=True, cdn_resources="in_line")
    net.nodes = vis_nodes(network, evidence, faction_colours(network))
    net.edges = vis_edges(network, evidence)
    net.options = vis_options(len(net.nodes))
    nodes, edges, _, _, _, options = net.get_network_data()
    return _environment().get_template("graph.html").render(
        title=title, nodes=nodes, edges=edges, options=json.loads(options),
        page=page_data(network, evidence, title, total, opening), vis_js=vis_library())


def read_documents(graph: Graph, texts: dict[str, str]) -> list[dict]:
    """Each document's title, citation and text cut into blocks, with paragraph and section starts, and
    each block cut into pieces: plain text, a footnote marker in the body, the number opening a note."""
    from ..sources.source import parse_text

    starts = defaultdict(dict)
    for part, kind, start, number in select(graph, """SELECT ?part ?kind ?start ?number WHERE {
            VALUES ?kind { fg:Paragraph fg:Section } ?part a ?kind ; fg:start ?start ; fg:number ?number }"""):
        document = str(part).rsplit("-", 2)[0]
        starts[(document, kind)][int(start)] = int(number)
    described = {}
    for doc, title, cite in select(graph, """SELECT ?doc ?title ?cite WHERE { ?doc a fg:Document .
            OPTIONAL { ?doc rdfs:label ?title } OPTIONAL { ?doc fg:howToCite ?cite } }"""):
        described.setdefault(doc, (title, cite))
    documents = []
    for doc, (title, cite) in sorted(described.items()):
        doc_id = _local(doc, FGDOC)
        paragraph_at, heading_at = starts[(str(doc), FG.Paragraph)], starts[(str(doc), FG.Section)]
        text = texts[doc_id]
        source, _ = parse_text(text)
        # the markers the build read (in body paragraphs only) and each note's own number before its text
        notes = {note.number: note.text + (f" (= note {note.ibid_of}: {source.footnote(note.ibid_of).text})"
                                           if note.ibid_of and source.footnote(note.ibid_of) else "")
                 for note in source.footnotes}
        links = {m.start: (m.end, "marker", m.number, notes.get(m.number, "")) for m in source.markers}
        for note in source.footnotes:
            # a note's text starts right after "[n]" and one space (source.NOTE_START)
            label = f"[{note.number}]"
            at = note.start - len(label) - 1
            if at >= 0 and text.startswith(label, at):
                links[at] = (at + len(label), "note", note.number, "")
        first_marker = {}
        for at in sorted(links):
            if links[at][1] == "marker":
                first_marker.setdefault(links[at][2], at)
        blocks = []
        for match in BLOCK.finditer(text):
            start = match.start()
            blocks.append({"start": start, "text": match.group(),
                           "pieces": _pieces(text, match.start(), match.end(), links, first_marker),
                           "paragraph": paragraph_at.get(start),
                           "heading": start in heading_at and start not in paragraph_at})
        documents.append({"id": doc_id, "title": _text(title), "cite": _text(cite), "blocks": blocks})
    return documents


def _pieces(text: str, start: int, end: int, links: dict, first_marker: dict) -> list[dict]:
    """The block text[start:end] as pieces, plain {"text"} or a link {"text", "kind", "number", "note", "first"}
    ("first": the note's number, or the first marker of that note, which the note links back to)."""
    pieces, at = [], start
    for begin in sorted(b for b in links if start <= b < end):
        stop, kind, number, note = links[begin]
        if begin > at:
            pieces.append({"text": text[at:begin]})
        pieces.append({"text": text[begin:stop], "kind": kind, "number": number, "note": note,
                       "first": kind == "note" or first_marker.get(number) == begin})
        at = stop
    if at < end:
        pieces.append({"text": text[at:end]})
    return pieces


def read_text_annotations(graph: Graph) -> dict[str, list[dict]]:
    """Each document's anchored claims, in text order, as the text page marks them: offsets, the claim in
    words, its status in words, and the entity the page links it to (its subject, else the first it is about)."""
    found = defaultdict(list)
    for a, doc, start, end, claim, status, subject, about in select(graph, """SELECT ?a ?doc ?start ?end ?claim
            ?status (SAMPLE(?s) AS ?subject) (MIN(STR(?e)) AS ?about) WHERE {
            ?a fg:inDocument ?doc ; rdfs:label ?claim ; fg:status/rdfs:label ?status ; fg:anchor ?anchor .
            ?anchor oa:hasTarget/oa:hasSelector ?selector . ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
            OPTIONAL { ?a rdf:subject ?s } OPTIONAL { ?a fg:statementOf ?e }
        } GROUP BY ?a ?doc ?start ?end ?claim ?status"""):
        entity = subject if subject is not None else about
        found[_local(doc, FGDOC)].append({"start": int(start), "end": int(end), "claim": str(claim), "status": str(status),
                                          "id": _local(a, FGST), "entity": _local(entity, FGD) if entity else ""})
    return {doc: sorted(rows, key=lambda r: (r["start"], r["end"], r["id"])) for doc, rows in sorted(found.items())}


def render_text_page(graph: Graph, texts: dict[str, str]) -> str:
    """The companion page: each document's text, where a link's quote is highlighted."""
    return _environment().get_template("text.html").render(documents=read_documents(graph, texts),
                                                           annotations=read_text_annotations(graph))


def page_title(graph: Graph) -> str:
    titles = sorted(_text(graph.value(d, RDFS.label)) for d in graph.subjects(RDF.type, FG.Document))
    return "factiongraph: " + "; ".join(titles) if titles else "factiongraph"


def render_pages(graph: Graph, texts: dict[str, str]) -> dict[str, bytes]:
    """The build's pages: the graph (its PAGE_MAX_NODES most central nodes at most), and the text its quotes link to."""
    whole = read_network(graph)
    view = select_view(whole)
    html = render_graph_page(view, read_evidence(graph, view), page_title(graph), (len(whole.nodes), len(whole.links)),
                             read_opening(graph, view))
    return {"graph.html": html.encode("utf-8"), TEXT_PAGE: render_text_page(graph, texts).encode("utf-8")}


def select_view(network: Network, focus_id: str | None = None, depth: int = 1,
                max_nodes: int | None = None) -> Network:
    """The part of the network to draw: one entity's neighbourhood and/or the most central nodes.

    Without max_nodes at most PAGE_MAX_NODES are drawn: beyond that the page is slow to settle and to use.
    """
    view = ego_network(network, focus_id, depth) if focus_id else network
    return most_central(view, max_nodes or PAGE_MAX_NODES, keep=focus_id)


def load_graph(path: Path) -> Graph:
    """A built graph file's default graph (graph.nq or graph.nt; Turtle, TriG), from the database made of it,
    seen through rdflib's API."""
    return rdflib_view(open_database(Path(path)).store)


def load_texts(graph: Graph, corpus_dir: Path) -> dict[str, str]:
    """The text of each document of the graph from the corpus, checked against the graph's checksum."""
    texts, problems = {}, []
    for doc in sorted(graph.subjects(RDF.type, FG.Document)):
        text_node = graph.value(doc, FG.hasText)
        url = Path(_text(graph.value(text_node, SCHEMA.contentUrl)))
        path = Path(corpus_dir) / url.parent.name / url.name
        if not path.is_file():
            problems.append(Problem(path, "the document's text is missing", "pass --corpus with the corpus folder"))
            continue
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != _text(graph.value(text_node, SCHEMA.sha256)):
            problems.append(Problem(path, "the text differs from the one the graph was built from",
                                    "rebuild the graph with `factiongraph build`"))
            continue
        texts[_local(doc, FGDOC)] = text
    if problems:
        raise FactionGraphError(problems)
    return texts


def default_out(build_dir: Path, focus_id: str | None, depth: int, max_nodes: int | None) -> Path:
    """output/views/graph.html for the whole graph; a name saying which view otherwise.

    Views go into views/, which the build carries over into each new output.
    """
    name = "graph"
    if focus_id:
        name += f"-{focus_id}-depth-{depth}"
    if max_nodes:
        name += f"-top-{max_nodes}"
    return Path(build_dir) / VIEWS / f"{name}.html"


def is_our_page(path: Path) -> bool:
    """True if the file at path is a page factiongraph wrote (its generator tag is near the top)."""
    with open(path, "rb") as handle:
        return GENERATOR_TAG in handle.read(4096)


def check_page_targets(out: Path, force: bool = False) -> None:
    """Refuse to write the view into out, or the text page beside it, where that would lose someone's file.

    Both must be .html names of regular files (or not exist yet); an existing file that
    factiongraph did not write is replaced only with force.
    """
    problems = []
    if out.suffix.lower() != ".html":
        problems.append(Problem(out, "the view is an HTML page, and this name does not end in .html",
                                "pass --out with a name ending in .html, such as views/khatami.html"))
    elif out.name == TEXT_PAGE:
        problems.append(Problem(out, f"{TEXT_PAGE} is the text page the view's quotes open, written beside it",
                                f"pass --out with another name; {TEXT_PAGE} goes into the same folder"))
    for target in dict.fromkeys((out, out.parent / TEXT_PAGE)):
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        except OSError as err:
            problems.append(Problem(target, f"cannot look at this path: {err.strerror}", "pass --out with another page"))
            continue
        if not stat.S_ISREG(mode):
            kind = "a link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            problems.append(Problem(target, f"render writes only regular files, and this is {kind}",
                                    "pass --out with a page in another folder"))
        elif not force and not _readable_page(target):
            problems.append(Problem(target, "the file exists and factiongraph did not write it",
                                    "pass --out with a new name, or --force to replace it"))
    if problems:
        raise FactionGraphError(problems)


def _readable_page(path: Path) -> bool:
    try:
        return is_our_page(path)
    except OSError:
        return False


def render_view(build_dir: Path, corpus_dir: Path, out: Path | None = None, focus: str | None = None,
                depth: int = 1, max_nodes: int | None = None, force: bool = False) -> RenderResult:
    """Read the built graph, draw the chosen view into `out` and write text.html beside it.

    By default the page goes into the build folder's views/, which later builds keep; a page
    inside the build folder is written under its lock, so a build swapping it meanwhile keeps it.
    """
    if focus is not None and not focus.strip():
        raise FactionGraphError(Problem("--focus", "the name is empty",
                                        "give an entity's id, label or alias, or leave --focus out for the whole graph"))
    graph = load_graph(built_graph(build_dir))
    texts = load_texts(graph, corpus_dir)
    whole = read_network(graph)
    entity = find_focus(graph.oxigraph, whole, focus) if focus else None
    focus_id = entity.id if entity else None
    out = Path(out) if out else default_out(build_dir, focus_id, depth, max_nodes)
    check_page_targets(out, force)
    view = select_view(whole, focus_id, depth, max_nodes)
    html = render_graph_page(view, read_evidence(graph, view), page_title(graph), (len(whole.nodes), len(whole.links)),
                             None if focus_id else read_opening(graph, view))
    text_path = out.parent / TEXT_PAGE
    build = Path(build_dir).resolve()
    try:
        with locked(build) if build in out.resolve().parents else nullcontext():
            out.parent.mkdir(parents=True, exist_ok=True)
            write_file(out, html.encode("utf-8"))
            write_file(text_path, render_text_page(graph, texts).encode("utf-8"))
    except OSError as err:
        raise FactionGraphError(Problem(err.filename or out, f"cannot write the page: {err.strerror or err}",
                                        "check the folder's permissions and the free space")) from err
    return RenderResult(out, text_path, view, len(whole.nodes), len(whole.links), entity.picked if entity else "")
