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
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .namespaces import FG, FGD, FGM, FGST, PREFIX_IRIS

SEED = 2004
"""Seed of every random choice (Louvain's node order, betweenness pivots, layouts)."""
BETWEENNESS_EXACT_MAX_NODES = 500
"""Above this many nodes betweenness is estimated from BETWEENNESS_SAMPLES pivots (see benchmarks/)."""
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


@dataclass(frozen=True)
class Node:
    """An actor or an event as the networks see it."""

    id: str
    label: str
    type: str
    kind: str
    earliest: date | None = None
    latest: date | None = None


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
SELECT ?event (MIN(?earliest) AS ?first) (MAX(?latest) AS ?last) WHERE {
    VALUES ?relation { fg:date fg:startDate fg:endDate }
    ?statement rdf:subject ?event ; rdf:predicate ?relation ; fg:earliest ?earliest ; fg:latest ?latest .
} GROUP BY ?event"""

TIES_QUERY = """
SELECT ?statement ?subject ?relation ?object ?status WHERE {
    ?statement a fg:Statement ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
               fg:status ?status .
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


def read_nodes(graph: Graph) -> dict[str, Node]:
    """Every actor and event of the graph (the ontology in the graph says which classes are which)."""
    actor_types, event_types = _subclasses(graph, FG.Actor), _subclasses(graph, FG.Event)
    dates = {_local(row.event): (row.first.toPython(), row.last.toPython())
             for row in _query(graph, EVENT_DATES_QUERY) if row.first is not None}
    nodes = {}
    for node, identifier in graph.subject_objects(DCTERMS.identifier):
        for entity_type in (_local(t) for t in graph.objects(node, RDF.type) if str(t).startswith(str(FG))):
            kind = "actor" if entity_type in actor_types else "event" if entity_type in event_types else None
            if kind:
                earliest, latest = dates.get(str(identifier), (None, None))
                nodes[str(identifier)] = Node(str(identifier), str(graph.value(node, RDFS.label)), entity_type,
                                              kind, earliest, latest)
    return dict(sorted(nodes.items()))


def read_signs(graph: Graph) -> dict[str, int]:
    """The fg:sign of each relation property: +1 support, -1 opposition, 0 neutral."""
    return {_local(p): int(s) for p, s in graph.subject_objects(FG.sign)}


def read_relation_labels(graph: Graph) -> dict[str, str]:
    """The English label of each relation with a sign ('negotiatesWith' -> 'negotiates with')."""
    return {_local(p): str(graph.value(p, RDFS.label) or _local(p)) for p in graph.subjects(FG.sign)}


def read_ties(graph: Graph, nodes: dict[str, Node]) -> list[Tie]:
    """Every statement whose subject and object are both actors or events, in a stable order."""
    signs = read_signs(graph)
    dates = {row.statement: (row.earliest.toPython(), row.latest.toPython())
             for row in _query(graph, STATEMENT_DATES_QUERY)}
    ties = []
    for row in _query(graph, TIES_QUERY):
        subject, obj, relation = _local(row.subject), _local(row.object), _local(row.relation)
        if isinstance(row.object, URIRef) and subject in nodes and obj in nodes:
            earliest, latest = dates.get(row.statement, (None, None))
            ties.append(Tie(_local(row.statement), subject, relation, obj, signs.get(relation),
                            _local(row.status).lower(), earliest, latest))
    return sorted(ties, key=lambda t: (t.subject, t.relation, t.object, t.statement))


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
    if node.earliest:
        attributes["earliest"], attributes["latest"] = _iso(node.earliest), _iso(node.latest)
    return attributes


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
        if nodes[event].earliest:
            attributes["earliest"], attributes["latest"] = _iso(nodes[event].earliest), _iso(nodes[event].latest)
        network.add_edge(actor, event, key=role, id=f"{event} {role} {actor}", **attributes)
    return network


def project_co_participation(actor_event: nx.MultiGraph) -> nx.Graph:
    """Actors linked by the events they share, weighted by how many."""
    actors = sorted(n for n, kind in actor_event.nodes(data="kind") if kind == "actor")
    network = nx.Graph(name="co-participation", time_slice=ALL)
    network.add_nodes_from((a, {k: v for k, v in actor_event.nodes[a].items() if k != "bipartite"}) for a in actors)
    for first, second in combinations(actors, 2):
        shared = sorted(set(actor_event[first]) & set(actor_event[second]))
        if shared:
            network.add_edge(first, second, id=f"{first} {second}", weight=len(shared), events=" ".join(shared))
    network.remove_nodes_from([a for a in actors if network.degree(a) == 0])
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


def measure_betweenness(graph: nx.Graph, seed: int = SEED) -> tuple[dict[str, float], bool]:
    """Normalised betweenness; exact up to BETWEENNESS_EXACT_MAX_NODES nodes, sampled (seeded) above.

    >>> scores, sampled = measure_betweenness(nx.path_graph(["a", "b", "c"]))
    >>> scores["b"], sampled
    (1.0, False)
    """
    if graph.number_of_nodes() <= BETWEENNESS_EXACT_MAX_NODES:
        return nx.betweenness_centrality(graph), False
    return nx.betweenness_centrality(graph, k=min(BETWEENNESS_SAMPLES, len(graph)), seed=seed), True


def measure_eigenvector(graph: nx.Graph, weight: str | None = None) -> dict[str, float]:
    """Eigenvector centrality by power iteration (deterministic, unlike ARPACK's random start)."""
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    return nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-10, weight=weight)


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
            found = nx.closeness_centrality(simple)
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


