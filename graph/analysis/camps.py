"""Which camps exist: Louvain communities of the positive ties, against the factions the text declares (ARI, NMI)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from .networks import FACTION_RELATION, Node
from .numbers import SEED, most_common, round_score


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
    camp_factions = tuple(most_common(Counter(declared[a] for a in camp if a in declared)) for camp in camps)
    faction_camps = {f: most_common(Counter(camp_of[a] for a in compared if declared[a] == f))
                     for f in sorted({declared[a] for a in compared})}
    differently = tuple((a, declared[a], camp_of[a]) for a in compared
                        if camp_factions[camp_of[a]] != declared[a] or faction_camps[declared[a]] != camp_of[a])
    labels = ([declared[a] for a in compared], [camp_of[a] for a in compared])
    return CampComparison(
        round_score(camp_modularity), round_score(faction_modularity), compared,
        round_score(adjusted_rand_index(*labels)) if len(compared) > 1 else None,
        round_score(normalized_mutual_information(*labels)) if len(compared) > 1 else None,
        camp_factions, faction_camps, differently, tuple(a for a in sorted(declared) if a not in camp_of))


def name_camps(positive: nx.Graph, camps: list[frozenset[str]], nodes: dict[str, Node]) -> tuple[str, ...]:
    """'camp 2 (Conservatives)': numbered, named after the member with the most positive ties."""
    leaders = [min(camp, key=lambda a: (-positive.degree(a, weight="weight"), a)) for camp in camps]
    return tuple(f"camp {i + 1} ({nodes[leader].label})" for i, leader in enumerate(leaders))
