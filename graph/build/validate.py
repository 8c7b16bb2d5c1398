"""SHACL validation of the built graph against ontology/shapes.ttl, by two engines giving one report.

``validate_store`` is the build's engine: it translates every shape into SPARQL (after the SPARQL
definitions of SHACL Core in the specification) and lets Oxigraph evaluate it on the build's
store, one or two queries per property shape. It knows exactly the SHACL features shapes.ttl
uses and refuses a shapes graph with any other, so a constraint is never skipped silently.
``validate_graph`` runs pyshacl on an rdflib graph: the reference the tests compare it with
(tests/test_validate.py) and the engine to use for any other shapes graph.

Measured with ``python -m graph.bench.shacl`` (medians, see the benchmark's docstring).

Oxigraph stores literals by value: a literal of a datatype derived from xsd:integer (such as
xsd:nonNegativeInteger) comes back as an xsd:integer, and lexical forms are canonical ("+3" is
"3"). So on a store, sh:datatype xsd:nonNegativeInteger means "a well-formed integer that is not
negative", and sh:datatype xsd:integer accepts values typed with its derived datatypes.
Lexical forms are checked as XSD defines them, where rdflib (so pyshacl) also accepts forms
Python's int() and Decimal() read, such as "1_000" or "1e3" for xsd:decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..errors import FactionGraphError, Problem
from ..namespaces import SH, bind_prefixes
from .store import to_oxigraph_term, to_rdflib_term
from ..sources.vocabulary import ontology_dir


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
    def value(result, prop):
        found = results.value(result, prop)
        return "" if found is None else str(found)

    violations = [Violation(value(result, SH.focusNode), value(result, SH.resultPath), value(result, SH.resultMessage),
                            value(result, SH.resultSeverity).rsplit("#", 1)[-1])
                  for result in results.subjects(RDF.type, SH.ValidationResult)]
    return ValidationReport(bool(conforms), tuple(sorted(violations, key=str)))


def validate_store(store: ox.Store, shapes: Graph | None = None) -> ValidationReport:
    """Check the default graph of an Oxigraph store (data and rdfs:subClassOf hierarchy) against the shapes.

    The same report as validate_graph gives for the same triples; raises FactionGraphError naming
    every shape that uses a SHACL feature this engine does not implement.
    """
    checks = compile_default_shapes() if shapes is None else compile_shapes(shapes)
    classes = class_closures(store, checks)
    violations = [violation for check in checks for violation in run_check(store, check, classes)]
    return ValidationReport(not violations, tuple(sorted(violations, key=str)))


# --- SHACL Core as SPARQL ---------------------------------------------------------------------

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
VALUE_CONSTRAINTS = {SH["class"], SH.datatype, SH["in"], SH.pattern, SH.nodeKind, SH.minLength, SH.minInclusive}
NODE_SHAPE_TERMS = set(TARGETS) | VALUE_CONSTRAINTS | {SH.property, SH.message, SH.severity}
PROPERTY_SHAPE_TERMS = VALUE_CONSTRAINTS | {SH.path, SH.minCount, SH.maxCount, SH.message, SH.severity}
UNSUPPORTED_HINT = "use graph.build.validate.validate_graph (pyshacl) for this shapes graph"

# When a literal ?value is well-formed for a datatype; see the module docstring for how
# Oxigraph's storage by value shapes the integer types.
WELL_FORMED = {
    XSD.string: "datatype(?value) = xsd:string",
    XSD.date: "datatype(?value) = xsd:date && datatype(xsd:date(str(?value))) = xsd:date",
    # rdflib does not parse gYear, so pyshacl checks only the datatype; shapes check the form by sh:pattern
    XSD.gYear: "datatype(?value) = xsd:gYear",
    XSD.decimal: "datatype(?value) = xsd:decimal && datatype(xsd:decimal(str(?value))) = xsd:decimal",
    XSD.integer: "datatype(?value) = xsd:integer && datatype(xsd:integer(str(?value))) = xsd:integer",
    XSD.nonNegativeInteger: "datatype(?value) IN (xsd:integer, xsd:nonNegativeInteger)"
                            " && xsd:integer(str(?value)) >= 0",
}
WRONG_NODE_KIND = {
    SH.IRI: "!isIRI(?value)", SH.BlankNode: "!isBlank(?value)", SH.Literal: "!isLiteral(?value)",
    SH.BlankNodeOrIRI: "isLiteral(?value)", SH.BlankNodeOrLiteral: "isIRI(?value)",
    SH.IRIOrLiteral: "isBlank(?value)",
}
SEVERITIES = {SH.Violation, SH.Warning, SH.Info}
PROLOGUE = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n")


@dataclass(frozen=True)
class Constraint:
    """One value constraint (sh:class, sh:datatype, ...) with its parameter and pyshacl's default message."""

    kind: URIRef
    parameter: object
    message: str
    names_value: bool = False


