"""The W3C Web Annotation that anchors a resource (an assertion, a mention, an event) in a document's text."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import OA
from .iris import text_iri


def add_text_annotation(graph: Graph, annotation: URIRef, body: URIRef, motivation: URIRef, doc_id: str,
                        start: int, end: int, exact: str, prefix: str | None = None, suffix: str | None = None) -> None:
    """A W3C Web Annotation tying body to characters start..end of the document's text file."""
    target = URIRef(f"{annotation}-target")
    quote_selector = URIRef(f"{annotation}-quote-selector")
    position_selector = URIRef(f"{annotation}-position-selector")
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.motivatedBy, motivation))
    graph.add((annotation, OA.hasBody, body))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, text_iri(doc_id)))
    graph.add((target, OA.hasSelector, quote_selector))
    graph.add((target, OA.hasSelector, position_selector))
    graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_selector, OA.exact, Literal(exact)))
    if prefix is not None:
        graph.add((quote_selector, OA.prefix, Literal(prefix)))
    if suffix is not None:
        graph.add((quote_selector, OA.suffix, Literal(suffix)))
    graph.add((position_selector, RDF.type, OA.TextPositionSelector))
    graph.add((position_selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position_selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
