"""The networks as files for network tools (Gephi, yEd, Cytoscape, spreadsheets) and the centrality table.

networkx's GEXF and GraphML writers raise on None, lists, dicts and dates, so every attribute here
is a str, int or float, one type per attribute, and absent rather than empty. GEXF's writer stamps
today's date into the file; that stamp is removed so the same graph always gives the same bytes.
Dates become GEXF start/end, so Gephi's timeline plays the events and the dated relations.

Gephi and Cytoscape open them styled as the page is: every GEXF node carries viz:color (the page's
colour: its faction's, or its kind's), viz:size (from the measure the page sizes by) and viz:position
(a seeded force-directed layout), every edge its relation's colour; the .cyjs file carries the same as
each node's position and its data's colour and size, the GraphML file as node attributes x, y, size
and color. An entity dated only by a start (or an end) gets only that bound, so Gephi's timeline
keeps it open where the text gives no end.

Labels are data. A CSV text cell that a spreadsheet would run as a formula gets a leading quote
(numbers the export formats itself stay numbers), and the XML writers get text in which every
character XML cannot hold is U+FFFD, so no label can make a GEXF or GraphML file invalid.
"""

from __future__ import annotations

import csv
import io
import json

import math
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from ..analysis.analyze import Analysis, NetworkAnalysis
from ..analysis.centrality import METHODS
from ..analysis.networks import ALL, admitted_ties, declared_factions, simple_graph
from ..analysis.numbers import SEED, format_score
from ..escape import spreadsheet_cell, xml_text
from .styling import EDGE_STYLE_OF, FACTION_COLOURS, KIND_STYLES, OTHER_EDGE, size_scale

NODE_COLUMNS = ("id", "label", "kind", "type", "faction", "camp")
EDGE_COLUMNS = ("source", "target", "relation", "sign", "weight", "statement_count", "statements", "statuses",
                "events", "earliest", "latest", "evidence")
ALL_METHODS = tuple(dict.fromkeys(m for methods in METHODS.values() for m in methods))
SIZE_MEASURES = {"actors": "pagerank", "actor-event": "degree", "co-participation": "weighted-degree"}
"""The measure node size shows in each network's files (the actors by PageRank, as on the page)."""
LAYOUT_SCALE = 1000.0
"""Half the width of the layout, in Gephi's units."""
LAYOUT_MAX_NODES = 300
"""Above this many nodes a force-directed layout costs seconds per network on every build (measured: 0.4 s
at 200 nodes, 11 s at 1,000), so the nodes sit on a circle instead."""


@dataclass(frozen=True)
class Look:
    """How a node is drawn: its colour (#rrggbb), size and position."""

    colour: str
    size: float
    x: float
    y: float


def page_colours(analysis: Analysis) -> dict[str, str]:
    """Each node's colour on the page: an actor its declared faction's (the facts' fg:inFaction, factions
    numbered in id order as the page numbers them), any other node its kind's."""
    factions = declared_factions(admitted_ties(list(analysis.ties), "facts"), analysis.nodes)
    ordered = sorted({n for n, node in analysis.nodes.items() if node.type == "Faction"}
                     | {f for found in factions.values() for f in found})
    colour_of = {f: FACTION_COLOURS[i % len(FACTION_COLOURS)] for i, f in enumerate(ordered)}
    colours = {}
    for identifier, node in analysis.nodes.items():
        faction = identifier if identifier in colour_of else next(
            (f for f in factions.get(identifier, ()) if f in colour_of), None)
        colours[identifier] = colour_of[faction] if node.kind == "actor" and faction else KIND_STYLES[node.kind].fill
    return colours


