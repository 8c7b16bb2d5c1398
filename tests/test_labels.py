"""Labels people read: relations and measures in words, units in the right number (issue 15)."""

from __future__ import annotations

from rdflib.namespace import RDF, RDFS

from graph.namespaces import FG


def labels_of(graph, kind) -> set[str]:
    return {str(label) for node in graph.subjects(RDF.type, kind) for label in graph.objects(node, RDFS.label)}


def test_statement_labels_say_the_relation_in_words(graph):
    labels = labels_of(graph, FG.Statement)
    # "Khatami and Karrubi ... negotiated with the Leader" (the relation's ontology label is "negotiates with")
    assert "Mohammad Khatami negotiates with Ali Khamenei" in labels
    assert not [label for label in labels if "negotiatesWith" in label or "inFaction" in label]


def test_figure_labels_say_the_measure_in_words_and_the_unit_in_its_number(graph):
    labels = labels_of(graph, FG.Figure)
    # "the 26-day occupation of the Majles" -- the measure sit-in-length, the text writes "sit-in"
    assert any(label.startswith("length of the sit-in ") and label.endswith(": 26 days") for label in labels)
    # "After a month of scrutiny"
    assert any(label.startswith("length of the scrutiny ") and label.endswith(": 1 month") for label in labels)
    assert not [label for label in labels if "-length" in label or label.endswith(" 1 months")]
