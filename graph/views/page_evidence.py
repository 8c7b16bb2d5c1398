"""The evidence a page shows, read from the built graph: each statement and figure with its quote,
status, place in the text and footnotes, as plain data the page's script reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from ..namespaces import FG, FGD, FGDOC, FGST
from ..build.store import select
from ..sources.vocabulary import DATE_RELATIONS, load_ontology
from .network_view import (Network, entity_values, label_of, local_id, pairs_of, read_measures, read_slices,
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
    """Statements and figures with quote, status, place in the text and footnote sources.

    Given a network that leaves nodes out, only the assertions about its nodes (which include
    those behind its links) and their measures are kept: what its page shows. Reads go by
    property or by plain SPARQL joins, which both rdflib's engine and Oxigraph answer quickly.
    """
    schema = load_ontology()
    drawn = {n.id for n in network.nodes} if network is not None and network.left_out else None
    about = defaultdict(list)
    for assertion, entity in pairs_of(graph, FG.statementOf):
        about[local_id(entity, FGD)].append(local_id(assertion, FGST))
    wanted = {k for e in drawn for k in about.get(e, ())} if drawn is not None else None

    def rows(query: str):
        return (row for row in select(graph, query) if wanted is None or local_id(row[0], FGST) in wanted)

    def values(prop: URIRef):
        return ((local_id(a, FGST), v) for a, v in pairs_of(graph, prop) if wanted is None or local_id(a, FGST) in wanted)

    kinds = {local_id(a, FGST): kind for kind in ("statement", "figure")
             for (a,) in select(graph, f"SELECT ?a WHERE {{ ?a a fg:{kind.capitalize()} }}")
             if wanted is None or local_id(a, FGST) in wanted}
    assertions = {key: _blank_assertion() for key in kinds}
    fields = {"status": FG.status, "layer": FG.layer, "quote": FG.quote, "doc": FG.inDocument, "date": FG.dateQualifier,
              "earliest": FG.earliest, "latest": FG.latest, "precision": FG.datePrecision,
              "derivation": FG.derivation, "comment": FG.annotatorNote}
    for name, prop in fields.items():
        for key, value in values(prop):
            if key in assertions:
                assertions[key][name] = value
    for key, record in assertions.items():
        record.update(status=local_id(record["status"], FG).lower(),
                      layer=local_id(record["layer"], FG).removesuffix("Layer").lower(), quote=text_or_blank(record["quote"]),
                      doc=local_id(record["doc"], FGDOC), date=format_date(text_or_blank(record["date"])),
                      earliest=text_or_blank(record["earliest"]) or None, latest=text_or_blank(record["latest"]) or None,
                      precision=local_id(record["precision"], FG).lower() if record["precision"] is not None else "",
                      derivation=text_or_blank(record["derivation"]), comment=text_or_blank(record["comment"]))
    for assertion, label in rows("SELECT ?a ?label WHERE { ?a fg:attributedTo ?who . ?who rdfs:label ?label }"):
        assertions[local_id(assertion, FGST)]["attributedTo"] = str(label)
    for assertion, start, end in rows("""SELECT ?a ?start ?end WHERE { ?a fg:anchor ?anchor . ?anchor oa:hasTarget ?target .
            ?target oa:hasSelector ?selector . ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }"""):
        assertions[local_id(assertion, FGST)].update(start=int(start), end=int(end))
    for assertion, number in rows("SELECT ?a ?number WHERE { ?a fg:inParagraph ?paragraph . ?paragraph fg:number ?number }"):
        assertions[local_id(assertion, FGST)]["paragraph"] = int(number)
    for assertion, number, title in rows("""SELECT ?a ?number ?title WHERE {
            ?a fg:inSection ?section . ?section fg:number ?number ; rdfs:label ?title }"""):
        assertions[local_id(assertion, FGST)].update(section=int(number), sectionTitle=str(title))
    for assertion, number in rows("SELECT ?a ?number WHERE { ?a fg:inFootnote ?note . ?note fg:number ?number }"):
        assertions[local_id(assertion, FGST)]["inNote"] = int(number)
    for assertion, note, number in rows("SELECT ?a ?note ?number WHERE { ?a fg:citesFootnote ?note . ?note fg:number ?number }"):
        assertions[local_id(assertion, FGST)]["notes"].append((int(number), local_id(note, FGDOC)))
    for key, other in values(FG.conflictsWith):
        assertions[key]["conflicts"].append(local_id(other, FGST))
    agreeing = defaultdict(list)
    for corroboration, member in pairs_of(graph, FG.agreeingAssertion):
        agreeing[corroboration].append(local_id(member, FGST))
    for assertion, corroboration, documents, origins in rows("""SELECT ?a ?k ?documents ?origins WHERE {
            ?k fg:agreeingAssertion ?a ; fg:documentCount ?documents ; fg:originCount ?origins }"""):
        key = local_id(assertion, FGST)
        assertions[key]["agreements"].append({"documents": int(documents), "origins": int(origins),
                                              "others": sorted(k for k in agreeing[corroboration] if k != key)})
    for assertion, subject, relation, obj in rows("""SELECT ?a ?subject ?relation ?object WHERE {
            ?a rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object }"""):
        key = local_id(assertion, FGST)
        if kinds.get(key) == "statement":
            assertions[key].update(_statement_fields(schema, subject, relation, obj))
    for assertion, claim in rows("SELECT ?a ?claim WHERE { ?a a fg:Figure ; rdfs:label ?claim }"):
        assertions[local_id(assertion, FGST)].update(kind="figure", claim=str(claim))
    for record in assertions.values():
        record["notes"] = [note for _, note in sorted(record["notes"])]
        record["conflicts"].sort()
        record["agreements"].sort(key=lambda agreement: agreement["others"])
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


def _blank_assertion() -> dict:
    """An assertion's fields before the graph fills them in, in the order the page's data lists them."""
    return {"status": None, "layer": None, "attributedTo": "", "quote": None, "doc": None, "start": None, "end": None,
            "paragraph": None, "section": None, "sectionTitle": "", "inNote": None, "notes": [], "date": None,
            "earliest": None, "latest": None, "precision": None, "derivation": None, "comment": None,
            "conflicts": [], "agreements": []}


def _statement_fields(schema: Graph, subject, relation, obj) -> dict:
    name = local_id(relation, FG)
    value = ""
    if isinstance(obj, Literal):
        value = format_date(str(obj)) if name in DATE_RELATIONS else str(obj)
    return {
        "kind": "statement",
        "subject": local_id(subject, FGD),
        "relation": name,
        "relationLabel": label_of(schema, relation, FG),
        "object": local_id(obj, FGD) if isinstance(obj, URIRef) else None,
        "value": value,
    }


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

