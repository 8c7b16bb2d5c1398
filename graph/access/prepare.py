"""A SPARQL query checked before it runs: parsed, its form found, SERVICE calls found, user values quoted.

A query is checked by Oxigraph's SPARQL 1.1 parser with the project's prefixes bound, so a
mistake is reported with its line, column and text before anything runs (graph.access.query
runs it). A query that calls another endpoint (SERVICE) is refused unless the caller allows it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import FactionGraphError, Problem
from ..namespaces import PREFIX_IRIS, PREFIXES

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
EXPECTED_ITEM = re.compile(r"\"(?:\\.|[^\"\\])*\"|\[(?:'(?:\\.|[^'])*'|[^\]'])*\]|[^,\[\]\"]+")
PREFIXED_NAME_END = re.compile(r"([A-Za-z][\w.-]*)?:[^\s(){},;]*$")
FIRST_KEYWORD = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s*[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|VERSION\s*(?:\"[^\"]*\"|'[^']*'))*"
                           r"([A-Za-z]+)", re.I)
FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
SERVICE_WORD = re.compile("service", re.I)


@dataclass(frozen=True)
class PreparedQuery:
    """A query that parsed, with its form ('select', 'ask' or 'graph': CONSTRUCT and DESCRIBE).

    calls_service says whether it asks another endpoint for data (SERVICE), which is refused
    unless the caller allows it.
    """

    text: str
    form: str
    origin: str = "<query>"
    calls_service: bool = False


def prepare_query(text: str, origin: str = "<query>") -> PreparedQuery:
    """Parse a query with the project's prefixes bound, without running it; raise with line, column and text if it is wrong.

    >>> prepare_query("SELECT ?who WHERE { ?who fg:leads fgd:participation-front }").form
    'select'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise FactionGraphError(Problem(origin, f"the query is not UTF-8 text (character {err.start + 1} is a "
                                                f"byte that is not)", "give the query as UTF-8 text")) from err
    try:
        parse_only(text)
    except SyntaxError as err:
        raise FactionGraphError(_syntax_problem(text, str(err), origin)) from err
    keyword = FIRST_KEYWORD.match(text)
    form = FORMS.get(keyword.group(1).upper()) if keyword else None
    if form is None:
        raise FactionGraphError(Problem(origin, "cannot tell whether this is a SELECT, ASK, CONSTRUCT or DESCRIBE "
                                                "query", "start it with PREFIX or BASE lines, then the query form"))
    return PreparedQuery(text, form, origin, calls_service(text))


def parse_only(text: str) -> None:
    """Oxigraph's own SPARQL parser, without its evaluator: raise SyntaxError if the query is wrong.

    pyoxigraph has no parse-only call, but it parses a query before it checks the other arguments
    of Store.query; two that contradict each other make it stop there with a ValueError, so even a
    query that would run for hours (an aggregate over large VALUES blocks) is checked in
    microseconds. tests/test_query.py holds pyoxigraph to that order.
    """
    try:
        ox.Store().query(text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True, default_graph=ox.DefaultGraph())
    except ValueError:
        return
    raise RuntimeError("pyoxigraph ran a query it was only asked to parse")


def calls_service(text: str) -> bool:
    """Whether a query that parses uses the SERVICE keyword, as Oxigraph's parser reads it.

    Every 'service' in the text becomes 'servicx', which is allowed wherever a string, IRI, comment,
    prefixed name or variable may hold it but is no keyword: if the query no longer parses, one of
    them was the keyword. Asking the parser itself leaves no way to hide SERVICE from a scanner.
    """
    if not SERVICE_WORD.search(text):
        return False
    try:
        parse_only(SERVICE_WORD.sub(lambda found: found.group(0)[:-1] + "x", text))
    except SyntaxError:
        return True
    return False


def refuse_service(query: PreparedQuery) -> None:
    """Stop a query that would send requests to another endpoint (SERVICE) the user did not allow."""
    if query.calls_service:
        raise FactionGraphError(Problem(query.origin, "the query calls another endpoint (SERVICE), which "
                                                      "factiongraph does not do unless asked",
                                        "if you trust that endpoint, allow it with --allow-service"))


