"""Records -> one rdflib.Graph: entities, documents, sources, statements and figures.

Every assertion is a resource carrying its qualifiers, its reference and its evidence layer,
in the manner of Wikidata statements; only a claim in the author's own voice (the facts
layer) is also written as a plain triple, as Wikidata writes a direct triple only for its
best-ranked statements, so simple SPARQL never returns a rumour as a fact. IRIs are derived
from ids and content, so rebuilding never renames anything and no blank node is made.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from ..sources.records import CitedWork, Corpus, DateValue, Document, Entity, Evidence, Figure, Statement
from ..sources.mentions import Mention, find_mentions, index_aliases
from ..namespaces import CITO, FABIO, FG, FGD, FGDOC, FGST, FGTIME, FGWORK, OA, SCHEMA, UNIT, bind_prefixes
from ..sources.vocabulary import DATE_RELATIONS, UNITS, Vocabulary, load_ontology, load_vocabulary

PRECISION = {"day": FG.Day, "month": FG.Month, "year": FG.Year, "range": FG.Range}
STATUS = {"stated": FG.Stated, "reported": FG.Reported, "rumour": FG.Rumour, "estimate": FG.Estimate,
          "argument": FG.Argument, "prediction": FG.Prediction, "speculation": FG.Speculation}
WORK_CLASS = {"JournalArticle": FABIO.JournalArticle, "JournalIssue": FABIO.JournalIssue,
              "NewspaperArticle": FABIO.NewspaperArticle,
              "NewspaperIssue": FABIO.NewspaperIssue, "Book": FABIO.Book, "WebData": FABIO.DataFile,
              "Commentary": FABIO.Comment}
AUTHOR_STATUSES = {"stated", "estimate", "argument", "prediction", "speculation"}
FACT_STATUSES = frozenset({"stated", "argument", "estimate"})
"""The statuses in which the author asserts something as so; in the author's own voice they are facts."""
LAYERS = {"facts": FG.FactsLayer, "reported": FG.ReportedLayer, "hedged": FG.HedgedLayer, "rumour": FG.RumourLayer}


def entity_iri(entity_id: str) -> URIRef:
    return FGD[entity_id]


def document_iri(doc_id: str) -> URIRef:
    return FGDOC[doc_id]


def part_iri(doc_id: str, kind: str, number: int) -> URIRef:
    """A section, paragraph or note of a document: fgdoc:saghafi-2004-paragraph-7."""
    return FGDOC[f"{doc_id}-{kind}-{number}"]


def text_iri(doc_id: str) -> URIRef:
    return FGDOC[f"{doc_id}-text"]


def work_iri(work_id: str) -> URIRef:
    return FGWORK[work_id]


def time_iri(text: str) -> URIRef:
    return FGTIME[text.replace("/", "--")]


def claims_graph_iri(doc_id: str) -> URIRef:
    """The named graph of every claim of a document, whatever its layer: fgdoc:saghafi-2004-claims."""
    return FGDOC[f"{doc_id}-claims"]


def evidence_layer(status: str, source: str, author: str) -> str:
    """The layer an assertion belongs to: facts, reported, hedged or rumour.

    Stated, argued and estimated by the author (or attributed to no one else) is a fact; a rumour
    is a rumour whoever spreads it; a prediction, a speculation or someone else's estimate is
    hedged; anything else the text attributes to another voice is reported.

    >>> evidence_layer("argument", "", "morad-saghafi"), evidence_layer("estimate", "interior-ministry", "morad-saghafi")
    ('facts', 'hedged')
    """
    own_voice = source in ("", author)
    if status == "rumour":
        return "rumour"
    if status in ("prediction", "speculation") or (status == "estimate" and not own_voice):
        return "hedged"
    if status in FACT_STATUSES and own_voice:
        return "facts"
    return "reported"


