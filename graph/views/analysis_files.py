"""The build stage that makes the analysis: the measurements for the graph, and the analysis files
(the report, the centrality table, the network exports and the figures)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ..analysis.analyze import AnalysisInputs, analyze_inputs, read_analysis_inputs
from ..analysis.measurements import measurement_triples
from ..analysis.networks import DEFAULT_EVIDENCE, DEFAULT_SLICES
from ..build.cache import BuildCache
from ..build.store import oxigraph_triples
from .analysis_report import render_analysis_markdown

MEASUREMENTS = "measurements.nt"
FILES = "files/"


def make_analysis(graph: Graph, cache: BuildCache | None = None) -> tuple[dict[str, bytes], list[ox.Triple]]:
    """The analysis files of graph's networks (the report, the centrality table, the network exports
    and figures) and the fg:Measurement and fg:Camp triples for the graph; with a cache, taken from
    it when an earlier build analysed the same actors, events and ties."""
    inputs = read_analysis_inputs(graph)
    key = cache.key("analysis", inputs, DEFAULT_SLICES, DEFAULT_EVIDENCE) if cache is not None else None
    piece = cache.read(key) if cache is not None else None
    if piece is not None and MEASUREMENTS in piece:
        triples = [quad.triple for quad in ox.parse(piece.pop(MEASUREMENTS), format=ox.RdfFormat.N_TRIPLES)]
        return {name.removeprefix(FILES): data for name, data in piece.items()}, triples
    files, triples = _analyze(inputs)
    if cache is not None:
        cache.write(key, {**{FILES + name: data for name, data in files.items()},
                          MEASUREMENTS: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)})
    return files, triples


def _analyze(inputs: AnalysisInputs) -> tuple[dict[str, bytes], list[ox.Triple]]:
    from .exports import render_centrality_csv, render_network_files
    from ..analysis.figures import render_figures

    analysis = analyze_inputs(inputs)
    triples = oxigraph_triples(dict.fromkeys(measurement_triples(analysis)))
    files = {"analysis.md": render_analysis_markdown(analysis), "centrality.csv": render_centrality_csv(analysis)}
    files.update(render_network_files(analysis))
    files.update(render_figures(analysis))
    return files, triples
