"""The build: corpus folder in, every output file out, written atomically."""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from .views.analysis_files import make_analysis
from .sources.records import Corpus
from .build.mentions import index_mentions
from .build.triples import claim_quads
from .sources.coding import Coding, load_coded_corpus
from .access.competency import answer_named_queries
from .build.conflicts import conflict_triples, find_conflicts, read_conflicts
from .build.corroboration import corroboration_triples, find_corroborations, read_agreements
from .views.coverage import render_coverage_json, render_coverage_markdown, summarize_coverage
from .errors import FactionGraphError, Problem
from .analysis.events import add_coding, render_event_files, render_event_section
from .views.render import render_pages
from .views.report import render_report_json, render_report_markdown, summarize_build
from .views.results import render_queries_page
from .build.output import MemoryOutput, Output, check_output_folder, output_folder
from .build.store import (add_lines_to_store, add_to_store, convert_dataset_into, convert_into, ntriples_lines,
                          oxigraph_quads, oxigraph_triples, rdflib_view, serialize_lines_into, sorted_named_quads)
from .build.cache import BuildCache, open_build_cache
from .build.stream import TripleSink, build_lines
from .build.validate import ValidationReport, validate_store
from .views.webannotation import render_web_annotations


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    summary: dict
    files: tuple[str, ...]
    out_dir: Path
    cache: BuildCache


def record_comparisons(store: ox.Store) -> list[ox.Triple]:
    """Add to the store where assertions disagree (conflicts: labelled, and found by rule) and where
    documents agree (corroborations with their independent origins); the triples added."""
    found = conflict_triples(find_conflicts(store)) + corroboration_triples(find_corroborations(store))
    added = [t for t in dict.fromkeys(oxigraph_triples(found)) if ox.Quad(t.subject, t.predicate, t.object) not in store]
    add_to_store(store, added)
    return added


def build_store(corpus: Corpus, mentions: dict, coding: Coding,
                cache: BuildCache | None = None) -> tuple[ox.Store, list[bytes]]:
    """The store of the corpus's triples (the coding's too) with the comparisons recorded, and those
    triples as N-Triples lines: the build keeps lines, not pyoxigraph triples, which take twice the memory."""
    lines = corpus_lines(corpus, mentions, coding, cache)
    store = ox.Store()
    add_lines_to_store(store, lines)
    lines += ntriples_lines(record_comparisons(store))
    return store, lines


def corpus_lines(corpus: Corpus, mentions: dict, coding: Coding, cache: BuildCache | None = None) -> list[bytes]:
    """The corpus's triples (the coding's too) as N-Triples lines, in the order they were made; with a
    cache, an unchanged document's are those an earlier build kept."""
    return build_lines(corpus, mentions, cache) + ntriples_lines(
        oxigraph_triples(add_coding(TripleSink(), corpus, coding).triples))


def add_measurements(store: ox.Store, corpus: Corpus, coding: Coding, into: Output,
                     cache: BuildCache | None = None) -> list[bytes]:
    """Write the analysis files and the event files, add the measurements to the store, and return them
    as N-Triples lines. Each file is written before the next is made, and nothing else of the analysis
    outlives the call: on the 10M corpus its files and the measurements' rdflib terms held 3.7 GB until
    the build ended. With a cache, an unchanged analysis is the one an earlier build kept."""
    def write(name: str, data: bytes) -> None:
        into.write(name, data + render_event_section(corpus, coding) if name == "analysis.md" else data)

    lines = make_analysis(rdflib_view(store), write, cache)
    _write_all(into, render_event_files(corpus, coding))
    add_lines_to_store(store, lines)
    return lines


def write_graph_files(into: Output, lines: list[bytes], named: list[ox.Quad]) -> None:
    """The five graph files: the lines sorted (in place) as N-Triples, and the other formats read from that
    file triple by triple. The lines are cleared once written, so no copy of the graph is held meanwhile."""
    lines.sort()
    into.stream("graph.nt", partial(serialize_lines_into, lines=lines))
    lines.clear()
    for fmt in ("ttl", "jsonld"):
        with into.open("graph.nt") as ntriples:
            into.stream(f"graph.{fmt}", partial(convert_into, ntriples=ntriples, fmt=fmt))
    for fmt in ("trig", "nq"):
        with into.open("graph.nt") as ntriples:
            into.stream(f"graph.{fmt}", partial(convert_dataset_into, ntriples=ntriples, named=named, fmt=fmt))


