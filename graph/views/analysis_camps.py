"""The camps found against the factions declared, the brokers between them, and structural balance (analysis.md)."""

from __future__ import annotations

from collections import Counter

from ..analysis.balance import allies_and_opponents
from ..analysis.brokers import BROKER_CANDIDATES
from ..analysis.networks import ALL
from ..analysis.numbers import SEED
from .analysis_writer import TOP, Writer, format_count, format_list, format_share


def write_camps(writer: Writer) -> list[str]:
    c = writer.a.comparison
    lines = ["## Camps found and factions declared", "",
             "Camps are Louvain communities (networkx, seed " f"{SEED}) of the actors tied by positive relations "
             "(support, alliance, membership, leadership, office), weighted by the statements behind them. "
             "Opposition is left out, because an opposition tie joins two actors in the same community while "
             "setting them apart politically; the `inFaction` statements are left out too, so the camps are "
             "found without being told the factions. A camp groups actors that the text ties by support, "
             "not necessarily allies of each other.", "",
             "| camp | actors | declared faction of its members |", "|---|---|---|"]
    for index, camp in enumerate(writer.a.camps):
        declared = Counter(f for a in camp for f in writer.a.factions.get(a, ()))
        lines.append(f"| {writer.camp(index)} | {writer.labels(sorted(camp, key=writer.name))} | "
                     + (", ".join(f"{writer.label(f)} ({n})" for f, n in sorted(declared.items())) or "none")
                     + " |")
    lines += ["", f"- **Modularity** on the positive network: camps found {c.camp_modularity:.2f}; declared "
              f"factions {c.faction_modularity:.2f} (an actor without a declared faction counted as a group of "
              "its own). Above 0.3 is usually read as clear community structure; near 0 as none."]
    if c.adjusted_rand is not None:
        lines.append(f"- **Agreement** on the {format_count(len(c.compared), 'actor')} that have both a declared faction "
                     f"and a camp ({writer.labels(c.compared)}): adjusted Rand index {c.adjusted_rand:.2f}, "
                     f"normalised mutual information {c.normalized_mutual_information:.2f} (1 = the same "
                     "grouping, 0 = no better than chance).")
    lines += ["", "| declared faction | members, with the camp each was found in |", "|---|---|"]
    for faction in sorted({f for fs in writer.a.factions.values() for f in fs}, key=writer.name):
        members = sorted((a for a, fs in writer.a.factions.items() if faction in fs), key=writer.name)
        placed = [f"{writer.label(a)} ({'camp ' + str(writer.camp_of[a] + 1) if a in writer.camp_of else 'no camp'})"
                  for a in members]
        lines.append(f"| {writer.label(faction)} | {', '.join(placed)} |")
    lines += ["", "**Placed differently by the two groupings**", ""]
    if not c.placed_differently:
        lines.append("- none")
    for actor, faction, index in c.placed_differently:
        main = c.faction_camps.get(faction)
        lines.append(f"- {writer.label(actor)}: declared in {writer.label(faction)}, found in {writer.camp(index)}"
                     + (f", while most of {writer.label(faction)} is in {writer.camp(main)}" if main != index else "")
                     + (f"; that camp's members are mostly declared {writer.label(c.camp_factions[index])}"
                        if c.camp_factions[index] not in (None, faction) else "") + ".")
    if c.outside:
        lines.append("- Not compared, since they have no positive tie besides `inFaction`: "
                     f"{writer.labels(c.outside)}.")
    return lines + [""]


def write_brokers(writer: Writer) -> list[str]:
    lines = ["## Brokers", "",
             "Each actor on some shortest path (betweenness above zero; at most "
             f"{BROKER_CANDIDATES} of them) is removed in turn from the actor network, ignoring direction and "
             "sign. "
             "*Pairs cut*: pairs of actors in different camps that could reach each other and no longer can. "
             "*Added steps*: how much longer, on average, the paths between the other cross-camp pairs become.", ""]
    if not writer.a.brokers:
        return lines + ["No actor's removal changes the paths between camps.", ""]
    lines += ["| actor | pairs cut | added steps | camps it touches |", "|---|---:|---:|---|"]
    for broker in writer.a.brokers[:TOP]:
        camps = format_list([writer.camp(i) for i in broker.camps_linked])
        lines.append(f"| {writer.label(broker.actor)} | {broker.disconnected_pairs} | "
                     f"{broker.added_steps:.2f} | {camps} |")
    return lines + [""]


def write_balance(writer: Writer) -> list[str]:
    lines = ["## Structural balance", "",
             "The signed network: two actors are a positive pair when every signed relation between them is "
             "positive, a negative pair when every one is negative, and *both ways* when the text gives both "
             "(left out of the triads). A triad of three actors tied pairwise is balanced when the product of its "
             "signs is positive.", "",
             "| time slice | positive pairs | negative pairs | both ways | triads | balanced | share balanced |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, balance in writer.a.balance.items():
        triads = len(balance.balanced) + len(balance.unbalanced)
        lines.append(f"| {writer.title(name)} | {balance.positive_pairs} | {balance.negative_pairs} | "
                     f"{len(balance.ambivalent_pairs)} | {triads} | {len(balance.balanced)} | "
                     f"{format_share(balance.share) if balance.share is not None else '-'} |")
    whole = writer.a.balance[ALL]
    lines += ["", "**Unbalanced triads (whole period)**: "
              + ("; ".join(writer.labels(t) for t in whole.unbalanced) if whole.unbalanced else "none") + ".", ""]
    if whole.ambivalent_pairs:
        lines += ["**Pairs tied both ways**:", ""]
        network = writer.a.network("actors").network
        for a, b in whole.ambivalent_pairs:
            relations = [writer.tie(u, k, v) for u, v in ((a, b), (b, a)) for k in sorted(network[u].get(v, {}))]
            lines.append(f"- {'; '.join(relations)}")
        lines.append("")
    lines += ["### Allies and opponents", "",
              "Every actor with a signed tie, whatever its direction (whole period).", "",
              "| actor | allies (positive) | opponents (negative) | both ways |", "|---|---|---|---|"]
    found = allies_and_opponents(writer.a.pairs[ALL])
    for actor in sorted(found, key=lambda a: (-sum(map(len, found[a].values())), writer.name(a))):
        entry = found[actor]
        cells = [writer.labels(sorted(entry[k], key=writer.name)) or "-"
                 for k in ("allies", "opponents", "ambivalent")]
        lines.append(f"| {writer.label(actor)} | " + " | ".join(cells) + " |")
    return lines + [""]
