"""The evidence a page shows, read from the built graph: each statement and figure with its quote,
status, place in the text and footnotes, as plain data the page's script reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph

from ..namespaces import FG, FGD, FGDOC, FGST
from ..build.store import select, store_behind
from ..sources.vocabulary import DATE_RELATIONS
from ..access.evidence import Assertion, read_assertions
from .network_view import (Network, entity_values, local_id, pairs_of, read_measures, read_slices,
                           text_or_blank)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Evidence:
    """Statements and figures as plain data for the page, and which entity each is about."""

    assertions: dict[str, dict]
    notes: dict[str, dict]
    about: dict[str, tuple[str, ...]]
    measures: dict[str, tuple[tuple, ...]]
    labels: dict[str, str]
    slices: tuple[dict, ...]
    documents: dict[str, dict] = None
    """Each document by id: its title and the words naming it (id, title, authors, year), as cite does."""
    conflicts: tuple[dict, ...] = ()
    """Every recorded conflict: how it was found, why, and its two sides (graph/conflicts.py)."""


def read_evidence(graph: Graph, network: Network | None = None) -> Evidence:
    """Statements and figures with quote, status, place in the text and footnote sources, read by the one
    evidence reader `factiongraph cite` uses (graph/access/evidence.py) and put as the page's script reads them.

    Given a network that leaves nodes out, only the assertions about its nodes (which include
    those behind its links) and their measures are kept: what its page shows.
    """
    drawn = {n.id for n in network.nodes} if network is not None and network.left_out else None
    about = defaultdict(list)
    for assertion, entity in pairs_of(graph, FG.statementOf):
        about[local_id(entity, FGD)].append(local_id(assertion, FGST))
    wanted = {k for e in drawn for k in about.get(e, ())} if drawn is not None else None
    note_ids = {(local_id(doc, FGDOC), int(number)): local_id(note, FGDOC) for note, doc, number in select(graph,
                """SELECT ?note ?doc ?number WHERE { ?note a fg:Footnote ; dcterms:isPartOf ?doc ; fg:number ?number }""")}
    assertions = {a.id: page_assertion(a, note_ids) for a in read_assertions(None, store_behind(graph))
                  if wanted is None or a.id in wanted}
    order = {k: (r["doc"], r["start"], k) for k, r in assertions.items()}
    return Evidence(
        assertions=dict(sorted(assertions.items())),
        notes=read_notes(graph),
        about={e: tuple(sorted(keys, key=order.__getitem__)) for e, keys in sorted(about.items())
               if drawn is None or e in drawn},
        measures=read_measures(graph, entities=drawn),
        labels=read_labels(graph),
        slices=read_slices(graph),
        documents=read_document_names(graph),
        conflicts=read_conflict_records(graph, set(assertions)),
    )


def page_assertion(a: Assertion, note_ids: dict[tuple[str, int], str]) -> dict:
    """An assertion as the page's data lists it (the order of its fields is the page's)."""
    record = {"status": a.status, "layer": a.layer, "attributedTo": a.attributed_to, "quote": a.quote,
              "doc": a.document, "start": a.start, "end": a.end, "paragraph": a.paragraph, "section": a.section,
              "sectionTitle": a.section_title, "inNote": a.in_footnote,
              "notes": [note_ids[(a.document, n)] for n in a.footnotes], "date": format_date(a.date),
              "earliest": a.earliest or None, "latest": a.latest or None, "precision": a.precision,
              "derivation": a.derivation, "comment": a.comment, "conflicts": list(a.conflicts_with),
              "agreements": sorted(({"documents": k.documents, "origins": k.origins,
                                     "others": [m for m in k.members if m != a.id]} for k in a.corroborations),
                                   key=lambda agreement: agreement["others"])}
    if a.kind == "figure":
        return record | {"kind": "figure", "claim": a.claim}
    value = "" if a.object_is_entity else format_date(a.object) if a.relation in DATE_RELATIONS else a.object
    return record | {"kind": "statement", "subject": a.subject, "relation": a.relation,
                     "relationLabel": a.relation_name or a.relation, "object": a.object if a.object_is_entity else None,
                     "value": value}


def read_conflict_records(graph: Graph, kept: set[str]) -> tuple[dict, ...]:
    """The recorded conflicts whose two sides the page holds, in a stable order: rule, reason, sides."""
    found: dict[str, dict] = {}
    for conflict, rule, reason, side in select(graph, """SELECT ?c ?rule ?reason ?side WHERE {
            ?c a fg:Conflict ; fg:foundBy/skos:notation ?rule ; fg:conflictReason ?reason ; fg:conflictSide ?side }"""):
        record = found.setdefault(str(conflict), {"foundBy": str(rule), "reason": str(reason), "sides": []})
        record["sides"].append(local_id(side, FGST))
    records = [r | {"sides": sorted(r["sides"])} for r in found.values() if set(r["sides"]) <= kept]
    return tuple(sorted(records, key=lambda r: (r["foundBy"], r["sides"])))


def read_document_names(graph: Graph) -> dict[str, dict]:
    """Each document's title and how the page names it: `report-a, “Title” (Author, 2004)`, as
    `factiongraph cite` does, its authors in the order of the citation its publisher asks for."""
    from .citation import document_words

    found = {}
    for doc, title, cite, when in select(graph, """SELECT ?doc ?title ?cite ?date WHERE { ?doc a fg:Document .
            OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc fg:howToCite ?cite } OPTIONAL { ?doc dcterms:date ?date } }"""):
        found.setdefault(local_id(doc, FGDOC), (text_or_blank(title), text_or_blank(cite), text_or_blank(when)))
    authors = defaultdict(set)
    for doc, name in select(graph, "SELECT ?doc ?name WHERE { ?doc a fg:Document ; dcterms:creator/rdfs:label ?name }"):
        authors[local_id(doc, FGDOC)].add(str(name))
    documents = {}
    for doc_id, (title, cite, when) in sorted(found.items()):
        def position(name, cite=cite):
            return (cite.find(name) if name in cite else len(cite), name)
        names = sorted(authors[doc_id], key=position)
        documents[doc_id] = {"title": title or doc_id, "named": document_words(doc_id, title or doc_id, names, when[:4])}
    return documents


def read_notes(graph: Graph) -> dict[str, dict]:
    """Every footnote: its number, text and the labels of the works it cites."""
    notes = {}
    for note, number in select(graph, "SELECT ?note ?number WHERE { ?note a fg:Footnote ; fg:number ?number }"):
        notes[local_id(note, FGDOC)] = {"number": int(number), "works": [], "text": ""}
    for note, text in pairs_of(graph, FG.footnoteText):
        if local_id(note, FGDOC) in notes:
            notes[local_id(note, FGDOC)]["text"] = str(text)
    for note, work in select(graph, "SELECT ?note ?work WHERE { ?note fg:cites ?cited . ?cited rdfs:label ?work }"):
        if local_id(note, FGDOC) in notes:
            notes[local_id(note, FGDOC)]["works"].append(str(work))
    for record in notes.values():
        record["works"].sort()
    return dict(sorted(notes.items()))


def read_labels(graph: Graph) -> dict[str, str]:
    """The label of every resource named in the fgd: namespace, by id."""
    labels = {local_id(e, FGD): str(label) for e, label in entity_values(graph, "rdfs:label")}
    return dict(sorted((k, v) for k, v in labels.items() if k))


def format_date(text: str) -> str:
    """A date as the text gives it, for people: day, month, year, or a range of those.

    >>> [format_date(t) for t in ("2004-01-11", "2004-02", "1979", "2004-01-27/2004-02-20")]
    ['11 Jan 2004', 'Feb 2004', '1979', '27 Jan 2004 – 20 Feb 2004']
    """
    def one(part: str) -> str:
        pieces = part.split("-")
        if len(pieces) == 3:
            return f"{int(pieces[2])} {MONTHS[int(pieces[1]) - 1]} {pieces[0]}"
        if len(pieces) == 2:
            return f"{MONTHS[int(pieces[1]) - 1]} {pieces[0]}"
        return part
    return " – ".join(one(p) for p in text.split("/"))


LAYER_STRENGTH = ("facts", "reported", "hedged", "rumour")


def read_timeline(evidence: Evidence, network: Network) -> list[dict]:
    """The dated entities of the view in date order, one row per distinct date the text gives, with the
    strongest layer of the statements giving it and, for a date no fact gives, who the text says gives it:
    the page marks such a date as reported, hedged or rumoured rather than showing it as a fact."""
    ids = {n.id for n in network.nodes}
    rows = {}
    for key, record in evidence.assertions.items():
        if record["kind"] != "statement" or record["relation"] not in DATE_RELATIONS or record["subject"] not in ids:
            continue
        row_key = (record["subject"], record["relation"], record["value"])
        row = rows.setdefault(row_key, {
            "entity": record["subject"], "relation": record["relation"], "when": record["value"],
            "precision": record["precision"], "earliest": record["earliest"], "latest": record["latest"],
            "statements": []})
        row["statements"].append(key)
    for row in rows.values():
        behind = [evidence.assertions[key] for key in row["statements"]]
        row["layer"] = min((r["layer"] for r in behind), key=LAYER_STRENGTH.index)
        row["by"] = sorted({r["attributedTo"] for r in behind if r["attributedTo"]}) if row["layer"] != "facts" else []
    order = {"startDate": 0, "date": 1, "endDate": 2}
    return sorted(rows.values(), key=lambda r: (r["earliest"], r["latest"], order[r["relation"]], r["entity"]))