def layer_of(evidence: Evidence, document: Document) -> str:
    return evidence_layer(evidence.status, evidence.source, document.metadata["author"])


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def statement_iri(statement: Statement) -> URIRef:
    """Derived from what the statement says and where, so it is stable and citable."""
    e = statement.evidence
    return FGST["s" + _digest(e.document, statement.subject, statement.relation, statement.object,
                                      statement.value, e.date.text if e.date else "", str(e.anchor.start),
                                      str(e.anchor.end))]


def figure_iri(figure: Figure) -> URIRef:
    e = figure.evidence
    return FGST["f" + _digest(e.document, figure.measure, figure.value_text, figure.unit, figure.place,
                                   figure.population, figure.event, e.date.text if e.date else "",
                                   str(e.anchor.start), str(e.anchor.end))]


def _date_literal(value: DateValue) -> Literal:
    """The most precise standard literal for a date: xsd:date, gYearMonth, gYear, or the range text."""
    if value.precision == "day":
        return Literal(value.earliest.isoformat(), datatype=XSD.date)
    if value.precision == "month":
        return Literal(value.text, datatype=XSD.gYearMonth)
    if value.precision == "year":
        return Literal(value.text, datatype=XSD.gYear)
    return Literal(value.text)


def _xsd_date(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def add_time(graph: Graph, value: DateValue) -> URIRef:
    """An OWL-Time entity for a date, shared by everything dated alike."""
    node = time_iri(value.text)
    graph.add((node, RDFS.label, Literal(value.text)))
    graph.add((node, FG.earliest, _xsd_date(value.earliest)))
    graph.add((node, FG.latest, _xsd_date(value.latest)))
    graph.add((node, FG.datePrecision, PRECISION[value.precision]))
    if value.precision == "day":
        graph.add((node, RDF.type, TIME.Instant))
        graph.add((node, TIME.inXSDDate, _xsd_date(value.earliest)))
    elif value.precision == "range":
        graph.add((node, RDF.type, TIME.ProperInterval))
        start, end = value.bounds
        graph.add((node, TIME.hasBeginning, add_time(graph, start)))
        graph.add((node, TIME.hasEnd, add_time(graph, end)))
    else:
        graph.add((node, RDF.type, TIME.ProperInterval))
        prop = TIME.inXSDgYearMonth if value.precision == "month" else TIME.inXSDgYear
        graph.add((node, prop, _date_literal(value)))
    return node


def add_entity(graph: Graph, entity: Entity, cameo: dict[str, str]) -> None:
    node = entity_iri(entity.id)
    graph.add((node, RDF.type, FG[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
    graph.add((node, SKOS.prefLabel, Literal(entity.label, lang="en")))
    graph.add((node, DCTERMS.identifier, Literal(entity.id)))
    for alias in entity.aliases:
        graph.add((node, FG.alias, Literal(alias, lang="en")))
    if entity.description:
        graph.add((node, DCTERMS.description, Literal(entity.description, lang="en")))
    if entity.cameo:
        graph.add((node, FG.cameoCode, Literal(entity.cameo)))
        graph.add((node, FG.cameoName, Literal(cameo[entity.cameo], lang="en")))


def add_document(graph: Graph, document: Document, entities: dict[str, Entity]) -> None:
    """The document, its text file, sections, paragraphs and footnotes."""
    meta, source, doc_id = document.metadata, document.source, document.id
    doc = document_iri(doc_id)
    graph.add((doc, RDF.type, FG.Document))
    graph.add((doc, RDF.type, FABIO[meta["type"]]))
    graph.add((doc, RDFS.label, Literal(meta["title"], lang="en")))
    graph.add((doc, DCTERMS.title, Literal(meta["title"], lang="en")))
    for author in meta["authors"]:
        person = entity_iri(author["id"])
        graph.add((doc, DCTERMS.creator, person))
        if author["given"]:
            graph.add((person, SCHEMA.givenName, Literal(author["given"])))
        if author["family"]:
            graph.add((person, SCHEMA.familyName, Literal(author["family"])))
    for editor in meta["editors"]:
        graph.add((doc, SCHEMA.editor, entity_iri(editor)))
    if meta.get("publisher"):
        graph.add((doc, DCTERMS.publisher, entity_iri(meta["publisher"])))
    if meta["container"]:
        graph.add((doc, SCHEMA.isPartOf, entity_iri(meta["container"])))
    for key, term in (("issue", SCHEMA.issueNumber), ("volume", SCHEMA.volumeNumber), ("number", SCHEMA.reportNumber),
                      ("pages", SCHEMA.pagination), ("place", SCHEMA.locationCreated)):
        if meta.get(key) not in (None, ""):
            graph.add((doc, term, Literal(str(meta[key]))))
    published = meta["date"] or str(meta["year"])
    graph.add((doc, DCTERMS.date, Literal(published, datatype={4: XSD.gYear, 7: XSD.gYearMonth}.get(len(published),
                                                                                                    XSD.date))))
    if meta.get("url"):
        graph.add((doc, SCHEMA.url, Literal(meta["url"], datatype=XSD.anyURI)))
    if meta.get("season"):
        graph.add((doc, SCHEMA.temporalCoverage, Literal(f"{meta['season']} {meta['year']}")))
    if meta.get("translator"):
        graph.add((doc, FG.translator, entity_iri(meta["translator"])))
    if meta.get("language"):
        graph.add((doc, DCTERMS.language, Literal(meta["language"])))
    if meta.get("translated_from"):
        graph.add((doc, SCHEMA.inLanguage, Literal(meta["language"])))
        graph.add((doc, FG.translatedFrom, Literal(meta["translated_from"])))
    graph.add((doc, FG.howToCite, Literal(meta["how_to_cite"])))
    text = text_iri(doc_id)
    graph.add((doc, FG.hasText, text))
    graph.add((text, RDF.type, FG.Text))
    graph.add((text, RDFS.label, Literal(f"Text of {meta['title']}", lang="en")))
    graph.add((text, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    graph.add((text, SCHEMA.contentUrl, Literal(f"corpus/{document.text_path.parent.name}/{document.text_path.name}")))
    graph.add((text, SCHEMA.sha256, Literal(hashlib.sha256(source.text.encode("utf-8")).hexdigest())))
    graph.add((text, FG.end, Literal(len(source.text))))
    for section in source.sections:
        add_part(graph, doc_id, "section", section.number, FG.Section, Literal(section.title, lang="en"), doc,
                 section.start, section.end)
    for paragraph in source.paragraphs:
        add_part(graph, doc_id, "paragraph", paragraph.number, FG.Paragraph,
                 Literal(f"Paragraph {paragraph.number}", lang="en"), part_iri(doc_id, "section", paragraph.section),
                 paragraph.start, paragraph.end)
    for note in source.footnotes:
        node = add_part(graph, doc_id, "note", note.number, FG.Footnote, Literal(f"Note {note.number}", lang="en"),
                        doc, note.start, note.end, text=note.text)
        if note.ibid_of is not None:
            graph.add((node, FG.ibidemOf, part_iri(doc_id, "note", note.ibid_of)))
        for marker in source.markers:
            if marker.number == note.number:
                graph.add((node, FG.marker, part_iri(doc_id, "paragraph", marker.paragraph)))
    for work in document.works:
        add_work(graph, work, entities)
    for note in source.footnotes:
        cited = source.cited_footnote(note.number)
        for work in document.works:
            if work.note == cited:
                graph.add((part_iri(doc_id, "note", note.number), FG.cites, work_iri(work.id)))


def add_part(graph: Graph, doc_id: str, kind: str, number: int, cls: URIRef, label: Literal, whole: URIRef,
             start: int, end: int, text: str | None = None) -> URIRef:
    """A numbered part of a document (section, paragraph or note): what it is, where it lies, what it is part of."""
    node = part_iri(doc_id, kind, number)
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, label))
    graph.add((node, FG.number, Literal(number)))
    if text is not None:
        graph.add((node, FG.footnoteText, Literal(text)))
    graph.add((node, DCTERMS.isPartOf, whole))
    graph.add((node, FG.start, Literal(start)))
    graph.add((node, FG.end, Literal(end)))
    return node


def _day_month_year(iso: str) -> str:
    """'2004-01-12' as '12 January 2004', the way a reader cites a newspaper issue."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def add_work(graph: Graph, work: CitedWork, entities: dict[str, Entity]) -> None:
    node = work_iri(work.id)
    graph.add((node, RDF.type, FG.Work))
    graph.add((node, RDF.type, WORK_CLASS[work.type]))
    container = entities[work.container].label if work.container else ""
    label = work.title or ", ".join(p for p in (container, _day_month_year(work.issue_date)) if p)
    graph.add((node, RDFS.label, Literal(label)))
    graph.add((node, FG.quote, Literal(work.anchor.exact)))
    if work.title:
        graph.add((node, DCTERMS.title, Literal(work.title)))
    for author in work.authors:
        graph.add((node, DCTERMS.creator, entity_iri(author)))
        graph.add((node, SCHEMA.author, entity_iri(author)))
    if work.container:
        graph.add((node, DCTERMS.isPartOf, entity_iri(work.container)))
    if work.volume:
        graph.add((node, SCHEMA.volumeNumber, Literal(work.volume)))
    if work.issue_date:
        graph.add((node, DCTERMS.date, Literal(work.issue_date, datatype=XSD.date)))
    elif work.year:
        graph.add((node, DCTERMS.date, Literal(work.year, datatype=XSD.gYear)))
    if work.season:
        graph.add((node, SCHEMA.temporalCoverage, Literal(f"{work.season} {work.year}")))
    if work.publisher:
        graph.add((node, DCTERMS.publisher, Literal(work.publisher)))
    if work.place:
        graph.add((node, SCHEMA.locationCreated, Literal(work.place)))
    if work.language:
        graph.add((node, DCTERMS.language, Literal(work.language)))


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
        graph.add((node, FG.dateQualifier, _date_literal(evidence.date)))
    when = when or evidence.date
    if when:
        graph.add((node, FG.earliest, _xsd_date(when.earliest)))
        graph.add((node, FG.latest, _xsd_date(when.latest)))
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


def add_text_annotation(graph: Graph, annotation: URIRef, body: URIRef, motivation: URIRef, doc_id: str,
                        start: int, end: int, exact: str, prefix: str | None = None, suffix: str | None = None) -> None:
    """A W3C Web Annotation tying body to characters start..end of the document's text file."""
    target = URIRef(f"{annotation}-target")
    quote_selector = URIRef(f"{annotation}-quote-selector")
    position_selector = URIRef(f"{annotation}-position-selector")
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.motivatedBy, motivation))
    graph.add((annotation, OA.hasBody, body))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, text_iri(doc_id)))
    graph.add((target, OA.hasSelector, quote_selector))
    graph.add((target, OA.hasSelector, position_selector))
    graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_selector, OA.exact, Literal(exact)))
    if prefix is not None:
        graph.add((quote_selector, OA.prefix, Literal(prefix)))
    if suffix is not None:
        graph.add((quote_selector, OA.suffix, Literal(suffix)))
    graph.add((position_selector, RDF.type, OA.TextPositionSelector))
    graph.add((position_selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position_selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))


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
        return subject, predicate, _date_literal(statement.value_date)
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
        triples.append((node, FG.dateQualifier, _date_literal(figure.evidence.date)))
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