def find_brokers(network: nx.Graph, camps: list[frozenset[str]], betweenness: dict[str, float],
                 candidates: int = BROKER_CANDIDATES) -> list[Broker]:
    """Actors whose removal disconnects or lengthens the paths between camps, most disruptive first.

    Only actors with betweenness above zero can change a shortest path, so they are the candidates
    (the `candidates` highest). disconnected_pairs counts pairs of actors in different camps that no
    longer reach each other; added_steps is the mean lengthening of the pairs that still do.
    """
    from scipy.sparse.csgraph import shortest_path

    simple = simple_graph(network)
    camp_of = {actor: index for index, camp in enumerate(camps) for actor in camp if actor in simple}
    order = sorted(simple)
    members = [a for a in order if a in camp_of]
    if len({camp_of[a] for a in members}) < 2:
        return []
    chosen = [a for a, s in sorted(betweenness.items(), key=lambda i: (-i[1], i[0])) if s > 0][:candidates]

    matrix = nx.to_scipy_sparse_array(simple, nodelist=order, weight=None, format="csr")
    cross = [(a, b) for a in members for b in members if a < b and camp_of[a] != camp_of[b]]

    def distances(without: str | None):
        kept = [i for i, actor in enumerate(order) if actor != without]
        index = {order[k]: i for i, k in enumerate(kept)}
        found = shortest_path(matrix[kept][:, kept], unweighted=True, directed=False)
        return {(a, b): found[index[a], index[b]] for a, b in cross if without not in (a, b)}

    before = distances(None)
    brokers = []
    for actor in chosen:
        after = distances(actor)
        cut = sum(1 for pair, d in after.items() if math.isinf(d) and not math.isinf(before[pair]))
        kept = [(before[p], d) for p, d in after.items() if not math.isinf(d)]
        added = sum(d - b for b, d in kept) / len(kept) if kept else 0.0
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

    def ranking(self, method: str) -> list[Ranked]:
        groups = dict(self.network.nodes(data="kind")) if self.name == "actor-event" else None
        return rank_scores(self.scores[method], groups)


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

    def network(self, name: str, time_slice: str = ALL) -> NetworkAnalysis:
        return next(n for n in self.networks if n.name == name and n.time_slice == time_slice)


