"""What depends on weak evidence: the actor network read again under every evidence rule (analysis.md)."""

from __future__ import annotations

from ..analysis.analyze import Reading
from ..analysis.networks import EVIDENCE_RULES, WEAK_LAYERS, Tie
from ..analysis.weak_evidence import RANK_SHIFT, TOP_RANKS, RuleChanges, compare_readings
from ..escape import markdown_text
from .analysis_ranks import METHOD_TITLES
from .analysis_writer import Writer, format_share

RULE_TEXT = {
    "facts": "the facts layer: what the author states, argues or estimates in their own voice",
    "facts+reported": "the facts and what the text reports from others (the press, a ministry, commentators)",
    "all": "every statement: also predictions, speculation, estimates by others and rumours",
}


def write_weak_evidence(writer: Writer) -> list[str]:
    readings = writer.a.readings
    base = writer.a.reading(writer.a.evidence)
    lines = ["## What depends on weak evidence", "",
             f"Everything above reads the statements the rule `{writer.a.evidence}` admits. Here the actor network "
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
        cells = [writer.label(f) if f else "-" for f in firsts]
        lines.append(f"| {METHOD_TITLES[method]} | " + " | ".join(cells) + f" | {'yes' if len(set(firsts)) == 1 else 'no'} |")
    lines.append("")
    for reading in readings:
        if reading.evidence != base.evidence:
            lines += _rule_changes(writer, compare_readings(base, reading), reading)
    return lines


def _statement(tie: Tie) -> str:
    where = f", section “{markdown_text(tie.section)}”" if tie.section else ""
    return f"fgst:{tie.statement} ({tie.status}{where})"


def _rule_changes(writer: Writer, changes: RuleChanges, reading: Reading) -> list[str]:
    lines = [f"### Under `{changes.evidence}`, compared with `{changes.base}`", ""]
    by_method: dict[str, list[str]] = {}
    for shift in changes.rank_shifts:
        before = str(shift.base_rank) if shift.base_rank else "not in the network"
        after = str(shift.rank) if shift.rank else "not in the network"
        by_method.setdefault(shift.method, []).append(f"{writer.label(shift.actor)} {before} → {after}")
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
    lines += [f"  - {writer.tie(*key)}: " + "; ".join(_statement(t) for t in ties)
              for key, ties in sorted(weak_only.items(), key=lambda i: (writer.label(i[0][0]), i[0][1], writer.label(i[0][2])))]
    base = writer.a.reading(changes.base)
    lines.append(f"- **Camp memberships that change** ({len(changes.camp_shifts)}):" + ("" if changes.camp_shifts else " none."))
    for shift in changes.camp_shifts:
        camp = markdown_text(reading.camp_names[shift.camp])
        if shift.base_camp is None:
            lines.append(f"  - {writer.label(shift.actor)} is in {camp} only on this evidence "
                         f"(in no camp under `{changes.base}`)")
        else:
            company = (f", with most of {markdown_text(base.camp_names[shift.matched])}" if shift.matched is not None else "")
            lines.append(f"  - {writer.label(shift.actor)}: {markdown_text(base.camp_names[shift.base_camp])} under `{changes.base}`, "
                         f"{camp} here{company}")
    verdict = lambda triad: "balanced" if triad in reading.balance.balanced else "unbalanced"
    lines.append(f"- **Triads closed only on this evidence** ({len(changes.new_triads)}): "
                 + ("; ".join(f"{writer.labels(t)} ({verdict(t)})" for t in changes.new_triads) or "none") + ".")
    lines.append(f"- **Triads of `{changes.base}` this evidence unsettles** (a pair tied both ways, so the triad "
                 f"has no clear balance; {len(changes.lost_triads)}): "
                 + ("; ".join(writer.labels(t) for t in changes.lost_triads) or "none") + ".")
    return lines + [""]
