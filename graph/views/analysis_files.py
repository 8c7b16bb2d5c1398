"""The build stage that adds the analysis: the measurements into the graph, and the analysis files
(the report, the centrality table, the network exports and the figures)."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph

from ..analysis.analyze import Analysis, analyze_graph
from ..analysis.measurements import measurement_triples
from .analysis_report import render_analysis_markdown


def add_analysis(graph: Graph, into=None) -> Iterator[tuple[str, bytes]]:
    """Measure the networks of graph, add the fg:Measurement and fg:Camp resources to it (or to
    `into`, anything that takes ``+=`` of triples) now, and return the analysis files (the report,
    the centrality table, the network exports and figures) as (name, bytes), each made only when the
    one before has been taken: a large network's exports are GBs, so they are never all held at once."""
    analysis = analyze_graph(graph)
    target = graph if into is None else into
    target += measurement_triples(analysis)
    return _analysis_files(analysis)


def _analysis_files(analysis: Analysis) -> Iterator[tuple[str, bytes]]:
    from .exports import render_centrality_csv, render_network_files
    from ..analysis.figures import render_figures

    yield "analysis.md", render_analysis_markdown(analysis)
    yield "centrality.csv", render_centrality_csv(analysis)
    yield from render_network_files(analysis)
    yield from render_figures(analysis).items()
