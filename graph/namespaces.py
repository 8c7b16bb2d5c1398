"""The project's namespaces and prefix bindings, in one place."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, ClosedNamespace

FG_IRI = "https://w3id.org/factiongraph/ontology#"


def _ontology_terms() -> list[str]:
    """The local names of every fg: term the shipped ontology (PLOVER's vocabulary included) defines."""
    folder, graph = resources.files("graph.ontology"), Graph()
    for name in ("factiongraph.ttl", "plover.ttl"):
        graph.parse(data=folder.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return sorted({str(s).removeprefix(FG_IRI) for s in graph.subjects()
                   if isinstance(s, URIRef) and str(s).startswith(FG_IRI)})


def local_name(iri) -> str:
    """An IRI's last segment, after its last '/' or '#': the id a reader types (``fgd:guardian-council``
    -> ``guardian-council``, ``fg:Stated`` -> ``Stated``)."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


FG_TERMS = frozenset(_ontology_terms())
# Closed: FG.statmentOf raises AttributeError instead of minting an IRI no ontology defines.
FG = ClosedNamespace(FG_IRI, sorted(FG_TERMS))
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
