"""The IRIs the build mints, derived from ids and content, so rebuilding never renames anything and
no blank node is made."""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from ..namespaces import FGD, FGDOC, FGST, FGTIME, FGWORK
from ..sources.mentions import Mention
from ..sources.records import Figure, Statement


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


def mention_iri(doc_id: str, mention: Mention) -> URIRef:
    return FGST["m" + _digest(doc_id, mention.entity, str(mention.start), str(mention.end))]