def lay_out(network: nx.Graph) -> dict[str, tuple[float, float]]:
    """A seeded force-directed (Fruchterman-Reingold) layout of the network, rounded so the same graph gives
    the same bytes; above LAYOUT_MAX_NODES the nodes sit on a circle in id order (Gephi lays them out again)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(network))
    simple.add_edges_from(sorted(tuple(sorted(e)) for e in simple_graph(network).edges()))
    if len(simple) > LAYOUT_MAX_NODES:
        step = 2 * math.pi / len(simple)
        found = {node: (math.cos(i * step), math.sin(i * step)) for i, node in enumerate(simple)}
    elif len(simple) > 1:
        found = nx.spring_layout(simple, seed=SEED)
    else:
        found = {node: (0.0, 0.0) for node in simple}
    return {node: (round(float(x) * LAYOUT_SCALE, 2), round(float(y) * LAYOUT_SCALE, 2))
            for node, (x, y) in found.items()}


def node_looks(analysis: Analysis, measured: NetworkAnalysis) -> dict[str, Look]:
    """Colour, size and position of every node of a measured network."""
    colours, positions = page_colours(analysis), lay_out(measured.network)
    scores = measured.scores[SIZE_MEASURES[measured.name]]
    drawn_size = size_scale(list(scores.values()))
    return {node: Look(colours[node], drawn_size(scores[node]), *positions[node])
            for node in measured.network}


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def annotated_network(analysis: Analysis, measured: NetworkAnalysis) -> nx.Graph:
    """A copy of the network whose nodes also carry their camp and every measure of this network, and
    whose edges and graph carry the evidence rule it was read under."""
    network = measured.network.copy()
    network.graph["evidence"] = measured.evidence
    for *_, data in network.edges(data=True):
        data["evidence"] = measured.evidence
    camp_of = {actor: analysis.camp_names[i] for i, camp in enumerate(analysis.camps) for actor in camp}
    for node, data in network.nodes(data=True):
        data.pop("bipartite", None)
        if node in camp_of:
            data["camp"] = camp_of[node]
        for method, scores in measured.scores.items():
            data[method] = scores[node]
    return network


def _csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    """A CSV cell: a number as the graph writes it, text as a spreadsheet shows it (never as a formula)."""
    if isinstance(value, float):
        return format_score(value)
    if isinstance(value, int):
        return str(value)
    return spreadsheet_cell(str(value))


def render_node_csv(network: nx.Graph) -> bytes:
    methods = tuple(m for m in ALL_METHODS if any(m in d for _, d in network.nodes(data=True)))
    rows = [{"id": _cell(node), **{k: _cell(v) for k, v in data.items()}} for node, data in network.nodes(data=True)]
    return _csv(rows, NODE_COLUMNS + methods)


def _edges(network: nx.Graph):
    """(source, target, attributes); the relation or role is the key in multigraphs."""
    if network.is_multigraph():
        return ((u, v, {"relation": key, **data}) for u, v, key, data in network.edges(keys=True, data=True))
    return network.edges(data=True)


def render_edge_csv(network: nx.Graph) -> bytes:
    rows = [{"source": _cell(u), "target": _cell(v), **{k: _cell(x) for k, x in data.items()}}
            for u, v, data in _edges(network)]
    columns = tuple(c for c in EDGE_COLUMNS if any(c in row for row in rows) or c in ("source", "target"))
    return _csv(rows, columns)


def xml_safe(network: nx.Graph) -> nx.Graph:
    """A copy of the network whose every text (ids, relation keys, attribute values) XML can hold."""
    def safe(value):
        return xml_text(value) if isinstance(value, str) else value

    copy = network.__class__()
    copy.graph.update({key: safe(value) for key, value in network.graph.items()})
    copy.add_nodes_from((safe(n), {k: safe(v) for k, v in data.items()}) for n, data in network.nodes(data=True))
    if network.is_multigraph():
        copy.add_edges_from((safe(u), safe(v), safe(key), {k: safe(x) for k, x in data.items()})
                            for u, v, key, data in network.edges(keys=True, data=True))
    else:
        copy.add_edges_from((safe(u), safe(v), {k: safe(x) for k, x in data.items()})
                            for u, v, data in network.edges(data=True))
    return copy


def render_gexf(network: nx.Graph, looks: dict[str, Look] | None = None) -> bytes:
    """GEXF 1.2 with start/end from each node's and edge's dates (each bound only where known), the
    nodes' looks and the edges' colours as viz elements, and no stamped date."""
    timed = xml_safe(network)
    for _, data in list(timed.nodes(data=True)) + [(None, d) for *_, d in timed.edges(data=True)]:
        for bound, name in (("earliest", "start"), ("latest", "end")):
            if bound in data:
                data[name] = data[bound]
    for node, look in (looks or {}).items():
        timed.nodes[xml_text(node)]["viz"] = {"color": _rgb(look.colour) | {"a": 1.0}, "size": look.size,
                                              "position": {"x": look.x, "y": look.y, "z": 0.0}}
    if looks:
        viz_of = {colour: {"color": _rgb(colour) | {"a": 1.0}} for colour in _EDGE_COLOURS}
        for *_, data in timed.edges(data=True):
            data["viz"] = viz_of[_edge_colour(data)]  # shared: the writer only reads it
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "factiongraph"
    writer.add_graph(timed)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_EDGE_COLOURS = frozenset({style.colour for style in EDGE_STYLE_OF.values()} | {OTHER_EDGE.colour})


def _edge_colour(data: dict) -> str:
    return EDGE_STYLE_OF.get(data.get("relation", ""), OTHER_EDGE).colour


def render_graphml(network: nx.Graph, looks: dict[str, Look] | None = None) -> bytes:
    """GraphML; with looks, each node's x, y, size and color as attributes (the names Gephi's importer reads)."""
    styled = xml_safe(network)
    for node, look in (looks or {}).items():
        styled.nodes[xml_text(node)].update(x=look.x, y=look.y, size=look.size, color=look.colour)
    buffer = io.BytesIO()
    nx.write_graphml_lxml(styled, buffer, edge_id_from_attribute="id")  # lxml's incremental writer
    return buffer.getvalue()


def render_cytoscape(network: nx.Graph, looks: dict[str, Look] | None = None) -> bytes:
    """Cytoscape JSON; with looks, each node's position and its colour and size in its data (for a style's
    mappings), each edge's colour in its data. Written compact: json's indenting encoder is pure Python,
    its compact one C, five times faster on a large network."""
    data = nx.cytoscape_data(network)
    for element in data["elements"]["nodes"] if looks else ():
        look = looks[element["data"]["value"]]
        element["position"] = {"x": look.x, "y": -look.y}
        element["data"] |= {"color": look.colour, "size": look.size}
    for element in data["elements"]["edges"] if looks else ():
        element["data"]["color"] = _edge_colour(element["data"])
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def render_network_files(analysis: Analysis) -> Iterator[tuple[str, bytes]]:
    """Every network (whole time span) in every format, under networks/, as (name, bytes), one file at a time."""
    for measured in analysis.networks:
        if measured.time_slice != ALL:
            continue
        network, looks = annotated_network(analysis, measured), node_looks(analysis, measured)
        stem = f"networks/{measured.name}"
        yield f"{stem}.gexf", render_gexf(network, looks)
        yield f"{stem}.graphml", render_graphml(network, looks)
        yield f"{stem}.cyjs", render_cytoscape(network, looks)
        yield f"{stem}-nodes.csv", render_node_csv(network)
        yield f"{stem}-edges.csv", render_edge_csv(network)


def render_centrality_csv(analysis: Analysis) -> bytes:
    """One row per node, network, time slice and evidence rule, with every measure of that network: every
    network under the analysis's rule, then the whole-period actor network under each other rule."""
    others = [r for r in analysis.readings if r.evidence != analysis.evidence]
    camps = {analysis.evidence: {a: analysis.camp_names[i] for i, camp in enumerate(analysis.camps) for a in camp}}
    camps.update({r.evidence: {a: r.camp_names[i] for i, camp in enumerate(r.camps) for a in camp} for r in others})
    factions = {r.evidence: r.factions for r in analysis.readings}
    rows = []
    for measured in list(analysis.networks) + [r.measured for r in others]:
        camp_of = camps[measured.evidence]
        for node in measured.network:
            entity = analysis.nodes[node]
            text = {"network": measured.name, "time_slice": measured.time_slice, "evidence": measured.evidence,
                    "id": node, "label": entity.label,
                    "kind": entity.kind, "type": entity.type, "faction": " ".join(factions[measured.evidence].get(node, ())),
                    "camp": camp_of.get(node, "")}
            rows.append({**{column: _cell(value) for column, value in text.items()},
                         **{m: format_score(s[node]) for m, s in measured.scores.items()}})
    return _csv(rows, ("network", "time_slice", "evidence") + NODE_COLUMNS + ALL_METHODS)