@dataclass(frozen=True)
class PropertyCheck:
    """A property shape, or a node shape's own value constraints (path None: the value is the focus node)."""

    path: URIRef | None
    path_label: str
    min_count: int
    max_count: int | None
    constraints: tuple[Constraint, ...]
    message: str | None
    severity: str


@dataclass(frozen=True)
class NodeShapeCheck:
    """A node shape: its targets and everything checked on its focus nodes."""

    targets: tuple[tuple[URIRef, URIRef], ...]
    properties: tuple[PropertyCheck, ...]


def compile_shapes(shapes: Graph) -> tuple[NodeShapeCheck, ...]:
    """The node shapes of a shapes graph, read into checks; refuses any SHACL feature this engine lacks."""
    problems = unsupported_features(shapes)
    if problems:
        raise FactionGraphError(problems)
    checks = []
    for node_shape in sorted(node_shapes(shapes)):
        targets = tuple((kind, term) for kind in TARGETS for term in sorted(shapes.objects(node_shape, kind)))
        properties = [property_check(shapes, shape, shapes.value(shape, SH.path))
                      for shape in sorted(shapes.objects(node_shape, SH.property))]
        if value_constraints(shapes, node_shape):
            properties.insert(0, property_check(shapes, node_shape, None))
        if targets and properties:
            checks.append(NodeShapeCheck(targets, tuple(properties)))
    return tuple(checks)


@cache
def compile_default_shapes() -> tuple[NodeShapeCheck, ...]:
    return compile_shapes(load_shapes())


def node_shapes(shapes: Graph) -> set:
    """Shapes typed sh:NodeShape, or with a target or a property shape."""
    typed = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.property, None))
    return typed | {s for t in TARGETS for s in shapes.subjects(t, None)}


def property_check(shapes: Graph, shape, path: URIRef | None) -> PropertyCheck:
    max_count = shapes.value(shape, SH.maxCount)
    message = shapes.value(shape, SH.message)
    return PropertyCheck(path=path, path_label="" if path is None else path.n3(shapes.namespace_manager),
                         min_count=int(shapes.value(shape, SH.minCount, default=Literal(0))),
                         max_count=None if max_count is None else int(max_count),
                         constraints=value_constraints(shapes, shape),
                         message=None if message is None else str(message),
                         severity=shapes.value(shape, SH.severity, default=SH.Violation).rsplit("#", 1)[-1])


def value_constraints(shapes: Graph, shape) -> tuple[Constraint, ...]:
    """The shape's value constraints, each with the message pyshacl gives when the shape has no sh:message."""
    names = shapes.namespace_manager
    constraints = [Constraint(SH["class"], cls, f"Value does not have class {cls.n3(names)}")
                   for cls in sorted(shapes.objects(shape, SH["class"]))]
    datatype = shapes.value(shape, SH.datatype)
    if datatype is not None:
        constraints.append(Constraint(SH.datatype, datatype, f"Value is not Literal with datatype {datatype.n3(names)}"))
    kind = shapes.value(shape, SH.nodeKind)
    if kind is not None:
        constraints.append(Constraint(SH.nodeKind, kind, f"Value is not of Node Kind {kind.n3(names)}"))
    members = shapes.value(shape, SH["in"])
    if members is not None:
        allowed = tuple(Collection(shapes, members))
        constraints.append(Constraint(SH["in"], allowed, f"not in list {[describe(m, names) for m in allowed]}",
                                      names_value=True))
    pattern = shapes.value(shape, SH.pattern)
    if pattern is not None:
        constraints.append(Constraint(SH.pattern, pattern, f"Value does not match pattern '{pattern}'"))
    min_length = shapes.value(shape, SH.minLength)
    if min_length is not None:
        constraints.append(Constraint(SH.minLength, min_length,
                                      f"String length not >= {describe(min_length, data_namespaces())}"))
    minimum = shapes.value(shape, SH.minInclusive)
    if minimum is not None:
        constraints.append(Constraint(SH.minInclusive, minimum, f"Value is not >= {describe(minimum, names)}"))
    return tuple(constraints)


