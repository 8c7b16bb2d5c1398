"""BENCHMARKS.md from the measurements: the machine, the command, every stage beside its floor."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

from .synthetic_corpus import SIZES

ORDER = ("article", *SIZES)
LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl", "pandas", "networkx", "pyvis")
GOAL_SIZE = "1m"
GOAL_PAGE_NODES = 5000
SMOOTH_REDRAW_MS = 100
SAMPLING = ("The network measures are exact up to 500 nodes; above, betweenness is estimated from 256 seeded pivots "
            "and the brokers' added steps from 256 seeded camp members, and the maps place actors on a circle by camp "
            "above 1,000 actors (each build's analysis.md says what it sampled). The full build's row includes "
            "everything the build writes: SHACL, the analysis, the queries page, the reports and the page of the "
            "2,000 most central nodes.")


def render_table(results: list[dict]) -> str:
    """The medians as a Markdown table."""
    lines = ["| nodes | edges | HTML | render (Python) | settled | interactive | click → panel | filter | redraw |",
             "|---|---|---|---|---|---|---|---|---|"]
    for page in results:
        m = page["median"]
        lines.append(f"| {page['nodes']:,} | {page['edges']:,} | {page['html_bytes'] / 2 ** 20:.1f} MiB | "
                     f"{page['render_seconds']:.2f} s | {m['settled_ms'] / 1000:.2f} s | {m['interactive_ms'] / 1000:.2f} s | "
                     f"{m['click_ms']:.0f} ms | {m.get('filter_ms', float('nan')):.0f} ms | {m['redraw_ms']:.0f} ms |")
    return "\n".join(lines) + "\n"


def machine_description() -> dict:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")) / 1024 ** 2
    except (OSError, StopIteration):
        memory = None
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1) if memory else None,
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "libraries": versions}


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def _stage_seconds(stage: dict) -> str:
    return f"stopped after {stage['stopped_after']:.0f} s" if stage.get("stopped_after") else _seconds(stage["seconds"])


def _peak(stage: dict) -> str:
    return f"{stage['peak_mib']:,.0f} MiB" if stage["peak_mib"] is not None else "—"


def _ratio(ours: float | None, floor: float | None) -> str:
    return f"{ours / floor:.1f}x" if ours is not None and floor else "—"


def _rate(value: float | None) -> str:
    return f"{value:,.0f}" if value else "—"


def _stage(measurement: dict, group: str, name: str) -> dict | None:
    return next((s for s in measurement["stages"] if s["group"] == group and s["name"] == name), None)


def _floor_seconds(measurement: dict, key: str | None, group: str = "pyoxigraph") -> float | None:
    """The floor's time for a key: a stage name, or 'load + serialise' (load and every format)."""
    if key is None:
        return None
    if key == "load + serialise":
        parts = [_stage(measurement, group, n) for n in ("load", "serialise ttl", "serialise nt", "serialise jsonld")]
        return sum(p["seconds"] for p in parts) if all(parts) else None
    stage = _stage(measurement, group, key)
    return stage["seconds"] if stage else None


def build_and_serialise(measurement: dict) -> float | None:
    """Our time from records to the three files, as the build does it: triples, sort, serialise."""
    names = ("build triples (graph.pipeline.corpus_lines)", "sort triples for output", "serialise ttl", "serialise nt",
             "serialise jsonld")
    stages = [_stage(measurement, "ours", n) for n in names]
    return sum(s["seconds"] for s in stages) if all(stages) else None


def stage_table(measurement: dict) -> list[str]:
    lines = ["| stage | ours (median) | runs | peak memory | triples/s | pyoxigraph floor | ours / floor "
             "| rdflib in-memory | rdflib / floor |", "|---|---|---|---|---|---|---|---|---|"]
    for stage in measurement["stages"]:
        if stage["group"] != "ours":
            continue
        floor = _floor_seconds(measurement, stage["floor"])
        rdflib = _floor_seconds(measurement, stage["floor"], "rdflib")
        lines.append(f"| {stage['name']} | {_stage_seconds(stage)} | {stage['runs']} "
                     f"| {_peak(stage)} | {_rate(stage['triples_per_second'])} | {_seconds(floor)} "
                     f"| {_ratio(stage['seconds'], floor)} | {_seconds(rdflib)} | {_ratio(rdflib, floor)} |")
    floor = _floor_seconds(measurement, "load + serialise")
    rdflib = _floor_seconds(measurement, "load + serialise", "rdflib")
    ours = build_and_serialise(measurement)
    lines.append(f"| **build triples + sort + serialise (3 formats)** | {_seconds(ours)} | | | "
                 f"| {_seconds(floor)} | **{_ratio(ours, floor)}** | {_seconds(rdflib)} | {_ratio(rdflib, floor)} |")
    return lines


