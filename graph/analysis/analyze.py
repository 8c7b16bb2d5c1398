"""Graph -> networkx networks -> measures: who is central, which camps exist, how the field changed.

The networks are read from the RDF graph by SPARQL and graph walks, never typed by hand; everything after the
reading is a pure function of a network that returns plain values, so tests can hand it small
networks whose answers are known. Randomness is seeded and ties are broken by id, so two builds
give the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from itertools import combinations

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..namespaces import FG, FGD, FGM, FGST, PREFIX_IRIS

SEED = 2004
"""Seed of every random choice (Louvain's node order, betweenness pivots, layouts)."""
BETWEENNESS_EXACT_MAX_NODES = 500
"""Above this many nodes betweenness is estimated from BETWEENNESS_SAMPLES pivots (see graph/bench/)."""
BETWEENNESS_SAMPLES = 256
BROKER_CANDIDATES = 30
"""How many of the actors with the highest betweenness are tested as brokers."""
DECIMALS = 6

ROLES = ("hasOrganiser", "hasParticipant", "hasTarget")
"""The relations that tie an actor to an event in the actor-event network."""
FACTION_RELATION = "inFaction"
NETWORKS = ("actors", "actor-event", "co-participation")
METHODS = {
    "actors": ("degree", "in-degree", "out-degree", "betweenness", "closeness", "eigenvector", "pagerank"),
    "actor-event": ("degree", "betweenness", "closeness", "eigenvector"),
    "co-participation": ("degree", "weighted-degree", "betweenness", "closeness", "eigenvector"),
}
WEIGHTED = frozenset({"co-participation"})
"""Networks whose edge weights (shared events) count in eigenvector centrality."""
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
# Measures


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


def _pivots(graph: nx.Graph, count: int, seed: int) -> list[int]:
    """The positions of `count` seeded pivots: the nodes networkx's betweenness_centrality(k, seed) samples."""
    import random

    position = {node: i for i, node in enumerate(graph)}
    return [position[node] for node in random.Random(seed).sample(list(graph), count)]


def _dependencies(matrix, sources: list[int]):
    """Brandes' dependency of every node on the shortest paths from each source, summed over the sources.

    All sources of a batch walk the graph together, one breadth-first level at a time, as sparse
    products with a (nodes x sources) matrix: the same sums as networkx's per-source loop.
    """
    import numpy as np

    size = matrix.shape[0]
    total = np.zeros(size)
    for start in range(0, len(sources), 256):
        batch = np.asarray(sources[start:start + 256])
        columns = np.arange(len(batch))
        paths = np.zeros((size, len(batch)))
        paths[batch, columns] = 1.0
        reached = paths > 0
        levels = [reached.copy()]
        frontier = paths.copy()
        while True:
            arriving = matrix @ frontier
            new = (arriving > 0) & ~reached
            if not new.any():
                break
            frontier = np.where(new, arriving, 0.0)
            paths += frontier
            reached |= new
            levels.append(new)
        dependency = np.zeros_like(paths)
        safe = np.where(reached, paths, 1.0)
        for depth in range(len(levels) - 1, 0, -1):
            passed = matrix @ np.where(levels[depth], (1.0 + dependency) / safe, 0.0)
            dependency += np.where(levels[depth - 1], paths * passed, 0.0)
        dependency[batch, columns] = 0.0
        total += dependency.sum(axis=1)
    return total


def measure_betweenness(graph: nx.Graph, seed: int = SEED) -> tuple[dict[str, float], bool]:
    """Normalised betweenness; exact up to BETWEENNESS_EXACT_MAX_NODES nodes, sampled (seeded) above.

    The same numbers as networkx's betweenness_centrality (with k=BETWEENNESS_SAMPLES and the same
    seed above the threshold), computed for many sources at once.

    >>> scores, sampled = measure_betweenness(nx.path_graph(["a", "b", "c"]))
    >>> scores["b"], sampled
    (1.0, False)
    """
    size = len(graph)
    sampled = size > BETWEENNESS_EXACT_MAX_NODES
    if size < 3 or graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0), sampled
    count = min(BETWEENNESS_SAMPLES, size) if sampled else size
    sources = _pivots(graph, count, seed) if count < size else list(range(size))
    found = _dependencies(adjacency(graph), sources).tolist()
    scale = [1 / ((size - 1) * (size - 2))] * size
    if count < size:  # a pivot is never its own source: its dependencies come from the other count - 1
        scale = [1 / (count * (size - 2))] * size
        for i in sources:
            scale[i] = 1 / ((count - 1) * (size - 2))
    return {node: found[i] * scale[i] for i, node in enumerate(graph)}, sampled


