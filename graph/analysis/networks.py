"""RDF graph -> networkx networks: the actors, events and ties each evidence rule admits, and the networks built from them.

The networks are read from the RDF graph by SPARQL and graph walks, never typed by hand, so
everything after the reading is a pure function of a network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..namespaces import FG, FGD, FGST, PREFIX_IRIS


ROLES = ("hasOrganiser", "hasParticipant", "hasTarget")
"""The relations that tie an actor to an event in the actor-event network."""
FACTION_RELATION = "inFaction"
NETWORKS = ("actors", "actor-event", "co-participation")
ALL = "all"
EVIDENCE_RULES = {"facts": frozenset({"facts"}), "facts+reported": frozenset({"facts", "reported"}),
                  "all": frozenset({"facts", "reported", "hedged", "rumour"})}
"""Which evidence layers (fg:layer of each statement) each rule reads the networks from."""
DEFAULT_EVIDENCE = "facts"
WEAK_LAYERS = frozenset({"hedged", "rumour"})
"""Rumour, speculation and prediction (and estimates by others): what the weak-evidence report names."""


@dataclass(frozen=True)
class Node:
    """An actor or an event as the networks see it."""

    id: str
    label: str
    type: str
    kind: str
    earliest: date | None = None
    latest: date | None = None
    """Its first and last possible day from its date, start and end dates; None where the text gives no bound."""


@dataclass(frozen=True)
class Tie:
    """One statement relating two entities, with the sign of its relation and its dates."""

    statement: str
    subject: str
    relation: str
    object: str
    sign: int | None
    status: str
    earliest: date | None
    latest: date | None
    layer: str
    section: str


@dataclass(frozen=True)
class TimeSlice:
    """A stretch of time; a statement counts in it when its date range overlaps it.

    >>> parse_slice("before-2004-01-11").end
    datetime.date(2004, 1, 10)
    >>> parse_slice("2004-01-11-to-2004-02-20").overlaps(date(2004, 1, 1), date(2004, 1, 31))
    True
    """

    name: str
    start: date | None
    end: date | None

    def overlaps(self, earliest: date, latest: date) -> bool:
        return (self.start is None or latest >= self.start) and (self.end is None or earliest <= self.end)

    def contains(self, earliest: date, latest: date) -> bool:
        return (self.start is None or earliest >= self.start) and (self.end is None or latest <= self.end)

    @property
    def title(self) -> str:
        """'before 11 January 2004', '11 January to 20 February 2004', 'after 20 February 2004'."""
        if self.start is None:
            return f"before {_day(self.end + timedelta(days=1))}"
        if self.end is None:
            return f"after {_day(self.start - timedelta(days=1))}"
        first = f"{self.start.day} {self.start:%B}" if self.start.year == self.end.year else _day(self.start)
        return f"{first} to {_day(self.end)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def parse_slice(text: str) -> TimeSlice:
    """A slice from its name: 'before-YYYY-MM-DD', 'after-YYYY-MM-DD' or 'YYYY-MM-DD-to-YYYY-MM-DD'."""
    try:
        if text.startswith("before-"):
            return TimeSlice(text, None, date.fromisoformat(text.removeprefix("before-")) - timedelta(days=1))
        if text.startswith("after-"):
            return TimeSlice(text, date.fromisoformat(text.removeprefix("after-")) + timedelta(days=1), None)
        start, end = text.split("-to-")
        time_slice = TimeSlice(text, date.fromisoformat(start), date.fromisoformat(end))
    except ValueError as err:
        raise ValueError(f"{text!r} is not a time slice: write before-2004-01-11, after-2004-02-20 "
                         f"or 2004-01-11-to-2004-02-20") from err
    if time_slice.start > time_slice.end:
        raise ValueError(f"the time slice {text!r} ends before it starts")
    return time_slice


DEFAULT_SLICES = tuple(parse_slice(name) for name in
                       ("before-2004-01-11", "2004-01-11-to-2004-02-20", "after-2004-02-20"))
"""Before the disqualifications were made official, the sit-in to the election, after the election."""


# ---------------------------------------------------------------------------------------------
# Reading the RDF graph

EVENT_DATES_QUERY = """
SELECT ?event ?relation ?earliest ?latest WHERE {
    VALUES ?relation { fg:date fg:startDate fg:endDate }
    VALUES ?layer { %s }
    ?statement rdf:subject ?event ; rdf:predicate ?relation ; fg:earliest ?earliest ; fg:latest ?latest ;
               fg:layer/skos:notation ?layer .
}"""
"""Every date statement of each entity, in the layers of an evidence rule."""

NODES_QUERY = """
SELECT ?id ?type ?label WHERE {
    ?node dcterms:identifier ?id ; a ?type ; rdfs:label ?label .
    FILTER(STRSTARTS(STR(?type), STR(fg:)))
}"""
"""Entities with their types and label (the shapes require exactly one label per entity)."""

TIES_QUERY = """
SELECT ?statement ?subject ?relation ?object ?status ?layer ?section WHERE {
    ?statement a fg:Statement ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
               fg:status ?status ; fg:layer/skos:notation ?layer .
    OPTIONAL { ?statement fg:inSection/rdfs:label ?section }
}"""

STATEMENT_DATES_QUERY = """
SELECT ?statement ?earliest ?latest WHERE {
    ?statement a fg:Statement ; fg:earliest ?earliest ; fg:latest ?latest .
}"""


def _local(term) -> str:
    text = str(term)
    for namespace in (FG, FGD, FGST):
        if text.startswith(str(namespace)):
            return text.removeprefix(str(namespace))
    return text


def _query(graph: Graph, text: str):
    """Run a query with the project's prefixes, whether or not graph has them bound."""
    return graph.query(text, initNs=PREFIX_IRIS)


