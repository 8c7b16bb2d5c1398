"""Where documents agree: the same claim in several documents, and how many independent origins it has.

Two rules find the same claim, in documents that differ (one document saying a thing twice is
not corroboration):

- **claims** (``fg:SameClaimRule``): statements with the same subject, relation and object (or
  value) on days that overlap (their date qualifier, or the date they give: 14 January and 11-15
  January, or January 2004), or both undated. A dated and an undated statement are not matched:
  "opposed in 2005" does not repeat an undated "opposed".
- **figures** (``fg:CompatibleFiguresRule``): figures of the same measure, unit, place,
  population and event, on days that overlap or both undated, whose values, each hedge read as an
  interval (graph/build/conflicts.py), share a value.

Assertions of one key that all agree pairwise are one corroboration; otherwise each agreeing pair of
two documents is one (the figures that do not agree are conflicts).

Agreement is counted by **independent origins**, not by documents: an assertion rests on the works
its sentence's notes cite, and on its own document's word when no note cites one. Assertions that
rest on a common work, or one on the document of the other (a sources.csv row whose id is that
document's id), share an origin, and so on transitively. Two notes citing the same newspaper on the
same day cite one issue, whatever ids the annotators gave it. So three reports of which two cite
the same Sharq issue are "in 3 documents (2 independent origins)". Each assertion keeps its status:
a rumour repeated by three papers is still a rumour, three times.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from .conflicts import hedge_interval
from ..namespaces import FG, FGST, FGWORK, local_name
from ..access.evidence import agreement_words
from ..access.query import read_records

RULES = {"claims": FG.SameClaimRule, "figures": FG.CompatibleFiguresRule}


@dataclass(frozen=True)
class Corroboration:
    """Assertions of several documents that make one claim, and the independent origins they rest on.

    Each origin is (what it rests on, its assertions): the IRIs of the works cited, and of the documents
    whose own word an assertion is, or that a note cites.
    """

    rule: str
    assertions: tuple[str, ...]
    documents: tuple[str, ...]
    origins: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


CITED = """SELECT ?a ?doc ?work WHERE {
    VALUES ?kind { fg:Statement fg:Figure } ?a a ?kind ; fg:inDocument ?doc .
    OPTIONAL { ?a cito:citesAsEvidence ?work } }"""

STATEMENTS = """SELECT ?a ?doc ?subject ?relation ?object ?earliest ?latest WHERE {
    ?a a fg:Statement ; fg:inDocument ?doc ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object .
    OPTIONAL { ?a fg:earliest ?earliest ; fg:latest ?latest } }"""

FIGURES = """SELECT ?a ?doc ?measure ?unit ?place ?population ?event ?min ?max ?hedge ?earliest ?latest WHERE {
    ?a a fg:Figure ; fg:inDocument ?doc ; fg:measure ?measure ; fg:unit ?unit ; fg:minValue ?min ; fg:maxValue ?max .
    OPTIONAL { ?a fg:place ?place } OPTIONAL { ?a fg:population ?population } OPTIONAL { ?a fg:event ?event }
    OPTIONAL { ?a fg:approximation ?hedge } OPTIONAL { ?a fg:earliest ?earliest ; fg:latest ?latest } }"""

WORKS = """SELECT ?work ?container ?day ?document WHERE {
    ?work a fg:Work .
    OPTIONAL { ?work dcterms:isPartOf ?container ; dcterms:date ?day FILTER (DATATYPE(?day) = xsd:date) }
    OPTIONAL { ?work fg:corpusDocument ?document } }"""


def _groups(rows: list[dict], key) -> list[list[dict]]:
    """Rows with the same key, in IRI order, where the key's rows come from two documents or more."""
    grouped: dict[tuple, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["a"]):
        grouped.setdefault(key(row), []).append(row)
    return [group for group in grouped.values() if len({r["doc"] for r in group}) > 1]


def _same_days(a: dict, b: dict) -> bool:
    """Both undated, or dated on days that overlap (14 January and 11-15 January, or January 2004)."""
    if a["earliest"] is None or b["earliest"] is None:
        return a["earliest"] is b["earliest"]
    return a["earliest"] <= b["latest"] and b["earliest"] <= a["latest"]


