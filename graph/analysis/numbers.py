"""What makes two builds give the same numbers: one seed for every random choice, one rounding for
every score, and ties broken by id."""

from __future__ import annotations

from collections import Counter


SEED = 2004
"""Seed of every random choice (Louvain's node order, betweenness pivots, layouts)."""
DECIMALS = 6


def round_score(value: float) -> float:
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 else rounded


def format_score(value: float) -> str:
    """A score as the xsd:decimal text the graph and the CSV share: '16.0', '0.123457'.

    >>> format_score(16), format_score(0.1234567), format_score(-0.0)
    ('16.0', '0.123457', '0.0')
    """
    text = f"{round_score(value):.{DECIMALS}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def most_common(counts: Counter):
    return min(counts, key=lambda key: (-counts[key], key)) if counts else None
