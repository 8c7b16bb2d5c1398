"""SPARQL over the built graph or a remote endpoint: results as tables, W3C formats or DataFrames.

A query is checked by Oxigraph's SPARQL 1.1 parser with the project's prefixes bound, so a
mistake is reported with its line, column and text before anything runs. It then runs on the
built graph (``output/graph.nq``, opened as the on-disk Oxigraph database made from it: graph.access.database) or on a SPARQL 1.1
Protocol endpoint. Both answer in the same wire formats (SPARQL Query Results JSON for SELECT
and ASK, N-Triples for CONSTRUCT and DESCRIBE), so everything after that is shared. Oxigraph
cannot interrupt a query, so a query with a timeout runs in a worker process that is killed
when the time is up, that ends itself at its own deadline, and that dies with its parent.
A query that calls another endpoint (SERVICE) is refused unless the caller allows it.
"""

from __future__ import annotations

import ctypes
import difflib
import math
import multiprocessing
import os
import re
import signal
import sys
import traceback
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import FactionGraphError, Problem
from ..escape import markdown_code_block, markdown_text
from ..namespaces import PREFIX_IRIS, PREFIXES, XSD, sparql_prologue
from .database import Database, open_database
from .endpoint import RESULTS_JSON, Endpoint, fetch

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_GRAPH = Path("output") / "graph.nq"
FORMATS = ("table", "csv", "tsv", "json", "md")
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
EXPECTED_ITEM = re.compile(r"\"(?:\\.|[^\"\\])*\"|\[(?:'(?:\\.|[^'])*'|[^\]'])*\]|[^,\[\]\"]+")
PREFIXED_NAME_END = re.compile(r"([A-Za-z][\w.-]*)?:[^\s(){},;]*$")
FIRST_KEYWORD = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s*[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|VERSION\s*(?:\"[^\"]*\"|'[^']*'))*"
                           r"([A-Za-z]+)", re.I)
FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
SERVICE_WORD = re.compile("service", re.I)
PR_SET_PDEATHSIG = 1
WORKER_GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class GraphFile:
    """The built graph file, queried in the on-disk Oxigraph database made from it (graph.access.database): graph.nq by
    default (the default graph of graph.nt and the layers' named graphs), or any N-Triples, Turtle, N-Quads or
    TriG file."""

    path: Path = DEFAULT_GRAPH


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


@dataclass(frozen=True)
class QueryResult:
    """An answer in its wire format, with the variables, rows, boolean or triples read from it."""

    form: str
    payload: bytes

    @cached_property
    def _parsed(self):
        if self.form == "graph":
            return [ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(self.payload, format=RESULTS_JSON)

    @cached_property
    def variables(self) -> tuple[str, ...]:
        return tuple(v.value for v in self._parsed.variables) if self.form == "select" else ()

    @cached_property
    def rows(self) -> tuple[tuple, ...]:
        """SELECT solutions as tuples of pyoxigraph terms (None where a variable is unbound)."""
        if self.form != "select":
            return ()
        solutions = ox.parse_query_results(self.payload, format=RESULTS_JSON)
        return tuple(tuple(solution[v] for v in self.variables) for solution in solutions)

    @cached_property
    def records(self) -> list[dict]:
        """SELECT solutions as dicts of Python values (term_value), keyed by variable name."""
        return [{name: term_value(term) for name, term in zip(self.variables, row)} for row in self.rows]

    @cached_property
    def boolean(self) -> bool | None:
        return bool(self._parsed) if self.form == "ask" else None

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """CONSTRUCT or DESCRIBE triples, sorted so that output is stable."""
        return sorted(self._parsed, key=str) if self.form == "graph" else []


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


@lru_cache(maxsize=2)
def _cached_database(path: str, device: int, inode: int, size: int, modified: int, changed: int) -> Database:
    return open_database(Path(path))


def open_graph(source: GraphFile) -> ox.Store:
    """The built graph as a store, opened once per file version; a missing build says what to do."""
    path = Path(source.path)
    try:
        status = path.stat()
    except FileNotFoundError:
        return open_database(path).store  # raises the one "build first" error
    return _cached_database(str(path.resolve()), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
                            status.st_ctime_ns).store


def execute(store: ox.Store, query: PreparedQuery) -> bytes:
    """Run a prepared query on a store; the answer in the wire format of its form."""
    answer = store.query(query.text, prefixes=PREFIX_IRIS)
    if query.form == "graph":
        return answer.serialize(format=ox.RdfFormat.N_TRIPLES)
    return answer.serialize(format=RESULTS_JSON)


def answer(source: GraphFile | Endpoint, query: PreparedQuery, timeout: float | None = None) -> bytes:
    """The wire-format answer of a query from either kind of source, in this process."""
    if isinstance(source, Endpoint):
        return fetch(source, query, timeout)
    store = open_graph(source)
    try:
        return execute(store, query)
    except OSError as err:  # what pyoxigraph raises when a SERVICE call fails
        raise FactionGraphError(Problem(query.origin, f"the query failed: {err}",
                                        "the SERVICE endpoint it calls may be down or refuse it"
                                        if query.calls_service else "check the built graph (rebuild it)")) from err


def _answer_in_worker(source: GraphFile | Endpoint, query: PreparedQuery, timeout: float | None, parent: int,
                      connection) -> None:
    _end_with(parent, timeout)
    try:
        connection.send(("ok", answer(source, query, timeout)))
    except FactionGraphError as err:
        connection.send(("problems", err.problems))
    except Exception as err:  # sent to the parent and raised there with the worker's traceback
        connection.send(("failed", "".join(traceback.format_exception(err))))
    finally:
        connection.close()


def _end_with(parent: int, timeout: float | None) -> None:
    """In the worker: die with the parent process (Linux), and by itself once the time is up and then some.

    The kernel does both (PR_SET_PDEATHSIG, and SIGALRM's default action), so they work while
    Oxigraph holds the interpreter in a long query. A parent that died before the request was
    made is caught by comparing the parent's id.
    """
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    if timeout is not None:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, timeout + WORKER_GRACE_SECONDS)


def _start_method() -> str:
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def answer_within(source: GraphFile | Endpoint, query: PreparedQuery, timeout: float) -> bytes:
    """Run the query in a worker process and kill it if it has not answered within timeout seconds.

    The store is loaded here first, so a missing build is reported before any worker starts and,
    where processes fork (Linux), the worker uses that store instead of loading its own. An
    infinite timeout waits for as long as it takes, and Ctrl-C still stops the worker.
    """
    if isinstance(source, GraphFile):
        open_graph(source)
    limit = None if math.isinf(timeout) else timeout
    context = multiprocessing.get_context(_start_method())
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_answer_in_worker, args=(source, query, limit, os.getpid(), sender),
                             daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(limit):
            raise FactionGraphError(Problem(query.origin, f"the query ran longer than {timeout:g} s and was stopped",
                                            "raise --timeout (0 for no limit), add a LIMIT, or make the patterns "
                                            "more selective"))
        try:
            status, value = receiver.recv()
        except EOFError as err:
            worker.join()
            raise RuntimeError(f"the query worker stopped without an answer (exit code {worker.exitcode})") from err
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status == "problems":
        raise FactionGraphError(value)
    if status == "failed":
        raise RuntimeError(f"the query failed in its worker process:\n{value}")
    return value


def checked_seconds(seconds: float | None, option: str = "--timeout") -> float | None:
    """A time limit as given, or an error for one that is no number of seconds (NaN, negative)."""
    if seconds is not None and not seconds >= 0:
        raise FactionGraphError(Problem(option, f"{seconds!r} is not a number of seconds",
                                        "give a number of seconds, like 30"))
    return seconds


def run_query(query: str | PreparedQuery, source: GraphFile | Endpoint | None = None,
              timeout: float | None = None, allow_service: bool = False) -> QueryResult:
    """Run a SPARQL query (text or prepared) on the built graph or an endpoint.

    With a timeout (seconds; math.inf for no limit) the query runs in a worker process that is
    stopped when the time is up; without one it runs here, on a store loaded once per graph file
    (an endpoint's answer is still awaited only for Endpoint.timeout). A query that calls SERVICE runs only if
    allow_service is true.
    """
    prepared = query if isinstance(query, PreparedQuery) else prepare_query(query)
    if not allow_service:
        refuse_service(prepared)
    source = source or GraphFile()
    payload = answer_within(source, prepared, timeout) if checked_seconds(timeout) else answer(source, prepared)
    return QueryResult(prepared.form, payload)


def read_records(query: str, source: ox.Store | GraphFile | Endpoint | None = None) -> list[dict]:
    """A SELECT's rows as dicts of Python values, on a store (the build's own) or a built graph or an endpoint."""
    if isinstance(source, ox.Store):
        prepared = prepare_query(query)
        if prepared.form != "select":
            return QueryResult(prepared.form, execute(source, prepared)).records
        # straight from the solutions: a round trip through the results format costs more than the query
        solutions = source.query(prepared.text, prefixes=PREFIX_IRIS)
        names = [variable.value for variable in solutions.variables]
        return [{name: term_value(solution[name]) for name in names} for solution in solutions]
    return run_query(query, source).records


def select(query: str | PreparedQuery, source: GraphFile | Endpoint | None = None,
           timeout: float | None = None, allow_service: bool = False) -> pd.DataFrame:
    """A SELECT query's answer as a DataFrame with typed columns (numbers, dates, booleans, strings).

    IRIs stay whole strings, so they join with other data; ``compact()`` shortens them for display.
    """
    result = run_query(query, source, timeout, allow_service)
    if result.form != "select":
        raise FactionGraphError(Problem("<query>", f"a {result.form.upper()} query has no table of results",
                                        "use run_query() for ASK, CONSTRUCT and DESCRIBE"))
    return to_dataframe(result)


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


# --- Typed values -------------------------------------------------------------------------------

INTEGER_TYPES = {str(XSD[name]) for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
KINDS = {str(XSD.decimal): "decimal", str(XSD.double): "double", str(XSD.float): "double",
         str(XSD.boolean): "boolean", str(XSD.date): "date", str(XSD.dateTime): "datetime",
         str(XSD.gYear): "year", str(XSD.gYearMonth): "month"} | {t: "integer" for t in INTEGER_TYPES}


def term_kind(term) -> str | None:
    """'iri', 'blank', 'text', a datatype kind ('integer', 'date', ...) or None for unbound."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "iri"
    if isinstance(term, ox.Literal):
        return KINDS.get(term.datatype.value, "text")
    return "blank"


def term_value(term):
    """A term as the Python value a program expects: int, Decimal, float, bool, date, Period, or str."""
    kind = term_kind(term)
    if kind is None:
        return None
    text = term.value
    try:
        if kind == "integer":
            return int(text)
        if kind == "decimal":
            return Decimal(text)
        if kind == "double":
            return float(text)
        if kind == "boolean":
            return text in ("true", "1")
        if kind == "date":
            return date.fromisoformat(text[:10])
        if kind == "datetime":
            import pandas as pd  # here, not at the top: a command that needs no table starts 0.4 s sooner
            return pd.Timestamp(text)
        if kind in ("year", "month"):
            import pandas as pd
            return pd.Period(text, freq="Y" if kind == "year" else "M")
    except ValueError:
        return text  # an ill-typed literal keeps its text rather than failing the whole table
    return str(term) if kind == "blank" else text


def _column(terms: list) -> pd.Series:
    import pandas as pd

    kinds = {term_kind(t) for t in terms} - {None}
    values = [term_value(t) for t in terms]
    if not kinds:
        return pd.Series(values, dtype="object")
    if kinds == {"integer"}:
        return pd.Series(values, dtype="Int64")
    if kinds <= {"integer", "decimal", "double"}:
        return pd.Series([None if v is None else float(v) for v in values], dtype="Float64")
    if kinds == {"boolean"}:
        return pd.Series(values, dtype="boolean")
    if kinds in ({"date"}, {"datetime"}):
        return pd.Series(pd.to_datetime(values))
    if kinds == {"year"} or kinds == {"month"}:
        return pd.Series(pd.array(values, dtype=f"period[{'Y' if kinds == {'year'} else 'M'}]"))
    if kinds <= {"iri", "text", "blank"}:
        return pd.Series(values, dtype="string")
    return pd.Series(values, dtype="object")


def to_dataframe(result: QueryResult) -> pd.DataFrame:
    """SELECT rows as a DataFrame, one typed column per variable, in the query's order."""
    import pandas as pd

    columns = {name: _column([row[i] for row in result.rows]) for i, name in enumerate(result.variables)}
    return pd.DataFrame(columns, columns=list(result.variables))


# --- Rendering ----------------------------------------------------------------------------------

def compact(term) -> str:
    """A term as a person reads it: prefixed name for a project IRI, the bare text of a literal."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIX_IRIS.items(), key=lambda item: -len(item[1])):
            local = term.value.removeprefix(namespace)
            if local != term.value and re.fullmatch(r"[\w-]*(?:[\w.-]*[\w-])?", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_table(variables: tuple[str, ...], rows: list[list[str]]) -> str:
    """An aligned plain-text table: header, rule, rows."""
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def render_markdown_table(variables: tuple[str, ...], rows: list[list[str]]) -> str:
    """A Markdown table whose cells show the values as text, whatever markup they hold."""
    lines = ["| " + " | ".join(map(markdown_text, variables)) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_turtle(triples: list[ox.Triple]) -> str:
    """Triples as Turtle, declaring only the project prefixes they use."""
    text = "\n".join(str(t) for t in triples)
    used = {prefix: namespace for prefix, namespace in PREFIX_IRIS.items() if f"<{namespace}" in text}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""
    return data.decode("utf-8")


def render_result(result: QueryResult, fmt: str = "table") -> str:
    """A result as text: an aligned table, Markdown, or the W3C CSV, TSV or JSON results formats.

    ASK prints true or false (or the W3C boolean JSON); CONSTRUCT and DESCRIBE print Turtle, which
    Markdown holds in a fenced code block (so a literal's markup stays text).
    """
    if fmt not in FORMATS:
        raise FactionGraphError(Problem("--format", f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}"))
    if result.form == "graph":
        if fmt not in ("table", "md"):
            raise FactionGraphError(Problem("--format", f"CONSTRUCT and DESCRIBE answer with a graph, printed as "
                                                        f"Turtle; --format {fmt} is for SELECT and ASK",
                                            "leave out --format"))
        turtle = render_turtle(result.triples)
        return "\n".join(markdown_code_block(turtle, "turtle")) + "\n" if fmt == "md" else turtle
    if fmt in ("csv", "tsv", "json"):
        results_format = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                          "json": RESULTS_JSON}[fmt]
        data = ox.parse_query_results(result.payload, format=RESULTS_JSON).serialize(format=results_format)
        text = data.decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    if result.form == "ask":
        return "true\n" if result.boolean else "false\n"
    rows = [[compact(term) for term in row] for row in result.rows]
    return (render_table if fmt == "table" else render_markdown_table)(result.variables, rows)


def render_prefixes() -> str:
    """The prefixes every query has bound, one per line as SPARQL PREFIX declarations."""
    return sparql_prologue()
