"""The ontology as the build needs it: which classes, relations and CAMEO codes exist."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..namespaces import FG, FG_TERMS

DATE_RELATIONS = frozenset({"date", "startDate", "endDate"})
STATUSES = ("stated", "reported", "rumour", "estimate", "argument", "prediction", "speculation")
UNITS = {"percent": "PERCENT", "count": "NUM", "day": "DAY", "month": "MO", "year": "YR"}


@dataclass(frozen=True)
class Vocabulary:
    """Names an annotation table may use, read from the ontology so the two cannot drift."""

    classes: frozenset[str]
    object_relations: frozenset[str]
    value_relations: frozenset[str]
    signs: dict[str, int]
    cameo: dict[str, str]
    relation_labels: dict[str, str]
    """Each relation's English label, as a reader says it ('negotiatesWith' -> 'negotiates with')."""

    @property
    def relations(self) -> frozenset[str]:
        return self.object_relations | self.value_relations


def ontology_dir() -> Path:
    """The folder holding the ontology, the SHACL shapes and the CAMEO table."""
    return Path(str(resources.files("graph.ontology")))


@cache
def load_ontology() -> Graph:
    """The ontology graph (parsed once per process)."""
    graph = Graph()
    graph.parse(ontology_dir() / "factiongraph.ttl", format="turtle")
    return graph


def defined_terms() -> frozenset[str]:
    """The local names of every fg: term the shipped ontology defines (classes, properties, individuals),
    PLOVER's event vocabulary included."""
    return FG_TERMS


def _local(term: URIRef) -> str:
    return str(term).removeprefix(str(FG))


def _descendants(graph: Graph, root: URIRef, link: URIRef) -> set[URIRef]:
    return {t for t in graph.transitive_subjects(link, root) if t != root}


@cache
def load_vocabulary() -> Vocabulary:
    """Read classes, relations, signs and CAMEO names from the shipped ontology files."""
    graph = load_ontology()
    classes = {_local(c) for c in _descendants(graph, FG.Entity, RDFS.subClassOf) if str(c).startswith(str(FG))}
    objects = {_local(p) for p in _descendants(graph, FG.assertedRelation, RDFS.subPropertyOf)}
    values = {_local(p) for p in _descendants(graph, FG.assertedValue, RDFS.subPropertyOf)}
    signs = {_local(p): int(o) for p, o in graph.subject_objects(FG.sign) if isinstance(o, Literal)}
    relations = _descendants(graph, FG.assertedRelation, RDFS.subPropertyOf) | \
        _descendants(graph, FG.assertedValue, RDFS.subPropertyOf)
    labels = {_local(p): str(label) for p in relations for label in graph.objects(p, RDFS.label) if label.language == "en"}
    with open(ontology_dir() / "cameo.csv", encoding="utf-8", newline="") as handle:
        cameo = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    return Vocabulary(frozenset(classes), frozenset(objects), frozenset(values), signs, cameo, labels)
