"""The analysis as a page a political scientist reads, and the stage that adds it to the build.

Every sentence is computed from the networks: who ranks where and why (their ties, the relations
that reach them, the camps they link), the camps found against the factions the text declares,
structural balance, brokers, and what changed between the time slices.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import networkx as nx
from rdflib import Graph

from ..analysis.analyze import Analysis, NetworkAnalysis, Reading, analyze_graph
from ..analysis.balance import allies_and_opponents
from ..analysis.brokers import BROKER_CANDIDATES
from ..analysis.centrality import BETWEENNESS_EXACT_MAX_NODES, BETWEENNESS_SAMPLES
from ..analysis.measurements import measurement_triples
from ..analysis.networks import ALL, EVIDENCE_RULES, WEAK_LAYERS, Tie, actor_ties, simple_graph
from ..analysis.numbers import SEED, format_score
from ..analysis.weak_evidence import RANK_SHIFT, TOP_RANKS, RuleChanges, compare_readings
from ..escape import markdown_text

TOP = 10
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
RULE_TEXT = {
    "facts": "the facts layer: what the author states, argues or estimates in their own voice",
    "facts+reported": "the facts and what the text reports from others (the press, a ministry, commentators)",
    "all": "every statement: also predictions, speculation, estimates by others and rumours",
}


def add_analysis(graph: Graph, into=None) -> dict[str, bytes]:
    """Measure the networks of graph, add the fg:Measurement and fg:Camp resources to it (or to
    `into`, anything that takes ``+=`` of triples), and return the analysis files: the report,
    the centrality table, the network exports and figures."""
    from .exports import render_centrality_csv, render_network_files
    from ..analysis.figures import render_figures

    analysis = analyze_graph(graph)
    target = graph if into is None else into
    target += measurement_triples(analysis)
    files = {"analysis.md": render_analysis_markdown(analysis), "centrality.csv": render_centrality_csv(analysis)}
    files.update(render_network_files(analysis))
    files.update(render_figures(analysis))
    return files


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class Writer:
    """Turns an Analysis into markdown; holds the lookups every section needs.

    Labels, camp names, relation names and titles come from the data, so the methods that give
    them (label, camp, relation, title) return them escaped for Markdown (graph.escape), ready for
    a sentence or a table cell; `name` gives a raw label, to sort by.
    """

    def __init__(self, analysis: Analysis):
        self.a = analysis
        self.camp_of = {actor: i for i, camp in enumerate(analysis.camps) for actor in camp}
        self._simple: dict[tuple[str, str], nx.Graph] = {}

    def simple(self, measured: NetworkAnalysis) -> nx.Graph:
        """The network's simple graph, made once for every row and section that reads it."""
        key = (measured.name, measured.time_slice)
        if key not in self._simple:
            self._simple[key] = simple_graph(measured.network)
        return self._simple[key]

    def name(self, entity: str) -> str:
        return self.a.nodes[entity].label

    def label(self, entity: str) -> str:
        return markdown_text(self.name(entity))

    def labels(self, entities) -> str:
        return _join([self.label(e) for e in entities])

    def camp(self, index: int) -> str:
        return markdown_text(self.a.camp_names[index])

    def relation(self, relation: str) -> str:
        return markdown_text(self.a.relation_labels.get(relation, relation))

    def tie(self, subject: str, relation: str, obj: str) -> str:
        return f"{self.label(subject)} *{self.relation(relation)}* {self.label(obj)}"

    # -- why a node ranks where it does --------------------------------------------------------

    def why(self, measured: NetworkAnalysis, method: str, node: str) -> str:
        network = measured.network
        if measured.name == "actor-event":
            return self._why_actor_event(network, node)
        if measured.name == "co-participation":
            partners = sorted(network[node].items(), key=lambda item: (-item[1]["weight"], item[0]))
            best, data = partners[0]
            return (f"shares events with {_count(len(partners), 'actor')}, most with {self.label(best)} "
                    f"({_count(data['weight'], 'event')})")
        simple = self.simple(measured)
        if method == "degree":
            pairs = self.a.pairs[measured.time_slice]
            signs = Counter(pairs.get(tuple(sorted((node, n)))) for n in simple[node])
            kinds = [(signs[1], "positive"), (signs[-1], "negative"), (signs[0], "both ways"), (signs[None], "neutral")]
            return f"tied to {_count(simple.degree(node), 'actor')}: " + ", ".join(f"{n} {k}" for n, k in kinds if n)
        if method in ("in-degree", "out-degree", "pagerank"):
            edges = network.in_edges(node, keys=True) if method != "out-degree" else network.out_edges(node, keys=True)
            relations = Counter(key for _, _, key in edges)
            others = sorted({u if method != "out-degree" else v for u, v, _ in edges})
            if not others:
                return "no actor relates to it; PageRank gives it only the floor share" if method == "pagerank" else ""
            by_count = sorted(relations.items(), key=lambda i: (-i[1], i[0]))
            listed = ", ".join(f"{self.relation(r)} {n}" for r, n in by_count)
            if method == "pagerank":
                scores = measured.scores["pagerank"]
                top = sorted(others, key=lambda o: (-scores[o], o))[:3]
                if len(others) <= 3:
                    return f"relations come from {self.labels(top)} ({listed})"
                return (f"relations come from {_count(len(others), 'actor')} ({listed}), "
                        f"the most central {self.labels(top)}")
            direction = "from" if method == "in-degree" else "to"
            return f"{listed} ({direction} {_count(len(others), 'actor')})"
        if method == "betweenness":
            camps = sorted({self.camp_of[n] for n in list(simple[node]) + [node] if n in self.camp_of})
            linked = f"; it touches camps {_join([str(c + 1) for c in camps])}" if len(camps) > 1 else ""
            return f"on about {measured.scores[method][node]:.0%} of the shortest paths between other actors{linked}"
        if method == "closeness":
            distances = nx.single_source_shortest_path_length(simple, node)
            reach = len(distances) - 1
            mean = sum(distances.values()) / reach if reach else 0
            return f"reaches the {_count(reach, 'other actor')} of its component in {mean:.1f} steps on average"
        if method == "eigenvector":
            scores = measured.scores[method]
            top = sorted(simple[node], key=lambda n: (-scores[n], n))[:3]
            return f"tied to {self.labels(top)}"
        raise ValueError(method)

    def _why_actor_event(self, network: nx.MultiGraph, node: str) -> str:
        if self.a.nodes[node].kind == "actor":
            roles = Counter(key for _, _, key in network.edges(node, keys=True))
            events = len(set(network[node]))
            return f"{_count(events, 'event')}: " + ", ".join(
                f"{ROLE_TEXT[r]} {n}x" for r, n in sorted(roles.items(), key=lambda i: (-i[1], i[0])))
        by_role: dict[str, list[str]] = {}
        for _, actor, key in sorted(network.edges(node, keys=True), key=lambda e: (e[2], e[1])):
            by_role.setdefault(ROLE_TEXT[key], []).append(self.label(actor))
        return "; ".join(f"{role}: {_join(names)}" for role, names in by_role.items())

    # -- sections --------------------------------------------------------------------------------

    def ranking_table(self, measured: NetworkAnalysis, method: str, kind: str | None = None) -> list[str]:
        rows = [r for r in measured.ranking(method) if kind is None or self.a.nodes[r.entity].kind == kind][:TOP]
        if not rows:
            return [f"None: the {measured.name} network has no {kind or 'actor'}.", ""]
        lines = ["| rank | actor | type | score | why it ranks there |", "|---:|---|---|---:|---|"]
        if kind == "event":
            lines[0] = lines[0].replace("| actor |", "| event |")
        score = (lambda value: str(int(value))) if method in COUNTS else format_score
        lines += [f"| {r.rank} | {self.label(r.entity)} | {markdown_text(self.a.nodes[r.entity].type)} | "
                  f"{score(r.score)} | {self.why(measured, method, r.entity)} |" for r in rows]
        return lines + [""]

    def summary(self) -> list[str]:
        actors = self.a.network("actors")
        comparison = self.a.comparison
        balance = self.a.balance[ALL]
        lines = ["## At a glance", "",
                 f"- **Evidence**: read under the rule `{self.a.evidence}`, {RULE_TEXT[self.a.evidence]}; "
                 "[What depends on weak evidence](#what-depends-on-weak-evidence) reads the actors again under the "
                 "other rules."]
        if len(actors.network):
            top = {m: actors.ranking(m)[0].entity for m in ("degree", "betweenness")}
            between = ("and" if top["betweenness"] == top["degree"] else f"; {self.label(top['betweenness'])}")
            lines.append(f"- **Most central**: {self.label(top['degree'])} has ties to the most actors {between} lies "
                         f"on the most shortest paths between others.")
        else:
            lines.append("- **Most central**: no one; no statement relates two actors, so the actor network is empty.")
        if self.a.camps:
            agreement = ""
            if comparison.adjusted_rand is not None:
                agreement = (f" Agreement with the factions the text declares: adjusted Rand "
                             f"{comparison.adjusted_rand:.2f}, NMI {comparison.normalized_mutual_information:.2f}.")
            lines.append(f"- **Camps**: {_count(len(self.a.camps), 'camp')} found among the actors tied by "
                         f"positive relations (modularity {comparison.camp_modularity:.2f}).{agreement}")
        if balance.share is not None:
            triads = _count(len(balance.balanced) + len(balance.unbalanced), "closed triad")
            lines.append(f"- **Balance**: {format_share(balance.share)} of the {triads} of signed ties are "
                         f"balanced (the friend of a friend is a friend, the enemy of an enemy a friend).")
        if self.a.brokers:
            broker = self.a.brokers[0]
            lines.append(f"- **Broker**: without {self.label(broker.actor)}, "
                         f"{_count(broker.disconnected_pairs, 'pair')} of actors in different camps could no longer "
                         f"reach each other.")
        if self.a.slices:
            counts = [self.a.network("actors", s.name) for s in self.a.slices]
            lines.append("- **Over time**: " + "; ".join(
                f"{markdown_text(s.title)}: {_count(n.network.number_of_edges(), 'relation')}"
                + (f", most tied {self.label(n.ranking('degree')[0].entity)}" if len(n.network) else "")
                for s, n in zip(self.a.slices, counts)) + f"; {_count(len(self.a.undated), 'statement')} undated.")
        return lines + [""]

    def networks_section(self) -> list[str]:
        lines = ["## The networks", "",
                 "| network | nodes | edges | statements behind the edges | parts (components) | largest part |",
                 "|---|---:|---:|---:|---:|---:|"]
        for measured in self.a.networks:
            network = measured.network
            parts = sorted((len(c) for c in nx.connected_components(self.simple(measured))), reverse=True)
            statements = sum(d.get("statement_count", 0) for *_, d in network.edges(data=True)) or "-"
            name = measured.name
            if measured.time_slice != ALL:
                name += f", {self._title(measured.time_slice)}"
            lines.append(f"| {name} | {network.number_of_nodes()} | {network.number_of_edges()} | {statements} | "
                         f"{len(parts)} | {parts[0] if parts else 0} |")
        actors = [n for n in self.a.nodes.values() if n.kind == "actor"]
        in_network = self.a.network("actors").network
        lines += ["", "- **actors**: an edge for each relation (subject, relation, object) between two actors, "
                  "carrying the sign of the relation (+1 support, alliance, membership, leadership; -1 opposition, "
                  "criticism, rejection; 0 neutral), its dates and the statements behind it.",
                  "- **actor-event**: actors and events, an edge for each role (organiser, participant, target).",
                  "- **co-participation**: actors linked by the events they share, weighted by how many.",
                  f"- {len(in_network)} of the graph's {len(actors)} actors have a relation with another actor; the "
                  f"others are tied only to events, places or ideas, or only named.", ""]
        return lines

    def centrality_section(self) -> list[str]:
        actors = self.a.network("actors")
        lines = ["## Who is central", "",
                 "In the actor network over the whole period. Scores are rounded to six places; equal scores are "
                 "ordered by id.", ""]
        for method in actors.scores:
            lines += [f"### {METHOD_TITLES[method]}", "", f"*{METHOD_TEXT[method].capitalize()}.*", ""]
            lines += self.ranking_table(actors, method)
        actor_event, co = self.a.network("actor-event"), self.a.network("co-participation")
        lines += ["### Actors in events", "", "*Actor-event network: how many events an actor has a role in.*", ""]
        lines += self.ranking_table(actor_event, "degree", "actor")
        lines += ["*The events that involve the most actors.*", ""]
        lines += self.ranking_table(actor_event, "degree", "event")
        lines += ["### Acting together", "", "*Co-participation network: events shared with other actors, "
                  "counted once per shared event.*", ""]
        lines += self.ranking_table(co, "weighted-degree")
        return lines

    def camps_section(self) -> list[str]:
        c = self.a.comparison
        lines = ["## Camps found and factions declared", "",
                 "Camps are Louvain communities (networkx, seed " f"{SEED}) of the actors tied by positive relations "
                 "(support, alliance, membership, leadership, office), weighted by the statements behind them. "
                 "Opposition is left out, because an opposition tie joins two actors in the same community while "
                 "setting them apart politically; the `inFaction` statements are left out too, so the camps are "
                 "found without being told the factions. A camp groups actors that the text ties by support, "
                 "not necessarily allies of each other.", "",
                 "| camp | actors | declared faction of its members |", "|---|---|---|"]
        for index, camp in enumerate(self.a.camps):
            declared = Counter(f for a in camp for f in self.a.factions.get(a, ()))
            lines.append(f"| {self.camp(index)} | {self.labels(sorted(camp, key=self.name))} | "
                         + (", ".join(f"{self.label(f)} ({n})" for f, n in sorted(declared.items())) or "none")
                         + " |")
        lines += ["", f"- **Modularity** on the positive network: camps found {c.camp_modularity:.2f}; declared "
                  f"factions {c.faction_modularity:.2f} (an actor without a declared faction counted as a group of "
                  "its own). Above 0.3 is usually read as clear community structure; near 0 as none."]
        if c.adjusted_rand is not None:
            lines.append(f"- **Agreement** on the {_count(len(c.compared), 'actor')} that have both a declared faction "
                         f"and a camp ({self.labels(c.compared)}): adjusted Rand index {c.adjusted_rand:.2f}, "
                         f"normalised mutual information {c.normalized_mutual_information:.2f} (1 = the same "
                         "grouping, 0 = no better than chance).")
        lines += ["", "| declared faction | members, with the camp each was found in |", "|---|---|"]
        for faction in sorted({f for fs in self.a.factions.values() for f in fs}, key=self.name):
            members = sorted((a for a, fs in self.a.factions.items() if faction in fs), key=self.name)
            placed = [f"{self.label(a)} ({'camp ' + str(self.camp_of[a] + 1) if a in self.camp_of else 'no camp'})"
                      for a in members]
            lines.append(f"| {self.label(faction)} | {', '.join(placed)} |")
        lines += ["", "**Placed differently by the two groupings**", ""]
        if not c.placed_differently:
            lines.append("- none")
        for actor, faction, index in c.placed_differently:
            main = c.faction_camps.get(faction)
            lines.append(f"- {self.label(actor)}: declared in {self.label(faction)}, found in {self.camp(index)}"
                         + (f", while most of {self.label(faction)} is in {self.camp(main)}" if main != index else "")
                         + (f"; that camp's members are mostly declared {self.label(c.camp_factions[index])}"
                            if c.camp_factions[index] not in (None, faction) else "") + ".")
        if c.outside:
            lines.append("- Not compared, since they have no positive tie besides `inFaction`: "
                         f"{self.labels(c.outside)}.")
        return lines + [""]

    def brokers_section(self) -> list[str]:
        lines = ["## Brokers", "",
                 "Each actor on some shortest path (betweenness above zero; at most "
                 f"{BROKER_CANDIDATES} of them) is removed in turn from the actor network, ignoring direction and "
                 "sign. "
                 "*Pairs cut*: pairs of actors in different camps that could reach each other and no longer can. "
                 "*Added steps*: how much longer, on average, the paths between the other cross-camp pairs become.", ""]
        if not self.a.brokers:
            return lines + ["No actor's removal changes the paths between camps.", ""]
        lines += ["| actor | pairs cut | added steps | camps it touches |", "|---|---:|---:|---|"]
        for broker in self.a.brokers[:TOP]:
            camps = _join([self.camp(i) for i in broker.camps_linked])
            lines.append(f"| {self.label(broker.actor)} | {broker.disconnected_pairs} | "
                         f"{broker.added_steps:.2f} | {camps} |")
        return lines + [""]

    def balance_section(self) -> list[str]:
        lines = ["## Structural balance", "",
                 "The signed network: two actors are a positive pair when every signed relation between them is "
                 "positive, a negative pair when every one is negative, and *both ways* when the text gives both "
                 "(left out of the triads). A triad of three actors tied pairwise is balanced when the product of its "
                 "signs is positive.", "",
                 "| time slice | positive pairs | negative pairs | both ways | triads | balanced | share balanced |",
                 "|---|---:|---:|---:|---:|---:|---:|"]
        for name, balance in self.a.balance.items():
            triads = len(balance.balanced) + len(balance.unbalanced)
            lines.append(f"| {self._title(name)} | {balance.positive_pairs} | {balance.negative_pairs} | "
                         f"{len(balance.ambivalent_pairs)} | {triads} | {len(balance.balanced)} | "
                         f"{format_share(balance.share) if balance.share is not None else '-'} |")
        whole = self.a.balance[ALL]
        lines += ["", "**Unbalanced triads (whole period)**: "
                  + ("; ".join(self.labels(t) for t in whole.unbalanced) if whole.unbalanced else "none") + ".", ""]
        if whole.ambivalent_pairs:
            lines += ["**Pairs tied both ways**:", ""]
            network = self.a.network("actors").network
            for a, b in whole.ambivalent_pairs:
                relations = [self.tie(u, k, v) for u, v in ((a, b), (b, a)) for k in sorted(network[u].get(v, {}))]
                lines.append(f"- {'; '.join(relations)}")
            lines.append("")
        lines += ["### Allies and opponents", "",
                  "Every actor with a signed tie, whatever its direction (whole period).", "",
                  "| actor | allies (positive) | opponents (negative) | both ways |", "|---|---|---|---|"]
        found = allies_and_opponents(self.a.pairs[ALL])
        for actor in sorted(found, key=lambda a: (-sum(map(len, found[a].values())), self.name(a))):
            entry = found[actor]
            cells = [self.labels(sorted(entry[k], key=self.name)) or "-"
                     for k in ("allies", "opponents", "ambivalent")]
            lines.append(f"| {self.label(actor)} | " + " | ".join(cells) + " |")
        return lines + [""]

    # -- what depends on weak evidence ------------------------------------------------------------

    def weak_evidence_section(self) -> list[str]:
        readings = self.a.readings
        base = self.a.reading(self.a.evidence)
        lines = ["## What depends on weak evidence", "",
                 f"Everything above reads the statements the rule `{self.a.evidence}` admits. Here the actor network "
                 "of the whole period is read again under each evidence rule (the `fg:layer` of every statement):", ""]
        lines += [f"- `{rule}`: {text}." for rule, text in RULE_TEXT.items() if rule in EVIDENCE_RULES]
        lines += ["", "A finding that is the same under every rule holds on the author's facts alone; one that "
                  "changes rests on the statements a broader rule adds, named below with the section they stand in.",
                  "", "| rule | statements | relations | actors | camps | triads | share balanced |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for reading in readings:
            network, balance = reading.measured.network, reading.balance
            triads = len(balance.balanced) + len(balance.unbalanced)
            lines.append(f"| `{reading.evidence}` | {len(reading.ties)} | {network.number_of_edges()} | {len(network)} "
                         f"| {len(reading.camps)} | {triads} | "
                         f"{format_share(balance.share) if balance.share is not None else '-'} |")
        lines += ["", "**First by each measure**", "",
                  "| measure | " + " | ".join(f"`{r.evidence}`" for r in readings) + " | same under every rule |",
                  "|---|" + "---|" * len(readings) + "---|"]
        for method in base.measured.scores:
            firsts = [r.measured.ranking(method)[0].entity if len(r.measured.network) else None for r in readings]
            cells = [self.label(f) if f else "-" for f in firsts]
            lines.append(f"| {METHOD_TITLES[method]} | " + " | ".join(cells) + f" | {'yes' if len(set(firsts)) == 1 else 'no'} |")
        lines.append("")
        for reading in readings:
            if reading.evidence != base.evidence:
                lines += self._rule_changes(compare_readings(base, reading), reading)
        return lines

    def _statement(self, tie: Tie) -> str:
        where = f", section “{markdown_text(tie.section)}”" if tie.section else ""
        return f"fgst:{tie.statement} ({tie.status}{where})"

    def _rule_changes(self, changes: RuleChanges, reading: Reading) -> list[str]:
        lines = [f"### Under `{changes.evidence}`, compared with `{changes.base}`", ""]
        by_method: dict[str, list[str]] = {}
        for shift in changes.rank_shifts:
            before = str(shift.base_rank) if shift.base_rank else "not in the network"
            after = str(shift.rank) if shift.rank else "not in the network"
            by_method.setdefault(shift.method, []).append(f"{self.label(shift.actor)} {before} → {after}")
        lines.append(f"- **Ranks that move by more than {RANK_SHIFT} places** (among the first {TOP_RANKS} under either "
                     "rule): " + ("none" if not by_method else "; ".join(
                         f"{METHOD_TITLES[m].lower()}: {', '.join(moves)}" for m, moves in by_method.items())) + ".")
        weak_only = {key: ties for key, ties in changes.extra_edges.items()
                     if changes.evidence == "facts+reported" or all(t.layer in WEAK_LAYERS for t in ties)}
        resting = ("only on reported claims" if changes.evidence == "facts+reported"
                   else "only on rumour, speculation, prediction or someone else's estimate")
        others = len(changes.extra_edges) - len(weak_only)
        lines.append(f"- **Relations that rest {resting}** ({len(weak_only)}"
                     + (f"; the {others} others it adds rest on reported claims, listed above" if others else "")
                     + "):" + ("" if weak_only else " none."))
        lines += [f"  - {self.tie(*key)}: " + "; ".join(self._statement(t) for t in ties)
                  for key, ties in sorted(weak_only.items(), key=lambda i: (self.label(i[0][0]), i[0][1], self.label(i[0][2])))]
        base = self.a.reading(changes.base)
        lines.append(f"- **Camp memberships that change** ({len(changes.camp_shifts)}):" + ("" if changes.camp_shifts else " none."))
        for shift in changes.camp_shifts:
            camp = markdown_text(reading.camp_names[shift.camp])
            if shift.base_camp is None:
                lines.append(f"  - {self.label(shift.actor)} is in {camp} only on this evidence "
                             f"(in no camp under `{changes.base}`)")
            else:
                company = (f", with most of {markdown_text(base.camp_names[shift.matched])}" if shift.matched is not None else "")
                lines.append(f"  - {self.label(shift.actor)}: {markdown_text(base.camp_names[shift.base_camp])} under `{changes.base}`, "
                             f"{camp} here{company}")
        verdict = lambda triad: "balanced" if triad in reading.balance.balanced else "unbalanced"
        lines.append(f"- **Triads closed only on this evidence** ({len(changes.new_triads)}): "
                     + ("; ".join(f"{self.labels(t)} ({verdict(t)})" for t in changes.new_triads) or "none") + ".")
        lines.append(f"- **Triads of `{changes.base}` this evidence unsettles** (a pair tied both ways, so the triad "
                     f"has no clear balance; {len(changes.lost_triads)}): "
                     + ("; ".join(self.labels(t) for t in changes.lost_triads) or "none") + ".")
        return lines + [""]

    def _title(self, name: str) -> str:
        if name == ALL:
            return "whole period"
        return markdown_text(next(s.title for s in self.a.slices if s.name == name))

    def change_section(self) -> list[str]:
        lines = ["## How the field changed", "",
                 "The actor network in each time slice holds the dated statements whose date range overlaps the slice "
                 "(`fg:earliest`/`fg:latest`): a statement dated only to January 2004, to 2004 or to 1997-2004 counts "
                 "in every slice it overlaps, and is marked *spanning* below. Undated statements count only in the "
                 "whole network and are listed at the end of this section. What appears or disappears between slices "
                 "is what the text dates there: a relation the text dates only before the election is absent after "
                 "it, which need not mean it ended.", "",
                 "| time slice | statements | relations (spanning) | actors | most ties | most between |",
                 "|---|---:|---:|---:|---|---|"]
        previous = None
        details = []
        for time_slice in self.a.slices:
            measured = self.a.network("actors", time_slice.name)
            network = measured.network
            ties = actor_ties(list(self.a.ties), self.a.nodes, time_slice)
            spanning = sum(1 for *_, d in network.edges(data=True)
                           if not time_slice.contains(*map(_date, (d["earliest"], d["latest"]))))
            top = {m: [r.entity for r in measured.ranking(m)[:3]] if len(network) else []
                   for m in ("degree", "betweenness")}
            lines.append(f"| {markdown_text(time_slice.title)} | {len(ties)} | {network.number_of_edges()} "
                         f"({spanning}) | {len(network)} | {self.labels(top['degree'])} | "
                         f"{self.labels(top['betweenness'])} |")
            if previous is not None:
                details += self._transition(previous, time_slice)
            previous = time_slice
        lines += [""] + details
        undated = self.a.undated
        lines += [f"### Undated: {_count(len(undated), 'statement')}", "",
                  "These relate two actors but carry no date, so they are in no time slice:", ""]
        grouped = Counter((t.subject, t.relation, t.object) for t in undated)
        statuses: dict[tuple, set[str]] = {}
        for t in undated:
            statuses.setdefault((t.subject, t.relation, t.object), set()).add(t.status)
        for (s, r, o), n in sorted(grouped.items(), key=lambda i: (self.name(i[0][0]), i[0][1], self.name(i[0][2]))):
            times = f", {n} statements" if n > 1 else ""
            lines.append(f"- {self.tie(s, r, o)} ({markdown_text('/'.join(sorted(statuses[(s, r, o)])))}{times})")
        return lines + [""]

    def _transition(self, before, after) -> list[str]:
        old = self.a.network("actors", before.name).network
        new = self.a.network("actors", after.name).network
        edges = lambda n: {(u, k, v) for u, v, k in n.edges(keys=True)}
        describe = lambda items: [self.tie(u, k, v) for u, k, v in
                                  sorted(items, key=lambda e: (self.name(e[0]), e[1], self.name(e[2])))]
        lines = [f"### From “{markdown_text(before.title)}” to “{markdown_text(after.title)}”", ""]
        entering = sorted(set(new) - set(old), key=self.name)
        leaving = sorted(set(old) - set(new), key=self.name)
        lines.append(f"- actors appearing: {self.labels(entering) or 'none'}")
        lines.append(f"- actors no longer present: {self.labels(leaving) or 'none'}")
        appearing, ending = describe(edges(new) - edges(old)), describe(edges(old) - edges(new))
        lines.append(f"- relations appearing ({len(appearing)}): " + ("; ".join(appearing) or "none"))
        lines.append(f"- relations no longer dated in the slice ({len(ending)}): " + ("; ".join(ending) or "none"))
        return lines + [""]

    def method_section(self) -> list[str]:
        from ..analysis.figures import FORCE_LAYOUT_MAX_NODES

        sampled = [f"{n.name}{'' if n.time_slice == ALL else ' ' + self._title(n.time_slice)} ({len(n.network)} nodes)"
                   for n in self.a.networks if n.betweenness_sampled]
        members = sum(len(camp) for camp in self.a.camps)
        actors = len(self.a.network("actors").network)
        return ["## How this was computed", "",
                "- The networks are read from the RDF graph by SPARQL and graph walks (statements, their subjects, "
                "relations, objects, status, evidence layer and dates; signs from `fg:sign` on each relation in the "
                f"ontology), keeping the statements the evidence rule `{self.a.evidence}` admits. Nothing is typed "
                "by hand.",
                "- Degree counts distinct neighbours. Betweenness (normalised), closeness and eigenvector centrality "
                "(power iteration) ignore direction and sign; PageRank (damping 0.85) follows the direction of the "
                "relations, weighted by the statements behind them. In the actor-event network actors and events are "
                "ranked separately.",
                f"- Betweenness is exact up to {BETWEENNESS_EXACT_MAX_NODES} nodes and estimated from "
                f"{BETWEENNESS_SAMPLES} seeded pivots above (networkx `k`, seed {SEED}; "
                "`python -m graph.bench.betweenness` times both on growing graphs); "
                + (f"sampled here: {_join(sampled)}." if sampled
                   else "every network here is small enough to be exact."),
                f"- Brokers: the pairs cut are counted exactly; the added steps are averaged over the distances from "
                f"every camp member up to {BETWEENNESS_EXACT_MAX_NODES} members, and from {BETWEENNESS_SAMPLES} "
                f"members drawn with seed {SEED} above "
                + (f"(sampled here: {members} members)." if self.a.brokers_sampled
                   else f"(exact here: {members} members)."),
                f"- The maps place up to {FORCE_LAYOUT_MAX_NODES} actors by ForceAtlas2 (seed {SEED}); above, a "
                "force-directed layout takes minutes, so the actors sit on a circle camp after camp "
                + (f"(here: {actors} actors on a circle)." if actors > FORCE_LAYOUT_MAX_NODES
                   else f"(here: {actors} actors, force-directed)."),
                f"- Louvain uses seed {SEED} and resolution 1; adjusted Rand and NMI (arithmetic mean) compare the "
                "two groupings on the actors that have both.",
                "- The measures are in the graph as `fg:Measurement` resources (`fgm:<rule>-<network>-<slice>-<method>-<id>`, "
                "with `fg:evidenceRule`, `fg:score` and `fg:rank`) and the camps as `fg:Camp`; `factiongraph rank "
                "--evidence RULE` prints them.",
                "- Files: `centrality.csv` (every node, network, slice and measure); `networks/` holds each network as "
                "GEXF (with dates for Gephi's timeline), GraphML, Cytoscape JSON (`.cyjs`) and CSV node and edge lists "
                "(with the statement ids behind each edge); `figures/` holds the maps.", ""]


def _date(text: str) -> date:
    return date.fromisoformat(text)


def format_share(share: float) -> str:
    return f"{share:.0%}"


def render_analysis_markdown(analysis: Analysis) -> bytes:
    """The whole report as markdown bytes."""
    writer = Writer(analysis)
    lines = ["# Network analysis", "",
             "Who is central, which camps exist and how the field changed, computed from the statements of the "
             "annotated texts. Every edge can be traced to its statements (`networks/*-edges.csv`), and every "
             "statement to its quote and footnote in the graph.", "",
             "![The actor network: colour = camp found, size = number of ties, line = sign of the tie]"
             "(figures/actor-camps.svg)", ""]
    lines += writer.summary()
    lines += writer.networks_section()
    lines += writer.centrality_section()
    lines += writer.camps_section()
    lines += writer.brokers_section()
    lines += writer.balance_section()
    lines += writer.weak_evidence_section()
    lines += ["![The actor network in each time slice](figures/actor-slices.svg)", ""]
    lines += writer.change_section()
    lines += writer.method_section()
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
