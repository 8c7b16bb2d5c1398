"""The networks and who is central in them, each rank with the reason it ranks there (analysis.md)."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from ..analysis.analyze import NetworkAnalysis
from ..analysis.networks import ALL
from ..analysis.numbers import format_score
from ..escape import markdown_text
from .analysis_writer import TOP, Writer, format_count, format_list

METHOD_TEXT = {
    "degree": "how many other actors it has a relation with, in either direction",
    "in-degree": "how many actors relate to it (it is the object: opposed, supported, led, joined)",
    "out-degree": "how many actors it relates to (it is the subject: it opposes, supports, leads, joins)",
    "betweenness": "the share of shortest paths between other actors that pass through it",
    "closeness": "how few steps it needs to reach everyone in its part of the network",
    "eigenvector": "ties to actors that are themselves well tied",
    "pagerank": "relations coming in from actors that themselves receive many (direction counts)",
}
METHOD_TITLES = {"degree": "Degree", "in-degree": "In-degree", "out-degree": "Out-degree", "betweenness": "Betweenness",
                 "closeness": "Closeness", "eigenvector": "Eigenvector", "pagerank": "PageRank",
                 "weighted-degree": "Weighted degree"}
COUNTS = frozenset({"degree", "in-degree", "out-degree", "weighted-degree"})
ROLE_TEXT = {"hasOrganiser": "organiser", "hasParticipant": "participant", "hasTarget": "target"}


def explain_rank(writer: Writer, measured: NetworkAnalysis, method: str, node: str) -> str:
    """Why node ranks where it does by method: the ties, relations, events or camps behind its score."""
    network = measured.network
    if measured.name == "actor-event":
        return _explain_actor_event(writer, network, node)
    if measured.name == "co-participation":
        partners = sorted(network[node].items(), key=lambda item: (-item[1]["weight"], item[0]))
        best, data = partners[0]
        return (f"shares events with {format_count(len(partners), 'actor')}, most with {writer.label(best)} "
                f"({format_count(data['weight'], 'event')})")
    simple = writer.simple(measured)
    if method == "degree":
        pairs = writer.a.pairs[measured.time_slice]
        signs = Counter(pairs.get(tuple(sorted((node, n)))) for n in simple[node])
        kinds = [(signs[1], "positive"), (signs[-1], "negative"), (signs[0], "both ways"), (signs[None], "neutral")]
        return f"tied to {format_count(simple.degree(node), 'actor')}: " + ", ".join(f"{n} {k}" for n, k in kinds if n)
    if method in ("in-degree", "out-degree", "pagerank"):
        edges = network.in_edges(node, keys=True) if method != "out-degree" else network.out_edges(node, keys=True)
        relations = Counter(key for _, _, key in edges)
        others = sorted({u if method != "out-degree" else v for u, v, _ in edges})
        if not others:
            return "no actor relates to it; PageRank gives it only the floor share" if method == "pagerank" else ""
        by_count = sorted(relations.items(), key=lambda i: (-i[1], i[0]))
        listed = ", ".join(f"{writer.relation(r)} {n}" for r, n in by_count)
        if method == "pagerank":
            scores = measured.scores["pagerank"]
            top = sorted(others, key=lambda o: (-scores[o], o))[:3]
            if len(others) <= 3:
                return f"relations come from {writer.labels(top)} ({listed})"
            return (f"relations come from {format_count(len(others), 'actor')} ({listed}), "
                    f"the most central {writer.labels(top)}")
        direction = "from" if method == "in-degree" else "to"
        return f"{listed} ({direction} {format_count(len(others), 'actor')})"
    if method == "betweenness":
        camps = sorted({writer.camp_of[n] for n in list(simple[node]) + [node] if n in writer.camp_of})
        linked = f"; it touches camps {format_list([str(c + 1) for c in camps])}" if len(camps) > 1 else ""
        return f"on about {measured.scores[method][node]:.0%} of the shortest paths between other actors{linked}"
    if method == "closeness":
        distances = nx.single_source_shortest_path_length(simple, node)
        reach = len(distances) - 1
        mean = sum(distances.values()) / reach if reach else 0
        return f"reaches the {format_count(reach, 'other actor')} of its component in {mean:.1f} steps on average"
    if method == "eigenvector":
        scores = measured.scores[method]
        top = sorted(simple[node], key=lambda n: (-scores[n], n))[:3]
        return f"tied to {writer.labels(top)}"
    raise ValueError(method)


def _explain_actor_event(writer: Writer, network: nx.MultiGraph, node: str) -> str:
    if writer.a.nodes[node].kind == "actor":
        roles = Counter(key for _, _, key in network.edges(node, keys=True))
        events = len(set(network[node]))
        return f"{format_count(events, 'event')}: " + ", ".join(
            f"{ROLE_TEXT[r]} {n}x" for r, n in sorted(roles.items(), key=lambda i: (-i[1], i[0])))
    by_role: dict[str, list[str]] = {}
    for _, actor, key in sorted(network.edges(node, keys=True), key=lambda e: (e[2], e[1])):
        by_role.setdefault(ROLE_TEXT[key], []).append(writer.label(actor))
    return "; ".join(f"{role}: {format_list(names)}" for role, names in by_role.items())


def write_ranking_table(writer: Writer, measured: NetworkAnalysis, method: str, kind: str | None = None) -> list[str]:
    """The first TOP nodes (of one kind, if given) by method, each with why it ranks there."""
    rows = [r for r in measured.ranking(method) if kind is None or writer.a.nodes[r.entity].kind == kind][:TOP]
    if not rows:
        return [f"None: the {measured.name} network has no {kind or 'actor'}.", ""]
    lines = ["| rank | actor | type | score | why it ranks there |", "|---:|---|---|---:|---|"]
    if kind == "event":
        lines[0] = lines[0].replace("| actor |", "| event |")
    score = (lambda value: str(int(value))) if method in COUNTS else format_score
    lines += [f"| {r.rank} | {writer.label(r.entity)} | {markdown_text(writer.a.nodes[r.entity].type)} | "
              f"{score(r.score)} | {explain_rank(writer, measured, method, r.entity)} |" for r in rows]
    return lines + [""]


def write_networks(writer: Writer) -> list[str]:
    lines = ["## The networks", "",
             "| network | nodes | edges | statements behind the edges | parts (components) | largest part |",
             "|---|---:|---:|---:|---:|---:|"]
    for measured in writer.a.networks:
        network = measured.network
        parts = sorted((len(c) for c in nx.connected_components(writer.simple(measured))), reverse=True)
        statements = sum(d.get("statement_count", 0) for *_, d in network.edges(data=True)) or "-"
        name = measured.name
        if measured.time_slice != ALL:
            name += f", {writer.title(measured.time_slice)}"
        lines.append(f"| {name} | {network.number_of_nodes()} | {network.number_of_edges()} | {statements} | "
                     f"{len(parts)} | {parts[0] if parts else 0} |")
    actors = [n for n in writer.a.nodes.values() if n.kind == "actor"]
    in_network = writer.a.network("actors").network
    lines += ["", "- **actors**: an edge for each relation (subject, relation, object) between two actors, "
              "carrying the sign of the relation (+1 support, alliance, membership, leadership; -1 opposition, "
              "criticism, rejection; 0 neutral), its dates and the statements behind it.",
              "- **actor-event**: actors and events, an edge for each role (organiser, participant, target).",
              "- **co-participation**: actors linked by the events they share, weighted by how many.",
              f"- {len(in_network)} of the graph's {len(actors)} actors have a relation with another actor; the "
              f"others are tied only to events, places or ideas, or only named.", ""]
    return lines


def write_centrality(writer: Writer) -> list[str]:
    actors = writer.a.network("actors")
    lines = ["## Who is central", "",
             "In the actor network over the whole period. Scores are rounded to six places; equal scores are "
             "ordered by id.", ""]
    for method in actors.scores:
        lines += [f"### {METHOD_TITLES[method]}", "", f"*{METHOD_TEXT[method].capitalize()}.*", ""]
        lines += write_ranking_table(writer, actors, method)
    actor_event, co = writer.a.network("actor-event"), writer.a.network("co-participation")
    lines += ["### Actors in events", "", "*Actor-event network: how many events an actor has a role in.*", ""]
    lines += write_ranking_table(writer, actor_event, "degree", "actor")
    lines += ["*The events that involve the most actors.*", ""]
    lines += write_ranking_table(writer, actor_event, "degree", "event")
    lines += ["### Acting together", "", "*Co-participation network: events shared with other actors, "
              "counted once per shared event.*", ""]
    lines += write_ranking_table(writer, co, "weighted-degree")
    return lines
