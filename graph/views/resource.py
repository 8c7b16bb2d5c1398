"""A page for every IRI the graph mints, so that a citation of one resolves: HTML for people, RDF for programs.

An IRI under https://w3id.org/factiongraph/ (``id/`` things, ``statement/`` assertions, ``doc/``
documents, ``work/`` cited works) is described by its own triples and those of the nodes it owns
(an assertion's Web Annotation anchor and selectors, minted as its IRI plus a suffix), read from
the default graph only, so a rumour's plain triple never appears as a fact. The page adds the
evidence `cite` gives: every assertion about the thing or resting on it, with its status, quote,
place in the text and footnotes. `factiongraph serve` answers these paths by content negotiation;
`factiongraph site` writes the same pages as files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from ..analysis.networks import EVIDENCE_RULES
from ..access.cite import look_up_iri
from ..access.evidence import Lookup
from .citation import attribution, cite_document, describe_work, where_in_text
from ..errors import FactionGraphError, Problem
from ..namespaces import PREFIX_IRIS
from ..access.prepare import sparql_iri, sparql_literal
from ..access.query import Endpoint, GraphFile, run_query

BASE = "https://w3id.org/factiongraph/"
KINDS = ("id", "statement", "doc", "work")
RESOURCE_PATH = re.compile(r"/(id|statement|doc|work)/([A-Za-z0-9_~-][A-Za-z0-9._~-]*)")
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
               "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
"""The RDF forms of a resource, by the name a ?format= link uses."""
FORMAT_NAMES = {"turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples", "rdfxml": "RDF/XML"}
OWNED_DEPTH = 3
"""How far the nodes a resource owns reach: statement -> annotation -> target -> selector."""
MAX_INCOMING = 500
"""The most links from other resources a page lists (a page on a hub stays readable)."""
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'"
"""A resource page runs no script at all."""
MAX_LABELS = 2000
"""The most IRIs one label request may ask for."""


def iri_of_path(path: str) -> str | None:
    """The IRI a server path stands for, or None.

    >>> iri_of_path("/id/guardian-council"), iri_of_path("/id/../etc")
    ('https://w3id.org/factiongraph/id/guardian-council', None)
    """
    return BASE + path[1:] if RESOURCE_PATH.fullmatch(path) else None


def path_of_iri(iri: str) -> str | None:
    """The path of a minted IRI on the server (/id/...), or None for any other IRI."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) and RESOURCE_PATH.fullmatch("/" + iri[len(BASE):]) else None


def chosen_format(accept: str | None, asked: str | None) -> str | None:
    """'html' or an RDF_FORMATS name for a request: ?format= first, then Accept in order of preference
    (Turtle for */* or no Accept); None when nothing acceptable can be given.

    >>> chosen_format("text/html,*/*;q=0.8", None), chosen_format("application/ld+json", None)
    ('html', 'jsonld')
    >>> chosen_format(None, "ntriples"), chosen_format("image/png", None)
    ('ntriples', None)
    """
    if asked is not None:
        return asked if asked in RDF_FORMATS or asked == "html" else None
    by_type = {f.media_type: name for name, f in RDF_FORMATS.items()} | {"text/html": "html",
                                                                          "application/xhtml+xml": "html"}
    offered = []
    for position, part in enumerate((accept or "*/*").split(",")):
        media_type, *parameters = [piece.strip().lower() for piece in part.split(";")]
        weight = next((float(p[2:]) for p in parameters if p.startswith("q=") and _number(p[2:])), 1.0)
        offered.append((-weight, position, media_type))
    for weight, _, media_type in sorted(offered):
        if weight == 0:
            continue
        if media_type in by_type:
            return by_type[media_type]
        if media_type in ("*/*", "text/*", "application/*"):
            return "turtle"
    return None


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def description_query(iri: str) -> str:
    """CONSTRUCT the resource's own triples and those of the nodes it owns (IRIs that extend its own)."""
    term, stem = sparql_iri(iri), sparql_literal(iri + "-")
    branches = [f"{{ BIND({term} AS ?s) ?s ?p ?o }}"]
    for depth in range(1, OWNED_DEPTH + 1):
        path = " . ".join(f"?s{n - 1} ?l{n} ?s{n} FILTER(STRSTARTS(STR(?s{n}), {stem}))" for n in range(1, depth + 1))
        branches.append(f"{{ BIND({term} AS ?s0) {path} ?s{depth} ?p ?o BIND(?s{depth} AS ?s) }}")
    return "CONSTRUCT { ?s ?p ?o } WHERE { " + " UNION ".join(branches) + " }"