def _subclasses(graph: Graph, root: URIRef) -> set[str]:
    return {_local(c) for c in graph.transitive_subjects(RDFS.subClassOf, root)}


def entity_spans(dated) -> dict[str, tuple[date | None, date | None]]:
    """Each entity's (start, end) from its (entity, relation, earliest, latest) dates: the start from its
    date or start date, the end from its date or end date, and None where the text gives no bound.

    >>> spans = entity_spans([("republic", "startDate", date(1979, 1, 1), date(1979, 12, 31))])
    >>> spans["republic"]
    (datetime.date(1979, 1, 1), None)
    """
    starts, ends = defaultdict(list), defaultdict(list)
    for entity, relation, earliest, latest in dated:
        if relation != "endDate":
            starts[entity].append(earliest)
        if relation != "startDate":
            ends[entity].append(latest)
    return {entity: (min(starts[entity], default=None), max(ends[entity], default=None))
            for entity in sorted(starts.keys() | ends.keys())}


def read_nodes(graph: Graph, evidence: str = DEFAULT_EVIDENCE) -> dict[str, Node]:
    """Every actor and event of the graph (the ontology in the graph says which classes are which),
    dated only by the date statements the evidence rule admits: under `facts` a rumoured or
    predicted date puts no event on a timeline."""
    actor_types, event_types = _subclasses(graph, FG.Actor), _subclasses(graph, FG.Event)
    layers = " ".join(Literal(layer).n3() for layer in sorted(EVIDENCE_RULES[evidence]))
    dates = entity_spans((_local(row.event), _local(row.relation), row.earliest.toPython(), row.latest.toPython())
                         for row in _query(graph, EVENT_DATES_QUERY % layers))
    nodes = {}
    for row in _query(graph, NODES_QUERY):
        entity_type, identifier = _local(row.type), str(row.id)
        kind = "actor" if entity_type in actor_types else "event" if entity_type in event_types else None
        if kind:
            earliest, latest = dates.get(identifier, (None, None))
            nodes[identifier] = Node(identifier, str(row.label), entity_type, kind, earliest, latest)
    return dict(sorted(nodes.items()))


def read_signs(graph: Graph) -> dict[str, int]:
    """The fg:sign of each relation property: +1 support, -1 opposition, 0 neutral."""
    return {_local(p): int(s) for p, s in graph.subject_objects(FG.sign)}


