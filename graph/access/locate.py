"""Where the text names an entity: each mention's document, section, paragraph or note, and sentence.

The build records every mention as a Web Annotation (motivation oa:identifying) with the characters
it covers, and every section, paragraph and note with its character span, so the places are a query;
the sentence around a mention is cut from the document's text (checked against the graph's checksum)
by pysbd's rule-based sentence boundaries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pysbd

from ..errors import FactionGraphError, Problem
from ..namespaces import local_name
from .evidence import place_words
from .names import find_entity
from .prepare import sparql_iri
from .query import Endpoint, GraphFile, read_records

FORMATS = ("text", "json")


@dataclass(frozen=True)
class Mention:
    """One place the text names the entity, with the words it uses there."""

    document: str
    section: int | None
    section_title: str
    paragraph: int | None
    footnote: int | None
    start: int
    end: int
    words: str
    sentence: str


@dataclass(frozen=True)
class Mentions:
    """What was asked for, which entity a part of a name picked ('' if exact), and its mentions in text order."""

    subject: str
    picked: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Part:
    kind: str
    number: int
    title: str
    start: int
    end: int


def read_parts(source) -> dict[str, list[Part]]:
    """Each document's sections, paragraphs and notes with their character spans."""
    rows = read_records("""SELECT ?doc ?kind ?n ?title ?start ?end WHERE {
        VALUES ?kind { fg:Section fg:Paragraph fg:Footnote }
        ?part a ?kind ; fg:number ?n ; fg:start ?start ; fg:end ?end ; dcterms:isPartOf+ ?doc .
        ?doc a fg:Document .
        OPTIONAL { ?part rdfs:label ?title }
    } ORDER BY ?doc ?start ?kind""", source)
    parts: dict[str, list[Part]] = {}
    for r in rows:
        parts.setdefault(local_name(r["doc"]), []).append(Part(local_name(r["kind"]), r["n"], r["title"] or "", r["start"],
                                                           r["end"]))
    return parts


def read_texts(source, corpus_dir: Path) -> dict[str, str]:
    """The text of each document from the corpus folder, refused if it is not the text the graph was built from."""
    texts, problems = {}, []
    for r in read_records("""SELECT ?doc ?url ?sha WHERE {
            ?doc a fg:Document ; fg:hasText ?text . ?text schema:contentUrl ?url ; schema:sha256 ?sha }""", source):
        url = Path(r["url"])
        path = Path(corpus_dir) / url.parent.name / url.name
        if not path.is_file():
            problems.append(Problem(path, "the document's text is missing", "pass --corpus with the corpus folder"))
            continue
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != r["sha"]:
            problems.append(Problem(path, "the text differs from the one the graph was built from",
                                    "rebuild the graph with `factiongraph build`"))
            continue
        texts[local_name(r["doc"])] = text
    if problems:
        raise FactionGraphError(problems)
    return texts


def sentence_around(text: str, start: int, end: int, within: Part | None) -> str:
    """The sentence of text (inside the paragraph or note `within`) that holds characters start..end.

    >>> sentence_around("One. Two Khatami. Three.", 9, 16, Part("Paragraph", 1, "", 0, 24))
    'Two Khatami.'
    """
    low, high = (within.start, within.end) if within else (0, len(text))
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    for span in segmenter.segment(text[low:high]):
        if low + span.start <= start < low + span.end:
            return span.sent.strip()
    return text[start:end]


def _containing(parts: list[Part], kind: str, start: int) -> Part | None:
    return next((p for p in parts if p.kind == kind and p.start <= start < p.end), None)


def look_up_mentions(name: str, corpus_dir: Path, source: GraphFile | Endpoint | None = None) -> Mentions:
    """Every place the text names the entity called name (any alias, id or IRI), in the order of the text."""
    source = source or GraphFile()
    entity = find_entity(name, source)
    rows = read_records(f"""SELECT ?doc ?start ?end ?words WHERE {{
        ?mention a oa:Annotation ; oa:motivatedBy oa:identifying ; oa:hasBody {sparql_iri(entity.iri)} ;
                 oa:hasTarget ?target .
        ?target oa:hasSource ?text ; oa:hasSelector ?quote, ?position .
        ?quote a oa:TextQuoteSelector ; oa:exact ?words .
        ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        ?doc fg:hasText ?text .
    }} ORDER BY ?doc ?start ?end""", source)
    texts = read_texts(source, corpus_dir) if rows else {}
    parts = read_parts(source) if rows else {}
    mentions = []
    for r in rows:
        doc, start, end = local_name(r["doc"]), r["start"], r["end"]
        found = parts.get(doc, [])
        section, paragraph, note = (_containing(found, kind, start) for kind in ("Section", "Paragraph", "Footnote"))
        mentions.append(Mention(
            document=doc, section=section.number if section else None, section_title=section.title if section else "",
            paragraph=paragraph.number if paragraph else None, footnote=note.number if note else None,
            start=start, end=end, words=r["words"],
            sentence=sentence_around(texts[doc], start, end, paragraph or note)))
    return Mentions(entity.named, entity.picked, tuple(mentions))


def _where(mention: Mention) -> str:
    parts = [mention.document, *place_words(mention.section, mention.section_title, mention.paragraph, mention.footnote)]
    parts.append(f"characters {mention.start}-{mention.end}")
    return ", ".join(parts)


def render_mentions(found: Mentions, fmt: str = "text") -> str:
    """The mentions as text for a reader, or as JSON."""
    if fmt == "json":
        data = {"subject": found.subject, "picked": found.picked, "mentions": [asdict(m) for m in found.mentions]}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise FactionGraphError(Problem("--format", f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}"))
    count = len(found.mentions)
    lines = [found.subject, f"named {count} time{'s' if count != 1 else ''} in the text" if count
             else "the text never names it (it may still be in statements: `factiongraph cite`)", ""]
    for i, mention in enumerate(found.mentions, 1):
        lines += [f"[{i}] “{mention.words}”, {_where(mention)}", f"    {mention.sentence}", ""]
    return "\n".join(lines).rstrip() + "\n"