def _peel_trees(matrix) -> tuple[list[int], list[int], list[int]]:
    """The pendant trees of an undirected graph, removed leaf by leaf: the nodes in the order they went,
    the neighbour each hung from when it went, and how many nodes went with it (itself included).

    What is left is the 2-core, plus one root for each component that is a tree.
    """
    from collections import deque

    size = matrix.shape[0]
    pointers, neighbours = matrix.indptr.tolist(), matrix.indices.tolist()
    degree = [sum(1 for j in neighbours[pointers[i]:pointers[i + 1]] if j != i) for i in range(size)]
    removed, parent, below = [False] * size, [-1] * size, [1] * size
    order = []
    leaves = deque(i for i in range(size) if degree[i] == 1)
    while leaves:
        leaf = leaves.popleft()
        if removed[leaf] or degree[leaf] != 1:
            continue
        hub = next(j for j in neighbours[pointers[leaf]:pointers[leaf + 1]] if j != leaf and not removed[j])
        removed[leaf], parent[leaf], degree[leaf] = True, hub, 0
        order.append(leaf)
        below[hub] += below[leaf]
        degree[hub] -= 1
        if degree[hub] == 1:
            leaves.append(hub)
    return order, parent, below


def measure_closeness(graph: nx.Graph) -> dict[str, float]:
    """Closeness as networkx computes it (Wasserman-Faust scaled for disconnected graphs).

    Breadth-first distances (scipy, a block of sources at a time) only from the nodes left when the
    pendant trees are peeled off (at 1M triples ~16% of the actors), and from one of each set of
    twins among them (the same neighbours and each other: as far from every other node; half of the
    co-participation network). A node w hanging from p, with b nodes on its side, is one step further
    than p from the other c - b nodes of its component and one nearer to its own b, so its sum of
    distances is p's + c - 2b. The sums are whole numbers, so the scores are the same floats as from
    every node's own search.
    """
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    size = len(graph)
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    matrix = adjacency(graph)
    order, parent, below = _peel_trees(matrix)
    peeled = set(order)
    pointers, neighbours = matrix.indptr.tolist(), matrix.indices.tolist()
    twins: dict[frozenset[int], list[int]] = {}
    for i in range(size):
        if i not in peeled:
            twins.setdefault(frozenset(neighbours[pointers[i]:pointers[i + 1]]) | {i}, []).append(i)
    sources = [same[0] for same in twins.values()]
    reached, distances = [0] * size, [0] * size
    for start in range(0, len(sources), 512):
        block = sources[start:start + 512]
        rows = shortest_path(matrix, indices=block, unweighted=True, directed=False)
        finite = np.isfinite(rows)
        totals = np.where(finite, rows, 0.0).sum(axis=1).tolist()
        for node, count, total in zip(block, finite.sum(axis=1).tolist(), totals):
            reached[node], distances[node] = count, int(total)
    for same in twins.values():
        for twin in same[1:]:
            reached[twin], distances[twin] = reached[same[0]], distances[same[0]]
    for node in reversed(order):
        hub = parent[node]
        reached[node] = reached[hub]
        distances[node] = distances[hub] + reached[hub] - 2 * below[node]
    found = {}
    for node, count, total in zip(graph, reached, distances):
        score = 0.0
        if total > 0 and size > 1:
            score = (count - 1.0) / total * ((count - 1.0) / (size - 1))
        found[node] = score
    return found


def measure_eigenvector(graph: nx.Graph, weight: str | None = None) -> dict[str, float]:
    """Eigenvector centrality by networkx's power iteration on (A + I), from a uniform start
    (deterministic, unlike ARPACK's random start), as sparse matrix products."""
    import numpy as np

    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    size = len(graph)
    matrix = adjacency(graph, weight)
    vector = np.full(size, 1.0 / size)
    for _ in range(10_000):
        previous = vector
        vector = previous + matrix.T @ previous
        vector = vector / (math.hypot(*vector.tolist()) or 1)
        if np.abs(vector - previous).sum() < size * 1e-10:
            return dict(zip(graph, vector.tolist()))
    raise nx.PowerIterationFailedConvergence(10_000)


