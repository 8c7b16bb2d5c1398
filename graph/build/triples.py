"""Records -> one rdflib.Graph: every triple of the corpus, in the build's order.

The entities, then per document its parts and works, its mentions, its statements and figures;
then the links across assertions and documents. graph/build/stream.py runs the same add_corpus
into its own sink.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import FGD, bind_prefixes
from ..sources.mentions import Mention
from ..sources.records import Corpus, Document, Evidence
from ..sources.vocabulary import Vocabulary, load_ontology, load_vocabulary
from .assertions import add_figure, add_statement, claim_triple, figure_claim, link_conflicts
from .documents import add_document, add_entity, link_cited_documents
from .iris import claims_graph_iri
from .layers import LAYERS, layer_of
from .mentions import add_mentions, index_mentions


def add_corpus(sink, corpus: Corpus, vocabulary: Vocabulary | None = None, include_ontology: bool = True,
               mentions: dict[str, list[Mention]] | None = None):
    """Add every triple of the corpus to sink: an rdflib Graph, or anything with add() and +=.

    `mentions` (by document id) saves finding them again when the caller already has them.
    """
    mentions = mentions if mentions is not None else index_mentions(corpus)
    add_corpus_head(sink, corpus, vocabulary or load_vocabulary(), include_ontology)
    assertions: list[tuple[URIRef, Evidence]] = []
    for document in corpus.documents:
        assertions += add_document_part(sink, document, corpus, mentions[document.id])
    add_corpus_links(sink, corpus, assertions)
    return sink


def add_corpus_head(sink, corpus: Corpus, vocabulary: Vocabulary, include_ontology: bool = True):
    """What comes before the documents: the ontology, the data set's own description, the entities."""
    if include_ontology:
        sink += load_ontology()
    sink.add((FGD[""], RDF.type, OWL.Ontology))
    sink.add((FGD[""], RDFS.label, Literal("factiongraph data", lang="en")))
    sink.add((FGD[""], OWL.imports, URIRef("https://w3id.org/factiongraph/ontology")))
    sink.add((FGD[""], RDFS.comment, Literal("Annotated actors, events, statements and figures with their evidence.",
                                             lang="en")))
    for entity in corpus.entities.values():
        add_entity(sink, entity, vocabulary.cameo)
    return sink


def add_document_part(sink, document: Document, corpus: Corpus, mentions: list[Mention]) -> list[tuple[URIRef, Evidence]]:
    """One document's triples: its parts and works, its mentions, its statements and figures; they read
    nothing of the other documents."""
    add_document(sink, document, corpus.entities)
    add_mentions(sink, document, mentions)
    assertions = [(add_statement(sink, statement, document, corpus.entities), statement.evidence)
                  for statement in document.statements]
    return assertions + [(add_figure(sink, figure, document, corpus.entities), figure.evidence)
                         for figure in document.figures]


def add_corpus_links(sink, corpus: Corpus, assertions: list[tuple[URIRef, Evidence]]):
    """What comes after the documents: the links across assertions (conflict labels) and documents."""
    link_conflicts(sink, assertions)
    link_cited_documents(sink, corpus)
    return sink


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
