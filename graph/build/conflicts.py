"""Where the graph contradicts itself: the conflicts annotators labelled, and those three rules find.

Every rule reads the built graph (a store, the built files or an endpoint) and compares two
assertions, in one document or in two; a conflict found is recorded as a ``fg:Conflict`` naming
both sides and how it was found (``fg:foundBy``), and the two sides are linked by
``fg:conflictsWith``. Nothing is resolved: both sides stay, each with its quote and status.

- **figures** (``fg:FigureIntervalRule``): two figures of the same measure and unit, with the same
  place, population and event (each given on both or on neither, and one of population and event
  given), at dates that overlap (or undated), conflict when their values, each hedge read as an
  interval, share no value. A count of one population is never compared with a count of another.
  For a value x (a range a-b: from a to b):

  =====================================================  ==============================
  hedge                                                  interval
  =====================================================  ==============================
  none (exact)                                           [x, x] (a range: [a, b])
  about, around, roughly, approximately, some, circa     [0.9 x, 1.1 x]
  nearly, almost, close to                               [0.9 x, x]
  more than, above, over                                 (x, infinity)
  at least                                               [x, infinity)
  less than, under, below, fewer than                    [0, x)
  at most, at best, up to, no more than                  [0, x]
  =====================================================  ==============================

  A figure with any other hedge is not compared. So "more than 3,000" (3000, inf) and
  "about 4,100" [3690, 4510] agree; "about 2,500" [2250, 2750] and "nearly 4,100" [3690, 4100] do not.
- **signs** (``fg:OppositeSignRule``): two statements of two documents on the same subject and object
  whose relations have opposite signs (the ontology's ``fg:sign``: ``supports`` +1, ``rejects`` -1),
  unless both are dated and their dates do not overlap (a stance may change). Within one document
  the text itself sets out a change of stance or a mixed one, so the rule compares documents only.
- **dates** (``fg:EventDateRule``): two statements of the same date relation (``date``,
  ``startDate`` or ``endDate``) of the same entity whose dates, read as the days they span (a day, a
  month, a year or a range), do not overlap: 14 January 2004 and 11-15 January 2004 agree, 11 and
  12 January do not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import FactionGraphError, Problem
from ..escape import markdown_code, markdown_text
from ..namespaces import FG, FGST, local_name
from ..access.query import read_records

FORMATS = ("text", "json", "md")
RULES = {"annotated": FG.AnnotatedConflict, "figures": FG.FigureIntervalRule, "signs": FG.OppositeSignRule,
         "dates": FG.EventDateRule}
NEAR = Decimal("0.1")
HEDGES = {**dict.fromkeys(("about", "around", "roughly", "approximately", "some", "circa"), "about"),
          **dict.fromkeys(("nearly", "almost", "close to"), "nearly"),
          **dict.fromkeys(("more than", "above", "over"), "more than"),
          "at least": "at least",
          **dict.fromkeys(("less than", "under", "below", "fewer than"), "less than"),
          **dict.fromkeys(("at most", "at best", "up to", "no more than"), "at most")}
"""Each hedge of figures.csv's approximation column, by the interval it is read as (see the docstring)."""