def _agreeing(group: list[dict], agree) -> list[tuple[str, ...]]:
    """The whole group when every two of its rows agree, else each agreeing pair of two documents.

    Agreement is not transitive (11-15 January meets 14-20 January, which meets 19 January, which does
    not meet the first), so a group is one claim only when its rows agree pairwise.
    """
    pairs = [(a, b) for a, b in combinations(group, 2) if agree(a, b)]
    if len({r["doc"] for r in group}) > 1 and len(pairs) == len(group) * (len(group) - 1) // 2:
        return [tuple(r["a"] for r in group)]
    return [(a["a"], b["a"]) for a, b in pairs if a["doc"] != b["doc"]]


def match_claims(source) -> list[tuple[str, tuple[str, ...]]]:
    """(rule, assertion IRIs) for every claim two documents or more make."""
    found = []
    statements = read_records(STATEMENTS, source)
    for group in _groups(statements, lambda r: (r["subject"], r["relation"], str(r["object"]))):
        found += [("claims", members) for members in _agreeing(group, _same_days)]
    figures = read_records(FIGURES, source)
    intervals = {r["a"]: hedge_interval(r["min"], r["max"], r["hedge"] or "") for r in figures}
    figures = [r for r in figures if intervals[r["a"]] is not None]
    for group in _groups(figures, lambda r: (r["measure"], r["unit"], r["place"], r["population"], r["event"])):
        found += [("figures", members) for members in _agreeing(
            group, lambda a, b: _same_days(a, b) and intervals[a["a"]].meets(intervals[b["a"]]))]
    return sorted(found)


def _same_works(works: list[dict]) -> dict[str, str]:
    """Each work's IRI to the IRI that stands for it: one periodical's issue of one day is one work, whatever its ids."""
    first_of: dict[tuple, str] = {}
    for row in sorted(works, key=lambda r: r["work"]):
        if row["container"] and row["day"]:
            first_of.setdefault((row["container"], row["day"]), row["work"])
    return {row["work"]: first_of.get((row["container"], row["day"]), row["work"]) for row in works}