def index_mentions(corpus: Corpus) -> dict[str, list[Mention]]:
    """The mentions of every entity in every document, by document id (one alias index for them all)."""
    aliases = index_aliases(corpus.entities)
    return {doc.id: find_mentions(doc.source, aliases) for doc in corpus.documents}


def mention_iri(doc_id: str, mention: Mention) -> URIRef:
    return FGST["m" + _digest(doc_id, mention.entity, str(mention.start), str(mention.end))]


def add_mentions(graph: Graph, document: Document, mentions: list[Mention]) -> None:
    """Each mention as a Web Annotation identifying the entity in the text, plus where it appears."""
    doc_id = document.id
    counts: dict[str, int] = {}
    for mention in mentions:
        node = mention_iri(doc_id, mention)
        entity = entity_iri(mention.entity)
        counts[mention.entity] = counts.get(mention.entity, 0) + 1
        add_text_annotation(graph, node, entity, OA.identifying, doc_id, mention.start, mention.end,
                            document.source.text[mention.start:mention.end])
        where = (part_iri(doc_id, "paragraph", mention.paragraph) if mention.paragraph
                 else part_iri(doc_id, "note", mention.footnote))
        graph.add((entity, FG.mentionedIn, where))
    for entity_id, count in counts.items():
        graph.add((entity_iri(entity_id), FG.mentionCount, Literal(count)))


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