@dataclass(frozen=True)
class Interval:
    """The values a hedged figure allows; an open end excludes its bound, None is no bound."""

    low: Decimal
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both."""
        low, low_open = max((self.low, self.low_open), (other.low, other.low_open))
        highs = [(i.high, not i.high_open) for i in (self, other) if i.high is not None]
        if not highs:
            return True
        high, high_closed = min(highs)
        return low < high or (low == high and not low_open and high_closed)

    def __str__(self) -> str:
        high = "inf" if self.high is None else _number(self.high)
        return f"{'(' if self.low_open else '['}{_number(self.low)}, {high}{')' if self.high_open or self.high is None else ']'}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def hedge_interval(minimum: Decimal, maximum: Decimal, hedge: str) -> Interval | None:
    """The interval a figure's value allows under its hedge; None for a hedge with no reading.

    >>> str(hedge_interval(Decimal(2500), Decimal(2500), "about")), str(hedge_interval(Decimal(3000), Decimal(3000), "more than"))
    ('[2250, 2750]', '(3000, inf)')
    """
    reading = HEDGES.get(hedge.strip().lower()) if hedge else "exact"
    if reading == "exact":
        return Interval(minimum, maximum)
    if reading == "about":
        return Interval(minimum * (1 - NEAR), maximum * (1 + NEAR))
    if reading == "nearly":
        return Interval(minimum * (1 - NEAR), maximum)
    if reading == "more than":
        return Interval(minimum, None, low_open=True)
    if reading == "at least":
        return Interval(minimum, None)
    if reading == "less than":
        return Interval(Decimal(0), maximum, high_open=True)
    if reading == "at most":
        return Interval(Decimal(0), maximum)
    return None


@dataclass(frozen=True)
class Side:
    """One side of a conflict, as a reader checks it."""

    id: str
    document: str
    claim: str
    quote: str
    status: str


@dataclass(frozen=True)
class Conflict:
    """Two assertions that cannot both hold, how that was found, and why."""

    found_by: str
    reason: str
    first: Side
    second: Side

    @property
    def across_documents(self) -> bool:
        return self.first.document != self.second.document


def _overlap(a: dict, b: dict) -> bool:
    """Whether the dates of two assertions overlap; an undated one overlaps everything."""
    if a["earliest"] is None or b["earliest"] is None:
        return True
    return a["earliest"] <= b["latest"] and b["earliest"] <= a["latest"]


def _pairs(rows: list[dict], key) -> list[tuple[dict, dict]]:
    """Every two rows with the same key, each pair once, in IRI order."""
    groups: dict[tuple, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["a"]):
        groups.setdefault(key(row), []).append(row)
    return [pair for group in groups.values() for pair in combinations(group, 2)]


FIGURES = """SELECT ?a ?measure ?unit ?place ?population ?event ?min ?max ?hedge ?earliest ?latest WHERE {
    ?a a fg:Figure ; fg:measure ?measure ; fg:unit ?unit ; fg:minValue ?min ; fg:maxValue ?max .
    OPTIONAL { ?a fg:place ?place } OPTIONAL { ?a fg:population ?population } OPTIONAL { ?a fg:event ?event }
    OPTIONAL { ?a fg:approximation ?hedge } OPTIONAL { ?a fg:earliest ?earliest ; fg:latest ?latest }
    FILTER (BOUND(?population) || BOUND(?event)) }"""


def _figure_text(row: dict) -> str:
    value = _number(row["min"]) if row["min"] == row["max"] else f"{_number(row['min'])}-{_number(row['max'])}"
    return f"{row['hedge']} {value}" if row["hedge"] else value


def detect_figure_conflicts(source) -> list[tuple[str, str, str]]:
    """(first, second, reason) for figures of one measure, population, event and place that cannot both hold."""
    rows = read_records(FIGURES, source)
    found = []
    for a, b in _pairs(rows, lambda r: (r["measure"], r["unit"], r["place"], r["population"], r["event"])):
        first, second = (hedge_interval(r["min"], r["max"], r["hedge"] or "") for r in (a, b))
        if first is None or second is None or not _overlap(a, b) or first.meets(second):
            continue
        found.append((a["a"], b["a"], f"{a['measure']}: {_figure_text(a)} reads {first}, {_figure_text(b)} reads "
                                      f"{second}; no value is in both"))
    return found


SIGNED = """SELECT ?a ?doc ?subject ?relation ?object ?sign ?earliest ?latest WHERE {
    ?a a fg:Statement ; fg:inDocument ?doc ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object .
    ?relation fg:sign ?sign . FILTER (?sign != 0 && isIRI(?object))
    OPTIONAL { ?a fg:earliest ?earliest ; fg:latest ?latest } }"""


def detect_sign_conflicts(source) -> list[tuple[str, str, str]]:
    """(first, second, reason) for relations of opposite signs on the same subject and object, in two documents.

    Within one document the text sets out both stances itself: allies that once fought, a communiqué
    that supports the deputies and blames them (the article: 4 such pairs, none a contradiction).
    """
    found = []
    for a, b in _pairs(read_records(SIGNED, source), lambda r: (r["subject"], r["object"])):
        if a["doc"] != b["doc"] and a["sign"] * b["sign"] < 0 and _overlap(a, b):
            found.append((a["a"], b["a"], f"{local_name(a['relation'])} ({a['sign']:+d}) and {local_name(b['relation'])} "
                                          f"({b['sign']:+d}) of {local_name(a['subject'])} on {local_name(a['object'])}"))
    return found


DATED = """SELECT ?a ?subject ?relation ?value ?earliest ?latest WHERE {
    VALUES ?relation { fg:date fg:startDate fg:endDate }
    ?a a fg:Statement ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?value ;
       fg:earliest ?earliest ; fg:latest ?latest . }"""


def detect_date_conflicts(source) -> list[tuple[str, str, str]]:
    """(first, second, reason) for the same date relation of one entity on days that do not overlap."""
    found = []
    for a, b in _pairs(read_records(DATED, source), lambda r: (r["subject"], r["relation"])):
        if not _overlap(a, b):
            found.append((a["a"], b["a"], f"{local_name(a['relation'])} of {local_name(a['subject'])}: {a['value']} "
                                          f"and {b['value']} do not overlap"))
    return found


ANNOTATED = """SELECT ?a ?b ?group WHERE {
    ?a fg:conflictGroup ?group ; fg:conflictsWith ?b . ?b fg:conflictGroup ?group . FILTER (STR(?a) < STR(?b)) }"""


def find_conflicts(source) -> list[tuple[str, str, str, str]]:
    """(rule, first, second, reason) for every conflict: the annotated pairs, then each rule's finds."""
    found = [("annotated", r["a"], r["b"], f"both carry the conflict label {r['group']!r}")
             for r in read_records(ANNOTATED, source)]
    for rule, detect in (("figures", detect_figure_conflicts), ("signs", detect_sign_conflicts),
                         ("dates", detect_date_conflicts)):
        found += [(rule, a, b, reason) for a, b, reason in detect(source)]
    return sorted(found)


