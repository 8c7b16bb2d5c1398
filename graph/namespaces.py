"""The project's namespaces and prefix bindings, in one place."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

FG = Namespace("https://w3id.org/factiongraph/ontology#")
FGD = Namespace("https://w3id.org/factiongraph/id/")
FGDOC = Namespace("https://w3id.org/factiongraph/doc/")
FGST = Namespace("https://w3id.org/factiongraph/statement/")
FGWORK = Namespace("https://w3id.org/factiongraph/work/")
FGTIME = Namespace("https://w3id.org/factiongraph/time/")
FGM = Namespace("https://w3id.org/factiongraph/measure/")
PLOVER = Namespace("https://w3id.org/factiongraph/plover/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
SCHEMA = Namespace("https://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
    "fg": FG,
    "fgd": FGD,
    "fgdoc": FGDOC,
    "fgst": FGST,
    "fgwork": FGWORK,
    "fgtime": FGTIME,
    "fgm": FGM,
    "plover": PLOVER,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "sem": SEM,
    "prov": PROV,
    "time": TIME,
    "oa": OA,
    "cito": CITO,
    "fabio": FABIO,
    "schema": SCHEMA,
    "qudt": QUDT,
    "unit": UNIT,
    "sh": SH,
}
# The same prefixes as plain strings, the form pyoxigraph and SPARQL engines other than rdflib's take.
PREFIX_IRIS: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on graph (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, to put before a user's query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