def measure_network(network: nx.Graph, methods: tuple[str, ...]) -> tuple[dict[str, dict[str, float]], bool]:
    """Each method's score per node, rounded to DECIMALS places; and whether betweenness was sampled.

    Degrees count distinct neighbours; betweenness, closeness and eigenvector ignore direction and
    sign; PageRank follows the direction of the relations, weighted by their statements.
    """
    simple = simple_graph(network)
    scores: dict[str, dict[str, float]] = {}
    sampled = False
    for method in methods:
        if method == "degree":
            found = dict(simple.degree())
        elif method == "weighted-degree":
            found = dict(simple.degree(weight="weight"))
        elif method == "in-degree":
            found = dict(directed_graph(network).in_degree())
        elif method == "out-degree":
            found = dict(directed_graph(network).out_degree())
        elif method == "betweenness":
            found, sampled = measure_betweenness(simple)
        elif method == "closeness":
            found = measure_closeness(simple)
        elif method == "eigenvector":
            found = measure_eigenvector(simple, "weight" if network.graph.get("name") in WEIGHTED else None)
        elif method == "pagerank":
            found = nx.pagerank(directed_graph(network), weight="weight") if network.number_of_edges() else {}
        else:
            raise ValueError(f"unknown method {method!r}")
        scores[method] = {node: _round(found.get(node, 0.0)) for node in sorted(network)}
    return scores, sampled


def _round(value: float) -> float:
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 else rounded


def format_score(value: float) -> str:
    """A score as the xsd:decimal text the graph and the CSV share: '16.0', '0.123457'.

    >>> format_score(16), format_score(0.1234567), format_score(-0.0)
    ('16.0', '0.123457', '0.0')
    """
    text = f"{_round(value):.{DECIMALS}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


@dataclass(frozen=True)
class Ranked:
    entity: str
    score: float
    rank: int


def rank_scores(scores: dict[str, float], groups: dict[str, str] | None = None) -> list[Ranked]:
    """Rank 1 = highest score; equal scores are ordered by id. With groups (e.g. actor/event),
    each group is ranked on its own.

    >>> [(r.entity, r.rank) for r in rank_scores({"b": 1.0, "a": 1.0, "c": 2.0})]
    [('c', 1), ('a', 2), ('b', 3)]
    """
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    positions: Counter = Counter()
    ranked = []
    for entity, score in ordered:
        group = groups[entity] if groups else None
        positions[group] += 1
        ranked.append(Ranked(entity, score, positions[group]))
    return ranked


# ---------------------------------------------------------------------------------------------
# Camps, balance, brokers


