"""`factiongraph rank`: the network measures of a built graph, as a ranked table.

The build stores every score as an fg:Measurement with the evidence rule its network was read
under, so ranking what the build measured is one SPARQL query on the default graph (graph.nt's triples,
read from the database made of graph.nq). Anything else (another slice: before-DATE, after-DATE,
DATE-to-DATE; or a network the build measured under another rule) is computed from the same graph's
statements with the same functions the build uses.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .centrality import METHODS
from .networks import ALL, DEFAULT_EVIDENCE, EVIDENCE_RULES, NETWORKS, TimeSlice, parse_slice
from ..errors import FactionGraphError, Problem
from ..escape import spreadsheet_cell
from ..namespaces import PREFIX_IRIS
from ..access.database import open_database
from ..build.store import rdflib_view

STORED_QUERY = """
SELECT ?rank ?id ?label ?type ?score WHERE {
    VALUES (?network ?slice ?evidence ?method) { (%s %s %s %s) }
    ?measurement a fg:Measurement ; fg:network ?network ; fg:timeSlice ?slice ; fg:evidenceRule ?evidence ;
                 fg:method ?method ;
                 fg:ofEntity ?entity ; fg:rank ?rank ; fg:score ?score .
    ?entity dcterms:identifier ?id ; rdfs:label ?label ; a ?type .
    FILTER(STRSTARTS(STR(?type), STR(fg:)) && ?rank <= %d)
    BIND(EXISTS { ?type rdfs:subClassOf* fg:Event } AS ?event)
} ORDER BY ?event ?rank ?id"""

AVAILABLE_QUERY = """
SELECT DISTINCT ?network ?slice ?evidence ?method WHERE {
    ?measurement a fg:Measurement ; fg:network ?network ; fg:timeSlice ?slice ; fg:evidenceRule ?evidence ;
                 fg:method ?method .
} ORDER BY ?network ?slice ?evidence ?method"""


@dataclass(frozen=True)
class RankRow:
    rank: int
    id: str
    label: str
    type: str
    score: Decimal


def load_ranking(graph_path: Path, network: str = "actors", time_slice: str = ALL, method: str = "betweenness",
                 top: int = 10, evidence: str = DEFAULT_EVIDENCE) -> list[RankRow]:
    """The entities ranked 1 to `top` by `method` in `network` over `time_slice`, the network read from
    the statements the evidence rule admits; from the built graph's measurements where it has them."""
    graph_path = Path(graph_path)
    if network not in NETWORKS:
        raise FactionGraphError(Problem("--network", f"there is no network {network!r}",
                                        f"use --network with one of: {', '.join(NETWORKS)}"))
    if method not in METHODS[network]:
        raise FactionGraphError(Problem("--by", f"the {network} network has no measure {method!r}",
                                        f"use --by with one of: {', '.join(METHODS[network])}"))
    if evidence not in EVIDENCE_RULES:
        raise FactionGraphError(Problem("--evidence", f"there is no evidence rule {evidence!r}",
                                        f"use --evidence with one of: {', '.join(EVIDENCE_RULES)}"))
    store = open_database(graph_path).store
    rows = _stored(store, network, time_slice, method, top, evidence)
    if rows:
        return rows
    available = [(str(s["network"].value), str(s["slice"].value), str(s["evidence"].value), str(s["method"].value))
                 for s in store.query(AVAILABLE_QUERY, prefixes=PREFIX_IRIS)]
    if not available:
        raise FactionGraphError(Problem(graph_path, "the graph holds no network measures",
                                        "rebuild it with `factiongraph build`"))
    if (network, time_slice, evidence, method) in available:
        return []
    if time_slice == ALL:
        return compute_ranking(store, network, None, method, top, evidence)
    slices = sorted({s for n, s, _, _ in available if n == network})
    if network != "actors":
        raise FactionGraphError(Problem("--slice", f"the {network} network is measured only over: {', '.join(slices)}",
                                        "time slices other than 'all' apply to the actors network"))
    try:
        chosen = parse_slice(time_slice)
    except ValueError as err:
        raise FactionGraphError(Problem("--slice", str(err), f"built slices: {', '.join(slices)}")) from err
    return compute_ranking(store, network, chosen, method, top, evidence)


def _stored(store: ox.Store, network: str, time_slice: str, method: str, top: int, evidence: str) -> list[RankRow]:
    query = STORED_QUERY % (ox.Literal(network), ox.Literal(time_slice), ox.Literal(evidence), ox.Literal(method), top)
    return [RankRow(int(s["rank"].value), s["id"].value, s["label"].value,
                    s["type"].value.rsplit("#", 1)[-1], Decimal(s["score"].value))
            for s in store.query(query, prefixes=PREFIX_IRIS)]


def compute_ranking(graph: Path | ox.Store, network: str, time_slice: TimeSlice | None, method: str, top: int,
                    evidence: str = DEFAULT_EVIDENCE) -> list[RankRow]:
    """Rank a network the build did not store (a new time slice, or another evidence rule), from the
    statements of the default graph (of a graph file, or of a store already open), with the functions the
    build uses."""
    from .analyze import analyze_network
    from .numbers import format_score
    from .networks import (admitted_ties, build_actor_event_network, build_actor_network, declared_factions,
                           project_co_participation, read_nodes, read_ties)

    graph = rdflib_view(graph if isinstance(graph, ox.Store) else open_database(graph).store)
    nodes = read_nodes(graph, evidence)
    ties = admitted_ties(read_ties(graph, nodes), evidence)
    factions = declared_factions(ties, nodes)
    if network == "actors":
        built = build_actor_network(ties, nodes, factions, time_slice)
    else:
        built = build_actor_event_network(ties, nodes, factions)
        built = project_co_participation(built) if network == "co-participation" else built
    measured = analyze_network(built, evidence)
    return [RankRow(r.rank, r.entity, nodes[r.entity].label, nodes[r.entity].type, Decimal(format_score(r.score)))
            for r in measured.ranking(method) if r.rank <= top]


def render_ranking(rows: list[RankRow], fmt: str = "table") -> str:
    """The rows as an aligned table, CSV (text cells never read as formulas) or JSON."""
    if fmt == "json":
        return json.dumps([{**asdict(r), "score": float(r.score)} for r in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["rank", "id", "label", "type", "score"])
        writer.writerows([r.rank, spreadsheet_cell(r.id), spreadsheet_cell(r.label), spreadsheet_cell(r.type), r.score]
                         for r in rows)
        return buffer.getvalue()
    table = [("rank", "label", "type", "score")] + [(str(r.rank), r.label, r.type, str(r.score)) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    line = "{0:>%d}  {1:<%d}  {2:<%d}  {3:>%d}" % tuple(widths)
    return "".join(line.format(*row).rstrip() + "\n" for row in table)
