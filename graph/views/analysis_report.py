"""The analysis as a page a political scientist reads: analysis.md, its sections in order.

Every sentence is computed from the networks: who ranks where and why (their ties, the relations
that reach them, the camps they link), the camps found against the factions the text declares,
structural balance, brokers, and what changed between the time slices.
"""

from __future__ import annotations

from ..analysis.analyze import Analysis
from ..analysis.centrality import BETWEENNESS_EXACT_MAX_NODES, BETWEENNESS_SAMPLES
from ..analysis.networks import ALL
from ..analysis.numbers import SEED
from ..escape import markdown_text
from .analysis_camps import write_balance, write_brokers, write_camps
from .analysis_change import write_change
from .analysis_evidence import RULE_TEXT, write_weak_evidence
from .analysis_ranks import write_centrality, write_networks
from .analysis_writer import Writer, format_count, format_list, format_share


def write_summary(writer: Writer) -> list[str]:
    actors = writer.a.network("actors")
    comparison = writer.a.comparison
    balance = writer.a.balance[ALL]
    lines = ["## At a glance", "",
             f"- **Evidence**: read under the rule `{writer.a.evidence}`, {RULE_TEXT[writer.a.evidence]}; "
             "[What depends on weak evidence](#what-depends-on-weak-evidence) reads the actors again under the "
             "other rules."]
    if len(actors.network):
        top = {m: actors.ranking(m)[0].entity for m in ("degree", "betweenness")}
        between = ("and" if top["betweenness"] == top["degree"] else f"; {writer.label(top['betweenness'])}")
        lines.append(f"- **Most central**: {writer.label(top['degree'])} has ties to the most actors {between} lies "
                     f"on the most shortest paths between others.")
    else:
        lines.append("- **Most central**: no one; no statement relates two actors, so the actor network is empty.")
    if writer.a.camps:
        agreement = ""
        if comparison.adjusted_rand is not None:
            agreement = (f" Agreement with the factions the text declares: adjusted Rand "
                         f"{comparison.adjusted_rand:.2f}, NMI {comparison.normalized_mutual_information:.2f}.")
        lines.append(f"- **Camps**: {format_count(len(writer.a.camps), 'camp')} found among the actors tied by "
                     f"positive relations (modularity {comparison.camp_modularity:.2f}).{agreement}")
    if balance.share is not None:
        triads = format_count(len(balance.balanced) + len(balance.unbalanced), "closed triad")
        lines.append(f"- **Balance**: {format_share(balance.share)} of the {triads} of signed ties are "
                     f"balanced (the friend of a friend is a friend, the enemy of an enemy a friend).")
    if writer.a.brokers:
        broker = writer.a.brokers[0]
        lines.append(f"- **Broker**: without {writer.label(broker.actor)}, "
                     f"{format_count(broker.disconnected_pairs, 'pair')} of actors in different camps could no longer "
                     f"reach each other.")
    if writer.a.slices:
        counts = [writer.a.network("actors", s.name) for s in writer.a.slices]
        lines.append("- **Over time**: " + "; ".join(
            f"{markdown_text(s.title)}: {format_count(n.network.number_of_edges(), 'relation')}"
            + (f", most tied {writer.label(n.ranking('degree')[0].entity)}" if len(n.network) else "")
            for s, n in zip(writer.a.slices, counts)) + f"; {format_count(len(writer.a.undated), 'statement')} undated.")
    return lines + [""]


def write_method(writer: Writer) -> list[str]:
    from ..analysis.figures import FORCE_LAYOUT_MAX_NODES

    sampled = [f"{n.name}{'' if n.time_slice == ALL else ' ' + writer.title(n.time_slice)} ({len(n.network)} nodes)"
               for n in writer.a.networks if n.betweenness_sampled]
    members = sum(len(camp) for camp in writer.a.camps)
    actors = len(writer.a.network("actors").network)
    return ["## How this was computed", "",
            "- The networks are read from the RDF graph by SPARQL and graph walks (statements, their subjects, "
            "relations, objects, status, evidence layer and dates; signs from `fg:sign` on each relation in the "
            f"ontology), keeping the statements the evidence rule `{writer.a.evidence}` admits. Nothing is typed "
            "by hand.",
            "- Degree counts distinct neighbours. Betweenness (normalised), closeness and eigenvector centrality "
            "(power iteration) ignore direction and sign; PageRank (damping 0.85) follows the direction of the "
            "relations, weighted by the statements behind them. In the actor-event network actors and events are "
            "ranked separately.",
            f"- Betweenness is exact up to {BETWEENNESS_EXACT_MAX_NODES} nodes and estimated from "
            f"{BETWEENNESS_SAMPLES} seeded pivots above (networkx `k`, seed {SEED}; "
            "`python -m graph.bench.betweenness` times both on growing graphs); "
            + (f"sampled here: {format_list(sampled)}." if sampled
               else "every network here is small enough to be exact."),
            f"- Brokers: the pairs cut are counted exactly; the added steps are averaged over the distances from "
            f"every camp member up to {BETWEENNESS_EXACT_MAX_NODES} members, and from {BETWEENNESS_SAMPLES} "
            f"members drawn with seed {SEED} above "
            + (f"(sampled here: {members} members)." if writer.a.brokers_sampled
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


def render_analysis_markdown(analysis: Analysis) -> bytes:
    """The whole report as markdown bytes."""
    writer = Writer(analysis)
    lines = ["# Network analysis", "",
             "Who is central, which camps exist and how the field changed, computed from the statements of the "
             "annotated texts. Every edge can be traced to its statements (`networks/*-edges.csv`), and every "
             "statement to its quote and footnote in the graph.", "",
             "![The actor network: colour = camp found, size = number of ties, line = sign of the tie]"
             "(figures/actor-camps.svg)", ""]
    lines += write_summary(writer)
    lines += write_networks(writer)
    lines += write_centrality(writer)
    lines += write_camps(writer)
    lines += write_brokers(writer)
    lines += write_balance(writer)
    lines += write_weak_evidence(writer)
    lines += ["![The actor network in each time slice](figures/actor-slices.svg)", ""]
    lines += write_change(writer)
    lines += write_method(writer)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