def _syntax_problem(text: str, message: str, origin: str) -> Problem:
    """Oxigraph's 'error at L:C: expected ...' as a problem that shows the line and points at the column."""
    keyword = FIRST_KEYWORD.match(text)
    if keyword and keyword.group(1).upper() in UPDATE_KEYWORDS:
        return Problem(origin, f"{keyword.group(1).upper()} is SPARQL Update, which changes a graph",
                       "factiongraph only reads: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    match = SYNTAX_ERROR.match(message)
    if not match:
        return Problem(origin, f"not a valid SPARQL query: {message}", "see https://www.w3.org/TR/sparql11-query/")
    line, column, expected = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = text.split("\n")
    source_line = lines[line - 1] if line <= len(lines) else ""
    pointer = f"\n        {source_line}\n        {' ' * (column - 1)}^"
    where = f"line {line}, column {column}"
    if "Prefix not found" in expected:
        name = PREFIXED_NAME_END.search(source_line[:column - 1])
        if name:
            prefix = name.group(1) or ""
            return Problem(origin, f"{where}: unknown prefix '{prefix}:' in {name.group(0)!r}{pointer}",
                           f"declare it (PREFIX {prefix}: <...>) or use a project prefix: "
                           f"{', '.join(PREFIXES)} (`factiongraph prefixes` lists them)")
    offending = source_line[column - 1:].split()
    near = f"at {offending[0]!r}" if offending else "at the end of the line" if line < len(lines) else "at the end"
    return Problem(origin, f"{where}, {near}: {_readable_expectation(expected)}{pointer}",
                   "fix the query there (SPARQL 1.1: https://www.w3.org/TR/sparql11-query/)")


def _readable_expectation(expected: str) -> str:
    """Drop the parser's character classes from 'expected one of ...' and keep the words."""
    head, _, items = expected.partition("expected one of ")
    if not items:
        head, _, items = expected.partition("expected ")
    words = [item.strip() for item in EXPECTED_ITEM.findall(items) if not item.startswith("[") and item.strip()]
    if not words:
        return "unexpected text"
    if len(words) == 1:
        return words[0] if " " in words[0] else f"expected {words[0]}"
    return "expected one of " + ", ".join(words)


def _iris(algebra) -> set[str]:
    """Every IRI in a query's algebra (rdflib's parse tree of dicts, lists and terms)."""
    from rdflib import URIRef

    if isinstance(algebra, URIRef):
        return {str(algebra)}
    if isinstance(algebra, dict):
        return set().union(*(_iris(value) for value in algebra.values()))
    if isinstance(algebra, (list, tuple, set)):
        return set().union(*(_iris(value) for value in algebra))
    return set()


def undefined_terms(query: PreparedQuery) -> list[str]:
    """A warning for each fg: term the query uses that the ontology does not define, with the close ones:
    a misspelt term is no error in SPARQL, it just matches nothing."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    from ..sources.vocabulary import defined_terms

    try:
        parsed = prepareQuery(query.text, initNs=PREFIX_IRIS)
    except ParseException:  # SPARQL that Oxigraph reads and rdflib's parser does not: nothing to check with
        return []
    ontology, defined = str(PREFIXES["fg"]), sorted(defined_terms())
    warnings = []
    for iri in sorted(i for i in _iris(parsed.algebra) if i.startswith(ontology)):
        term = iri.removeprefix(ontology)
        if term and term not in defined:  # STR(fg:), the namespace itself, is no term
            close = difflib.get_close_matches(term, defined, n=3, cutoff=0.6)
            warnings.append(f"fg:{term} is not defined by the ontology"
                            + (f"; did you mean {' or '.join('fg:' + c for c in close)}?" if close else ""))
    return warnings


def read_query_file(path: Path) -> str:
    """A .rq file's text, or an error that says why it cannot be read as one."""
    hint = "give the path of a .rq file (UTF-8 text), a query name or the query itself"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise FactionGraphError(Problem(path, "query file not found", hint)) from err
    except IsADirectoryError as err:
        raise FactionGraphError(Problem(path, "this is a folder, not a query file", hint)) from err
    except UnicodeDecodeError as err:
        raise FactionGraphError(Problem(path, f"not UTF-8 text (byte {err.start + 1} is not): is it a query file?",
                                        hint)) from err
    except OSError as err:
        raise FactionGraphError(Problem(path, f"cannot read the query file: {err.strerror}", hint)) from err


def sparql_iri(value: str, what: str = "<query>") -> str:
    """An IRI written as a SPARQL term, <...>, once Oxigraph has checked it is one (so it cannot end early)."""
    try:
        return str(ox.NamedNode(value))
    except (ValueError, TypeError) as err:
        raise FactionGraphError(Problem(what, f"{value!r} is not an IRI: {err}",
                                        "give a full IRI (https://...) or an id as factiongraph prints it")) from err


def sparql_literal(text: str) -> str:
    """User text written as a SPARQL string literal, every quote and control character escaped."""
    return str(ox.Literal(text))