def goals(results: dict) -> list[str]:
    """The issue's goals, each with the figure measured for it."""
    sizes = results["sizes"]
    rows = ["| goal | measured | met |", "|---|---|---|"]

    def row(goal: str, value: float | None, limit: float, shown: str | None = None) -> None:
        if isinstance(value, dict):
            stopped = value.get("stopped_after")
            shown, value = (f"stopped after {stopped:.0f} s", stopped) if stopped else (None, value["seconds"])
        if value is None:
            rows.append(f"| {goal} | not measured in this run | — |")
        else:
            rows.append(f"| {goal} | {shown or _seconds(value)} | {'yes' if value < limit else '**no**'} |")

    article = sizes.get("article", {}).get("measurement")
    row("article: full build beyond the libraries' import time < 3 s",
        _stage(article, "ours", "full build (run_build, end to end)")["seconds"] if article else None, 3,
        None if not article else f"{_seconds(_stage(article, 'ours', 'full build (run_build, end to end)')['seconds'])}"
        f" (imports {_seconds(article['imports_seconds'])})")
    big = sizes.get(GOAL_SIZE, {}).get("measurement")

    def stage(name: str) -> dict | None:
        return _stage(big, "ours", name) if big else None

    full = stage("full build (run_build, end to end)")
    finished = full if full and full["seconds"] else None
    row("1M: full build < 60 s", full, 60)
    row("1M: full build peak memory < 4 GB", finished and finished["peak_mib"] / 1024, 4 * 1000 ** 3 / 1024 ** 3,
        finished and f"{finished['peak_mib']:,.0f} MiB")
    edit = stage("build after a one-row edit (run_build, build cache)")
    if edit and edit["seconds"]:
        row("1M: build after a one-row edit in one document < 5 s", edit["seconds"], 5,
            f"{_seconds(edit['seconds'])} ({big['counts']['pieces reused after an edit']} pieces from the build cache)")
    else:
        row("1M: build after a one-row edit in one document < 5 s", edit, 5)
    if big:
        ratio = build_and_serialise(big) / _floor_seconds(big, "load + serialise")
        row("1M: build + serialise within 3x of pyoxigraph load + serialise", ratio, 3, f"{ratio:.1f}x")
        if finished:
            full_ratio = finished["seconds"] / _floor_seconds(big, "load + serialise")
            row("1M: full build within 3x of pyoxigraph load + serialise", full_ratio, 3, f"{full_ratio:.1f}x")
    else:
        row("1M: build + serialise within 3x of pyoxigraph load + serialise", None, 3)
    for name, limit in (("query: evidence for one actor", 0.05), ("query: events per month (aggregate)", 2),
                        ("query: two-hop path from one actor", 2)):
        row(f"1M: {name.removeprefix('query: ')} < {_seconds(limit)}", stage(name), limit)
    for name in ("SHACL (Oxigraph, graph.build.validate.validate_store)", "for comparison: SHACL with pyshacl on that graph",
                 "network measures (networkx)"):
        row(f"1M: {name.removeprefix('for comparison: ')} < 60 s", stage(name), 60)
    rows += scale_goals(results.get("scale", []))
    page = next((p for p in results.get("browser", {}).get("pages", ()) if p["nodes"] == GOAL_PAGE_NODES), None)
    row(f"HTML: a page of {GOAL_PAGE_NODES:,} nodes settles in headless Chromium < 10 s",
        page and page["median"]["settled_ms"] / 1000, 10)
    return rows