def conflict_iri(rule: str, first: str, second: str) -> URIRef:
    """Derived from the rule and the two sides, so rebuilding never renames a conflict."""
    return FGST["c" + hashlib.sha256("\x1f".join((rule, first, second)).encode("utf-8")).hexdigest()[:16]]


def conflict_triples(found: list[tuple[str, str, str, str]]) -> list[tuple]:
    """The conflicts as triples: a fg:Conflict per pair and way found, and fg:conflictsWith both ways."""
    triples = []
    for rule, first, second, reason in found:
        node, a, b = conflict_iri(rule, first, second), URIRef(first), URIRef(second)
        triples += [(node, RDF.type, FG.Conflict), (node, FG.foundBy, RULES[rule]),
                    (node, FG.conflictSide, a), (node, FG.conflictSide, b),
                    (node, RDFS.label, Literal(f"conflict between {local_name(first)} and {local_name(second)}", lang="en")),
                    (node, FG.conflictReason, Literal(reason, lang="en")),
                    (a, FG.conflictsWith, b), (b, FG.conflictsWith, a)]
    return triples


RECORDED = """SELECT ?c ?rule ?reason ?side ?doc ?claim ?quote ?status WHERE {
    ?c a fg:Conflict ; fg:foundBy/skos:notation ?rule ; fg:conflictReason ?reason ; fg:conflictSide ?side .
    ?side fg:inDocument ?doc ; rdfs:label ?claim ; fg:quote ?quote ; fg:status ?status . }"""


def read_conflicts(source, document: str | None = None) -> list[Conflict]:
    """Every conflict recorded in the built graph (those of one document, if given), in a stable order."""
    sides: dict[str, list[dict]] = {}
    for row in read_records(RECORDED, source):
        sides.setdefault(row["c"], []).append(row)
    if document is not None and document not in _documents(source):
        raise FactionGraphError(Problem(None, f"no document {document!r}",
                                        f"the documents are: {', '.join(sorted(_documents(source)))}"))
    conflicts = []
    for rows in sides.values():
        first, second = sorted((Side(local_name(r["side"]), local_name(r["doc"]), r["claim"], r["quote"],
                                     local_name(r["status"]).lower()) for r in rows), key=lambda s: (s.document, s.id))
        if document is None or document in (first.document, second.document):
            conflicts.append(Conflict(rows[0]["rule"], rows[0]["reason"], first, second))
    return sorted(conflicts, key=lambda c: (list(RULES).index(c.found_by), c.first.document, c.first.id, c.second.id))


def _documents(source) -> set[str]:
    return {local_name(r["doc"]) for r in read_records("SELECT ?doc WHERE { ?doc a fg:Document }", source)}


def summarize_conflicts(conflicts: list[Conflict]) -> dict:
    """Counts for the build report: by how found, and how many pair two documents."""
    return {"total": len(conflicts), "across_documents": sum(c.across_documents for c in conflicts),
            "by_way_found": {rule: sum(c.found_by == rule for c in conflicts) for rule in RULES}}


def render_text(conflicts: list[Conflict]) -> str:
    count = len(conflicts)
    lines = [f"{count} conflict{'s' if count != 1 else ''} (both sides kept)", ""]
    for i, c in enumerate(conflicts, 1):
        lines += [f"[{i}] {c.found_by}{' (across documents)' if c.across_documents else ''}: {c.reason}"]
        for side in (c.first, c.second):
            lines += [f"    {side.document} {side.id} ({side.status}): {side.claim}", f"      “{side.quote}”"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_markdown(conflicts: list[Conflict]) -> str:
    """The conflicts as Markdown; every text from the graph is escaped (graph.escape)."""
    lines = ["# Conflicts", "", f"{len(conflicts)} conflicts; both sides of each are kept.", ""]
    for c in conflicts:
        where = " (across documents)" if c.across_documents else ""
        lines += [f"## {markdown_text(c.found_by)}{where}: {markdown_text(c.reason)}", ""]
        for side in (c.first, c.second):
            lines.append(f"- {markdown_code(side.document)} {markdown_code(side.id)} ({markdown_text(side.status)}): "
                         f"{markdown_text(side.claim)}, “{markdown_text(side.quote)}”")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_json(conflicts: list[Conflict]) -> str:
    data = [asdict(c) | {"across_documents": c.across_documents} for c in conflicts]
    return json.dumps({"conflicts": data}, indent=2, ensure_ascii=False) + "\n"


def render_conflicts(conflicts: list[Conflict], fmt: str = "text") -> str:
    if fmt not in FORMATS:
        raise FactionGraphError(Problem("--format", f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}"))
    return {"text": render_text, "json": render_json, "md": render_markdown}[fmt](conflicts)