def shape_name(shapes: Graph, shape) -> str:
    """A shape as a reader finds it in the file: its IRI, or its node shape and path if it is a blank node."""
    if not isinstance(shape, BNode):
        return shape.n3(shapes.namespace_manager)
    parent = shapes.value(None, SH.property, shape)
    path = shapes.value(shape, SH.path)
    owner = shape_name(shapes, parent) if parent is not None else "a blank-node shape"
    return f"{owner}, property {path.n3(shapes.namespace_manager) if path is not None else 'without sh:path'}"


def unsupported_features(shapes: Graph) -> list[Problem]:
    """A problem for each SHACL term this engine would otherwise ignore or misread."""
    nodes = node_shapes(shapes)
    properties = set(shapes.objects(None, SH.property))
    problems = []

    def refuse(shape, feature):
        problems.append(Problem(shape_name(shapes, shape),
                                f"{feature} is not supported by the Oxigraph SHACL engine (graph.build.validate.validate_store)",
                                UNSUPPORTED_HINT))

    for subject, predicate, obj in sorted(shapes):
        if predicate == RDF.type and obj.startswith(SH) and obj not in (SH.NodeShape, SH.PropertyShape):
            refuse(subject, f"rdf:type {obj.n3(shapes.namespace_manager)}")
        if not predicate.startswith(SH):
            continue
        allowed = PROPERTY_SHAPE_TERMS if subject in properties else NODE_SHAPE_TERMS if subject in nodes else set()
        name = predicate.n3(shapes.namespace_manager)
        if predicate not in allowed:
            refuse(subject, name if subject in nodes | properties else f"{name} outside a node or property shape")
        elif predicate == SH.path and not isinstance(obj, URIRef):
            refuse(subject, "a sh:path that is not a single predicate (sequence, inverse or other path)")
        elif predicate == SH.datatype and obj not in WELL_FORMED:
            refuse(subject, f"sh:datatype {obj.n3(shapes.namespace_manager)}")
        elif predicate == SH.nodeKind and obj not in WRONG_NODE_KIND:
            refuse(subject, f"sh:nodeKind {obj.n3(shapes.namespace_manager)}")
        elif predicate == SH.severity and obj not in SEVERITIES:
            refuse(subject, f"sh:severity {obj.n3(shapes.namespace_manager)}")
        elif predicate in PROPERTY_SHAPE_TERMS - {SH["class"]} and len(set(shapes.objects(subject, predicate))) > 1:
            refuse(subject, f"more than one {name}")
    for shape in nodes | properties:
        if {RDFS.Class, OWL.Class} & set(shapes.objects(shape, RDF.type)):
            refuse(shape, "a shape that is also a class (implicit class target)")
        if shape in properties and shapes.value(shape, SH.path) is None:
            refuse(shape, "a property shape without sh:path")
    return sorted(set(problems), key=str)


