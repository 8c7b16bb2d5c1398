"""The benchmark end to end: generate the corpora, measure each in its own process, write the report.

The real article (``corpus/``) is measured first, then each synthetic size. A fresh process per
corpus keeps peak memory and import times honest; the parent only generates and collects.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from ..errors import FactionGraphError, Problem
from ..build.output import write_file

from .synthetic_corpus import SIZES, generate_corpus, generate_long_document
from .report import machine_description, render_markdown
from .scale import measure_scale

RUNS = {"article": 5, "10k": 5, "100k": 3, "1m": 1}
BROWSER_LOADS = 3
ANCHORING_ROWS = (250, 1000, 4000)
LIMIT = 300
# The committed report is a full run's; a quick run writes beside it, never over it, unless --out says so.
FULL_REPORT, QUICK_REPORT = "BENCHMARKS.md", "BENCHMARKS-quick.md"
REPORT_START = "# Benchmarks\n\nMeasured on "


def parse_sizes(text: str) -> tuple[str, ...]:
    """'10k,100k' -> ('10k', '100k'); an unknown size is an error that lists the known ones."""
    from ..errors import FactionGraphError, Problem

    sizes = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [size for size in sizes if size not in SIZES]
    if unknown or not sizes:
        raise FactionGraphError(Problem("--sizes", f"unknown size {', '.join(unknown) or text!r}",
                                        f"use a comma-separated list of: {', '.join(SIZES)}"))
    return sizes


def parse_scale(text: str) -> tuple[int, ...]:
    """--scale: comma-separated generator targets, whole numbers of triples or the size names (1m)."""
    targets = []
    for part in (part.strip().lower() for part in text.split(",") if part.strip()):
        if part in SIZES:
            targets.append(SIZES[part])
        elif part.isdigit() and int(part) > 0:
            targets.append(int(part))
        else:
            raise FactionGraphError(Problem("--scale", f"{part!r} is not a number of triples",
                                            f"use whole numbers or {', '.join(SIZES)}, comma-separated: 1m,6250000"))
    return tuple(targets)


def check_report_target(out: Path) -> None:
    """Refuse a report name that would replace a file bench did not write (checked before measuring)."""
    from ..errors import FactionGraphError, Problem

    if out.suffix != ".md":
        raise FactionGraphError(Problem(out, "the report is Markdown, and this name does not end in .md",
                                        "pass --out with a name ending in .md (the .json goes beside it)"))
    problems = [Problem(path, "the file exists and is not a report `factiongraph bench` wrote",
                        "pass --out with a new name, or move the file away")
                for path in (out, out.with_suffix(".json")) if os.path.lexists(path) and not is_report(path)]
    if problems:
        raise FactionGraphError(problems)


def is_report(path: Path) -> bool:
    """True if path is a regular file that bench wrote: the Markdown report or its measurements."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            return text.startswith(REPORT_START)
        measurements = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(measurements, dict) and {"command", "date", "machine", "sizes"} <= measurements.keys()


def run_child(command: list[str], corpus: Path, doing: str, **options) -> None:
    """Run one measuring child in the project folder; its failure is the project's error, not a traceback."""
    finished = subprocess.run(command, cwd=Path(__file__).resolve().parent.parent, **options)
    if finished.returncode:
        raise FactionGraphError(Problem(corpus, f"the benchmark stopped while {doing}: "
                                              f"`{' '.join(command[1:])}` exited with {finished.returncode}",
                                        "read its output above; rerun that command alone to see the whole error"))


def measure_in_process(corpus: Path, runs: int, json_path: Path, probe_actor: str | None = None,
                       rdflib_runs: int | None = None, limit: float | None = None) -> dict:
    """Run graph.bench.measure on one corpus in a fresh Python process and read its measurements."""
    command = [sys.executable, "-m", "graph.bench.measure", str(corpus), "--json", str(json_path), "--runs", str(runs)]
    if limit:
        command += ["--limit", str(limit)]
    if probe_actor:
        command += ["--probe-actor", probe_actor]
    if rdflib_runs:
        command += ["--rdflib-runs", str(rdflib_runs)]
    run_child(command, corpus, "measuring it")
    return json.loads(json_path.read_text(encoding="utf-8"))