@dataclass(frozen=True)
class Resource:
    """What the graph holds on one IRI: its triples, the links to it, the labels of every IRI in them,
    and the evidence `cite` gives for it."""

    iri: str
    triples: tuple[ox.Triple, ...]
    incoming: tuple[tuple[str, str], ...]
    labels: dict[str, str]
    evidence: Lookup
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Measure:
    """One network measure of a thing, with the evidence rule and time slice its network was read under."""

    network: str
    evidence: str
    time_slice: str
    method: str
    score: str
    rank: int


def read_measures(iri: str, source: GraphFile | Endpoint) -> tuple[Measure, ...]:
    """The thing's centralities in every network it is part of (the build's fg:Measurement nodes)."""
    rows = run_query(f"""SELECT ?network ?rule ?slice ?method ?score ?rank WHERE {{
        ?m fg:ofEntity {sparql_iri(iri)} ; fg:network ?network ; fg:evidenceRule ?rule ; fg:timeSlice ?slice ;
           fg:method ?method ; fg:score ?score ; fg:rank ?rank }}""", source).rows
    found = [Measure(*(t.value for t in row[:5]), int(row[5].value)) for row in rows]
    rules = {rule: i for i, rule in enumerate(EVIDENCE_RULES)}  # the facts first, the widest rule last
    return tuple(sorted(found, key=lambda m: (m.network, rules.get(m.evidence, len(rules)), m.evidence,
                                              m.time_slice, m.method)))


def read_labels(iris, source: GraphFile | Endpoint) -> dict[str, str]:
    """One label for each IRI that has one (the English one if there is), every IRI checked by Oxigraph."""
    if not isinstance(iris, (list, set, tuple)) or len(iris) > MAX_LABELS or not all(isinstance(i, str) for i in iris):
        raise FactionGraphError(Problem("<labels>", "the request is not a list of IRIs",
                                        f"send a JSON list of at most {MAX_LABELS} IRI strings"))
    if not iris:
        return {}
    values = " ".join(sparql_iri(iri) for iri in sorted(set(iris)))
    result = run_query("SELECT ?iri (MIN(?en) AS ?english) (MIN(?any) AS ?other) WHERE { VALUES ?iri { " + values +
                       " } ?iri rdfs:label ?any . OPTIONAL { ?iri rdfs:label ?en FILTER(langMatches(lang(?en), 'en')) } }"
                       " GROUP BY ?iri", source)
    return {row[0].value: (row[1] or row[2]).value for row in result.rows}


def read_resource(iri: str, source: GraphFile | Endpoint) -> Resource | None:
    """The resource, or None when the graph says nothing about that IRI."""
    triples = tuple(sorted(run_query(description_query(iri), source).triples, key=str))
    incoming = tuple((row[0].value, row[1].value) for row in run_query(
        f"SELECT ?s ?p WHERE {{ ?s ?p {sparql_iri(iri)} FILTER(!STRSTARTS(STR(?s), \"{BASE}statement/\") && "
        f"!STRSTARTS(STR(?s), \"{BASE}measure/\")) }} "
        f"ORDER BY ?p ?s LIMIT {MAX_INCOMING}", source).rows)
    if not triples and not incoming:
        return None
    named = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
             if isinstance(t, ox.NamedNode)} | {iri for link in incoming for iri in link}
    labels = {}
    for chunk in _chunks(sorted(named), MAX_LABELS):
        labels |= read_labels(chunk, source)
    return Resource(iri, triples, incoming, labels, look_up_iri(iri, source), read_measures(iri, source))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def render_rdf(resource: Resource, fmt: str) -> bytes:
    """The resource's triples in one RDF format, with the project's prefixes where the format has them."""
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format not in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(resource.triples, format=rdf_format) or b""
    iris = {t.value for triple in resource.triples for t in triple if isinstance(t, ox.NamedNode)}
    used = {p: ns for p, ns in PREFIX_IRIS.items() if any(iri.startswith(ns) for iri in iris)}
    return ox.serialize(resource.triples, format=rdf_format, prefixes=used) or b""


