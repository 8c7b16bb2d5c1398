"""Back into the graph: each score as an fg:Measurement and each camp as an fg:Camp, so SPARQL can ask for them."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..namespaces import FG, FGD, FGM
from .analyze import Analysis, NetworkAnalysis
from .networks import ALL, DEFAULT_EVIDENCE
from .numbers import format_score


def rule_slug(evidence: str) -> str:
    """The evidence rule as it stands in an IRI: 'facts+reported' -> 'facts-reported'."""
    return evidence.replace("+", "-")


def measurement_iri(network: str, time_slice: str, method: str, entity: str,
                    evidence: str = DEFAULT_EVIDENCE) -> URIRef:
    return FGM[f"{rule_slug(evidence)}-{network}-{time_slice}-{method}-{entity}"]


def camp_iri(index: int, evidence: str = DEFAULT_EVIDENCE) -> URIRef:
    return FGM[f"{rule_slug(evidence)}-actors-{ALL}-camp-{index + 1}"]


@cache
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


@cache
def _decimal(value: float) -> Literal:
    return Literal(Decimal(format_score(value)), datatype=XSD.decimal)


def _network_measurements(measured: NetworkAnalysis) -> Iterator[tuple]:
    network, time_slice, evidence = Literal(measured.name), Literal(measured.time_slice), Literal(measured.evidence)
    for method in measured.scores:
        method_literal = Literal(method)
        for ranked in measured.ranking(method):
            node = measurement_iri(measured.name, measured.time_slice, method, ranked.entity, measured.evidence)
            yield node, RDF.type, FG.Measurement
            yield node, FG.ofEntity, FGD[ranked.entity]
            yield node, FG.network, network
            yield node, FG.timeSlice, time_slice
            yield node, FG.evidenceRule, evidence
            yield node, FG.method, method_literal
            yield node, FG.score, _decimal(ranked.score)
            yield node, FG.rank, _integer(ranked.rank)


def _camps(camps: tuple[frozenset[str], ...], names: tuple[str, ...], evidence: str) -> Iterator[tuple]:
    for index, camp in enumerate(camps):
        node = camp_iri(index, evidence)
        yield node, RDF.type, FG.Camp
        yield node, RDFS.label, Literal(names[index], lang="en")
        yield node, FG.network, Literal("actors")
        yield node, FG.timeSlice, Literal(ALL)
        yield node, FG.evidenceRule, Literal(evidence)
        for actor in sorted(camp):
            yield node, FG.campMember, FGD[actor]


def measurement_triples(analysis: Analysis) -> Iterator[tuple]:
    """Each score as an fg:Measurement (entity, network, slice, evidence rule, method, score, rank) and
    each camp found as an fg:Camp, so SPARQL can ask for the most central actors of any kind: every
    network under the analysis's rule, and the whole-period actor network under each other rule."""
    for measured in analysis.networks:
        yield from _network_measurements(measured)
    yield from _camps(analysis.camps, analysis.camp_names, analysis.evidence)
    for reading in analysis.readings:
        if reading.evidence != analysis.evidence:
            yield from _network_measurements(reading.measured)
            yield from _camps(reading.camps, reading.camp_names, reading.evidence)
