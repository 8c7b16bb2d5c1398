"""Which part of the network a page draws: one entity's neighbourhood, the most central nodes."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import replace

import pyoxigraph as ox

from ..access.names import Entity, find_entity
from ..errors import FactionGraphError, Problem
from .network_view import Network

# Measured with graph/bench/browser.py (BENCHMARKS.md, "HTML in the browser"): up to 2,000 nodes a
# redraw (every pan and zoom) takes under 0.1 s; at 5,000 it takes over half a second.
PAGE_MAX_NODES = 2000


def find_focus(store: ox.Store, network: Network, name: str) -> Entity:
    """The entity `render --focus name` draws, found in the built graph's store as `factiongraph cite` finds
    it (graph/access/names.py); it must be a node of the network (a cited work is not one)."""
    entity = find_entity(name, store, option="--focus", usage="factiongraph render --focus ID")
    if not any(node.id == entity.id for node in network.nodes):
        raise FactionGraphError(Problem("--focus", f"{entity.named} is not a node of the graph",
                                        "focus on an actor, an event, a place or another entity"))
    return entity


def ego_network(network: Network, focus: str, depth: int) -> Network:
    """The nodes within `depth` relations of `focus` (either direction) and the links among them."""
    neighbours = defaultdict(set)
    for link in network.links:
        neighbours[link.subject].add(link.object)
        neighbours[link.object].add(link.subject)
    distance = {focus: 0}
    queue = deque([focus])
    while queue:
        current = queue.popleft()
        if distance[current] < depth:
            for other in sorted(neighbours[current] - distance.keys()):
                distance[other] = distance[current] + 1
                queue.append(other)
    scope = f"the neighbourhood of {network.node(focus).label} (depth {depth})"
    return replace(_keep(network, set(distance), scope), focus=focus)


def most_central(network: Network, max_nodes: int, keep: str | None = None) -> Network:
    """The `max_nodes` most central nodes (ties by id), always including `keep`."""
    ranked = sorted(network.nodes, key=lambda n: (n.id != keep, -network.centrality.scores.get(n.id, 0.0), n.id))
    kept = {n.id for n in ranked[:max_nodes]}
    scope = f"{network.scope}, its {len(kept)} most central nodes by {network.centrality.name}"
    return _keep(network, kept, scope) if len(kept) < len(network.nodes) else network


def _keep(network: Network, kept: set[str], scope: str) -> Network:
    scores = network.centrality.scores
    dropped = sorted((n for n in network.nodes if n.id not in kept), key=lambda n: (-scores.get(n.id, 0.0), n.id))
    links = tuple(link for link in network.links if link.subject in kept and link.object in kept)
    return replace(network, nodes=tuple(n for n in network.nodes if n.id in kept), links=links, scope=scope,
                   left_out=network.left_out + tuple(n.id for n in dropped),
                   left_out_links=network.left_out_links + len(network.links) - len(links))


def select_view(network: Network, focus_id: str | None = None, depth: int = 1,
                max_nodes: int | None = None) -> Network:
    """The part of the network to draw: one entity's neighbourhood and/or the most central nodes.

    Without max_nodes at most PAGE_MAX_NODES are drawn: beyond that the page is slow to settle and to use.
    """
    view = ego_network(network, focus_id, depth) if focus_id else network
    return most_central(view, max_nodes or PAGE_MAX_NODES, keep=focus_id)