def build_outputs(corpus: Corpus, coding: Coding | None = None, into: Output | None = None,
                  cache: BuildCache | None = None) -> tuple[Output, dict, ValidationReport]:
    """Every output file of a corpus, each written into `into` as soon as it is made (by default kept
    in memory and returned); raises on a SHACL violation. With a cache, the documents and the
    analysis an earlier build made from the same inputs are taken from it (graph/build/cache.py).

    The annotated graph is built into an Oxigraph store, and the network analysis reads it
    and adds its measurements. SHACL then validates the whole store, measurements included,
    in a second thread while the graph is serialised and the pages that only read it are
    made (the validation runs in Oxigraph's native code, so the two cores share the work;
    nothing writes to the store any more). Stages written against rdflib read the store
    through rdflib_view. The conflicts (labelled, and found by the rules of graph/build/conflicts.py) and the
    corroborations (graph/build/corroboration.py) are read off the store and recorded in it before anything
    else reads it. The PLOVER coding, when given, adds its triples, the event data files and a
    section of analysis.md.
    """
    into = MemoryOutput() if into is None else into
    mentions = index_mentions(corpus)
    coding = coding or Coding({}, {})
    store, lines = build_store(corpus, mentions, coding, cache)
    conflicts, agreements = read_conflicts(store), read_agreements(store)
    lines += add_measurements(store, corpus, coding, into, cache)
    graph = rdflib_view(store)
    triple_count = len(lines)
    with ThreadPoolExecutor(max_workers=1) as pool:
        validating = pool.submit(validate_store, store)
        write_graph_files(into, lines, sorted_named_quads(oxigraph_quads(claim_quads(corpus))))
        into.write("queries.md", render_queries_page(answer_named_queries(store)))
        _write_all(into, render_pages(graph, {document.id: document.source.text for document in corpus.documents}))
        validation = validating.result()
    if not validation.conforms:
        raise FactionGraphError([Problem("graph", str(v), "fix the annotation that produced this resource")
                                 for v in validation.violations])
    summary = summarize_build(corpus, triple_count, validation, conflicts, agreements)
    into.write("build-report.json", render_report_json(summary))
    into.write("build-report.md", render_report_markdown(summary))
    coverage = summarize_coverage(corpus, mentions)
    into.write("coverage.json", render_coverage_json(coverage))
    into.write("coverage.md", render_coverage_markdown(coverage))
    into.write("annotations.jsonld", render_web_annotations(corpus))
    return into, summary, validation


def _write_all(into: Output, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        into.write(name, data)


@contextmanager
def collecting_less_often():
    """Run Python's cycle collector less often while the build makes millions of lasting objects.

    Each collection rescans the objects it tracks, and none of the graph's terms is garbage.
    Measured on the benchmark's 1M corpus: build_graph 10.9 s -> 8.2 s; at 100k the peak memory
    of run_build stayed at 552 MiB. Output does not change.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def run_build(corpus_dir: Path | str = "corpus", out_dir: Path | str = "output", clean: bool = False) -> BuildResult:
    """Read, check, build, validate and write everything; the old output survives any failure.

    The output folder is checked first, so a folder the build may not replace costs no build. Each
    file goes into the new folder as soon as it is made, and the folder replaces the old output at the end.
    What an earlier build made of unchanged documents, and its analysis if the networks are unchanged,
    comes from the build cache, unless clean (which makes everything again, and keeps it for the next build).
    """
    check_output_folder(Path(out_dir), Path(corpus_dir))
    cache = open_build_cache(clean)
    with collecting_less_often():
        corpus, coding = load_coded_corpus(Path(corpus_dir))
        with output_folder(Path(out_dir), Path(corpus_dir)) as folder:
            _, summary, _ = build_outputs(corpus, coding, into=folder, cache=cache)
        cache.keep_only_used(Path(corpus_dir))
    return BuildResult(corpus, summary, tuple(sorted(folder.names)), Path(out_dir), cache)
