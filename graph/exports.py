"""The networks as files for network tools (Gephi, yEd, Cytoscape, spreadsheets) and the centrality table.

networkx's GEXF and GraphML writers raise on None, lists, dicts and dates, so every attribute here
is a str, int or float, one type per attribute, and absent rather than empty. GEXF's writer stamps
today's date into the file; that stamp is removed so the same graph always gives the same bytes.
Dates become GEXF start/end, so Gephi's timeline plays the events and the dated relations.

Labels are data. A CSV text cell that a spreadsheet would run as a formula gets a leading quote
(numbers the export formats itself stay numbers), and the XML writers get text in which every
character XML cannot hold is U+FFFD, so no label can make a GEXF or GraphML file invalid.
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from .analyze import ALL, METHODS, Analysis, NetworkAnalysis, format_score
from .escape import spreadsheet_cell, xml_text

NODE_COLUMNS = ("id", "label", "kind", "type", "faction", "camp")
EDGE_COLUMNS = ("source", "target", "relation", "sign", "weight", "statement_count", "statements", "statuses",
                "events", "earliest", "latest", "evidence")
ALL_METHODS = tuple(dict.fromkeys(m for methods in METHODS.values() for m in methods))


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


def render_gexf(network: nx.Graph) -> bytes:
    """GEXF 1.2 with start/end from each node's and edge's dates, and no stamped date."""
    timed = xml_safe(network)
    for _, data in list(timed.nodes(data=True)) + [(None, d) for *_, d in timed.edges(data=True)]:
        if "earliest" in data:
            data["start"], data["end"] = data["earliest"], data["latest"]
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "factiongraph"
    writer.add_graph(timed)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_graphml(network: nx.Graph) -> bytes:
    return ("\n".join(nx.generate_graphml(xml_safe(network), edge_id_from_attribute="id")) + "\n").encode("utf-8")


def render_cytoscape(network: nx.Graph) -> bytes:
    data = nx.cytoscape_data(network)
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def render_network_files(analysis: Analysis) -> dict[str, bytes]:
    """Every network (whole time span) in every format, under networks/."""
    files = {}
    for measured in analysis.networks:
        if measured.time_slice != ALL:
            continue
        network = annotated_network(analysis, measured)
        stem = f"networks/{measured.name}"
        files[f"{stem}.gexf"] = render_gexf(network)
        files[f"{stem}.graphml"] = render_graphml(network)
        files[f"{stem}.cyjs"] = render_cytoscape(network)
        files[f"{stem}-nodes.csv"] = render_node_csv(network)
        files[f"{stem}-edges.csv"] = render_edge_csv(network)
    return files


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
