"""Brokers: the actors whose removal cuts or lengthens the paths between camps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from .centrality import BETWEENNESS_EXACT_MAX_NODES, BETWEENNESS_SAMPLES
from .networks import adjacency, simple_graph
from .numbers import SEED, round_score


BROKER_CANDIDATES = 30
"""How many of the actors with the highest betweenness are tested as brokers."""


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
            brokers.append(Broker(actor, cut, round_score(added), linked))
    return sorted(brokers, key=lambda b: (-b.disconnected_pairs, -b.added_steps, b.actor))