def measure_pages(page_sizes: tuple[int, ...], loads: int, corpus: Path, seed: int, json_path: Path) -> dict:
    """graph.bench.browser on corpus, in a fresh Python process (its own memory and browser)."""
    command = [sys.executable, "-m", "graph.bench.browser", "--sizes", ",".join(map(str, page_sizes)),
               "--loads", str(loads), "--corpus", str(corpus), "--seed", str(seed), "--json", str(json_path)]
    run_child(command, corpus, "opening its pages in Chromium", stdout=subprocess.DEVNULL)
    return json.loads(json_path.read_text(encoding="utf-8"))


def measure_anchoring(work: Path, seed: int, rows: tuple[int, ...] = ANCHORING_ROWS) -> list[dict]:
    """Anchoring cost against document length: one document of more and more rows, read and anchored."""
    from ..sources import tables
    from ..sources.corpus import load_corpus
    from ..sources.source import SourceText

    from .measure import clocked

    results = []
    for count in rows:
        folder = work / f"long-document-{count}"
        made = generate_long_document(folder, count, seed)
        with clocked(tables, "anchor_quote") as anchoring, \
                clocked(SourceText, "paragraph_at") as paragraphs, clocked(SourceText, "footnote_at") as notes:
            load_corpus(folder)
        results.append({"rows": made.statements + made.figures, "characters": made.characters,
                        "quotes": anchoring["calls"], "anchoring_seconds": anchoring["seconds"],
                        "paragraph_at_seconds": paragraphs["seconds"], "footnote_at_seconds": notes["seconds"]})
        shutil.rmtree(folder)
    return results


def run_benchmarks(sizes: tuple[str, ...], out: Path, runs: int | None = None, seed: int = 0,
                   article: Path | None = Path("corpus"), workdir: Path | None = None,
                   command: str = "python -m graph.bench", limit: float | None = LIMIT,
                   page_sizes: tuple[int, ...] = (), echo=print, scale: tuple[int, ...] = ()) -> dict:
    """Measure the article and each size, write the Markdown report to out, and return the measurements.

    With page_sizes, pages of that many nodes drawn from the largest corpus are opened in
    headless Chromium (graph.bench.browser) before that corpus is deleted. With scale, whole builds of
    corpora of those generator targets are measured too (graph.bench.scale).
    """
    out = Path(out)
    check_report_target(out)
    work = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="factiongraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    results: dict = {"command": command, "date": started.strftime("%Y-%m-%d %H:%M UTC"),
                     "machine": machine_description(), "seed": seed, "sizes": {}}
    if article is not None and Path(article).is_dir():
        echo(f"measuring the article corpus {article} ...")
        results["sizes"]["article"] = {"manifest": None, "measurement": measure_in_process(
            Path(article).resolve(), runs or RUNS["article"], work / "article.json", limit=limit)}
    for size in sizes:
        corpus_dir = work / f"corpus-{size}"
        if corpus_dir.exists():
            shutil.rmtree(corpus_dir)
        start = time.perf_counter()
        manifest = generate_corpus(corpus_dir, SIZES[size], seed)
        generated = time.perf_counter() - start
        echo(f"generated {size}: {manifest.documents} documents, {manifest.statements} statements "
             f"in {generated:.1f} s; measuring ...")
        large = SIZES[size] >= 500_000
        measurement = measure_in_process(corpus_dir, runs or RUNS[size], work / f"{size}.json", manifest.probe_actor,
                                         rdflib_runs=1 if large else None, limit=limit)
        results["sizes"][size] = {"manifest": manifest.as_dict() | {"generated_seconds": generated},
                                  "measurement": measurement}
        if page_sizes and size == sizes[-1]:
            echo(f"opening pages of {', '.join(map(str, page_sizes))} nodes from the {size} corpus in Chromium ...")
            results["browser"] = measure_pages(page_sizes, BROWSER_LOADS, corpus_dir, seed, work / "browser.json")
        if not workdir:
            shutil.rmtree(corpus_dir)
    if scale:
        results["scale"] = measure_scale(scale, work, seed, limit or LIMIT, echo)
    echo("measuring anchoring against document length ...")
    results["anchoring"] = measure_anchoring(work, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    check_report_target(out)
    write_file(out.with_suffix(".json"),
               (json.dumps(results, indent=1, sort_keys=True, default=str) + "\n").encode("utf-8"))
    write_file(out, render_markdown(results).encode("utf-8"))
    if not workdir:
        shutil.rmtree(work)
    return results
