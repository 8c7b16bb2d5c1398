"""The seam between the rdflib graph and the files and stores it goes to.

rdflib is the programming interface; pyoxigraph writes the files (about 80x faster than
rdflib's Turtle writer at scale) and answers the queries. Triples are written in sorted
order, so the same graph always gives byte-identical files. The output folder itself is
graph.build.output's.
"""

from __future__ import annotations

import io
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..errors import FactionGraphError, Problem
from ..namespaces import PREFIX_IRIS

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


def to_oxigraph_term(term):
    """An rdflib term as the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise FactionGraphError(Problem(None, f"blank node {term} in the graph",
                                        "give every resource an IRI (the build never makes blank nodes)"))
    raise TypeError(f"unsupported RDF term {term!r}")


def oxigraph_triples(triples) -> list[ox.Triple]:
    """rdflib triples (a graph, or any iterable of them) as pyoxigraph triples, in no particular order.

    Each distinct term is converted once: predicates, classes and subjects recur on many triples
    (on the generated 1M corpus this cut the conversion by about a third; same triples).
    """
    term = _converter()
    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]


def _converter():
    converted: dict = {}

    def term(value):
        found = converted.get(value)
        if found is None:
            found = converted[value] = to_oxigraph_term(value)
        return found
    return term


def sorted_triples(graph) -> list[ox.Triple]:
    """Every triple of graph as pyoxigraph triples, in a stable order (by N-Triples text)."""
    return sorted(oxigraph_triples(graph), key=str)


def store_of(triples: list[ox.Triple]) -> ox.Store:
    """A fresh in-memory Oxigraph store holding triples in its default graph, for reading and querying.

    Serialise from the triples themselves, not from the store: Oxigraph keeps some literals in
    a canonical form (an xsd:nonNegativeInteger comes back as an xsd:integer).
    """
    store = ox.Store()
    add_to_store(store, triples)
    return store


def add_to_store(store: ox.Store, triples: list[ox.Triple]) -> None:
    """Add triples to the store's default graph."""
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)


def add_lines_to_store(store: ox.Store, lines: list[bytes], chunk: int = 100_000) -> None:
    """Add N-Triples lines to the store's default graph, in their order, parsed by Oxigraph itself a chunk
    at a time: no Python triple is made, and the pyoxigraph triples they came from can go before the
    store is filled. The store holds exactly what adding those triples would give it."""
    for start in range(0, len(lines), chunk):
        store.load(b"".join(lines[start:start + chunk]), format=ox.RdfFormat.N_TRIPLES)


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """Triples (already sorted) as Turtle, N-Triples or JSON-LD bytes."""
    buffer = io.BytesIO()
    serialize_into(buffer, triples, fmt)
    return buffer.getvalue()


def serialize_into(handle: BinaryIO, triples: list[ox.Triple], fmt: str) -> None:
    """Triples (already sorted) as Turtle, N-Triples or JSON-LD, written into an open file as they are
    made (a large graph's file is never held in memory whole)."""
    ox.serialize(triples, handle, format=FORMATS[fmt], prefixes=PREFIX_IRIS if fmt == "ttl" else None)
    _end_line(handle)


def ntriples_lines(triples: list[ox.Triple], chunk: int = 100_000) -> list[bytes]:
    """Triples as N-Triples lines (each with its newline), in their order, made a chunk at a time.

    A line takes less memory than a pyoxigraph triple, and sorting lines needs no key per triple
    (sorting 6.4M triples by str made 6.4M key strings at once). Sorting the lines
    by their bytes gives the order of sorting the triples by str: a line is str(triple) + " .",
    UTF-8 keeps code-point order, and where one triple's text is a prefix of another's, the longer
    continues with "@", "^" or "-", all after the " " that ends the shorter's line.
    """
    return [line for start in range(0, len(triples), chunk)
            for line in ox.serialize(triples[start:start + chunk], format=ox.RdfFormat.N_TRIPLES).splitlines(True)]


