"""How a page draws the network: shapes and colours by kind and faction, sizes by centrality, the
layout's options; the exports use the same styles so Gephi shows what the page shows."""

from __future__ import annotations

import math
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rdflib.namespace import OWL, RDF

from ..analysis.numbers import SEED
from ..namespaces import FG
from ..sources.vocabulary import load_ontology
from .network_view import Network, Node, label_of, local_id
from .page_evidence import Evidence

MIN_SIZE, MAX_SIZE = 14.0, 48.0


FONT = "DejaVu Sans, Verdana, sans-serif"


LABEL_WIDTH = 22


LARGE_PAGE = 500


@dataclass(frozen=True)
class NodeStyle:
    label: str
    shape: str
    fill: str
    border: str


@dataclass(frozen=True)
class EdgeStyle:
    name: str
    label: str
    colour: str
    dashes: tuple[int, ...]
    width: float
    relations: tuple[str, ...]


KIND_STYLES = {
    "actor": NodeStyle("actor with no declared faction", "dot", "#c9d3dd", "#66788a"),
    "event": NodeStyle("event", "diamond", "#ffd966", "#a67c00"),
    "place": NodeStyle("place", "triangle", "#b7dfb0", "#4f7f45"),
    "idea": NodeStyle("ideology or political project", "square", "#dcc3ea", "#7b4f96"),
    "publication": NodeStyle("publication", "triangleDown", "#e3cfae", "#8a6a3b"),
    "other": NodeStyle("other entity", "dot", "#e6e6e6", "#8c8c8c"),
}


FACTION_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                   "#17becf", "#bcbd22", "#7f7f7f")


EDGE_STYLES = (
    EdgeStyle("membership", "membership and office", "#1f4e79", (), 2.5,
              ("leads", "memberOf", "inFaction", "partOf", "holdsOffice")),
    EdgeStyle("support", "support, alliance, political closeness", "#2e8b57", (), 2.0,
              ("supports", "advocates", "alliedWith", "closeTo")),
    EdgeStyle("opposition", "opposition, criticism, rejection, threats, demands, estrangement, discrimination",
              "#c0392b", (10, 6), 2.0,
              ("opposes", "criticises", "rejects", "threatens", "demands", "alienates", "discriminatesAgainst")),
    EdgeStyle("dealings", "dealings, oversight, influence, failure", "#7f7f7f", (3, 5), 1.5,
              ("negotiatesWith", "hasRelationsWith", "influences", "oversees", "fails")),
    EdgeStyle("kinship", "kinship and succession", "#9c6b98", (2, 3), 1.5, ("siblingOf", "successorOf")),
    EdgeStyle("participation", "participation in an event", "#e08e0b", (), 1.5,
              ("hasOrganiser", "hasParticipant", "hasTarget")),
    EdgeStyle("sequence", "between events", "#6a5acd", (), 1.5, ("causes", "respondsTo", "precedes", "subEventOf")),
    EdgeStyle("place", "where", "#6b8e23", (1, 4), 1.5, ("hasPlace", "locatedIn")),
    EdgeStyle("about", "what it concerns", "#a6a6a6", (6, 4), 1.0, ("concerns",)),
)


OTHER_EDGE = EdgeStyle("other", "other relation", "#999999", (4, 4), 1.0, ())


EDGE_STYLE_OF = {relation: style for style in EDGE_STYLES for relation in style.relations}


def faction_colours(network: Network) -> dict[str, str]:
    """A colour per declared faction of the whole graph, in id order, so every view agrees."""
    return {f: FACTION_COLOURS[i % len(FACTION_COLOURS)] for i, f in enumerate(network.factions)}


def scale_value(score: float | None) -> float:
    """What vis-network scales a node by: the square root of its centrality, so area follows the measure."""
    return round(math.sqrt(max(score or 0.0, 0.0)), 6)


def size_scale(scores: list[float]) -> Callable[[float | None], float]:
    """The radius vis-network draws for a score among `scores`: its linear scaling of values between
    MIN_SIZE and MAX_SIZE. The range is found once, so sizing every node of a large network stays linear.

    >>> size_scale([1.0, 4.0, 9.0])(4.0), size_scale([1.0, 1.0])(1.0)
    (31.0, 31.0)
    """
    values = [scale_value(s) for s in scores]
    low, high = min(values, default=0.0), max(values, default=0.0)
    if high == low:
        return lambda score: (MIN_SIZE + MAX_SIZE) / 2
    return lambda score: round(MIN_SIZE + (scale_value(score) - low) / (high - low) * (MAX_SIZE - MIN_SIZE), 2)


