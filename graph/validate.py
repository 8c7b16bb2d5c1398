"""SHACL validation of the built graph with pyshacl and the project's shapes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import RDF

from .namespaces import SH
from .vocabulary import ontology_dir


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


@cache
def load_shapes() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return graph


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Check graph against the SHACL shapes; the graph must hold the ontology's class hierarchy."""
    from pyshacl import validate

    conforms, results, _ = validate(graph, shacl_graph=shapes or load_shapes(), inference="none",
                                    advanced=False, allow_warnings=False)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        def value(prop):
            found = results.value(result, prop)
            return "" if found is None else str(found)
        violations.append(Violation(value(SH.focusNode), value(SH.resultPath),
                                    value(SH.resultMessage), value(SH.resultSeverity).rsplit("#", 1)[-1]))
    return ValidationReport(bool(conforms), tuple(sorted(violations, key=str)))
