"""The build report: what went into the graph, counted, and whether it validated."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from rdflib.namespace import RDFS

from ..sources.records import Corpus, Document
from ..build.assertions import claim_triple
from ..build.layers import layer_of
from ..build.conflicts import Conflict, summarize_conflicts
from ..build.corroboration import Agreement, summarize_agreements
from ..escape import markdown_code, markdown_text
from ..namespaces import FG
from ..build.validate import ValidationReport
from ..sources.vocabulary import load_ontology


def event_types() -> frozenset[str]:
    """Local names of fg:Event and its subclasses."""
    graph = load_ontology()
    return frozenset(str(c).removeprefix(str(FG)) for c in graph.transitive_subjects(RDFS.subClassOf, FG.Event))


def summarize_claims(documents: list[Document]) -> dict:
    """The distinct claims (plain triples a statement asserts), how many are plain facts, and, for those
    that are statements only, the statuses they rest on ('prediction+reported': both, never stated)."""
    statuses: dict[tuple, set[str]] = {}
    plain = set()
    for document in documents:
        for statement in document.statements:
            claim = claim_triple(statement)
            statuses.setdefault(claim, set()).add(statement.evidence.status)
            if layer_of(statement.evidence, document) == "facts":
                plain.add(claim)
    weak = Counter("+".join(sorted(found)) for claim, found in statuses.items() if claim not in plain)
    return {"distinct": len(statuses), "plain": len(plain),
            "statements_only_by_status": dict(sorted(weak.items(), key=lambda item: (-item[1], item[0])))}


def summarize_build(corpus: Corpus, triples: int, validation: ValidationReport,
                    conflicts: list[Conflict] | tuple = (), agreements: list[Agreement] | tuple = ()) -> dict:
    """Counts a reader checks first: entities, events, assertions, anchors, footnotes, SHACL; every
    conflict recorded (labelled or found by rule), both sides named; every claim several documents
    make, with its independent origins."""
    events = event_types()
    types = Counter(e.type for e in corpus.entities.values())
    documents = []
    for doc in corpus.documents:
        assertions = [s.evidence for s in doc.statements] + [f.evidence for f in doc.figures]
        cited = {n for e in assertions for n in e.anchor.cited_notes} | {
            e.anchor.footnote for e in assertions if e.anchor.footnote}
        documents.append({
            "id": doc.id,
            "title": doc.metadata["title"],
            "sections": len(doc.source.sections),
            "paragraphs": len(doc.source.paragraphs),
            "footnotes": len(doc.source.footnotes),
            "footnotes_linked_to_assertions": len(cited),
            "footnotes_without_assertion": sorted({n.number for n in doc.source.footnotes} - cited),
            "cited_works": len(doc.works),
            "statements": len(doc.statements),
            "figures": len(doc.figures),
            "quotes_anchored": len(assertions),
            "statements_by_status": dict(sorted(Counter(e.status for e in assertions).items())),
            "statements_by_layer": dict(sorted(Counter(layer_of(s.evidence, doc) for s in doc.statements).items())),
            "figures_by_layer": dict(sorted(Counter(layer_of(f.evidence, doc) for f in doc.figures).items())),
            "claims": summarize_claims([doc]),
            "conflict_groups": len({e.conflict for e in assertions if e.conflict}),
        })
    return {
        "triples": triples,
        "entities": len(corpus.entities),
        "events": sum(n for t, n in types.items() if t in events),
        "actors_and_other_entities": sum(n for t, n in types.items() if t not in events),
        "entities_by_type": dict(sorted(types.items())),
        "events_with_cameo_code": sum(1 for e in corpus.entities.values() if e.cameo),
        "claims": summarize_claims(corpus.documents),
        "documents": documents,
        "shacl": {"conforms": validation.conforms, "violations": len(validation.violations)},
        "conflicts": summarize_conflicts(list(conflicts)) | {"conflicts": [asdict(c) for c in conflicts]},
        "corroborations": summarize_agreements(list(agreements))
        | {"corroborations": [asdict(a) | {"summary": a.summary} for a in agreements]},
    }


LISTED_DOCUMENTS = 5


def render_build_line(summary: dict, seconds: float) -> str:
    """What the build made, in one line: each document's counts for a few documents; for more, the
    totals and the time taken (a line naming 3,000 documents is read by no one).

    >>> docs = [{"id": f"d{n}", "statements": 2, "figures": 1} for n in range(6)]
    >>> render_build_line({"triples": 90, "entities": 4, "events": 1, "documents": docs[:1]}, 0.5)
    'built 90 triples: 4 entities (1 event), 2 statements and 1 figure from d0'
    >>> render_build_line({"triples": 90, "entities": 4, "events": 1, "documents": docs}, 75.04)
    'built 90 triples in 75.0 s: 4 entities (1 event), 12 statements and 6 figures from 6 documents'
    """
    documents = summary["documents"]
    counts = f"{_counted(summary['entities'], 'entity', 'entities')} ({_counted(summary['events'], 'event')}), "
    if len(documents) <= LISTED_DOCUMENTS:
        return f"built {summary['triples']} triples: " + counts + ", ".join(
            f"{_counted(d['statements'], 'statement')} and {_counted(d['figures'], 'figure')} from {d['id']}"
            for d in documents)
    statements = sum(d["statements"] for d in documents)
    figures = sum(d["figures"] for d in documents)
    return (f"built {summary['triples']} triples in {seconds:.1f} s: " + counts
            + f"{_counted(statements, 'statement')} and {_counted(figures, 'figure')} from {len(documents)} documents")


def render_cache_line(found: int, used: int, read: bool) -> str:
    """What the build took from the build cache: pieces are its documents' triples and its analysis.

    >>> render_cache_line(59, 61, True)
    'build cache: took 59 of 61 pieces (documents, analysis) from earlier builds; --clean makes them all again'
    >>> render_cache_line(0, 61, False)
    'build cache: not read (--clean); kept 61 pieces for the next build'
    """
    if not read:
        return f"build cache: not read (--clean); kept {_counted(used, 'piece')} for the next build"
    return (f"build cache: took {found} of {_counted(used, 'piece')} (documents, analysis) from earlier builds; "
            "--clean makes them all again")


def _counted(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def render_report_json(summary: dict) -> bytes:
    return (json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _claims_line(claims: dict) -> str:
    weak = ", ".join(f"{count} {markdown_text(status)}" for status, count in claims["statements_only_by_status"].items())
    return (f"- distinct claims: {claims['distinct']}, {claims['plain']} of them plain facts; "
            f"{claims['distinct'] - claims['plain']} statements only" + (f" ({weak})" if weak else ""))


def _counts(counts: dict) -> str:
    return ", ".join(f"{markdown_text(key)} {count}" for key, count in counts.items()) or "none"


def render_report_markdown(summary: dict) -> bytes:
    """The same counts as a short page a person reads; text from the data is escaped (graph.escape)."""
    lines = ["# Build report", "",
             f"- triples: {summary['triples']}",
             f"- entities: {summary['entities']} ({summary['events']} events, "
             f"{summary['actors_and_other_entities']} actors, places and other entities)",
             f"- events with a CAMEO code: {summary['events_with_cameo_code']}",
             _claims_line(summary["claims"]),
             f"- SHACL: {'conforms' if summary['shacl']['conforms'] else 'VIOLATIONS'} "
             f"({summary['shacl']['violations']} violations)", ""]
    for doc in summary["documents"]:
        lines += [f"## {markdown_text(doc['title'])} ({markdown_code(doc['id'])})", "",
                  f"- sections {doc['sections']}, paragraphs {doc['paragraphs']}, footnotes {doc['footnotes']}, "
                  f"cited works {doc['cited_works']}",
                  f"- statements {doc['statements']}, figures {doc['figures']}, "
                  f"quotes anchored {doc['quotes_anchored']}",
                  f"- footnotes linked to assertions: {doc['footnotes_linked_to_assertions']} of {doc['footnotes']}"
                  + (f" (none for {', '.join(map(str, doc['footnotes_without_assertion']))})"
                     if doc["footnotes_without_assertion"] else ""),
                  f"- conflict groups: {doc['conflict_groups']}",
                  "- statements and figures by status: " + _counts(doc["statements_by_status"]),
                  "- statements by layer: " + _counts(doc["statements_by_layer"]),
                  "- figures by layer: " + _counts(doc["figures_by_layer"]),
                  _claims_line(doc["claims"]), ""]
    lines += _conflict_lines(summary["conflicts"])
    lines += _corroboration_lines(summary["corroborations"])
    lines += ["## Entities by type", "", "| type | count |", "|---|---|"]
    lines += [f"| {markdown_text(t)} | {n} |" for t, n in summary["entities_by_type"].items()]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _conflict_lines(conflicts: dict) -> list[str]:
    """The conflicts section: counts by how each was found, then both sides of each."""
    lines = ["## Conflicts", "",
             f"- conflicts: {conflicts['total']}, {conflicts['across_documents']} across documents; "
             "by how found: " + _counts(conflicts["by_way_found"]), ""]
    for c in conflicts["conflicts"]:
        lines.append(f"- {markdown_text(c['found_by'])}: {markdown_text(c['reason'])}")
        lines += [f"  - {markdown_code(side['document'])} {markdown_code(side['id'])} ({markdown_text(side['status'])}): "
                  f"“{markdown_text(side['quote'])}”" for side in (c["first"], c["second"])]
    return lines + ([""] if conflicts["conflicts"] else [])


def _corroboration_lines(corroborations: dict) -> list[str]:
    """The corroborations section: each claim several documents make, on how many independent origins."""
    lines = ["## Corroborations", "",
             f"- claims made in more than one document: {corroborations['total']}, "
             f"{corroborations['on_one_origin']} of them on one origin only; by rule: "
             + _counts(corroborations["by_rule"]), ""]
    for a in corroborations["corroborations"]:
        lines.append(f"- {markdown_text(a['assertions'][0]['claim'])}: {markdown_text(a['summary'])}")
        document_of = {s["id"]: s["document"] for s in a["assertions"]}
        lines += [f"  - origin: {markdown_text('; '.join(o['rests_on']))}, for "
                  + ", ".join(markdown_code(d) for d in sorted({document_of[i] for i in o["assertions"]}))
                  for o in a["origins"]]
        lines += [f"  - {markdown_code(s['document'])} {markdown_code(s['id'])} ({markdown_text(s['status'])}): "
                  f"“{markdown_text(s['quote'])}”" for s in a["assertions"]]
    return lines + ([""] if corroborations["corroborations"] else [])