def add_corpus(sink, corpus: Corpus, vocabulary: Vocabulary | None = None, include_ontology: bool = True,
               mentions: dict[str, list[Mention]] | None = None):
    """Add every triple of the corpus to sink: an rdflib Graph, or anything with add() and +=.

    `mentions` (by document id) saves finding them again when the caller already has them.
    """
    vocabulary = vocabulary or load_vocabulary()
    mentions = mentions if mentions is not None else index_mentions(corpus)
    if include_ontology:
        sink += load_ontology()
    sink.add((FGD[""], RDF.type, OWL.Ontology))
    sink.add((FGD[""], RDFS.label, Literal("factiongraph data", lang="en")))
    sink.add((FGD[""], OWL.imports, URIRef("https://w3id.org/factiongraph/ontology")))
    sink.add((FGD[""], RDFS.comment, Literal("Annotated actors, events, statements and figures with their evidence.",
                                             lang="en")))
    for entity in corpus.entities.values():
        add_entity(sink, entity, vocabulary.cameo)
    assertions: list[tuple[URIRef, Evidence]] = []
    for document in corpus.documents:
        add_document(sink, document, corpus.entities)
        add_mentions(sink, document, mentions[document.id])
        for statement in document.statements:
            assertions.append((add_statement(sink, statement, document, corpus.entities), statement.evidence))
        for figure in document.figures:
            assertions.append((add_figure(sink, figure, document, corpus.entities), figure.evidence))
    link_conflicts(sink, assertions)
    link_cited_documents(sink, corpus)
    return sink