def _node_colour(node: Node, colours: dict[str, str]) -> tuple[str, str]:
    style = KIND_STYLES[node.kind]
    faction = node.id if node.id in colours else next((f for f in node.factions if f in colours), None)
    if node.kind == "actor" and faction:
        return colours[faction], style.border
    return style.fill, style.border


def vis_nodes(network: Network, evidence: Evidence, colours: dict[str, str]) -> list[dict]:
    """The nodes as vis-network items: shape by kind, colour by faction or kind, size by centrality."""
    scores = network.centrality.scores
    items = []
    for node in network.nodes:
        fill, border = _node_colour(node, colours)
        factions = ", ".join(evidence.labels.get(f, f) for f in node.factions)
        score = scores.get(node.id)
        measured = f"{network.centrality.name}: " + (f"{score:g}" if score is not None else "not measured")
        title = "\n".join(filter(None, (node.label, node.type_label + (f" · {factions}" if factions else ""),
                                        measured, "click for the evidence")))
        label = textwrap.fill(node.label, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
        items.append({
            "id": node.id, "label": label, "title": title, "shape": KIND_STYLES[node.kind].shape,
            "value": scale_value(score), "borderWidth": 2,
            "color": {"background": fill, "border": border,
                      "highlight": {"background": fill, "border": "#111111"},
                      "hover": {"background": fill, "border": "#111111"}},
        })
    return items


def vis_edges(network: Network, evidence: Evidence) -> list[dict]:
    """The links as vis-network items: colour and dashes by relation, arrows unless symmetric."""
    schema = load_ontology()
    symmetric = {local_id(p, FG) for p in schema.subjects(RDF.type, OWL.SymmetricProperty)}
    pairs = defaultdict(list)
    for link in network.links:
        pairs[tuple(sorted((link.subject, link.object)))].append(link)
    items = []
    for link in network.links:
        style = EDGE_STYLE_OF.get(link.relation, OTHER_EDGE)
        relation = label_of(schema, FG[link.relation], FG)
        statuses = Counter(evidence.assertions[k]["status"] for k in link.statements if k in evidence.assertions)
        arrow = "—" if link.relation in symmetric else "→"
        count = len(link.statements)
        title = (f"{evidence.labels.get(link.subject, link.subject)} {arrow} {relation} {arrow} "
                 f"{evidence.labels.get(link.object, link.object)}\n{count} statement{'s' if count != 1 else ''}: "
                 + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
        item = {
            "id": link.id, "from": link.subject, "to": link.object, "title": title, "width": style.width,
            "arrows": {"to": {"enabled": link.relation not in symmetric, "scaleFactor": 0.6}},
            "color": {"color": style.colour, "highlight": style.colour, "hover": style.colour},
            "dashes": list(style.dashes) if style.dashes else False,
        }
        siblings = pairs[tuple(sorted((link.subject, link.object)))]
        if len(siblings) > 1:
            roundness = round(0.1 + 0.15 * siblings.index(link), 2)
            item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        items.append(item)
    return items


def vis_options(node_count: int) -> dict:
    """vis-network options: a seeded layout, physics that settles and then stops, hover tooltips.

    Above LARGE_PAGE nodes the layout runs fewer iterations the more nodes there are and edges are
    straight: measured with graph/bench/browser.py, 5,000 nodes settle in about 8 s instead of 30 s.
    """
    large = node_count > LARGE_PAGE
    iterations = max(50, min(150, 250_000 // node_count)) if large else 400
    return {
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -110, "centralGravity": 0.025, "springLength": 130,
                                 "springConstant": 0.05, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25 if large else 50,
                              "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "multiselect": False},
        "nodes": {"font": {"face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"min": MIN_SIZE, "max": MAX_SIZE,
                              "label": {"enabled": True, "min": 13, "max": 36, "maxVisible": 22, "drawThreshold": 5}}},
        "edges": {"smooth": {"enabled": not large, "type": "continuous", "roundness": 0.2},
                  "selectionWidth": 2, "hoverWidth": 1},
    }

