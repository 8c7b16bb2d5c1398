"""Structural balance: the sign of each pair of actors, and which triads of clear signs are balanced."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from .numbers import round_score


def signed_pairs(network: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    """The sign of each pair of actors, whatever the direction: +1 or -1 when all their signed
    statements agree, 0 when they are ambivalent (both). Neutral-only pairs are left out."""
    signs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for u, v, sign in network.edges(data="sign"):
        if sign:
            signs[tuple(sorted((u, v)))].add(sign)
    return {pair: found.pop() if len(found) == 1 else 0 for pair, found in sorted(signs.items())}


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
        return round_score(len(self.balanced) / triads) if triads else None


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