def read_relation_labels(graph: Graph) -> dict[str, str]:
    """The English label of each relation with a sign ('negotiatesWith' -> 'negotiates with')."""
    return {_local(p): str(graph.value(p, RDFS.label) or _local(p)) for p in graph.subjects(FG.sign)}


def read_ties(graph: Graph, nodes: dict[str, Node]) -> list[Tie]:
    """Every statement whose subject and object are both actors or events, whatever its layer, in a stable order."""
    signs = read_signs(graph)
    dates = {row.statement: (row.earliest.toPython(), row.latest.toPython())
             for row in _query(graph, STATEMENT_DATES_QUERY)}
    ties = []
    for row in _query(graph, TIES_QUERY):
        subject, obj, relation = _local(row.subject), _local(row.object), _local(row.relation)
        if isinstance(row.object, URIRef) and subject in nodes and obj in nodes:
            earliest, latest = dates.get(row.statement, (None, None))
            ties.append(Tie(_local(row.statement), subject, relation, obj, signs.get(relation),
                            _local(row.status).lower(), earliest, latest, str(row.layer), str(row.section or "")))
    return sorted(ties, key=lambda t: (t.subject, t.relation, t.object, t.statement))


def admitted_ties(ties: list[Tie], evidence: str) -> list[Tie]:
    """The ties an evidence rule reads: those whose statement is in one of its layers.

    >>> tie = Tie("s1", "a", "supports", "b", 1, "rumour", None, None, "rumour", "")
    >>> len(admitted_ties([tie], "facts")), len(admitted_ties([tie], "all"))
    (0, 1)
    """
    layers = EVIDENCE_RULES[evidence]
    return [tie for tie in ties if tie.layer in layers]


def declared_factions(ties: list[Tie], nodes: dict[str, Node]) -> dict[str, tuple[str, ...]]:
    """The factions each actor is counted in by an fg:inFaction statement; a faction counts in itself
    unless the text puts it inside another one."""
    factions: dict[str, set[str]] = defaultdict(set)
    for tie in ties:
        if tie.relation == FACTION_RELATION:
            factions[tie.subject].add(tie.object)
    for node in nodes.values():
        if node.type == "Faction" and node.id not in factions:
            factions[node.id].add(node.id)
    return {actor: tuple(sorted(found)) for actor, found in sorted(factions.items())}


# ---------------------------------------------------------------------------------------------
# Building the networks


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _edge_attributes(ties: list[Tie]) -> dict:
    """What an edge carries: its statements, how many, their statuses and (if all are dated) dates."""
    dated = [t for t in ties if t.earliest is not None]
    attributes = {
        "relation": ties[0].relation,
        "statements": " ".join(f"fgst:{t.statement}" for t in ties),
        "statement_count": len(ties),
        "statuses": " ".join(sorted({t.status for t in ties})),
    }
    if ties[0].sign is not None:
        attributes["sign"] = ties[0].sign
    if dated and len(dated) == len(ties):
        attributes["earliest"] = _iso(min(t.earliest for t in dated))
        attributes["latest"] = _iso(max(t.latest for t in dated))
    return attributes


def _node_attributes(node: Node, factions: dict[str, tuple[str, ...]]) -> dict:
    attributes = {"label": node.label, "type": node.type, "kind": node.kind}
    if factions.get(node.id):
        attributes["faction"] = " ".join(factions[node.id])
    return attributes | _span(node)


def _span(node: Node) -> dict:
    """The node's earliest and latest dates, each only where the text gives that bound."""
    return {name: _iso(day) for name, day in (("earliest", node.earliest), ("latest", node.latest)) if day}


def _group(ties: list[Tie]) -> dict[tuple[str, str, str], list[Tie]]:
    grouped: dict[tuple[str, str, str], list[Tie]] = defaultdict(list)
    for tie in ties:
        grouped[(tie.subject, tie.relation, tie.object)].append(tie)
    return dict(sorted(grouped.items()))


def actor_ties(ties: list[Tie], nodes: dict[str, Node], time_slice: TimeSlice | None = None) -> list[Tie]:
    """Statements relating two actors; within a time slice, only the dated ones that overlap it."""
    found = [t for t in ties if nodes[t.subject].kind == "actor" and nodes[t.object].kind == "actor"
             and t.subject != t.object]
    if time_slice is None:
        return found
    return [t for t in found if t.earliest is not None and time_slice.overlaps(t.earliest, t.latest)]