def run_check(store: ox.Store, check: NodeShapeCheck, classes) -> list[Violation]:
    """The violations of one node shape: one aggregate query finds the focus nodes that break
    anything, then one query per broken property shape lists its failing values on those nodes."""
    violations = []
    broken_values: dict[int, list] = {}
    for row in store.query(survey_query(check, classes)):
        focus = row["focus"]
        for j, prop in enumerate(check.properties):
            if prop.path is not None and (prop.min_count > 0 or prop.max_count is not None):
                count = int(row[f"counted{j}"].value)
                on = f"{describe(to_rdflib_term(focus), data_namespaces())}->{prop.path_label}"
                if count < prop.min_count:
                    violations.append(violation(prop, focus, f"Less than {prop.min_count} values on {on}"))
                if prop.max_count is not None and count > prop.max_count:
                    violations.append(violation(prop, focus, f"More than {prop.max_count} values on {on}"))
            if any(int(row[f"failed{j}_{i}"].value) for i in range(len(prop.constraints))):
                broken_values.setdefault(j, []).append(focus)
    for j, focus_nodes in broken_values.items():
        prop = check.properties[j]
        for row in store.query(values_query(prop, focus_nodes, classes)):
            for i, constraint in enumerate(prop.constraints):
                if row[f"fails{i}"].value == "true":
                    message = constraint.message
                    if constraint.names_value:
                        message = f"Value {describe(to_rdflib_term(row['value']), data_namespaces())} {message}"
                    violations.append(violation(prop, row["focus"], message))
    return violations


def violation(prop: PropertyCheck, focus, default_message: str) -> Violation:
    return Violation(focus.value, "" if prop.path is None else str(prop.path), prop.message or default_message,
                     prop.severity)


# Properties allowed at most this many values are joined straight onto the focus nodes; others
# are counted per subject in a subquery first, so that many-valued properties (an event's
# participants) never multiply each other's rows. On the 1M corpus this takes 3.9 s of CPU
# against 5.7 s with every property in a subquery and 4.1 s with none.
MAX_JOINED_VALUES = 2


def survey_query(check: NodeShapeCheck, classes) -> str:
    """One row per focus node that breaks a constraint, with each property's count and failures."""
    columns, broken, parts = [], [], []
    for j, prop in enumerate(check.properties):
        value = f"?value{j}"
        flags = [f"COALESCE(IF({fails_expression(c, value, classes)}, 1, 0), 1)" for c in prop.constraints]
        count = None
        if prop.path is None:
            parts += [f"BIND(COALESCE(IF({fails_expression(c, '?focus', classes)}, 1, 0), 1) AS ?flag{j}_{i})"
                      for i, c in enumerate(prop.constraints)]
            failures = [f"MAX(?flag{j}_{i})" for i in range(len(flags))]
        elif prop.max_count is not None and prop.max_count <= MAX_JOINED_VALUES:
            binds = " ".join(f"BIND({flag} AS ?flag{j}_{i})" for i, flag in enumerate(flags))
            parts.append(f"OPTIONAL {{ ?focus {sparql_term(prop.path)} {value} . {binds} }}")
            failures = [f"SUM(COALESCE(?flag{j}_{i}, 0))" for i in range(len(flags))]
            count = f"COUNT(DISTINCT {value})"
        else:
            sums = " ".join(f"(SUM({flag}) AS ?flag{j}_{i})" for i, flag in enumerate(flags))
            parts.append(f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT {value}) AS ?count{j}) {sums} "
                         f"WHERE {{ ?focus {sparql_term(prop.path)} {value} }} GROUP BY ?focus }}")
            failures = [f"MAX(COALESCE(?flag{j}_{i}, 0))" for i in range(len(flags))]
            count = f"MAX(COALESCE(?count{j}, 0))"
        if count and (prop.min_count > 0 or prop.max_count is not None):
            columns.append(f"({count} AS ?counted{j})")
            broken += [f"{count} < {prop.min_count}"] if prop.min_count > 0 else []
            broken += [f"{count} > {prop.max_count}"] if prop.max_count is not None else []
        for i, failure in enumerate(failures):
            columns.append(f"({failure} AS ?failed{j}_{i})")
            broken.append(f"{failure} > 0")
    return (f"{PROLOGUE}SELECT ?focus {' '.join(columns)} WHERE {{ {target_pattern(check, classes)} "
            f"{' '.join(parts)} }} GROUP BY ?focus HAVING ({' || '.join(broken)})")


