"""The evidence layer of an assertion: facts, reported, hedged or rumour, read from its status and voice."""

from __future__ import annotations

from ..namespaces import FG
from ..sources.records import Document, Evidence

FACT_STATUSES = frozenset({"stated", "argument", "estimate"})
"""The statuses in which the author asserts something as so; in the author's own voice they are facts."""
LAYERS = {"facts": FG.FactsLayer, "reported": FG.ReportedLayer, "hedged": FG.HedgedLayer, "rumour": FG.RumourLayer}


def evidence_layer(status: str, source: str, author: str) -> str:
    """The layer an assertion belongs to: facts, reported, hedged or rumour.

    Stated, argued and estimated by the author (or attributed to no one else) is a fact; a rumour
    is a rumour whoever spreads it; a prediction, a speculation or someone else's estimate is
    hedged; anything else the text attributes to another voice is reported.

    >>> evidence_layer("argument", "", "morad-saghafi"), evidence_layer("estimate", "interior-ministry", "morad-saghafi")
    ('facts', 'hedged')
    """
    own_voice = source in ("", author)
    if status == "rumour":
        return "rumour"
    if status in ("prediction", "speculation") or (status == "estimate" and not own_voice):
        return "hedged"
    if status in FACT_STATUSES and own_voice:
        return "facts"
    return "reported"


def layer_of(evidence: Evidence, document: Document) -> str:
    return evidence_layer(evidence.status, evidence.source, document.metadata["author"])
