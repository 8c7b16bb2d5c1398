"""`factiongraph push`: the built graph sent to any SPARQL 1.1 Graph Store Protocol endpoint, for graphs that
outgrow one machine."""

from __future__ import annotations

import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .access.database import built_graph
from .access.endpoint import open_url
from .errors import FactionGraphError, Problem


@dataclass(frozen=True)
class Pushed:
    url: str
    triples: int
    status: int


def graph_store_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol address of the target graph: ?graph=IRI, or ?default.

    >>> graph_store_url("http://localhost:7878/store", "https://example.org/g")
    'http://localhost:7878/store?graph=https%3A%2F%2Fexample.org%2Fg'
    """
    if graph_iri is not None:
        try:
            ox.NamedNode(graph_iri)
        except ValueError as err:
            raise FactionGraphError(Problem("--graph", f"{graph_iri!r} is not an absolute IRI: {err}",
                                            "give a full IRI, like https://w3id.org/factiongraph/graph")) from err
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri is not None else "default"
    return endpoint + ("&" if "?" in endpoint else "?") + query


def push_graph(endpoint: str, graph_iri: str | None = None, build_dir: Path | str = "output",
               timeout: float = 60.0) -> Pushed:
    """Replace the target graph of a Graph Store Protocol endpoint with the built graph (HTTP PUT).

    The file is streamed, so its size is not limited by memory; PUT makes pushing again after a
    rebuild replace the old graph instead of piling up triples.
    """
    graph = built_graph(build_dir, ("graph.nt",))
    url = graph_store_url(endpoint, graph_iri)
    with open(graph, "rb") as body:
        request = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": "application/n-triples", "Content-Length": str(graph.stat().st_size)})
        with open_url(request, endpoint, timeout) as response:
            status = response.status
    with open(graph, "rb") as lines:
        triples = sum(1 for line in lines if line.strip() and not line.startswith(b"#"))
    return Pushed(url, triples, status)
