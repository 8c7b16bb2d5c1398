"""Statements and figures as triples: each a resource carrying its qualifiers, its reference and its
evidence layer, in the manner of Wikidata statements.

Only a claim in the author's own voice (the facts layer) is also written as a plain triple, as
Wikidata writes a direct triple only for its best-ranked statements, so simple SPARQL never returns
a rumour as a fact.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ..namespaces import CITO, FG, OA, UNIT
from ..sources.records import DateValue, Document, Entity, Evidence, Figure, Statement
from ..sources.vocabulary import DATE_RELATIONS, UNITS, load_vocabulary
from .anchors import add_text_annotation
from .iris import document_iri, entity_iri, figure_iri, part_iri, statement_iri, work_iri
from .layers import LAYERS, layer_of
from .times import PRECISION, add_time, date_literal, xsd_date

STATUS = {"stated": FG.Stated, "reported": FG.Reported, "rumour": FG.Rumour, "estimate": FG.Estimate,
          "argument": FG.Argument, "prediction": FG.Prediction, "speculation": FG.Speculation}
AUTHOR_STATUSES = {"stated", "estimate", "argument", "prediction", "speculation"}


def add_evidence(graph: Graph, node: URIRef, evidence: Evidence, document: Document,
                 when: DateValue | None = None) -> None:
    """The qualifiers and the reference of an assertion, with its Web Annotation anchor.

    `when` is the date the assertion is about (its qualifier, or the value of a date
    statement); fg:earliest and fg:latest on every assertion make timelines one query.
    """
    anchor, doc_id = evidence.anchor, evidence.document
    author = document.metadata["author"]
    graph.add((node, FG.status, STATUS[evidence.status]))
    graph.add((node, FG.layer, LAYERS[layer_of(evidence, document)]))
    if evidence.source:
        graph.add((node, FG.attributedTo, entity_iri(evidence.source)))
    elif evidence.status in AUTHOR_STATUSES:
        graph.add((node, FG.attributedTo, entity_iri(author)))
    if evidence.date:
        graph.add((node, FG.dateQualifier, date_literal(evidence.date)))
    when = when or evidence.date
    if when:
        graph.add((node, FG.earliest, xsd_date(when.earliest)))
        graph.add((node, FG.latest, xsd_date(when.latest)))
        graph.add((node, FG.datePrecision, PRECISION[when.precision]))
        graph.add((node, FG.time, add_time(graph, when)))
    if evidence.derivation:
        graph.add((node, FG.derivation, Literal(evidence.derivation, lang="en")))
    if evidence.conflict:
        graph.add((node, FG.conflictGroup, Literal(evidence.conflict)))
    if evidence.comment:
        graph.add((node, FG.annotatorNote, Literal(evidence.comment, lang="en")))
    graph.add((node, FG.quote, Literal(anchor.exact)))
    graph.add((node, FG.inDocument, document_iri(doc_id)))
    graph.add((node, PROV.wasDerivedFrom, document_iri(doc_id)))
    if anchor.paragraph is not None:
        graph.add((node, FG.inParagraph, part_iri(doc_id, "paragraph", anchor.paragraph)))
        graph.add((node, FG.inSection, part_iri(doc_id, "section", anchor.section)))
    if anchor.footnote is not None:
        graph.add((node, FG.inFootnote, part_iri(doc_id, "note", anchor.footnote)))
    for number in anchor.cited_notes:
        graph.add((node, FG.citesFootnote, part_iri(doc_id, "note", number)))
        cited = document.source.cited_footnote(number)
        for work in document.works:
            if work.note == cited:
                graph.add((node, CITO.citesAsEvidence, work_iri(work.id)))
    annotation = URIRef(f"{node}-annotation")
    graph.add((node, FG.anchor, annotation))
    add_text_annotation(graph, annotation, node, OA.linking, doc_id, anchor.start, anchor.end, anchor.exact,
                        anchor.prefix, anchor.suffix)


def statement_label(statement: Statement, entities: dict[str, Entity]) -> str:
    """The claim in words, the relation as the ontology labels it: 'Khatami negotiates with Khamenei'."""
    subject = entities[statement.subject].label
    target = entities[statement.object].label if statement.object else statement.value
    relation = load_vocabulary().relation_labels.get(statement.relation, statement.relation)
    return f"{subject} {relation} {target}"


def claim_triple(statement: Statement) -> tuple:
    """The plain triple a statement claims: (subject, relation, object or value)."""
    subject, predicate = entity_iri(statement.subject), FG[statement.relation]
    if statement.object:
        return subject, predicate, entity_iri(statement.object)
    if statement.relation in DATE_RELATIONS:
        return subject, predicate, date_literal(statement.value_date)
    return subject, predicate, Literal(statement.value, lang="en")


def add_statement(graph: Graph, statement: Statement, document: Document, entities: dict[str, Entity]) -> URIRef:
    """The statement resource; and its plain triple, if the statement is a fact (see evidence_layer)."""
    node = statement_iri(statement)
    subject, predicate, obj = claim_triple(statement)
    when = statement.value_date
    if layer_of(statement.evidence, document) == "facts":
        graph.add((subject, predicate, obj))
        if when:
            graph.add((subject, FG.time, add_time(graph, when)))
    graph.add((node, RDF.type, FG.Statement))
    graph.add((node, RDFS.label, Literal(statement_label(statement, entities), lang="en")))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, FG.statementOf, subject))
    if statement.object:
        graph.add((node, FG.statementOf, obj))
    add_evidence(graph, node, statement.evidence, document, when)
    return node


UNIT_WORDS = {"percent": ("percent", "percent"), "count": ("", ""), "day": ("day", "days"),
              "month": ("month", "months"), "year": ("year", "years")}


def measure_label(measure: str, text: str) -> str:
    """The measure id in words, its hyphens kept only where the text writes the words hyphenated, and a
    '-length' measure read as English says it.

    >>> measure_label("sit-in-length", "the sit-in at the Majles"), measure_label("seat-share", "")
    ('length of the sit-in', 'seat share')
    """
    words = measure.split("-")
    phrase = words[0]
    for before, word in zip(words, words[1:]):
        joined = f"{before}-{word}".lower() in text.lower()
        phrase += ("-" if joined else " ") + word
    if phrase.endswith(" length"):
        return f"length of the {phrase.removesuffix(' length')}"
    return phrase


def figure_label(figure: Figure, entities: dict[str, Entity], text: str) -> str:
    """The figure in words: 'length of the sit-in (2004-01): 26 days', '1 month', not '1 months'."""
    singular, plural = UNIT_WORDS[figure.unit]
    unit = singular if figure.value_text == "1" else plural
    hedge = f"{figure.approximation} " if figure.approximation else ""
    where = f" in {entities[figure.place].label}" if figure.place else ""
    when = f" ({figure.evidence.date.text})" if figure.evidence.date else ""
    return f"{measure_label(figure.measure, text)}{where}{when}: {hedge}{figure.value_text}{' ' + unit if unit else ''}"


def figure_claim(figure: Figure, entities: dict[str, Entity], text: str) -> list[tuple]:
    """What a figure claims, as the triples of its resource: the measure, its value and hedge, its
    unit, what it is of and when (the figure's counterpart of a statement's plain triple)."""
    node = figure_iri(figure)
    triples = [(node, RDF.type, FG.Figure),
               (node, RDFS.label, Literal(figure_label(figure, entities, text), lang="en")),
               (node, FG.measure, Literal(figure.measure))]
    if figure.minimum == figure.maximum:
        triples.append((node, FG.value, Literal(Decimal(figure.minimum), datatype=XSD.decimal)))
    triples += [(node, FG.minValue, Literal(Decimal(figure.minimum), datatype=XSD.decimal)),
                (node, FG.maxValue, Literal(Decimal(figure.maximum), datatype=XSD.decimal))]
    if figure.approximation:
        triples.append((node, FG.approximation, Literal(figure.approximation, lang="en")))
    triples.append((node, FG.unit, UNIT[UNITS[figure.unit]]))
    triples += [(node, prop, entity_iri(value))
                for prop, value in ((FG.place, figure.place), (FG.population, figure.population), (FG.event, figure.event))
                if value]
    if figure.evidence.date:
        triples.append((node, FG.dateQualifier, date_literal(figure.evidence.date)))
    return triples


def add_figure(graph: Graph, figure: Figure, document: Document, entities: dict[str, Entity]) -> URIRef:
    node = figure_iri(figure)
    for triple in figure_claim(figure, entities, document.source.text):
        graph.add(triple)
    for value in (figure.place, figure.population, figure.event):
        if value:
            graph.add((node, FG.statementOf, entity_iri(value)))
    add_evidence(graph, node, figure.evidence, document)
    return node


def link_conflicts(graph: Graph, assertions: list[tuple[URIRef, Evidence]]) -> None:
    """Assertions sharing a conflict label contradict each other, in one document or across documents
    (a label belongs to the corpus): link every pair, both ways."""
    groups: dict[str, list[URIRef]] = {}
    for node, evidence in assertions:
        if evidence.conflict:
            groups.setdefault(evidence.conflict, []).append(node)
    for members in groups.values():
        for a in members:
            for b in members:
                if a != b:
                    graph.add((a, FG.conflictsWith, b))
