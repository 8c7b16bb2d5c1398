"""SPARQL over the built graph or a remote endpoint, with a time limit: answers in the wire format.

A query, checked first (graph.access.prepare), runs on the built graph (``output/graph.nq``, opened
as the on-disk Oxigraph database made from it: graph.access.database) or on a SPARQL 1.1
Protocol endpoint. Both answer in the same wire formats (SPARQL Query Results JSON for SELECT
and ASK, N-Triples for CONSTRUCT and DESCRIBE), so everything after that is shared. Oxigraph
cannot interrupt a query, so a query with a timeout runs in a worker process that is killed
when the time is up, that ends itself at its own deadline, and that dies with its parent.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import FactionGraphError, Problem
from ..namespaces import PREFIX_IRIS
from .database import Database, open_database
from .endpoint import RESULTS_JSON, Endpoint, fetch
from .prepare import PreparedQuery, prepare_query, refuse_service
from .values import term_value, to_dataframe

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_GRAPH = Path("output") / "graph.nq"
PR_SET_PDEATHSIG = 1
WORKER_GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class GraphFile:
    """The built graph file, queried in the on-disk Oxigraph database made from it (graph.access.database): graph.nq by
    default (the default graph of graph.nt and the layers' named graphs), or any N-Triples, Turtle, N-Quads or
    TriG file."""

    path: Path = DEFAULT_GRAPH


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
        return [dict(zip(names, map(term_value, solution))) for solution in solutions]
    return run_query(query, source).records


def select(query: str | PreparedQuery, source: GraphFile | Endpoint | None = None,
           timeout: float | None = None, allow_service: bool = False) -> pd.DataFrame:
    """A SELECT query's answer as a DataFrame with typed columns (numbers, dates, booleans, strings).

    IRIs stay whole strings, so they join with other data; ``compact()`` (graph.views.results) shortens them for
    display.
    """
    result = run_query(query, source, timeout, allow_service)
    if result.form != "select":
        raise FactionGraphError(Problem("<query>", f"a {result.form.upper()} query has no table of results",
                                        "use run_query() for ASK, CONSTRUCT and DESCRIBE"))
    return to_dataframe(result)
