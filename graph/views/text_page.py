"""The companion text page: each document's text, every anchored claim marked, footnote markers
and notes linked both ways."""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Graph

from ..namespaces import FG, FGD, FGDOC, FGST
from ..build.store import select
from .graph_page import explorer_environment
from .network_view import local_id, text_or_blank

BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def read_documents(graph: Graph, texts: dict[str, str]) -> list[dict]:
    """Each document's title, citation and text cut into blocks, with paragraph and section starts, and
    each block cut into pieces: plain text, a footnote marker in the body, the number opening a note."""
    from ..sources.source import parse_text

    starts = defaultdict(dict)
    for part, kind, start, number in select(graph, """SELECT ?part ?kind ?start ?number WHERE {
            VALUES ?kind { fg:Paragraph fg:Section } ?part a ?kind ; fg:start ?start ; fg:number ?number }"""):
        document = str(part).rsplit("-", 2)[0]
        starts[(document, kind)][int(start)] = int(number)
    described = {}
    for doc, title, cite in select(graph, """SELECT ?doc ?title ?cite WHERE { ?doc a fg:Document .
            OPTIONAL { ?doc rdfs:label ?title } OPTIONAL { ?doc fg:howToCite ?cite } }"""):
        described.setdefault(doc, (title, cite))
    documents = []
    for doc, (title, cite) in sorted(described.items()):
        doc_id = local_id(doc, FGDOC)
        paragraph_at, heading_at = starts[(str(doc), FG.Paragraph)], starts[(str(doc), FG.Section)]
        text = texts[doc_id]
        source, _ = parse_text(text)
        # the markers the build read (in body paragraphs only) and each note's own number before its text
        notes = {note.number: note.text + (f" (= note {note.ibid_of}: {source.footnote(note.ibid_of).text})"
                                           if note.ibid_of and source.footnote(note.ibid_of) else "")
                 for note in source.footnotes}
        links = {m.start: (m.end, "marker", m.number, notes.get(m.number, "")) for m in source.markers}
        for note in source.footnotes:
            # a note's text starts right after "[n]" and one space (source.NOTE_START)
            label = f"[{note.number}]"
            at = note.start - len(label) - 1
            if at >= 0 and text.startswith(label, at):
                links[at] = (at + len(label), "note", note.number, "")
        first_marker = {}
        for at in sorted(links):
            if links[at][1] == "marker":
                first_marker.setdefault(links[at][2], at)
        blocks = []
        for match in BLOCK.finditer(text):
            start = match.start()
            blocks.append({"start": start, "text": match.group(),
                           "pieces": _pieces(text, match.start(), match.end(), links, first_marker),
                           "paragraph": paragraph_at.get(start),
                           "heading": start in heading_at and start not in paragraph_at})
        documents.append({"id": doc_id, "title": text_or_blank(title), "cite": text_or_blank(cite), "blocks": blocks})
    return documents


def _pieces(text: str, start: int, end: int, links: dict, first_marker: dict) -> list[dict]:
    """The block text[start:end] as pieces, plain {"text"} or a link {"text", "kind", "number", "note", "first"}
    ("first": the note's number, or the first marker of that note, which the note links back to)."""
    pieces, at = [], start
    for begin in sorted(b for b in links if start <= b < end):
        stop, kind, number, note = links[begin]
        if begin > at:
            pieces.append({"text": text[at:begin]})
        pieces.append({"text": text[begin:stop], "kind": kind, "number": number, "note": note,
                       "first": kind == "note" or first_marker.get(number) == begin})
        at = stop
    if at < end:
        pieces.append({"text": text[at:end]})
    return pieces


def read_text_annotations(graph: Graph) -> dict[str, list[dict]]:
    """Each document's anchored claims, in text order, as the text page marks them: offsets, the claim in
    words, its status (its key, which the page styles, and its words), and the entity the page links it to (its subject, else the first it is about)."""
    found = defaultdict(list)
    for a, doc, start, end, claim, key, status, subject, about in select(graph, """SELECT ?a ?doc ?start ?end ?claim
            ?key ?status (SAMPLE(?s) AS ?subject) (MIN(STR(?e)) AS ?about) WHERE {
            ?a fg:inDocument ?doc ; rdfs:label ?claim ; fg:status ?key ; fg:anchor ?anchor . ?key rdfs:label ?status .
            ?anchor oa:hasTarget/oa:hasSelector ?selector . ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
            OPTIONAL { ?a rdf:subject ?s } OPTIONAL { ?a fg:statementOf ?e }
        } GROUP BY ?a ?doc ?start ?end ?claim ?key ?status"""):
        entity = subject if subject is not None else about
        found[local_id(doc, FGDOC)].append({"start": int(start), "end": int(end), "claim": str(claim),
                                          "statusKey": local_id(key, FG).lower(), "status": str(status),
                                          "id": local_id(a, FGST), "entity": local_id(entity, FGD) if entity else ""})
    return {doc: sorted(rows, key=lambda r: (r["start"], r["end"], r["id"])) for doc, rows in sorted(found.items())}


def render_text_page(graph: Graph, texts: dict[str, str]) -> str:
    """The companion page: each document's text, where a link's quote is highlighted."""
    return explorer_environment().get_template("text.html").render(documents=read_documents(graph, texts),
                                                           annotations=read_text_annotations(graph))

