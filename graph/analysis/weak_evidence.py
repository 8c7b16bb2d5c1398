"""What depends on weak evidence: the ranks, relations, camps and triads that change from one evidence rule to a broader one."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .analyze import NetworkAnalysis, Reading
from .networks import Tie
from .numbers import most_common


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
        matched = most_common(Counter(base_camp[a] for a in camp if a in base_camp))
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
