"""Time every stage of the build on one corpus, in this process, with the floors beside it.

Run once per corpus in a fresh process (``python -m graph.bench.measure CORPUS --json OUT``), so
that peak memory belongs to that corpus alone. Each stage runs ``runs`` times and reports the
median wall time and the peak resident memory reached while it ran. The floors take the very
triples our build wrote (its N-Triples file) through pyoxigraph alone (bulk load, serialise,
query) and through plain rdflib in memory, so every figure has a ratio beside it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import multiprocessing
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

STARTED = time.perf_counter()
# Every library the build imports, so that the full build's time is measured beyond their import time.
import jinja2  # noqa: E402, F401
import matplotlib.backends.backend_svg  # noqa: E402, F401
import matplotlib.figure  # noqa: E402, F401
import networkx  # noqa: E402, F401
import oxrdflib  # noqa: E402, F401
import pandas  # noqa: E402, F401
import pyoxigraph as ox  # noqa: E402
import pyshacl  # noqa: E402, F401
import rdflib  # noqa: E402
import scipy.sparse.csgraph  # noqa: E402, F401

IMPORTED = time.perf_counter()
IMPORTED_LIBRARIES = "rdflib, pyoxigraph, oxrdflib, pandas, pyshacl, networkx, scipy, matplotlib, jinja2"

from ..sources import tables  # noqa: E402
from ..views.analysis_files import make_analysis  # noqa: E402
from ..sources.corpus import load_corpus  # noqa: E402
from ..sources.coding import load_coding  # noqa: E402
from ..build.mentions import index_mentions  # noqa: E402
from ..build.triples import build_graph  # noqa: E402
from ..access.competency import answer_named_queries  # noqa: E402
from ..views.coverage import render_coverage_json, summarize_coverage  # noqa: E402
from ..namespaces import PREFIX_IRIS, sparql_prologue  # noqa: E402
from ..build.conflicts import read_conflicts  # noqa: E402
from ..pipeline import corpus_lines, record_comparisons, run_build  # noqa: E402
from ..access.query import GraphFile, run_query  # noqa: E402
from ..access.database import CACHE_ENV  # noqa: E402
from ..views.render import render_pages  # noqa: E402
from ..views.report import render_report_json, summarize_build  # noqa: E402
from ..views.results import render_queries_page  # noqa: E402
from ..build.store import (FORMATS, add_to_store, load_store, rdflib_view, serialize, store_of,  # noqa: E402
                           to_rdflib_term)
from ..build.validate import validate_graph, validate_store  # noqa: E402

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}

EVIDENCE_QUERY = """SELECT ?statement ?relation ?other ?status ?quote ?document ?paragraph ?work WHERE {{
  ?statement rdf:subject fgd:{actor} ; rdf:predicate ?relation ; rdf:object ?other ;
             fg:status ?status ; fg:quote ?quote ; fg:inDocument ?document .
  OPTIONAL {{ ?statement fg:inParagraph ?paragraph }}
  OPTIONAL {{ ?statement cito:citesAsEvidence ?work }}
}} ORDER BY ?statement ?work"""
EVENTS_BY_MONTH_QUERY = """SELECT ?month (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event a ?class ; fg:time ?time .
  ?class rdfs:subClassOf* fg:Event .
  ?time fg:earliest ?day .
  BIND(SUBSTR(STR(?day), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month"""
TWO_HOP_QUERY = """SELECT DISTINCT ?far WHERE {{
  fgd:{actor} ?first ?middle . ?middle ?second ?far .
  ?first rdfs:subPropertyOf+ fg:assertedRelation .
  ?second rdfs:subPropertyOf+ fg:assertedRelation .
}} ORDER BY ?far"""


def queries(actor: str) -> dict[str, str]:
    """The three benchmark queries: selective, aggregate over everything, and a path."""
    return {"evidence for one actor": EVIDENCE_QUERY.format(actor=actor),
            "events per month (aggregate)": EVENTS_BY_MONTH_QUERY,
            "two-hop path from one actor": TWO_HOP_QUERY.format(actor=actor)}


def reset_peak() -> None:
    """Start a new peak-memory window (Linux: clear the process's high-water mark)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mib() -> float:
    """Peak resident memory since the last reset, in MiB."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    except (OSError, AttributeError):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Recorder:
    """Runs and times stages; keeps the last result of each."""

    def __init__(self, runs: int):
        self.runs = runs
        self.stages: list[dict] = []

    def time(self, name: str, action, runs: int | None = None, triples: int | None = None,
             group: str = "ours", floor: str | None = None):
        seconds, peak, result = [], 0.0, None
        for _ in range(runs or self.runs):
            result = None
            reset_peak()
            start = time.perf_counter()
            result = action()
            seconds.append(time.perf_counter() - start)
            peak = max(peak, peak_mib())
        self.add(name, seconds, peak, triples, group, floor)
        return result

    def time_in_child(self, name: str, action, limit: float | None, runs: int | None = None, summary=lambda _: None,
                      group: str = "ours", floor: str | None = None):
        """Run the stage in a forked child process, stopped after `limit` seconds (None: no limit).

        The parent's memory stays as it was, and a stage that would run for hours is reported
        as stopped instead of holding up the whole benchmark. Returns summary(result) of the last run.
        """
        seconds, peak, value = [], 0.0, None
        for _ in range(runs or self.runs):
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_run_child, args=(action, summary, sender), daemon=True)
            child.start()
            sender.close()
            finished = receiver.poll(limit)
            if finished:
                took, child_peak, value = receiver.recv()
            if child.is_alive():
                child.kill()
            child.join()
            if not finished:
                self.stages.append({"name": name, "group": group, "seconds": None, "runs": len(seconds) + 1,
                                    "all_seconds": seconds, "peak_mib": None, "triples_per_second": None,
                                    "floor": floor, "stopped_after": limit})
                return None
            seconds.append(took)
            peak = max(peak, child_peak)
        self.add(name, seconds, peak, None, group, floor)
        return value

    def add(self, name: str, seconds: list[float], peak: float | None, triples: int | None,
            group: str = "ours", floor: str | None = None) -> dict:
        median = statistics.median(seconds)
        stage = {"name": name, "group": group, "seconds": median, "runs": len(seconds), "all_seconds": seconds,
                 "peak_mib": peak, "triples_per_second": triples / median if triples and median > 0 else None,
                 "floor": floor}
        self.stages.append(stage)
        return stage


def _run_child(action, summary, sender) -> None:
    reset_peak()
    start = time.perf_counter()
    result = action()
    sender.send((time.perf_counter() - start, peak_mib(), summary(result)))
    sender.close()


@contextmanager
def clocked(module, name: str):
    """Accumulate the time spent in module.name (the real function still runs) and count the calls."""
    original = getattr(module, name)
    clock = {"seconds": 0.0, "calls": 0}

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            clock["seconds"] += time.perf_counter() - start
            clock["calls"] += 1

    setattr(module, name, timed)
    try:
        yield clock
    finally:
        setattr(module, name, original)


@contextmanager
def build_cache_in(folder: Path):
    """The build cache in folder (the benchmark's own, never the user's), for this process and its children."""
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(CACHE_ENV)
        else:
            os.environ[CACHE_ENV] = previous


def edit_one_comment(corpus_dir: Path) -> Path:
    """Give the middle statement of the first document a new comment, as an annotator fixing one row
    does; the corpus folder."""
    path = sorted(corpus_dir.glob("*/statements.csv"))[0]
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), reader.fieldnames
    rows[len(rows) // 2]["comment"] = f"Checked again ({time.time_ns()})."
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return corpus_dir


def _rows(result) -> list[tuple[str, ...]]:
    """Query solutions as tuples of plain strings, whichever engine answered."""
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [tuple("" if s[n] is None else s[n].value for n in names) for s in result]
    return [tuple("" if t is None else str(t) for t in row) for row in result]


def measure_corpus(corpus_dir: Path, runs: int, probe_actor: str | None = None, rdflib_runs: int | None = None,
                   shacl_runs: int | None = None, limit: float | None = None) -> dict:
    """Every stage of the build on corpus_dir, then the floors on the same triples."""
    record = Recorder(runs)
    work = Path(tempfile.mkdtemp(prefix="factiongraph-bench-"))
    counts: dict = {}
    out, edited = work / "output", work / "corpus"
    shutil.copytree(corpus_dir, edited)
    with build_cache_in(work / "cache"):
        built = record.time_in_child("full build (run_build, end to end)", lambda: run_build(edited, out, clean=True),
                                     limit, runs=shacl_runs, summary=lambda r: (list(r.files), r.summary["triples"]),
                                     floor="load + serialise")
        reused = record.time_in_child(
            "build after a one-row edit (run_build, build cache)",
            lambda: run_build(edit_one_comment(edited), work / "edited-output"), limit, runs=shacl_runs,
            summary=lambda r: f"{len(r.cache.found)} of {len(r.cache.used)}", floor="load + serialise")
    if built is not None:
        counts["files built"], counts["triples built"] = built
    counts["pieces reused after an edit"] = reused

    def load():
        with clocked(tables, "anchor_quote") as clock:
            start = time.perf_counter()
            corpus = load_corpus(corpus_dir)
            total = time.perf_counter() - start
        return corpus, total, clock

    loads = []
    for _ in range(runs):
        reset_peak()
        loads.append((*load(), peak_mib()))
    corpus = loads[-1][0]
    peak = max(run[3] for run in loads)
    record.add("read and check tables", [total - clock["seconds"] for _, total, clock, _ in loads], peak, None)
    record.add("anchor quotes", [clock["seconds"] for _, _, clock, _ in loads], peak, None)
    counts["quotes anchored"] = loads[-1][2]["calls"]
    counts["documents"] = len(corpus.documents)
    counts["entities"] = len(corpus.entities)
    counts["statements"] = sum(len(d.statements) for d in corpus.documents)
    counts["figures"] = sum(len(d.figures) for d in corpus.documents)
    counts["cited works"] = sum(len(d.works) for d in corpus.documents)

    mentions = record.time("find mentions", lambda: index_mentions(corpus))
    counts["mentions"] = sum(len(m) for m in mentions.values())
    coding = load_coding(corpus_dir, corpus, [])
    lines = record.time("build triples (graph.pipeline.corpus_lines)", lambda: corpus_lines(corpus, mentions, coding),
                        floor="load")  # the event coding's too, as the build makes them
    built = [quad.triple for quad in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]
    del lines
    counts["triples from annotations"] = len(built)
    store = record.time("load into Oxigraph for reading", lambda: store_of(built), triples=len(built))
    built += record.time("conflicts and corroborations", lambda: record_comparisons(store))
    conflicts = read_conflicts(store)
    analysis_files: dict[str, bytes] = {}
    measured = _optional(record, counts, "network measures (networkx)", lambda: record.time(
        "network measures (networkx)", lambda: make_analysis(rdflib_view(store), analysis_files.__setitem__), runs=1))
    derived = [quad.triple for quad in ox.parse(b"".join(measured or []), format=ox.RdfFormat.N_TRIPLES)]
    add_to_store(store, derived)
    counts["analysis files"] = len(analysis_files)
    triples = len(built) + len(derived)
    counts["triples"] = triples
    validation = record.time("SHACL (Oxigraph, graph.build.validate.validate_store)", lambda: validate_store(store),
                             triples=triples)
    counts["shacl conforms"] = validation.conforms
    counts["shacl violations"] = len(validation.violations)
    ordered = record.time("sort triples for output", lambda: sorted(built + derived, key=str), triples=triples)
    del built
    files = {}
    for fmt in FORMATS:
        files[fmt] = record.time(f"serialise {fmt}", lambda fmt=fmt: serialize(ordered, fmt), triples=triples,
                                 floor=f"serialise {fmt}")
    record.time("competency queries page", lambda: render_queries_page(answer_named_queries(store)))
    record.time("reports (build report, coverage)", lambda: (
        render_report_json(summarize_build(corpus, triples, validation, conflicts)),
        render_coverage_json(summarize_coverage(corpus, mentions))))
    counts["triples in each file"] = {fmt: sum(1 for _ in ox.parse(data, format=FORMATS[fmt]))
                                      for fmt, data in files.items()}
    del ordered
    texts = {document.id: document.source.text for document in corpus.documents}
    pages = _optional(record, counts, "HTML pages", lambda: record.time(
        "HTML pages (graph.html, text.html)", lambda: render_pages(rdflib_view(store), texts), runs=1))
    if pages is not None:
        counts["html bytes"] = {name: len(data) for name, data in pages.items()}
    del store

    graph = record.time("for comparison: build RDF as an rdflib graph (graph.build.triples.build_graph)",
                        lambda: build_graph(corpus, mentions=mentions), runs=rdflib_runs, floor="load")
    graph += [tuple(to_rdflib_term(term) for term in triple) for triple in derived]
    reference = record.time("for comparison: SHACL with pyshacl on that graph", lambda: validate_graph(graph),
                            runs=shacl_runs, triples=len(graph))
    counts["pyshacl agrees"] = reference.violations == validation.violations
    actor = probe_actor or _busiest_actor(graph)
    del graph

    graph_file = out / "graph.nt"
    if not graph_file.exists():
        graph_file = work / "graph.nt"
        graph_file.write_bytes(files["nt"])
        counts["queried file"] = "the staged graph.nt (the full build was stopped)"
    store = record.time("load for queries (graph.nt into Oxigraph)", lambda: load_store(graph_file),
                        triples=triples, floor="load")
    counts["triples loaded"] = len(store)
    del store
    counts["probe actor"] = actor
    answers = {}
    run_query("ASK {}", GraphFile(graph_file))  # loads the store once, as a query session would
    for name, text in queries(actor).items():
        result = record.time(f"query: {name}", lambda text=text: run_query(text, GraphFile(graph_file)).rows,
                             runs=max(runs, 5), floor=f"query: {name}")
        answers[name] = [tuple(t.value if t is not None else "" for t in row) for row in result]
    counts["answers"] = _summarise_answers(answers)

    nt = graph_file.read_bytes()
    del corpus, mentions, files, loads  # the floors start from the file alone, as a user's would
    _measure_floors(record, nt, actor, runs, rdflib_runs or runs, counts)
    shutil.rmtree(work)
    for stage in record.stages:
        if stage["name"] == "full build (run_build, end to end)" and stage["seconds"]:
            stage["triples_per_second"] = counts["triples built"] / stage["seconds"]
    return {"corpus": str(corpus_dir), "imports_seconds": IMPORTED - STARTED, "imported": IMPORTED_LIBRARIES,
            "counts": counts,
            "stages": record.stages, "peak_mib": max(s["peak_mib"] or 0 for s in record.stages)}


def _summarise_answers(answers: dict[str, list[tuple[str, ...]]]) -> dict:
    """What each query found, in a form the tests compare with the generator's own counts."""
    evidence = answers["evidence for one actor"]
    months = answers["events per month (aggregate)"]
    return {"evidence statements": len({row[0] for row in evidence}), "evidence rows": len(evidence),
            "events by month": {month: int(count) for month, count in months},
            "two-hop": [row[0].rsplit("/", 1)[-1] for row in answers["two-hop path from one actor"]]}


def _busiest_actor(graph: rdflib.Graph) -> str:
    """For a corpus without a manifest: the subject of the most statements."""
    counts: dict[str, int] = {}
    for subject in graph.objects(None, rdflib.RDF.subject):
        counts[str(subject)] = counts.get(str(subject), 0) + 1
    return min(counts, key=lambda k: (-counts[k], k)).rsplit("/", 1)[-1]


def _optional(record: Recorder, counts: dict, name: str, action):
    """A stage of a module younger than the benchmark: a failure is recorded in the report, with its
    error, instead of losing every other figure of the run."""
    try:
        return action()
    except Exception as err:  # reported in BENCHMARKS.md under "stages that failed"
        counts.setdefault("failed stages", {})[name] = f"{type(err).__name__}: {err}"
        return None


def _measure_floors(record: Recorder, nt: bytes, actor: str, runs: int, rdflib_runs: int, counts: dict) -> None:
    """The same triples through pyoxigraph alone and through plain rdflib in memory."""
    triples = counts["triples loaded"]

    def ox_load():
        store = ox.Store()
        store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES)
        return store

    store = record.time("load", ox_load, triples=triples, group="pyoxigraph")
    for fmt, rdf_format in FORMATS.items():
        record.time(f"serialise {fmt}", lambda f=rdf_format: store.dump(format=f, from_graph=ox.DefaultGraph()),
                    triples=triples, group="pyoxigraph")
    floor_answers = {}
    for name, text in queries(actor).items():
        rows = record.time(f"query: {name}", lambda text=text: _rows(store.query(text, prefixes=PREFIX_IRIS)),
                           runs=max(runs, 5), group="pyoxigraph")
        floor_answers[name] = len(rows)
    del store

    graph = record.time("load", lambda: rdflib.Graph().parse(data=nt, format="nt"), runs=rdflib_runs,
                        triples=triples, group="rdflib")
    for fmt, name in RDFLIB_FORMATS.items():
        record.time(f"serialise {fmt}", lambda name=name: graph.serialize(format=name, encoding="utf-8"),
                    runs=rdflib_runs, triples=triples, group="rdflib")
    rdflib_answers = {}
    for name, text in queries(actor).items():
        rows = record.time(f"query: {name}", lambda text=text: _rows(graph.query(sparql_prologue() + text)),
                           runs=rdflib_runs, group="rdflib")
        rdflib_answers[name] = len(rows)
    counts["answer rows (pyoxigraph, rdflib)"] = {n: [floor_answers[n], rdflib_answers[n]] for n in floor_answers}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--json", type=Path, required=True, help="where to write the measurements")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rdflib-runs", type=int)
    parser.add_argument("--shacl-runs", type=int)
    parser.add_argument("--probe-actor")
    parser.add_argument("--limit", type=float, help="stop the full build after so many seconds")
    args = parser.parse_args(argv)
    result = measure_corpus(args.corpus, args.runs, args.probe_actor, args.rdflib_runs, args.shacl_runs,
                            args.limit)
    args.json.write_text(json.dumps(result, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