def browser_section(browser: dict) -> list[str]:
    """The pages in Chromium: how long each size takes to settle and to answer, and where use stops."""
    from ..views.selection import PAGE_MAX_NODES

    pages = browser["pages"]
    smooth = [p["nodes"] for p in pages if p["median"]["redraw_ms"] <= SMOOTH_REDRAW_MS]
    slow = [p for p in pages if p["median"]["redraw_ms"] > SMOOTH_REDRAW_MS]
    lines = ["", "## HTML in the browser", "",
             f"Pages of the N most central nodes of the largest corpus, written as `factiongraph render --max-nodes N` "
             f"writes them and opened from disk, offline, in headless Chromium {browser['chromium']} (software "
             f"canvas, {browser['viewport']['width']}x{browser['viewport']['height']}); medians of {browser['loads']} "
             "loads, each in a fresh browser context.", "", render_table(pages).rstrip("\n"), "",
             "settled: navigation start to vis-network's `stabilizationIterationsDone` (physics then off); "
             "interactive: settled plus the first click; click → panel: a click on the most central node until the "
             "evidence panel shows it; filter: unticking \"stated\" until the redrawn frame; redraw: one full canvas "
             "redraw, the cost of every pan and zoom step; render (Python): reading that view's evidence and writing "
             "the page.", ""]
    usable = f"up to {max(smooth):,} nodes each pan or zoom step redraws in under {SMOOTH_REDRAW_MS} ms" if smooth \
        else f"no page measured redraws in under {SMOOTH_REDRAW_MS} ms"
    beyond = "; ".join(f"at {p['nodes']:,} nodes it settles in {p['median']['settled_ms'] / 1000:.1f} s and each "
                       f"redraw takes {p['median']['redraw_ms'] / 1000:.1f} s" for p in slow)
    lines.append(f"Where it stops being usable: {usable}{'; ' + beyond if beyond else ''}. The page the build writes "
                 f"therefore draws at most the {PAGE_MAX_NODES:,} most central nodes and says which it left out and "
                 "how to draw them (`factiongraph render --focus NAME --depth 2`, `--max-nodes N`).")
    return lines


def _our_peak(measurement: dict) -> float:
    """The highest peak of our own stages (the rdflib floor, parsing 1M triples, goes higher)."""
    return max(s["peak_mib"] or 0 for s in measurement["stages"] if s["group"] == "ours")


def _measured(run: dict | None) -> str:
    if run is None:
        return "—"
    if not run["finished"]:
        return f"stopped after {run['stopped_after']:.0f} s" if run["stopped_after"] else f"failed: {run['error']}"
    return _seconds(run["seconds"])


def _peak_of(run: dict | None) -> str:
    return f"{run['peak_mib']:,.0f} MiB" if run else "—"


def _finished(row: dict, run: str) -> dict | None:
    return row[run] if row.get(run) and row[run]["finished"] else None


def scale_goals(rows: list[dict]) -> list[str]:
    """The issue's goals at scale, from the whole builds of graph.bench.scale (each a fresh process)."""
    built = [row for row in rows if _finished(row, "build") and _finished(row, "floor")]
    if not built:
        return []
    smallest, largest = min(built, key=lambda r: r["triples"]), max(built, key=lambda r: r["triples"])
    lines = []

    def line(goal: str, value: float, limit: float, shown: str) -> None:
        lines.append(f"| {goal} | {shown} | {'yes' if value < limit else '**no**'} |")

    size = f"{largest['triples']:,} triples"
    line(f"{size}: whole build < 300 s", largest["build"]["seconds"], 300, _seconds(largest["build"]["seconds"]))
    line(f"{size}: whole build peak memory < 8 GB", largest["build"]["peak_mib"], 8 * 1000 ** 3 / 1024 ** 2,
         f"{largest['build']['peak_mib']:,.0f} MiB")
    if largest is not smallest:
        per = [row["build"]["seconds"] / row["triples"] for row in (largest, smallest)]
        line(f"{size}: time per triple within 1.3x of that at {smallest['triples']:,}", per[0] / per[1], 1.3,
             f"{per[0] / per[1]:.2f}x")
    ratio = smallest["build"]["seconds"] / smallest["floor"]["seconds"]
    line(f"{smallest['triples']:,} triples: whole build within 2x of the floor (fresh processes)", ratio, 2,
         f"{ratio:.1f}x")
    return lines


