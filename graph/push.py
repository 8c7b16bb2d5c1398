"""`factiongraph push`: the built graph sent to any SPARQL 1.1 Graph Store Protocol endpoint, for graphs that
outgrow one machine."""

from __future__ import annotations

import urllib.parse
from itertools import islice
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


PART_TRIPLES = 100_000


def push_graph(endpoint: str, graph_iri: str | None = None, build_dir: Path | str = "output",
               timeout: float = 60.0, part: int = PART_TRIPLES) -> Pushed:
    """Replace the target graph of a Graph Store Protocol endpoint with the built graph: its first
    `part` triples by HTTP PUT (which replaces the graph), the rest by POST (which adds), `part`
    lines of graph.nt per request.

    Pushing again after a rebuild replaces the old graph instead of piling up triples. One request per
    part keeps each of the store's loading transactions short: Virtuoso 7.2, sent a 1.74M-triple graph in
    one PUT, stalled in 3 of 7 pushes and kept the part it had loaded. Only one part is held in memory.
    A part that fails leaves the graph holding the parts before it, and the error says so.
    """
    graph = built_graph(build_dir, ("graph.nt",))
    url = graph_store_url(endpoint, graph_iri)
    sent, status = 0, None
    for number, (body, triples) in enumerate(_parts(graph, part)):
        request = urllib.request.Request(url, data=body, method="POST" if number else "PUT",
                                         headers={"Content-Type": "application/n-triples"})
        try:
            with open_url(request, endpoint, timeout) as response:
                status = response.status
        except FactionGraphError as err:
            if number:
                raise FactionGraphError([*err.problems, Problem(
                    url, f"the graph holds only the first {sent:,} triples of {graph} now (part {number + 1} failed)",
                    "push again: the first part replaces the graph, so nothing is counted twice")]) from err
            raise
        sent += triples
    if status is None:  # an empty graph file still replaces the graph
        with open_url(urllib.request.Request(url, data=b"", method="PUT",
                                             headers={"Content-Type": "application/n-triples"}),
                      endpoint, timeout) as response:
            status = response.status
    return Pushed(url, sent, status)


def _parts(graph: Path, part: int):
    """graph.nt's triples (one per line, as the build writes them), `part` at a time, with their count."""
    with open(graph, "rb") as lines:
        while chunk := [line for line in islice(lines, part) if line.strip()]:
            yield b"".join(chunk), len(chunk)
