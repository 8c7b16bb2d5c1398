"""The network a page draws, read from the built graph: entities as nodes, asserted relations as
links, and the measures that size them."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..analysis.networks import DEFAULT_EVIDENCE, EVIDENCE_RULES
from ..errors import FactionGraphError, Problem
from ..namespaces import FG, FGD, FGST
from ..build.store import select
from ..sources.vocabulary import load_ontology

KIND_ROOTS = ((FG.Actor, "actor"), (FG.Event, "event"), (FG.Place, "place"), (FG.Ideology, "idea"),
              (FG.PoliticalProject, "idea"), (FG.Publication, "publication"))


RULE_WORDS = {"facts": "the facts", "facts+reported": "the facts and the claims reported from others",
              "all": "every claim, rumours, speculation and predictions included"}


"""What each evidence rule reads, as the page's legend and rule picker say it."""


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


def local_id(term, namespace) -> str:
    return str(term).removeprefix(str(namespace))


def text_or_blank(value) -> str:
    return str(value) if value is not None else ""


def label_of(schema: Graph, term: URIRef, namespace) -> str:
    return text_or_blank(schema.value(term, RDFS.label)) or local_id(term, namespace)


def _kind(schema: Graph, cls: URIRef) -> str:
    ancestors = set(schema.transitive_objects(cls, RDFS.subClassOf))
    return next((kind for root, kind in KIND_ROOTS if root in ancestors), "other")


def pairs_of(graph: Graph, prop: URIRef) -> list[tuple]:
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
    for entity, cls in entity_values(graph, "a"):
        if cls in entity_classes:
            node_id = local_id(entity, FGD)
            if node_id not in classes or str(cls) < str(classes[node_id]):
                classes[node_id] = cls
    single = {prop: {} for prop in ("rdfs:label", "dcterms:description", "fg:cameoCode", "fg:cameoName")}
    for prop, values in single.items():
        for entity, value in entity_values(graph, prop):
            values.setdefault(local_id(entity, FGD), str(value))
    aliases, factions = defaultdict(set), defaultdict(set)
    for entity, alias in entity_values(graph, "fg:alias"):
        aliases[local_id(entity, FGD)].add(str(alias))
    for entity, faction in entity_values(graph, "fg:inFaction"):
        factions[local_id(entity, FGD)].add(local_id(faction, FGD))
    kinds = {cls: (label_of(schema, cls, FG), _kind(schema, cls)) for cls in set(classes.values())}
    nodes = {}
    for node_id in sorted(classes):
        cls = classes[node_id]
        nodes[node_id] = Node(
            id=node_id,
            label=single["rdfs:label"].get(node_id) or node_id,
            type=local_id(cls, FG),
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
        behind[(subject, relation, obj)].append(local_id(statement, FGST))
    relations = _asserted_relations(schema)
    links = [Link(local_id(subject, FGD), local_id(relation, FG), local_id(obj, FGD), tuple(sorted(statements)))
             for (subject, relation, obj), statements in behind.items()
             if relation in relations and local_id(subject, FGD) in nodes and local_id(obj, FGD) in nodes]
    links.sort(key=lambda link: (link.subject, link.relation, link.object))
    ordered = tuple(nodes.values())
    claimed = {local_id(obj, FGD) for _, relation, obj in behind if relation == FG.inFaction}
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


def entity_values(graph: Graph, prop: str):
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
        entity_id = local_id(entity, FGD)
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

