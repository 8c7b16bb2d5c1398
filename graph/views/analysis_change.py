"""How the field changed: the actor network of each time slice, what enters and leaves between them,
and the undated statements (analysis.md)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..analysis.networks import actor_ties
from ..escape import markdown_text
from .analysis_writer import Writer, format_count


def write_change(writer: Writer) -> list[str]:
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
    for time_slice in writer.a.slices:
        measured = writer.a.network("actors", time_slice.name)
        network = measured.network
        ties = actor_ties(list(writer.a.ties), writer.a.nodes, time_slice)
        spanning = sum(1 for *_, d in network.edges(data=True)
                       if not time_slice.contains(*map(_date, (d["earliest"], d["latest"]))))
        top = {m: [r.entity for r in measured.ranking(m)[:3]] if len(network) else []
               for m in ("degree", "betweenness")}
        lines.append(f"| {markdown_text(time_slice.title)} | {len(ties)} | {network.number_of_edges()} "
                     f"({spanning}) | {len(network)} | {writer.labels(top['degree'])} | "
                     f"{writer.labels(top['betweenness'])} |")
        if previous is not None:
            details += _transition(writer, previous, time_slice)
        previous = time_slice
    lines += [""] + details
    undated = writer.a.undated
    lines += [f"### Undated: {format_count(len(undated), 'statement')}", "",
              "These relate two actors but carry no date, so they are in no time slice:", ""]
    grouped = Counter((t.subject, t.relation, t.object) for t in undated)
    statuses: dict[tuple, set[str]] = {}
    for t in undated:
        statuses.setdefault((t.subject, t.relation, t.object), set()).add(t.status)
    for (s, r, o), n in sorted(grouped.items(), key=lambda i: (writer.name(i[0][0]), i[0][1], writer.name(i[0][2]))):
        times = f", {n} statements" if n > 1 else ""
        lines.append(f"- {writer.tie(s, r, o)} ({markdown_text('/'.join(sorted(statuses[(s, r, o)])))}{times})")
    return lines + [""]


def _transition(writer: Writer, before, after) -> list[str]:
    old = writer.a.network("actors", before.name).network
    new = writer.a.network("actors", after.name).network
    edges = lambda n: {(u, k, v) for u, v, k in n.edges(keys=True)}
    describe = lambda items: [writer.tie(u, k, v) for u, k, v in
                              sorted(items, key=lambda e: (writer.name(e[0]), e[1], writer.name(e[2])))]
    lines = [f"### From “{markdown_text(before.title)}” to “{markdown_text(after.title)}”", ""]
    entering = sorted(set(new) - set(old), key=writer.name)
    leaving = sorted(set(old) - set(new), key=writer.name)
    lines.append(f"- actors appearing: {writer.labels(entering) or 'none'}")
    lines.append(f"- actors no longer present: {writer.labels(leaving) or 'none'}")
    appearing, ending = describe(edges(new) - edges(old)), describe(edges(old) - edges(new))
    lines.append(f"- relations appearing ({len(appearing)}): " + ("; ".join(appearing) or "none"))
    lines.append(f"- relations no longer dated in the slice ({len(ending)}): " + ("; ".join(ending) or "none"))
    return lines + [""]


def _date(text: str) -> date:
    return date.fromisoformat(text)
