"""Dates into the graph: the most precise standard literal for each, and OWL-Time entities."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD

from ..namespaces import FG
from ..sources.records import DateValue
from .iris import time_iri

PRECISION = {"day": FG.Day, "month": FG.Month, "year": FG.Year, "range": FG.Range}


def date_literal(value: DateValue) -> Literal:
    """The most precise standard literal for a date: xsd:date, gYearMonth, gYear, or the range text."""
    if value.precision == "day":
        return Literal(value.earliest.isoformat(), datatype=XSD.date)
    if value.precision == "month":
        return Literal(value.text, datatype=XSD.gYearMonth)
    if value.precision == "year":
        return Literal(value.text, datatype=XSD.gYear)
    return Literal(value.text)


def xsd_date(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def add_time(graph: Graph, value: DateValue) -> URIRef:
    """An OWL-Time entity for a date, shared by everything dated alike."""
    node = time_iri(value.text)
    graph.add((node, RDFS.label, Literal(value.text)))
    graph.add((node, FG.earliest, xsd_date(value.earliest)))
    graph.add((node, FG.latest, xsd_date(value.latest)))
    graph.add((node, FG.datePrecision, PRECISION[value.precision]))
    if value.precision == "day":
        graph.add((node, RDF.type, TIME.Instant))
        graph.add((node, TIME.inXSDDate, xsd_date(value.earliest)))
    elif value.precision == "range":
        graph.add((node, RDF.type, TIME.ProperInterval))
        start, end = value.bounds
        graph.add((node, TIME.hasBeginning, add_time(graph, start)))
        graph.add((node, TIME.hasEnd, add_time(graph, end)))
    else:
        graph.add((node, RDF.type, TIME.ProperInterval))
        prop = TIME.inXSDgYearMonth if value.precision == "month" else TIME.inXSDgYear
        graph.add((node, prop, date_literal(value)))
    return node