def build_actor_network(ties: list[Tie], nodes: dict[str, Node], factions: dict[str, tuple[str, ...]],
                        time_slice: TimeSlice | None = None) -> nx.MultiDiGraph:
    """Actors tied by relations: one edge per (subject, relation, object), keyed by the relation,
    carrying its sign, its dates and the statements behind it."""
    network = nx.MultiDiGraph(name="actors", time_slice=time_slice.name if time_slice else ALL)
    grouped = _group(actor_ties(ties, nodes, time_slice))
    for actor in sorted({end for s, _, o in grouped for end in (s, o)}):
        network.add_node(actor, **_node_attributes(nodes[actor], factions))
    for (subject, relation, obj), group in grouped.items():
        network.add_edge(subject, obj, key=relation, id=f"{subject} {relation} {obj}", **_edge_attributes(group))
    return network


def build_actor_event_network(ties: list[Tie], nodes: dict[str, Node],
                              factions: dict[str, tuple[str, ...]]) -> nx.MultiGraph:
    """Bipartite: actors and events, one edge per participation role (organiser, participant, target).

    An edge takes its event's dates, so a timeline shows it when the event happens.
    """
    roles = [t for t in ties if t.relation in ROLES and nodes[t.subject].kind == "event"
             and nodes[t.object].kind == "actor"]
    network = nx.MultiGraph(name="actor-event", time_slice=ALL)
    grouped = _group(roles)
    for entity in sorted({end for s, _, o in grouped for end in (s, o)}):
        node = nodes[entity]
        network.add_node(entity, bipartite=0 if node.kind == "actor" else 1, **_node_attributes(node, factions))
    for (event, role, actor), group in grouped.items():
        attributes = {k: v for k, v in _edge_attributes(group).items() if k not in ("earliest", "latest")}
        attributes.update(_span(nodes[event]))
        network.add_edge(actor, event, key=role, id=f"{event} {role} {actor}", **attributes)
    return network


def project_co_participation(actor_event: nx.MultiGraph) -> nx.Graph:
    """Actors linked by the events they share, weighted by how many (pairs found event by event,
    so the cost grows with the pairs that share an event, not with every pair of actors)."""
    actors = sorted(n for n, kind in actor_event.nodes(data="kind") if kind == "actor")
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in sorted(n for n, kind in actor_event.nodes(data="kind") if kind != "actor"):
        for pair in combinations(sorted(set(actor_event[event])), 2):
            shared[pair].append(event)
    network = nx.Graph(name="co-participation", time_slice=ALL)
    linked = {actor for pair in shared for actor in pair}
    network.add_nodes_from((a, {k: v for k, v in actor_event.nodes[a].items() if k != "bipartite"})
                           for a in actors if a in linked)
    for (first, second), events in sorted(shared.items()):
        network.add_edge(first, second, id=f"{first} {second}", weight=len(events), events=" ".join(events))
    return network


# ---------------------------------------------------------------------------------------------


def simple_graph(network: nx.Graph) -> nx.Graph:
    """The undirected simple graph of a network; weight = the number of edges (relations) collapsed."""
    simple = nx.Graph()
    simple.add_nodes_from(network.nodes)
    for u, v, data in network.edges(data=True):
        weight = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def directed_graph(network: nx.MultiDiGraph) -> nx.DiGraph:
    """The directed simple graph; weight = the number of statements from subject to object."""
    directed = nx.DiGraph()
    directed.add_nodes_from(network.nodes)
    for u, v, data in network.edges(data=True):
        previous = directed[u][v]["weight"] if directed.has_edge(u, v) else 0
        directed.add_edge(u, v, weight=previous + data["statement_count"])
    return directed


def adjacency(graph: nx.Graph, weight: str | None = None):
    """The graph's adjacency as a scipy CSR matrix, rows and columns in the graph's node order."""
    return nx.to_scipy_sparse_array(graph, nodelist=list(graph), weight=weight, format="csr", dtype=float)
