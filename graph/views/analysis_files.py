"""The build stage that adds the analysis: the measurements into the graph, and the analysis files
(the report, the centrality table, the network exports and the figures)."""

from __future__ import annotations

from rdflib import Graph

from ..analysis.analyze import analyze_graph
from ..analysis.measurements import measurement_triples
from .analysis_report import render_analysis_markdown


def add_analysis(graph: Graph, into=None) -> dict[str, bytes]:
    """Measure the networks of graph, add the fg:Measurement and fg:Camp resources to it (or to
    `into`, anything that takes ``+=`` of triples), and return the analysis files: the report,
    the centrality table, the network exports and figures."""
    from .exports import render_centrality_csv, render_network_files
    from ..analysis.figures import render_figures

    analysis = analyze_graph(graph)
    target = graph if into is None else into
    target += measurement_triples(analysis)
    files = {"analysis.md": render_analysis_markdown(analysis), "centrality.csv": render_centrality_csv(analysis)}
    files.update(render_network_files(analysis))
    files.update(render_figures(analysis))
    return files