def serialize_lines_into(handle: BinaryIO, lines: list[bytes]) -> None:
    """N-Triples lines (already sorted) as the N-Triples file."""
    handle.writelines(lines)
    _end_line(handle)


def convert_into(handle: BinaryIO, ntriples: BinaryIO, fmt: str) -> None:
    """A sorted N-Triples file as Turtle or JSON-LD, triple by triple in its order (no list of them held)."""
    serialize_into(handle, ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), fmt)


def convert_dataset_into(handle: BinaryIO, ntriples: BinaryIO, named: list[ox.Quad], fmt: str) -> None:
    """A sorted N-Triples file as the default graph, then the named graphs' quads (already sorted), as
    TriG or N-Quads; the default graph's quads are read as N-Quads as they are written, not held."""
    dataset = chain(ox.parse(ntriples, format=ox.RdfFormat.N_QUADS), named)
    ox.serialize(dataset, handle, format=DATASET_FORMATS[fmt], prefixes=PREFIX_IRIS if fmt == "trig" else None)
    _end_line(handle)


def _end_line(handle: BinaryIO) -> None:
    """End the file (readable and seekable) with a newline, as every text file the build writes does."""
    end = handle.tell()
    if end:
        handle.seek(end - 1)
        if handle.read(1) == b"\n":
            return
    handle.write(b"\n")


def oxigraph_quads(quads) -> list[ox.Quad]:
    """rdflib (subject, predicate, object, graph name) tuples as pyoxigraph quads in named graphs."""
    term = _converter()
    return [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]


def sorted_named_quads(quads) -> list[ox.Quad]:
    """Quads in named graphs, each graph's triples together and sorted, so the dataset's bytes are stable."""
    return sorted(quads, key=lambda q: (q.graph_name.value, str(q.triple)))


class OxigraphView(Graph):
    """An Oxigraph store's default graph through rdflib's API (oxrdflib); nothing is copied.

    Stages written against rdflib (analysis, HTML) read the build's store through this, so a
    large build never holds rdflib's own indexed copy of the graph. `select` runs SPARQL on
    the store itself.
    """

    def __init__(self, store: ox.Store):
        from oxrdflib import OxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        super().__init__(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
        self.oxigraph = store


def rdflib_view(store: ox.Store) -> OxigraphView:
    """The store's default graph as an rdflib Graph."""
    return OxigraphView(store)


def store_behind(graph: Graph) -> ox.Store:
    """The Oxigraph store a graph reads from: an OxigraphView's own, or a fresh one holding the triples
    of a plain rdflib graph (as a test builds one), so readers written for a store take either."""
    return graph.oxigraph if isinstance(graph, OxigraphView) else store_of(oxigraph_triples(graph))


def select(graph: Graph, text: str) -> list[tuple]:
    """The rows of a SPARQL SELECT (with the project's prefixes) as tuples of rdflib terms.

    On an OxigraphView the query runs in Oxigraph and each distinct term is converted once:
    going through rdflib's query API converts every term of every row, which made reading a
    1M-triple graph for the HTML several times slower than the queries themselves. Each solution's
    values are taken by iterating it (half the time of looking each variable up by name).
    """
    if not isinstance(graph, OxigraphView):
        return [tuple(row) for row in graph.query(text, initNs=PREFIX_IRIS)]
    solutions = graph.oxigraph.query(text, prefixes=PREFIX_IRIS)
    converted: dict = {None: None}

    def term(value):
        found = converted.get(value, converted)
        if found is converted:
            found = converted[value] = to_rdflib_term(value)
        return found

    return [tuple(map(term, solution)) for solution in solutions]


def to_rdflib_term(term):
    """A pyoxigraph term as the rdflib term that rdflib's own parser would make of it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


def load_store(path: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the graph file at path (N-Triples, Turtle, N-Quads or TriG)."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    return store
