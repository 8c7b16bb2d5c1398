"""Who is central: degree, betweenness, closeness, eigenvector and PageRank of a network, and their ranks.

Pure functions of a network that return plain values; randomness is seeded and ties are broken by
id, so two builds give the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from .networks import adjacency, directed_graph, simple_graph
from .numbers import SEED, round_score


BETWEENNESS_EXACT_MAX_NODES = 500
"""Above this many nodes betweenness is estimated from BETWEENNESS_SAMPLES pivots (see graph/bench/)."""
BETWEENNESS_SAMPLES = 256
METHODS = {
    "actors": ("degree", "in-degree", "out-degree", "betweenness", "closeness", "eigenvector", "pagerank"),
    "actor-event": ("degree", "betweenness", "closeness", "eigenvector"),
    "co-participation": ("degree", "weighted-degree", "betweenness", "closeness", "eigenvector"),
}
WEIGHTED = frozenset({"co-participation"})
"""Networks whose edge weights (shared events) count in eigenvector centrality."""
SHARED_EVENTS = frozenset({"co-participation"})
"""Networks whose ties are shared events (each edge's `events`), so closeness is searched on the events."""


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
    return _closeness(graph, reached, distances)


def measure_shared_event_closeness(network: nx.Graph) -> dict[str, float]:
    """measure_closeness of a network whose ties are shared events (each edge's `events`, space-separated),
    searched on the actor-event graph those events make: two actors sharing an event are two steps apart
    there, so every distance is half. That graph has an edge per participation, not one per pair of
    participants (at 6.4M triples 13,305 against 385,820), and actors in the same events are as far from
    everyone, so one of them is searched from. The sums are the same whole numbers, the scores the same floats.
    """
    import numpy as np
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import shortest_path

    size = len(network)
    if network.number_of_edges() == 0:
        return dict.fromkeys(network, 0.0)
    position = {node: i for i, node in enumerate(network)}
    events: dict[str, int] = {}
    joined: list[set[int]] = [set() for _ in range(size)]
    for u, v, shared in network.edges(data="events"):
        for event in shared.split():
            column = events.setdefault(event, size + len(events))
            joined[position[u]].add(column)
            joined[position[v]].add(column)
    rows = [actor for actor, columns in enumerate(joined) for _ in columns]
    columns = [column for found in joined for column in found]
    matrix = coo_array((np.ones(2 * len(rows)), (rows + columns, columns + rows)),
                       shape=(size + len(events),) * 2).tocsr()
    twins: dict[frozenset[int], list[int]] = {}
    for actor, found in enumerate(joined):
        twins.setdefault(frozenset(found), []).append(actor)
    sources = [same[0] for same in twins.values()]
    reached, distances = [0] * size, [0] * size
    for start in range(0, len(sources), 512):
        block = sources[start:start + 512]
        found = shortest_path(matrix, indices=block, unweighted=True)[:, :size]
        finite = np.isfinite(found)
        totals = np.where(finite, found, 0.0).sum(axis=1).tolist()
        for actor, count, total in zip(block, finite.sum(axis=1).tolist(), totals):
            for twin in twins[frozenset(joined[actor])]:
                reached[twin], distances[twin] = count, int(total) // 2
    return _closeness(network, reached, distances)


def _closeness(graph: nx.Graph, reached: list[int], distances: list[int]) -> dict[str, float]:
    """Each node's closeness from how many nodes it reaches (itself included) and its sum of distances."""
    size = len(graph)
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
    """Each method's score per node, rounded by round_score; and whether betweenness was sampled.

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
        elif method == "closeness" and network.graph.get("name") in SHARED_EVENTS:
            found = measure_shared_event_closeness(network)
        elif method == "closeness":
            found = measure_closeness(simple)
        elif method == "eigenvector":
            found = measure_eigenvector(simple, "weight" if network.graph.get("name") in WEIGHTED else None)
        elif method == "pagerank":
            found = nx.pagerank(directed_graph(network), weight="weight") if network.number_of_edges() else {}
        else:
            raise ValueError(f"unknown method {method!r}")
        scores[method] = {node: round_score(found.get(node, 0.0)) for node in sorted(network)}
    return scores, sampled


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