def values_query(prop: PropertyCheck, focus_nodes: list, classes) -> str:
    """Each value of prop on these focus nodes that fails a constraint, with one boolean per constraint."""
    focus = " ".join(str(f) for f in focus_nodes)
    values = f"?focus {sparql_term(prop.path)} ?value ." if prop.path is not None else "BIND(?focus AS ?value)"
    columns = " ".join(f"?fails{i}" for i in range(len(prop.constraints)))
    binds = " ".join(f"BIND(COALESCE({fails_expression(c, '?value', classes)}, true) AS ?fails{i})"
                     for i, c in enumerate(prop.constraints))
    return (f"{PROLOGUE}SELECT ?focus ?value {columns} WHERE {{ VALUES ?focus {{ {focus} }} {values} {binds} "
            f"FILTER({' || '.join(f'?fails{i}' for i in range(len(prop.constraints)))}) }}")


def target_pattern(check: NodeShapeCheck, classes) -> str:
    """A group binding ?focus once to each focus node: instances of the target classes and their
    subclasses, subjects or objects of the target predicates."""
    branches = []
    for kind, term in check.targets:
        if kind == SH.targetClass:
            branches.append(f"{{ ?focus rdf:type ?class . VALUES ?class {{ {' '.join(classes[term])} }} }}")
        elif kind == SH.targetSubjectsOf:
            branches.append(f"{{ ?focus {sparql_term(term)} [] }}")
        else:
            branches.append(f"{{ [] {sparql_term(term)} ?focus }}")
    return f"{{ SELECT DISTINCT ?focus WHERE {{ {' UNION '.join(branches)} }} }}"


def fails_expression(constraint: Constraint, value: str, classes) -> str:
    """A SPARQL expression true when the node in variable `value` breaks the constraint."""
    kind, parameter = constraint.kind, constraint.parameter
    if kind == SH["class"]:
        return f"NOT EXISTS {{ {value} rdf:type {value}_type . FILTER({value}_type IN ({', '.join(classes[parameter])})) }}"
    if kind == SH.datatype:
        return f"!COALESCE({WELL_FORMED[parameter].replace('?value', value)}, false)"
    if kind == SH.nodeKind:
        return WRONG_NODE_KIND[parameter].replace("?value", value)
    if kind == SH["in"]:
        return f"!({' || '.join(f'sameTerm({value}, {sparql_term(m)})' for m in parameter) or 'false'})"
    if kind == SH.pattern:
        return f"isBlank({value}) || !regex(str({value}), {sparql_term(Literal(str(parameter)))})"
    if kind == SH.minLength:
        return f"isBlank({value}) || strlen(str({value})) < {int(parameter)}"
    return f"!COALESCE({value} >= {sparql_term(parameter)}, false)"


def class_closures(store: ox.Store, checks: tuple[NodeShapeCheck, ...]) -> dict:
    """Each class the checks name, with its subclasses in the store (rdfs:subClassOf*), as SPARQL terms."""
    named = {term for check in checks for kind, term in check.targets if kind == SH.targetClass}
    named |= {c.parameter for check in checks for prop in check.properties for c in prop.constraints
              if c.kind == SH["class"]}
    closures = {}
    for cls in named:
        query = f"{PROLOGUE}SELECT DISTINCT ?sub WHERE {{ ?sub rdfs:subClassOf* {sparql_term(cls)} }}"
        closures[cls] = sorted({str(row["sub"]) for row in store.query(query)} | {sparql_term(cls)})
    return closures


@cache
def data_namespaces():
    """The prefixes of the build's graph, which pyshacl uses to name data nodes in its default messages."""
    return bind_prefixes(Graph()).namespace_manager


def describe(node, namespaces) -> str:
    """A node as pyshacl names it in a message (pyshacl.rdfutil.stringify_node)."""
    if isinstance(node, Literal):
        value = None if node.value is None else str(node.value)
        shown = f'"{node}" = {value}' if value is not None and value != str(node) else f'"{node}"'
        language = f", lang={node.language}" if node.language else ""
        datatype = f", datatype={node.datatype.n3(namespaces)}" if node.datatype else ""
        return f"Literal({shown}{language}{datatype})"
    if isinstance(node, URIRef):
        return node.n3(namespaces)
    return str(node)


def sparql_term(node) -> str:
    """An rdflib term written for a SPARQL query (N-Triples syntax)."""
    return str(to_oxigraph_term(node))