def link_cited_documents(graph: Graph, corpus: Corpus) -> None:
    """A cited work whose id is a document of the corpus is that document: a claim resting on it rests
    on what that document says (graph/build/corroboration.py counts them as one origin)."""
    documents = {document.id for document in corpus.documents}
    for document in corpus.documents:
        for work in document.works:
            if work.id in documents and work.id != document.id:
                graph.add((work_iri(work.id), FG.corpusDocument, document_iri(work.id)))


def claim_quads(corpus: Corpus) -> list[tuple]:
    """Each claim in the named graph of its layer (fg:FactsLayer, ...) and in its document's claims
    graph, as (subject, predicate, object, graph): graph.trig and graph.nq. A statement's claim is its
    plain triple, a figure's the triples of its resource that say what it measures (figure_claim)."""
    quads = {}
    for document in corpus.documents:
        claims = [(statement.evidence, [claim_triple(statement)]) for statement in document.statements]
        claims += [(figure.evidence, figure_claim(figure, corpus.entities, document.source.text)) for figure in document.figures]
        for evidence, triples in claims:
            for graph in (LAYERS[layer_of(evidence, document)], claims_graph_iri(document.id)):
                quads.update(dict.fromkeys((*triple, graph) for triple in triples))
    return list(quads)


def build_graph(corpus: Corpus, vocabulary: Vocabulary | None = None, include_ontology: bool = True,
                mentions: dict[str, list[Mention]] | None = None) -> Graph:
    """The whole corpus as one RDF graph (with the ontology, so the file stands alone)."""
    return add_corpus(bind_prefixes(Graph()), corpus, vocabulary, include_ontology, mentions)
