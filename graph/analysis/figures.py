"""Figures of the actor network: the camps on one map, and the same map in each time slice.

matplotlib draws without a display (the SVG backend, Agg for text metrics). SVG keeps small labels
sharp and renders in half the time of a PNG; with no date stamp, a fixed hash salt for element ids
and a seeded layout, the same graph always gives the same bytes. Labels are data: matplotlib never
reads them as math (a ``$`` would start TeX, and a broken formula stops the drawing), and a character
XML cannot hold becomes U+FFFD, so the SVG stays valid.
"""

from __future__ import annotations

import io
import math

import networkx as nx

from .analyze import Analysis
from .balance import signed_pairs
from .networks import simple_graph
from .numbers import SEED
from ..escape import xml_text

SIGN_COLOURS = {1: "#1b7837", -1: "#c0392b", 0: "#e08214", None: "#b0b0b0"}
SIGN_NAMES = {1: "positive tie", -1: "negative tie", 0: "ambivalent (both)", None: "neutral tie"}
NO_CAMP = "#ffffff"
FORCE_LAYOUT_MAX_NODES = 1000
"""Above this many actors the maps place them on a circle by camp instead of a force-directed layout."""
MOST_LABELS = 40
"""Labels on the whole map at most (the most tied actors); more would cover each other."""
CAMP_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                "#17becf", "#393b79", "#637939", "#843c39", "#7b4173")


def _layout(analysis: Analysis) -> dict[str, tuple[float, float]]:
    """One layout of the whole actor network, shared by every panel.

    Up to FORCE_LAYOUT_MAX_NODES actors: the largest component by ForceAtlas2 in the unit square
    around the origin, the small components stacked at its right. Above, a force-directed layout
    takes minutes, so the actors sit on a circle, camp after camp (actors in no camp last).
    """
    simple = simple_graph(analysis.network("actors").network)
    if len(simple) > FORCE_LAYOUT_MAX_NODES:
        return _circle_by_camp(analysis, simple)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c))
    positions = {}
    for index, component in enumerate(components):
        part = nx.Graph()
        part.add_nodes_from(component)
        part.add_edges_from(sorted(tuple(sorted(e)) for e in simple.subgraph(component).edges()))
        if index == 0:
            found = nx.forceatlas2_layout(part, max_iter=400, scaling_ratio=4.0, distributed_action=True, seed=SEED)
            positions.update(nx.rescale_layout_dict(found, scale=1.0))
        else:
            row, column = divmod(index - 1, 2)
            centre = (1.3 + 0.35 * column, 0.95 - 0.3 * row)
            positions.update(nx.spring_layout(part, scale=0.09, center=centre, seed=SEED))
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _circle_by_camp(analysis: Analysis, simple: nx.Graph) -> dict[str, tuple[float, float]]:
    """The actors on the unit circle in camp order (the camps' order, then id), so each camp is an arc."""
    camp_of = {actor: index for index, camp in enumerate(analysis.camps) for actor in camp}
    ordered = sorted(simple, key=lambda actor: (camp_of.get(actor, len(analysis.camps)), actor))
    step = 2 * math.pi / len(ordered)
    return {actor: (math.cos(i * step), math.sin(i * step)) for i, actor in enumerate(ordered)}


def _labelled(simple: nx.Graph, least_ties: int, most: int) -> set[str]:
    """The actors with at least `least_ties` ties, at most `most` of them (the most tied, then by id)."""
    ranked = sorted(simple.degree(), key=lambda item: (-item[1], item[0]))
    return {node for node, ties in ranked[:most] if ties >= least_ties}


def _camp_colours(analysis: Analysis) -> dict[str, str]:
    return {actor: CAMP_COLOURS[i % len(CAMP_COLOURS)] for i, camp in enumerate(analysis.camps) for actor in camp}


