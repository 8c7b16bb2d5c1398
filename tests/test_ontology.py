"""The ontology documents every term, and the graph uses no term the ontology lacks."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from graph.namespaces import FG
from graph.sources.vocabulary import load_ontology


def defined_terms():
    ontology = load_ontology()
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(FG))}


def test_every_term_has_a_label_and_a_comment():
    ontology = load_ontology()
    missing = [str(t) for t in defined_terms()
               if ontology.value(t, RDFS.label) is None or ontology.value(t, RDFS.comment) is None]
    assert missing == []


def test_the_graph_uses_only_defined_terms(graph):
    defined = defined_terms()
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(FG))}
    assert sorted(map(str, used - defined)) == []


def test_every_class_and_relation_is_aligned_to_a_standard_vocabulary():
    ontology = load_ontology()
    standard = ("http://xmlns.com/foaf/", "http://www.w3.org/ns/org#", "http://semanticweb.cs.vu.nl/2009/11/sem/",
                "http://www.w3.org/ns/prov#", "http://www.w3.org/2006/time#", "https://schema.org/",
                "http://purl.org/spar/", "http://www.w3.org/2004/02/skos/", "http://qudt.org/",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#")

    def aligned(term, link):
        return any(str(t).startswith(standard) for t in ontology.transitive_objects(term, link)) or any(
            str(t).startswith(standard) for t in ontology.objects(term, RDFS.subClassOf))

    for top in (FG.Actor, FG.Event, FG.Place, FG.Assertion, FG.Statement, FG.Figure, FG.Document, FG.Work):
        assert aligned(top, RDFS.subClassOf), top
    for relation in (FG.leads, FG.memberOf, FG.holdsOffice, FG.hasOrganiser, FG.hasParticipant, FG.hasPlace,
                     FG.precedes, FG.subEventOf, FG.attributedTo, FG.inDocument, FG.cites):
        assert aligned(relation, RDFS.subPropertyOf), relation


def test_a_misspelt_term_is_an_error_not_a_new_iri():
    assert FG.statementOf == URIRef("https://w3id.org/factiongraph/ontology#statementOf")
    with pytest.raises(AttributeError, match="statmentOf"):
        FG.statmentOf  # the lookup itself must fail