def compact(iri: str) -> str:
    """An IRI with the longest project prefix that fits, or whole.

    >>> compact("https://w3id.org/factiongraph/id/khatami"), compact("http://example.org/x")
    ('fgd:khatami', 'http://example.org/x')
    """
    fitting = [(len(ns), p) for p, ns in PREFIX_IRIS.items() if iri.startswith(ns) and
               re.fullmatch(r"[\w.-]*", iri[len(ns):])]
    if not fitting:
        return iri
    prefix = max(fitting)[1]
    return f"{prefix}:{iri[len(PREFIX_IRIS[prefix]):]}"


@cache
def page_environment() -> Environment:
    """The templates of the pages the server and the site give (query page, resource pages, site index)."""
    environment = Environment(loader=PackageLoader("graph.views", "templates"), autoescape=select_autoescape(["html"]),
                              keep_trailing_newline=True)
    environment.filters |= {"compact": compact, "work": describe_work, "cite_document": cite_document}
    return environment


def render_page(resource: Resource, link: Callable[[str], str | None], home: str,
                format_link: Callable[[str], str]) -> bytes:
    """The resource's page: label, kind, description, the evidence, its properties and what links to it.

    link gives the address of another minted IRI's page (None: not linked), home the query page or
    index, format_link the address of this resource in an RDF format."""
    subject = ox.NamedNode(resource.iri)
    own = [t for t in resource.triples if t.subject == subject]
    single = {str(t.predicate.value): t.object for t in own}
    label = resource.labels.get(resource.iri) or compact(resource.iri)
    description = single.get("http://purl.org/dc/terms/description")
    types = [t.object.value for t in own if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
    evidence = resource.evidence

    def term(t) -> dict:
        if isinstance(t, ox.NamedNode):
            return {"iri": t.value, "label": resource.labels.get(t.value, ""), "href": link(t.value),
                    "short": compact(t.value)}
        if isinstance(t, ox.Literal):
            datatype = compact(t.datatype.value) if t.datatype and not t.language else ""
            return {"text": t.value, "language": t.language or "",
                    "datatype": "" if datatype in ("xsd:string", "rdf:langString") else datatype}
        return {"text": str(t)}

    properties = [{"predicate": term(t.predicate), "object": term(t.object)} for t in own]
    owned = [{"subject": term(t.subject), "predicate": term(t.predicate), "object": term(t.object)}
             for t in resource.triples if t.subject != subject]
    incoming = [{"subject": term(ox.NamedNode(s)), "predicate": term(ox.NamedNode(p))} for s, p in resource.incoming]
    claims = [{"assertion": a, "href": None if BASE + "statement/" + a.id == resource.iri else link(BASE + "statement/" + a.id),
               "attribution": attribution(a.status, a.attributed_to),
               "where": where_in_text(a, evidence.documents.get(a.document)),
               "notes": [evidence.footnotes[(a.document, n)] for n in a.footnotes
                         if (a.document, n) in evidence.footnotes],
               "conflicts": [{"id": c, "href": link(BASE + "statement/" + c)} for c in a.conflicts_with]}
              for a in evidence.assertions]
    return page_environment().get_template("resource.html").render(
        iri=resource.iri, label=label, description=description.value if description else "",
        types=[term(ox.NamedNode(t)) for t in types], claims=claims, works=evidence.works,
        documents=sorted(evidence.documents.values(), key=lambda d: d.id), properties=properties,
        owned=owned, incoming=incoming, home=home, measures=resource.measures, is_assertion=[a.id for a in evidence.assertions] == [resource.iri[len(BASE + "statement/"):]], capped=len(resource.incoming) == MAX_INCOMING,
        formats=[(FORMAT_NAMES[name], format_link(name)) for name in RDF_FORMATS]).encode("utf-8")