def name_camps(positive: nx.Graph, camps: list[frozenset[str]], nodes: dict[str, Node]) -> tuple[str, ...]:
    """'camp 2 (Conservatives)': numbered, named after the member with the most positive ties."""
    leaders = [min(camp, key=lambda a: (-positive.degree(a, weight="weight"), a)) for camp in camps]
    return tuple(f"camp {i + 1} ({nodes[leader].label})" for i, leader in enumerate(leaders))


def analyze_network(network: nx.Graph) -> NetworkAnalysis:
    scores, sampled = measure_network(network, METHODS[network.graph["name"]])
    return NetworkAnalysis(network.graph["name"], network.graph["time_slice"], network, scores, sampled)


def analyze_graph(graph: Graph, slices: tuple[TimeSlice, ...] = DEFAULT_SLICES) -> Analysis:
    """Build every network from the graph and measure it: centrality per network and time slice,
    camps against declared factions, structural balance, brokers."""
    nodes = read_nodes(graph)
    ties = read_ties(graph, nodes)
    factions = declared_factions(ties, nodes)
    actors = build_actor_network(ties, nodes, factions)
    actor_event = build_actor_event_network(ties, nodes, factions)
    networks = [analyze_network(actors), analyze_network(actor_event),
                analyze_network(project_co_participation(actor_event))]
    networks += [analyze_network(build_actor_network(ties, nodes, factions, s)) for s in slices]
    positive = positive_network(actors)
    camps = detect_camps(positive)
    pairs = {n.time_slice: signed_pairs(n.network) for n in networks if n.name == "actors"}
    return Analysis(
        nodes=nodes, ties=tuple(ties), relation_labels=read_relation_labels(graph), factions=factions,
        slices=tuple(slices), networks=tuple(networks), camps=tuple(camps),
        comparison=compare_camps(positive, camps, factions), camp_names=name_camps(positive, camps, nodes),
        balance={name: measure_balance(p) for name, p in pairs.items()}, pairs=pairs,
        brokers=tuple(find_brokers(actors, camps, networks[0].scores["betweenness"])),
        undated=tuple(t for t in actor_ties(ties, nodes) if t.earliest is None))


# ---------------------------------------------------------------------------------------------
# Back into the graph


def measurement_iri(network: str, time_slice: str, method: str, entity: str) -> URIRef:
    return FGM[f"{network}-{time_slice}-{method}-{entity}"]


@cache
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _decimal(value: float) -> Literal:
    return Literal(Decimal(format_score(value)), datatype=XSD.decimal)


def measurement_triples(analysis: Analysis) -> Iterator[tuple]:
    """Each score as an fg:Measurement (entity, network, slice, method, score, rank) and each camp
    found as an fg:Camp, so SPARQL can ask for the most central actors of any kind."""
    for measured in analysis.networks:
        network, time_slice = Literal(measured.name), Literal(measured.time_slice)
        for method in measured.scores:
            method_literal = Literal(method)
            for ranked in measured.ranking(method):
                node = measurement_iri(measured.name, measured.time_slice, method, ranked.entity)
                yield node, RDF.type, FG.Measurement
                yield node, FG.ofEntity, FGD[ranked.entity]
                yield node, FG.network, network
                yield node, FG.timeSlice, time_slice
                yield node, FG.method, method_literal
                yield node, FG.score, _decimal(ranked.score)
                yield node, FG.rank, _integer(ranked.rank)
    for index, camp in enumerate(analysis.camps):
        node = FGM[f"actors-{ALL}-camp-{index + 1}"]
        yield node, RDF.type, FG.Camp
        yield node, RDFS.label, Literal(analysis.camp_names[index], lang="en")
        yield node, FG.network, Literal("actors")
        yield node, FG.timeSlice, Literal(ALL)
        for actor in sorted(camp):
            yield node, FG.campMember, FGD[actor]
