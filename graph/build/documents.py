"""What the corpus is about and made of, as triples: entities, documents with their text, sections,
paragraphs and footnotes, and the works the footnotes cite."""

from __future__ import annotations

import hashlib
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..namespaces import FABIO, FG, SCHEMA
from ..sources.records import CitedWork, Corpus, Document, Entity
from .iris import document_iri, entity_iri, part_iri, text_iri, work_iri

WORK_CLASS = {"JournalArticle": FABIO.JournalArticle, "JournalIssue": FABIO.JournalIssue,
              "NewspaperArticle": FABIO.NewspaperArticle,
              "NewspaperIssue": FABIO.NewspaperIssue, "Book": FABIO.Book, "WebData": FABIO.DataFile,
              "Commentary": FABIO.Comment}


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


def link_cited_documents(graph: Graph, corpus: Corpus) -> None:
    """A cited work whose id is a document of the corpus is that document: a claim resting on it rests
    on what that document says (graph/build/corroboration.py counts them as one origin)."""
    documents = {document.id for document in corpus.documents}
    for document in corpus.documents:
        for work in document.works:
            if work.id in documents and work.id != document.id:
                graph.add((work_iri(work.id), FG.corpusDocument, document_iri(work.id)))