def _draw(ax, analysis: Analysis, time_slice: str, positions, colours, labelled: set[str]) -> None:
    network = analysis.network("actors", time_slice).network
    pairs = analysis.pairs[time_slice]
    simple = simple_graph(network)
    for u, v in sorted(simple.edges()):
        sign = pairs.get(tuple(sorted((u, v))))
        (x1, y1), (x2, y2) = positions[u], positions[v]
        ax.plot([x1, x2], [y1, y2], color=SIGN_COLOURS[sign], linewidth=1.4 if sign is not None else 0.8,
                alpha=0.85, zorder=1, solid_capstyle="round")
    nodes = sorted(network)
    degree = dict(simple.degree())
    ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
               s=[40 + 40 * degree[n] for n in nodes], c=[colours.get(n, NO_CAMP) for n in nodes],
               edgecolors="#333333", linewidths=0.6, zorder=2)
    for node in nodes:
        if node in labelled:
            x, y = positions[node]
            ax.annotate(xml_text(analysis.nodes[node].label), (x, y), xytext=(0, 7), textcoords="offset points",
                        ha="center", fontsize=7, zorder=3, parse_math=False,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7})
    ax.set_axis_off()


def _svg(figure) -> bytes:
    from matplotlib import rc_context

    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "factiongraph", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render_figures(analysis: Analysis) -> dict[str, bytes]:
    """Both figures as SVG bytes, keyed by their file name under figures/."""
    positions, colours = _layout(analysis), _camp_colours(analysis)
    return {"figures/actor-camps.svg": render_camp_map(analysis, positions, colours),
            "figures/actor-slices.svg": render_slice_maps(analysis, positions, colours)}


def render_camp_map(analysis: Analysis, positions, colours) -> bytes:
    """The actor network: colour = camp found, size = degree, line colour = sign of the tie."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    actors = analysis.network("actors")
    labelled = _labelled(simple_graph(actors.network), 3, MOST_LABELS)
    figure = Figure(figsize=(13, 10))
    ax = figure.add_axes((0.01, 0.01, 0.72, 0.94))
    _draw(ax, analysis, actors.time_slice, positions, colours, labelled)
    shown = len(CAMP_COLOURS)
    camps = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colours[min(camp)],
                    markeredgecolor="#333333", label=xml_text(name))
             for camp, name in zip(analysis.camps[:shown], analysis.camp_names[:shown])]
    if len(analysis.camps) > shown:
        camps.append(Line2D([], [], linestyle="", label=f"... {len(analysis.camps) - shown} smaller camps "
                                                           "(colours repeat)"))
    camps.append(Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=NO_CAMP,
                        markeredgecolor="#333333", label="no positive tie (no camp)"))
    signs = [Line2D([], [], color=SIGN_COLOURS[s], linewidth=2, label=SIGN_NAMES[s]) for s in (1, -1, 0, None)]
    legend = figure.legend(handles=camps + signs, loc="upper left", bbox_to_anchor=(0.73, 0.95), fontsize=8,
                           frameon=False, title="Camps found (Louvain on positive ties)", title_fontsize=9)
    for text in legend.get_texts():
        text.set_parse_math(False)
    tied = sum(1 for _, ties in simple_graph(actors.network).degree() if ties >= 3)
    placed = "; on a circle by camp" if len(actors.network) > FORCE_LAYOUT_MAX_NODES else ""
    ax.set_title(f"Actors tied by the relations the text asserts ({actors.network.number_of_nodes()} actors, "
                 f"{actors.network.number_of_edges()} relations{placed}); labelled: "
                 + ("3 or more ties" if tied == len(labelled) else f"the {len(labelled)} most tied"), fontsize=11)
    return _svg(figure)


def render_slice_maps(analysis: Analysis, positions, colours) -> bytes:
    """The same map in each time slice, so what appears and disappears stands out."""
    from matplotlib.figure import Figure

    count = len(analysis.slices)
    figure = Figure(figsize=(6 * count, 6.5))
    for index, time_slice in enumerate(analysis.slices):
        ax = figure.add_axes((index / count + 0.005, 0.01, 1 / count - 0.01, 0.82))
        network = analysis.network("actors", time_slice.name).network
        _draw(ax, analysis, time_slice.name, positions, colours, _labelled(simple_graph(network), 0, 8))
        pairs = signed_pairs(network)
        ax.set_title(f"{xml_text(time_slice.title)}\n{network.number_of_nodes()} actors, "
                     f"{network.number_of_edges()} relations ({sum(1 for s in pairs.values() if s > 0)} positive, "
                     f"{sum(1 for s in pairs.values() if s < 0)} negative pairs)", fontsize=10, parse_math=False)
        ax.set_xlim(-1.15, 1.9), ax.set_ylim(-1.15, 1.15)
    figure.suptitle("The actor network by time slice (dated statements only; colours: camps of the whole network)",
                    fontsize=11)
    return _svg(figure)