def scale_section(rows: list[dict]) -> list[str]:
    """The whole builds of large corpora: clean, after a one-row edit, and the floor, each a fresh process."""
    lines = ["", "## How far one build goes", "",
             "Whole builds of generated corpora (`python -m graph.bench.generate DIR --triples N`), each command in a "
             "fresh process: wall time and peak memory (maximum resident set) of the whole process, imports included. "
             "Clean: `run_build(..., clean=True)`; edit: one comment changed in the first document, then `run_build` "
             "with the build cache the clean build filled; floor: pyoxigraph alone bulk-loading the graph.nq the "
             "build wrote and writing the same five files (Turtle, N-Triples, JSON-LD, TriG, N-Quads).", "",
             "| generator `--triples` | documents | triples | clean build | s per M triples | peak memory | one-row edit, "
             "then build | its peak | pieces from the cache | floor | floor peak | clean / floor |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        build, edit, floor = _finished(row, "build"), _finished(row, "edit"), _finished(row, "floor")
        triples = row.get("triples")
        cells = [f"{row['target']:,}", str(row["documents"]), f"{triples:,}" if triples else "—",
                 _measured(row["build"]), f"{build['seconds'] / triples * 1e6:.0f}" if build else "—",
                 _peak_of(build), _measured(row.get("edit")), _peak_of(edit), row.get("pieces reused", "—"),
                 _measured(row.get("floor")), _peak_of(floor),
                 f"{build['seconds'] / floor['seconds']:.1f}x" if build and floor else "—"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(results: dict) -> str:
    """The report; sizes in the order article, 10k, 100k, 1m whatever order the measurements are in."""
    results = dict(results, sizes={size: results["sizes"][size] for size in ORDER if size in results["sizes"]})
    machine = results["machine"]
    libraries = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items())
    lines = ["# Benchmarks", "",
             f"Measured on {results['date']} with `{results['command']}` (seed {results['seed']}).", "",
             f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
             f"{machine['system']}, Python {machine['python']}; {libraries}.", "",
             "Absolute times drift between runs on these shared machines; the ratios to the floor, measured in the "
             "same process on the same triples, are what to compare between runs. The floor is pyoxigraph alone "
             "(bulk load of our N-Triples file, `Store.dump` per format, the same SPARQL); rdflib in-memory is "
             "the same triples parsed into a plain `rdflib.Graph`, serialised and queried by rdflib.", "",
             "## Goals", ""] + goals(results) + ["", SAMPLING, "", "## Corpora", "",
             "| corpus | documents | entities | statements | figures | quotes anchored | mentions | characters "
             "| triples | peak memory of our stages |", "|---|---|---|---|---|---|---|---|---|---|"]
    for size, result in results["sizes"].items():
        counts, manifest = result["measurement"]["counts"], result["manifest"]
        characters = f"{manifest['characters']:,}" if manifest else "—"
        lines.append(f"| {size} | {counts['documents']} | {counts['entities']:,} | {counts['statements']:,} "
                     f"| {counts['figures']:,} | {counts['quotes anchored']:,} | {counts['mentions']:,} | {characters} "
                     f"| {counts['triples']:,} | {_our_peak(result['measurement']):,.0f} MiB |")
    for size, result in results["sizes"].items():
        measurement = result["measurement"]
        lines += ["", f"## {size}: {measurement['counts']['triples']:,} triples", "",
                  f"Imports ({measurement.get('imported', 'rdflib, pyoxigraph, pandas, pyshacl')}) took "
                  f"{_seconds(measurement['imports_seconds'])} in the measuring process; the full build is timed "
                  "after them.", ""]
        lines += stage_table(measurement)
        for name, error in measurement["counts"].get("failed stages", {}).items():
            lines += ["", f"Stage that failed: {name}: `{error}`"]
        answers = measurement["counts"]["answer rows (pyoxigraph, rdflib)"]
        lines += ["", "Answer rows (ours = pyoxigraph, rdflib): " + "; ".join(
            f"{name} {pair[0]} / {pair[1]}" for name, pair in answers.items()) + "."]
    if results.get("scale"):
        lines += scale_section(results["scale"])
    anchoring = results.get("anchoring")
    if anchoring:
        lines += ["", "## Anchoring against document length", "",
                  "One document of growing length, read and anchored by `load_corpus`; `anchor_quote` searches the "
                  "whole text for each quote, `paragraph_at`/`footnote_at` scan the paragraphs and notes.", "",
                  "| rows | characters | quotes | anchoring | per quote | of which paragraph_at + footnote_at |",
                  "|---|---|---|---|---|---|"]
        for row in anchoring:
            scans = row["paragraph_at_seconds"] + row["footnote_at_seconds"]
            lines.append(f"| {row['rows']:,} | {row['characters']:,} | {row['quotes']:,} "
                         f"| {_seconds(row['anchoring_seconds'])} "
                         f"| {row['anchoring_seconds'] / row['quotes'] * 1e6:,.0f} µs | {_seconds(scans)} |")
    if results.get("browser"):
        lines += browser_section(results["browser"])
    lines += ["", "## Rerun", "", "```bash", results["command"], "```", ""]
    return "\n".join(lines)