def count_origins(assertions: tuple[str, ...], rests_on: dict[str, set[str]], document_of: dict[str, str],
                  same: dict[str, str]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The independent origins of agreeing assertions: (what they rest on, the assertions), in order.

    An assertion is tied to its own document and to what it rests on (same: the work that stands
    for each work); assertions tied through any chain share an origin.
    """
    ties = nx.Graph()
    for a in assertions:
        ties.add_edge(a, document_of[a])
        ties.add_edges_from((a, same.get(node, node)) for node in rests_on[a])
    origins = []
    for component in nx.connected_components(ties):
        members = tuple(sorted(a for a in assertions if a in component))
        origins.append((tuple(sorted(set().union(*(rests_on[a] for a in members)))), members))
    return tuple(sorted(origins, key=lambda origin: origin[1]))


def find_corroborations(source) -> list[Corroboration]:
    """Every claim several documents make, with its independent origins, in a stable order."""
    matched = match_claims(source)
    if not matched:
        return []
    works = read_records(WORKS, source)
    as_document = {row["work"]: row["document"] for row in works if row["document"]}
    cited: dict[str, set[str]] = {}
    document_of: dict[str, str] = {}
    for row in read_records(CITED, source):
        document_of[row["a"]] = row["doc"]
        cited.setdefault(row["a"], set())
        if row["work"]:
            cited[row["a"]].add(as_document.get(row["work"], row["work"]))
    rests_on = {a: works_cited or {document_of[a]} for a, works_cited in cited.items()}
    same = _same_works(works)
    return [Corroboration(rule, members, tuple(sorted({document_of[a] for a in members})),
                          count_origins(members, rests_on, document_of, same)) for rule, members in matched]


def corroboration_iri(rule: str, assertions: tuple[str, ...]) -> URIRef:
    """Derived from the rule and the assertions, so rebuilding never renames a corroboration."""
    return FGST["k" + hashlib.sha256("\x1f".join((rule, *assertions)).encode("utf-8")).hexdigest()[:16]]


def _origin_name(iri: str) -> str:
    return local_name(iri) if iri.startswith(str(FGWORK)) else f"{local_name(iri)}'s own word"


def corroboration_triples(found: list[Corroboration]) -> list[tuple]:
    """The corroborations as triples: counts, the reason in words, each independent origin and what it rests on."""
    triples = []
    for c in found:
        node, count = corroboration_iri(c.rule, c.assertions), len(c.origins)
        reason = (f"{len(c.assertions)} assertions in {len(c.documents)} documents "
                  f"({', '.join(map(local_name, c.documents))}) rest on {count} independent "
                  f"origin{'s' if count != 1 else ''}: "
                  + "; ".join(" + ".join(map(_origin_name, resting)) for resting, _ in c.origins))
        triples += [(node, RDF.type, FG.Corroboration), (node, FG.matchedBy, RULES[c.rule]),
                    (node, RDFS.label, Literal(f"the same claim in {len(c.documents)} documents", lang="en")),
                    (node, FG.documentCount, Literal(len(c.documents), datatype=XSD.integer)),
                    (node, FG.originCount, Literal(count, datatype=XSD.integer)),
                    (node, FG.corroborationReason, Literal(reason, lang="en"))]
        triples += [(node, FG.agreeingAssertion, URIRef(a)) for a in c.assertions]
        for number, (resting, members) in enumerate(c.origins, 1):
            origin = URIRef(f"{node}-origin-{number}")
            triples += [(node, FG.independentOrigin, origin), (origin, RDF.type, FG.IndependentOrigin),
                        (origin, RDFS.label, Literal(f"origin {number} of {count}", lang="en"))]
            triples += [(origin, FG.restsOn, URIRef(iri)) for iri in resting]
            triples += [(origin, FG.originAssertion, URIRef(a)) for a in members]
    return triples


@dataclass(frozen=True)
class Agreeing:
    """One assertion of a recorded corroboration, as a reader checks it."""

    id: str
    document: str
    status: str
    claim: str
    quote: str


@dataclass(frozen=True)
class IndependentOrigin:
    rests_on: tuple[str, ...]
    """The works' labels, and "<document id>'s own word" for a document whose word it is (no note cites a
    source for the claim there)."""
    assertions: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    """A corroboration recorded in the built graph, for cite, the build report and the pages."""

    id: str
    found_by: str
    reason: str
    documents: tuple[str, ...]
    origins: tuple[IndependentOrigin, ...]
    assertions: tuple[Agreeing, ...]

    @property
    def summary(self) -> str:
        """'in 3 documents (2 independent origins)'."""
        return agreement_words(len(self.documents), len(self.origins))


RECORDED = """SELECT ?k ?rule ?reason ?a ?doc ?status ?claim ?quote WHERE {
    ?k a fg:Corroboration ; fg:matchedBy/skos:notation ?rule ; fg:corroborationReason ?reason ;
       fg:agreeingAssertion ?a .
    ?a fg:inDocument ?doc ; fg:status ?status ; rdfs:label ?claim ; fg:quote ?quote . }"""

RECORDED_ORIGINS = """SELECT ?k ?origin ?rests ?kind ?label ?member WHERE {
    ?k a fg:Corroboration ; fg:independentOrigin ?origin .
    ?origin fg:restsOn ?rests ; fg:originAssertion ?member .
    OPTIONAL { ?rests a fg:Work ; rdfs:label ?label } }"""


def read_agreements(source) -> list[Agreement]:
    """Every corroboration recorded in the built graph, in a stable order."""
    rows: dict[str, list[dict]] = {}
    for row in read_records(RECORDED, source):
        rows.setdefault(row["k"], []).append(row)
    origins: dict[str, dict[str, tuple[set, set]]] = {}
    for row in read_records(RECORDED_ORIGINS, source):
        rests, members = origins.setdefault(row["k"], {}).setdefault(row["origin"], (set(), set()))
        rests.add(row["label"] or f"{local_name(row['rests'])}'s own word")
        members.add(local_name(row["member"]))
    found = []
    for k, group in rows.items():
        agreeing = tuple(sorted((Agreeing(local_name(r["a"]), local_name(r["doc"]), local_name(r["status"]).lower(), r["claim"],
                                          r["quote"]) for r in group), key=lambda a: (a.document, a.id)))
        kept = tuple(sorted((IndependentOrigin(tuple(sorted(rests)), tuple(sorted(members)))
                             for rests, members in origins.get(k, {}).values()), key=lambda o: o.assertions))
        found.append(Agreement(local_name(k), group[0]["rule"], group[0]["reason"],
                               tuple(sorted({a.document for a in agreeing})), kept, agreeing))
    return sorted(found, key=lambda a: (list(RULES).index(a.found_by), a.assertions[0].document, a.assertions[0].id))


def summarize_agreements(agreements: list[Agreement]) -> dict:
    """Counts for the build report: how many claims several documents make, and on how many origins."""
    return {"total": len(agreements),
            "by_rule": {rule: sum(a.found_by == rule for a in agreements) for rule in RULES},
            "on_one_origin": sum(len(a.origins) == 1 for a in agreements)}
