"""The build stage that makes the analysis: the measurements for the graph, and the analysis files
(the report, the centrality table, the network exports and the figures)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from rdflib import Graph

from ..analysis.analyze import Analysis, AnalysisInputs, analyze_inputs, read_analysis_inputs
from ..analysis.measurements import measurement_triples
from ..analysis.networks import DEFAULT_EVIDENCE, DEFAULT_SLICES
from ..build.cache import BuildCache
from ..build.store import ntriples_lines, oxigraph_triples
from .analysis_report import render_analysis_markdown

MEASUREMENTS = "measurements.nt"
FILES = "files/"


def make_analysis(graph: Graph, write: Callable[[str, bytes], None], cache: BuildCache | None = None) -> list[bytes]:
    """Measure the networks of graph; write the analysis files (the report, the centrality table, the
    network exports and figures) with write(name, data), each before the next is made (a large
    network's exports are GBs, so they are never all held at once); return the fg:Measurement and
    fg:Camp triples as N-Triples lines. With a cache, all of it comes from there when an earlier build
    analysed the same actors, events and ties."""
    inputs = read_analysis_inputs(graph)
    if cache is None:
        return _analyze(inputs, write)
    key = cache.key("analysis", inputs, DEFAULT_SLICES, DEFAULT_EVIDENCE)
    with cache.reading(key) as piece:
        if piece is not None and MEASUREMENTS in piece.namelist():
            for name in piece.namelist():
                if name.startswith(FILES):
                    write(name.removeprefix(FILES), piece.read(name))
            return piece.read(MEASUREMENTS).splitlines(True)
    with cache.writing(key) as keep:
        def write_and_keep(name: str, data: bytes) -> None:
            write(name, data)
            keep(FILES + name, data)

        lines = _analyze(inputs, write_and_keep)
        keep(MEASUREMENTS, b"".join(lines))
    return lines


def _analyze(inputs: AnalysisInputs, write: Callable[[str, bytes], None]) -> list[bytes]:
    analysis = analyze_inputs(inputs)
    lines = measurement_lines(measurement_triples(analysis))
    for name, data in _analysis_files(analysis):
        write(name, data)
    return lines


def measurement_lines(triples: Iterable[tuple], chunk: int = 100_000) -> list[bytes]:
    """rdflib triples as N-Triples lines, each once, in their order, converted a chunk at a time: the
    measurements of a 10M-triple graph are millions of triples, never all held as rdflib terms."""
    triples = iter(triples)
    lines: dict[bytes, None] = {}
    while part := list(islice(triples, chunk)):
        lines.update(dict.fromkeys(ntriples_lines(oxigraph_triples(part))))
    return list(lines)


def _analysis_files(analysis: Analysis) -> Iterator[tuple[str, bytes]]:
    from .exports import render_centrality_csv, render_network_files
    from ..analysis.figures import render_figures

    yield "analysis.md", render_analysis_markdown(analysis)
    yield "centrality.csv", render_centrality_csv(analysis)
    yield from render_network_files(analysis)
    yield from render_figures(analysis).items()
