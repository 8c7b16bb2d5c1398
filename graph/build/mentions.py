"""Where the text names an entity, as triples: each mention a Web Annotation, and how often."""

from __future__ import annotations

from rdflib import Graph, Literal

from ..namespaces import FG, OA
from ..sources.mentions import Mention, find_mentions, index_aliases
from ..sources.records import Corpus, Document
from .anchors import add_text_annotation
from .iris import entity_iri, mention_iri, part_iri


def index_mentions(corpus: Corpus) -> dict[str, list[Mention]]:
    """The mentions of every entity in every document, by document id (one alias index for them all)."""
    aliases = index_aliases(corpus.entities)
    return {doc.id: find_mentions(doc.source, aliases) for doc in corpus.documents}


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