def signed_pairs(network: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    """The sign of each pair of actors, whatever the direction: +1 or -1 when all their signed
    statements agree, 0 when they are ambivalent (both). Neutral-only pairs are left out."""
    signs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for u, v, sign in network.edges(data="sign"):
        if sign:
            signs[tuple(sorted((u, v)))].add(sign)
    return {pair: found.pop() if len(found) == 1 else 0 for pair, found in sorted(signs.items())}


def positive_network(network: nx.MultiDiGraph) -> nx.Graph:
    """Actors tied by positive relations only (support, alliance, membership, leadership), weighted
    by statements; fg:inFaction ties are left out so the camps found are not the declared ones."""
    positive = nx.Graph()
    for u, v, data in sorted(network.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        if data.get("sign") == 1 and data["relation"] != FACTION_RELATION:
            weight = positive[u][v]["weight"] if positive.has_edge(u, v) else 0
            positive.add_edge(u, v, weight=weight + data["statement_count"])
    return positive


def detect_camps(positive: nx.Graph, seed: int = SEED) -> list[frozenset[str]]:
    """Louvain communities of the positive network (seeded), largest first, then by smallest id."""
    if positive.number_of_edges() == 0:
        return []
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(positive))
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in positive.edges(data=True)))
    found = nx.community.louvain_communities(ordered, weight="weight", seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def adjusted_rand_index(first: list, second: list) -> float:
    """Agreement of two labelings of the same items, corrected for chance (Hubert and Arabie 1985).

    >>> round(adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]), 6)
    0.571429
    """
    pairs = lambda counts: sum(n * (n - 1) / 2 for n in counts)
    together = pairs(Counter(zip(first, second)).values())
    first_pairs, second_pairs = pairs(Counter(first).values()), pairs(Counter(second).values())
    expected = first_pairs * second_pairs / pairs([len(first)]) if len(first) > 1 else 0.0
    maximum = (first_pairs + second_pairs) / 2
    return 1.0 if maximum == expected else (together - expected) / (maximum - expected)


def normalized_mutual_information(first: list, second: list) -> float:
    """Mutual information of two labelings over the mean of their entropies (1 = the same partition).

    >>> normalized_mutual_information(["a", "a", "b", "b"], [1, 1, 0, 0])
    1.0
    """
    n = len(first)
    entropy = lambda counts: -sum(c / n * math.log(c / n) for c in counts)
    first_counts, second_counts = Counter(first), Counter(second)
    mutual = sum(c / n * math.log(n * c / (first_counts[a] * second_counts[b]))
                 for (a, b), c in Counter(zip(first, second)).items())
    mean = (entropy(first_counts.values()) + entropy(second_counts.values())) / 2
    return 1.0 if mean == 0 else max(0.0, mutual / mean)


@dataclass(frozen=True)
class CampComparison:
    """How the camps found agree with the factions the text declares."""

    camp_modularity: float
    faction_modularity: float
    compared: tuple[str, ...]
    adjusted_rand: float | None
    normalized_mutual_information: float | None
    camp_factions: tuple[str | None, ...]
    """For each camp, the declared faction most of its declared members are in (None: no such member)."""
    faction_camps: dict[str, int]
    """For each declared faction, the camp most of its members are in."""
    placed_differently: tuple[tuple[str, str, int], ...]
    """(actor, declared faction, camp index): its camp is not its faction's main camp, or its
    faction is not its camp's main faction."""
    outside: tuple[str, ...]
    """Actors with a declared faction but no positive tie, so in no camp."""


def _most_common(counts: Counter):
    return min(counts, key=lambda key: (-counts[key], key)) if counts else None


def compare_camps(positive: nx.Graph, camps: list[frozenset[str]],
                  factions: dict[str, tuple[str, ...]]) -> CampComparison:
    """Modularity of both partitions on the positive network (an actor without a declared faction
    counts as a group of its own), and adjusted Rand / NMI on the actors that have exactly one
    declared faction and a camp."""
    camp_of = {actor: index for index, camp in enumerate(camps) for actor in camp}
    declared = {a: f[0] for a, f in factions.items() if len(f) == 1}
    groups: dict[str, set[str]] = defaultdict(set)
    for actor in sorted(positive):
        groups[declared.get(actor, f"undeclared:{actor}")].add(actor)
    camp_modularity = nx.community.modularity(positive, camps) if camps else 0.0
    faction_modularity = nx.community.modularity(positive, list(groups.values())) if camps else 0.0
    compared = tuple(a for a in sorted(declared) if a in camp_of)
    camp_factions = tuple(_most_common(Counter(declared[a] for a in camp if a in declared)) for camp in camps)
    faction_camps = {f: _most_common(Counter(camp_of[a] for a in compared if declared[a] == f))
                     for f in sorted({declared[a] for a in compared})}
    differently = tuple((a, declared[a], camp_of[a]) for a in compared
                        if camp_factions[camp_of[a]] != declared[a] or faction_camps[declared[a]] != camp_of[a])
    labels = ([declared[a] for a in compared], [camp_of[a] for a in compared])
    return CampComparison(
        _round(camp_modularity), _round(faction_modularity), compared,
        _round(adjusted_rand_index(*labels)) if len(compared) > 1 else None,
        _round(normalized_mutual_information(*labels)) if len(compared) > 1 else None,
        camp_factions, faction_camps, differently, tuple(a for a in sorted(declared) if a not in camp_of))


@dataclass(frozen=True)
class Balance:
    """Structural balance of the signed network: a triad is balanced when the product of its signs is +."""

    positive_pairs: int
    negative_pairs: int
    ambivalent_pairs: tuple[tuple[str, str], ...]
    balanced: tuple[tuple[str, str, str], ...]
    unbalanced: tuple[tuple[str, str, str], ...]

    @property
    def share(self) -> float | None:
        triads = len(self.balanced) + len(self.unbalanced)
        return _round(len(self.balanced) / triads) if triads else None


def measure_balance(pairs: dict[tuple[str, str], int]) -> Balance:
    """Count balanced and unbalanced triads of actors whose three pairs all have a clear sign.

    >>> measure_balance({("a", "b"): 1, ("a", "c"): -1, ("b", "c"): -1}).share
    1.0
    """
    clear = nx.Graph()
    clear.add_edges_from((a, b, {"sign": s}) for (a, b), s in pairs.items() if s)
    balanced, unbalanced = [], []
    for a, b, c in sorted(tuple(sorted(t)) for t in nx.enumerate_all_cliques(clear) if len(t) == 3):
        product = clear[a][b]["sign"] * clear[a][c]["sign"] * clear[b][c]["sign"]
        (balanced if product > 0 else unbalanced).append((a, b, c))
    return Balance(sum(1 for s in pairs.values() if s > 0), sum(1 for s in pairs.values() if s < 0),
                   tuple(p for p, s in pairs.items() if s == 0), tuple(balanced), tuple(unbalanced))


def allies_and_opponents(pairs: dict[tuple[str, str], int]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per actor: whom it is tied to positively, negatively, or both ways (ambivalent)."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"allies": [], "opponents": [], "ambivalent": []})
    kind = {1: "allies", -1: "opponents", 0: "ambivalent"}
    for (a, b), sign in pairs.items():
        found[a][kind[sign]].append(b)
        found[b][kind[sign]].append(a)
    return {actor: {k: tuple(sorted(v)) for k, v in lists.items()} for actor, lists in sorted(found.items())}


@dataclass(frozen=True)
class Broker:
    """What removing one actor does to the paths between actors of different camps."""

    actor: str
    disconnected_pairs: int
    added_steps: float
    camps_linked: tuple[int, ...]


def _cross_pairs(camp_counts) -> int:
    """Pairs of actors in different camps among actors counted by camp.

    >>> _cross_pairs([2, 1])
    2
    """
    total = sum(camp_counts)
    return (total * total - sum(c * c for c in camp_counts)) // 2


def _cross_pairs_by_part(parts, camps) -> int:
    """Pairs of actors in different camps and in the same part (connected component)."""
    return sum(_cross_pairs(Counter(camp for camp, p in zip(camps, parts) if p == part).values())
               for part in set(parts))


def find_brokers(network: nx.Graph, camps: list[frozenset[str]], betweenness: dict[str, float],
                 candidates: int = BROKER_CANDIDATES, seed: int = SEED) -> list[Broker]:
    """Actors whose removal disconnects or lengthens the paths between camps, most disruptive first.

    Only actors with betweenness above zero can change a shortest path, so they are the candidates
    (the `candidates` highest). disconnected_pairs counts pairs of actors in different camps that no
    longer reach each other (exact, from the connected components); added_steps is the mean
    lengthening of the pairs that still do, measured from every camp member up to
    BETWEENNESS_EXACT_MAX_NODES members and from BETWEENNESS_SAMPLES seeded members above.
    """
    import random

    import numpy as np
    from scipy.sparse import diags
    from scipy.sparse.csgraph import connected_components, shortest_path

    simple = simple_graph(network)
    camp_of = {actor: index for index, camp in enumerate(camps) for actor in camp if actor in simple}
    if len(set(camp_of.values())) < 2:
        return []
    order = list(simple)
    position = {actor: i for i, actor in enumerate(order)}
    members = [a for a in order if a in camp_of]
    sources = members
    if len(members) > BETWEENNESS_EXACT_MAX_NODES:
        sources = sorted(random.Random(seed).sample(members, min(BETWEENNESS_SAMPLES, len(members))))
    member_at = np.array([position[a] for a in members])
    member_camp = np.array([camp_of[a] for a in members])
    source_at = np.array([position[a] for a in sources])
    source_camp = np.array([camp_of[a] for a in sources])
    chosen = [a for a, s in sorted(betweenness.items(), key=lambda i: (-i[1], i[0])) if s > 0][:candidates]

    matrix = adjacency(simple)
    _, part = connected_components(matrix, directed=False)
    before = shortest_path(matrix, indices=source_at, unweighted=True, directed=False)[:, member_at]
    cross = source_camp[:, None] != member_camp[None, :]
    brokers = []
    for actor in chosen:
        removed = position[actor]
        keep = np.ones(len(order))
        keep[removed] = 0.0
        without = diags(keep) @ matrix @ diags(keep)
        _, part_after = connected_components(without, directed=False)
        inside = (part[member_at] == part[removed]) & (member_at != removed)
        cut = (_cross_pairs_by_part([0] * int(inside.sum()), member_camp[inside].tolist())
               - _cross_pairs_by_part(part_after[member_at[inside]].tolist(), member_camp[inside].tolist()))
        rows = np.flatnonzero(source_at != removed)
        local = rows[part[source_at[rows]] == part[removed]]
        after = before[rows].copy()
        after[:, member_at == removed] = np.inf
        if len(local):
            found = shortest_path(without, indices=source_at[local], unweighted=True, directed=False)[:, member_at]
            after[np.searchsorted(rows, local)] = found
        reached = cross[rows] & np.isfinite(after) & (member_at[None, :] != removed)
        added_total = float((after[reached] - before[rows][reached]).sum())
        pairs = int(reached.sum())
        added = added_total / pairs if pairs else 0.0
        linked = tuple(sorted({camp_of[n] for n in simple[actor] if n in camp_of} | (
            {camp_of[actor]} if actor in camp_of else set())))
        if cut or added > 0:
            brokers.append(Broker(actor, cut, _round(added), linked))
    return sorted(brokers, key=lambda b: (-b.disconnected_pairs, -b.added_steps, b.actor))


# ---------------------------------------------------------------------------------------------
# The whole analysis


@dataclass(frozen=True)
class NetworkAnalysis:
    """One network (in one time slice) and its measures."""

    name: str
    time_slice: str
    network: nx.Graph
    scores: dict[str, dict[str, float]]
    betweenness_sampled: bool
    evidence: str

    def ranking(self, method: str) -> list[Ranked]:
        groups = dict(self.network.nodes(data="kind")) if self.name == "actor-event" else None
        return rank_scores(self.scores[method], groups)


@dataclass(frozen=True)
class Reading:
    """The actor network of the whole period read under one evidence rule: its measures, camps and balance."""

    evidence: str
    ties: tuple[Tie, ...]
    """The statements relating two actors that the rule admits."""
    measured: NetworkAnalysis
    factions: dict[str, tuple[str, ...]]
    """The factions each actor is declared in by the fg:inFaction statements the rule admits."""
    camps: tuple[frozenset[str], ...]
    camp_names: tuple[str, ...]
    balance: Balance


@dataclass(frozen=True)
class Analysis:
    """Everything the report, the exports and the graph's fg:Measurement resources need."""

    nodes: dict[str, Node]
    ties: tuple[Tie, ...]
    relation_labels: dict[str, str]
    factions: dict[str, tuple[str, ...]]
    slices: tuple[TimeSlice, ...]
    networks: tuple[NetworkAnalysis, ...]
    camps: tuple[frozenset[str], ...]
    comparison: CampComparison
    balance: dict[str, Balance]
    pairs: dict[str, dict[tuple[str, str], int]]
    camp_names: tuple[str, ...]
    brokers: tuple[Broker, ...]
    undated: tuple[Tie, ...]
    evidence: str
    readings: tuple[Reading, ...]
    """The actor network of the whole period under every evidence rule, this analysis's own included."""

    def reading(self, evidence: str) -> Reading:
        return next(r for r in self.readings if r.evidence == evidence)

    @property
    def brokers_sampled(self) -> bool:
        """Whether find_brokers measured the added steps from sampled camp members (see its docstring)."""
        return sum(len(camp) for camp in self.camps) > BETWEENNESS_EXACT_MAX_NODES

    def network(self, name: str, time_slice: str = ALL) -> NetworkAnalysis:
        return next(n for n in self.networks if n.name == name and n.time_slice == time_slice)


def name_camps(positive: nx.Graph, camps: list[frozenset[str]], nodes: dict[str, Node]) -> tuple[str, ...]:
    """'camp 2 (Conservatives)': numbered, named after the member with the most positive ties."""
    leaders = [min(camp, key=lambda a: (-positive.degree(a, weight="weight"), a)) for camp in camps]
    return tuple(f"camp {i + 1} ({nodes[leader].label})" for i, leader in enumerate(leaders))


def analyze_network(network: nx.Graph, evidence: str = DEFAULT_EVIDENCE) -> NetworkAnalysis:
    scores, sampled = measure_network(network, METHODS[network.graph["name"]])
    return NetworkAnalysis(network.graph["name"], network.graph["time_slice"], network, scores, sampled, evidence)


def read_under_rule(ties: list[Tie], nodes: dict[str, Node], evidence: str) -> Reading:
    """The actor network of the whole period from the ties the rule admits, measured, with its camps and balance."""
    admitted = admitted_ties(ties, evidence)
    factions = declared_factions(admitted, nodes)
    network = build_actor_network(admitted, nodes, factions)
    positive = positive_network(network)
    camps = detect_camps(positive)
    return Reading(evidence, tuple(actor_ties(admitted, nodes)), analyze_network(network, evidence), factions,
                   tuple(camps), name_camps(positive, camps, nodes), measure_balance(signed_pairs(network)))


def analyze_graph(graph: Graph, slices: tuple[TimeSlice, ...] = DEFAULT_SLICES,
                  evidence: str = DEFAULT_EVIDENCE) -> Analysis:
    """Build every network from the statements the evidence rule admits and measure it: centrality
    per network and time slice, camps against declared factions, structural balance, brokers; and
    the actor network of the whole period under every other rule, to show what rests on weak evidence."""
    nodes = read_nodes(graph, evidence)
    every_tie = read_ties(graph, nodes)
    ties = admitted_ties(every_tie, evidence)
    factions = declared_factions(ties, nodes)
    actors = build_actor_network(ties, nodes, factions)
    actor_event = build_actor_event_network(ties, nodes, factions)
    networks = [analyze_network(actors, evidence), analyze_network(actor_event, evidence),
                analyze_network(project_co_participation(actor_event), evidence)]
    networks += [analyze_network(build_actor_network(ties, nodes, factions, s), evidence) for s in slices]
    positive = positive_network(actors)
    camps = detect_camps(positive)
    camp_names = name_camps(positive, camps, nodes)
    pairs = {n.time_slice: signed_pairs(n.network) for n in networks if n.name == "actors"}
    balance = {name: measure_balance(p) for name, p in pairs.items()}
    own = Reading(evidence, tuple(actor_ties(ties, nodes)), networks[0], factions, tuple(camps), camp_names,
                  balance[ALL])
    return Analysis(
        nodes=nodes, ties=tuple(ties), relation_labels=read_relation_labels(graph), factions=factions,
        slices=tuple(slices), networks=tuple(networks), camps=tuple(camps),
        comparison=compare_camps(positive, camps, factions), camp_names=camp_names,
        balance=balance, pairs=pairs,
        brokers=tuple(find_brokers(actors, camps, networks[0].scores["betweenness"])),
        undated=tuple(t for t in actor_ties(ties, nodes) if t.earliest is None), evidence=evidence,
        readings=tuple(own if rule == evidence else read_under_rule(every_tie, nodes, rule) for rule in EVIDENCE_RULES))


# ---------------------------------------------------------------------------------------------
# What depends on weak evidence

RANK_SHIFT = 3
"""A rank that moves by more than this many places from one evidence rule to another is a change of finding."""
TOP_RANKS = 10
"""Rank changes are looked for among the actors in the first TOP_RANKS of either rule."""


@dataclass(frozen=True)
class RankShift:
    """An actor whose rank by a measure differs between two rules (None: not in that rule's network)."""

    method: str
    actor: str
    base_rank: int | None
    rank: int | None


@dataclass(frozen=True)
class CampShift:
    """An actor placed differently by the camps of two rules."""

    actor: str
    base_camp: int | None
    """Its camp under the base rule; None: in no camp there."""
    camp: int
    """Its camp under the other rule."""
    matched: int | None
    """The base camp most of that camp's members are in; None: none of them is in a base camp."""


@dataclass(frozen=True)
class RuleChanges:
    """What changes when the actor network is read under a broader rule than the base one."""

    base: str
    evidence: str
    rank_shifts: tuple[RankShift, ...]
    extra_edges: dict[tuple[str, str, str], tuple[Tie, ...]]
    """Relations (subject, relation, object) only the broader rule reads, with the statements behind each."""
    camp_shifts: tuple[CampShift, ...]
    new_triads: tuple[tuple[str, str, str], ...]
    """Triads closed only under the broader rule (balanced or not there)."""
    lost_triads: tuple[tuple[str, str, str], ...]
    """Triads of the base rule that the broader one no longer closes: a pair is tied both ways there.

    These are the only way a triad's balance can change: a broader rule only adds statements, so a
    pair keeps its sign or becomes ambivalent, and a triad never turns from balanced to unbalanced."""


def shifted_ranks(base: NetworkAnalysis, other: NetworkAnalysis, top: int = TOP_RANKS,
                  shift: int = RANK_SHIFT) -> tuple[RankShift, ...]:
    """Actors in the first `top` of either network by some measure whose rank moves by more than
    `shift` places, or who are ranked in only one of the two networks."""
    found = []
    for method in base.scores:
        before, after = ({r.entity: r.rank for r in m.ranking(method)} for m in (base, other))
        leading = {a for ranks in (before, after) for a, rank in ranks.items() if rank <= top}
        moved = [RankShift(method, a, before.get(a), after.get(a)) for a in leading
                 if a not in before or a not in after or abs(before[a] - after[a]) > shift]
        found += sorted(moved, key=lambda r: (min(r.base_rank or math.inf, r.rank or math.inf), r.actor))
    return tuple(found)


def extra_edges(base: Reading, other: Reading) -> dict[tuple[str, str, str], tuple[Tie, ...]]:
    """The relations between actors that the other rule reads and the base rule does not."""
    present = {(t.subject, t.relation, t.object) for t in base.ties}
    found: dict[tuple[str, str, str], list[Tie]] = defaultdict(list)
    for tie in other.ties:
        if (tie.subject, tie.relation, tie.object) not in present:
            found[(tie.subject, tie.relation, tie.object)].append(tie)
    return {key: tuple(ties) for key, ties in sorted(found.items())}


def shifted_camps(base: Reading, other: Reading) -> tuple[CampShift, ...]:
    """Actors whose camp under the other rule is not where the base rule puts them: in no camp under
    the base (their positive ties rest on the other rule's extra statements), or in another camp
    than the one most of their new companions are in under the base."""
    base_camp = {actor: index for index, camp in enumerate(base.camps) for actor in camp}
    shifts = []
    for index, camp in enumerate(other.camps):
        matched = _most_common(Counter(base_camp[a] for a in camp if a in base_camp))
        shifts += [CampShift(a, base_camp.get(a), index, matched) for a in sorted(camp)
                   if base_camp.get(a) is None or base_camp[a] != matched]
    return tuple(shifts)


def compare_readings(base: Reading, other: Reading) -> RuleChanges:
    """Ranks, relations, camps and triads that differ between the base rule and a broader one."""
    before = set(base.balance.balanced) | set(base.balance.unbalanced)
    after = set(other.balance.balanced) | set(other.balance.unbalanced)
    return RuleChanges(base.evidence, other.evidence, shifted_ranks(base.measured, other.measured),
                       extra_edges(base, other), shifted_camps(base, other),
                       tuple(sorted(after - before)), tuple(sorted(before - after)))


# ---------------------------------------------------------------------------------------------
# Back into the graph


def rule_slug(evidence: str) -> str:
    """The evidence rule as it stands in an IRI: 'facts+reported' -> 'facts-reported'."""
    return evidence.replace("+", "-")


def measurement_iri(network: str, time_slice: str, method: str, entity: str,
                    evidence: str = DEFAULT_EVIDENCE) -> URIRef:
    return FGM[f"{rule_slug(evidence)}-{network}-{time_slice}-{method}-{entity}"]


def camp_iri(index: int, evidence: str = DEFAULT_EVIDENCE) -> URIRef:
    return FGM[f"{rule_slug(evidence)}-actors-{ALL}-camp-{index + 1}"]


@cache
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


@cache
def _decimal(value: float) -> Literal:
    return Literal(Decimal(format_score(value)), datatype=XSD.decimal)


def _network_measurements(measured: NetworkAnalysis) -> Iterator[tuple]:
    network, time_slice, evidence = Literal(measured.name), Literal(measured.time_slice), Literal(measured.evidence)
    for method in measured.scores:
        method_literal = Literal(method)
        for ranked in measured.ranking(method):
            node = measurement_iri(measured.name, measured.time_slice, method, ranked.entity, measured.evidence)
            yield node, RDF.type, FG.Measurement
            yield node, FG.ofEntity, FGD[ranked.entity]
            yield node, FG.network, network
            yield node, FG.timeSlice, time_slice
            yield node, FG.evidenceRule, evidence
            yield node, FG.method, method_literal
            yield node, FG.score, _decimal(ranked.score)
            yield node, FG.rank, _integer(ranked.rank)


def _camps(camps: tuple[frozenset[str], ...], names: tuple[str, ...], evidence: str) -> Iterator[tuple]:
    for index, camp in enumerate(camps):
        node = camp_iri(index, evidence)
        yield node, RDF.type, FG.Camp
        yield node, RDFS.label, Literal(names[index], lang="en")
        yield node, FG.network, Literal("actors")
        yield node, FG.timeSlice, Literal(ALL)
        yield node, FG.evidenceRule, Literal(evidence)
        for actor in sorted(camp):
            yield node, FG.campMember, FGD[actor]


def measurement_triples(analysis: Analysis) -> Iterator[tuple]:
    """Each score as an fg:Measurement (entity, network, slice, evidence rule, method, score, rank) and
    each camp found as an fg:Camp, so SPARQL can ask for the most central actors of any kind: every
    network under the analysis's rule, and the whole-period actor network under each other rule."""
    for measured in analysis.networks:
        yield from _network_measurements(measured)
    yield from _camps(analysis.camps, analysis.camp_names, analysis.evidence)
    for reading in analysis.readings:
        if reading.evidence != analysis.evidence:
            yield from _network_measurements(reading.measured)
            yield from _camps(reading.camps, reading.camp_names, reading.evidence)
