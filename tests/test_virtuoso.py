"""push into a second real engine: Virtuoso (Debian's virtuoso-opensource), answering every competency query as Oxigraph does.

A module fixture starts `virtuoso-t` in the foreground on two free loopback ports (SQL and HTTP)
with its database in a temporary folder, grants its SPARQL user what the Graph Store endpoint
(/sparql-graph-crud) needs to write, and stops it at teardown, also when a test fails: the
process group is killed, and on Linux the server also dies with the test process
(PR_SET_PDEATHSIG). The tests push the article's build with `push_graph` and with
`factiongraph push`, then run every query of queries/*.rq on Virtuoso's /sparql, with the pushed
graph as the default graph (`default-graph-uri` in the endpoint's URL), and on the build's own
graph.nt with Oxigraph, and compare the answers as multisets of rows.

Two differences of representation, and only those, are normalised before comparing; every
other difference fails the test:

- integer datatypes: graph.nt writes the selectors' offsets as xsd:nonNegativeInteger; Virtuoso
  returns them so, Oxigraph (0.5) stores every integer-derived literal as xsd:integer. Both are
  the same number, so any integer datatype is compared as xsd:integer of its value.
- booleans: Virtuoso writes xsd:boolean false and true as "0" and "1", Oxigraph as "false" and
  "true": the same values, compared in the canonical form.

The server keeps Debian's cap of 10,000 rows (ResultSetMaxRows) and has no time limit, and two
tests check that an answer Virtuoso cut short (at that cap, or past the timeout its /sparql takes
as a parameter), which it sends with HTTP 200 and a header, is an error rather than a result.

Skipped only where `virtuoso-t` is not installed, and failed instead under CI (CI=true), whose
.ci/run installs it.
"""

from __future__ import annotations

import collections
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.access.competency import load_named_queries
from graph.errors import FactionGraphError
from graph.access.query import Endpoint, GraphFile, run_query
from graph.access.values import INTEGER_TYPES
from graph.backends import free_port
from graph.push import push_graph

from support import ROOT

pytestmark = [pytest.mark.virtuoso, pytest.mark.server]

START_SECONDS = 180.0
STOP_SECONDS = 30.0
GRAPH = "https://w3id.org/factiongraph/test/virtuoso"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
QUERIES = load_named_queries(ROOT / "queries")  # this checkout's queries, whichever the package install points to

# What Virtuoso's SPARQL user needs to write through /sparql-graph-crud: SPARQL_UPDATE (else
# "Permission denied for delete from DB.DBA.RDF_QUAD"), as Virtuoso's documentation of the
# Graph Store Protocol endpoint says.
GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL";'

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 8000
MaxDirtyBuffers = 6000
MaxQueryMem = 200M
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 0
"""


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to kill the server if the test process dies."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing = f"{name} is not installed: `apt-get install virtuoso-opensource` (as .ci/run does)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    return found


class Virtuoso:
    def __init__(self, process: subprocess.Popen, http_port: int, sql_port: int, log: Path):
        self.process, self.http_port, self.sql_port, self.log = process, http_port, sql_port, log
        self.base = f"http://127.0.0.1:{http_port}/"

    @property
    def graph_store(self) -> str:
        return self.base + "sparql-graph-crud"

    def endpoint(self, graph: str) -> Endpoint:
        """Virtuoso's SPARQL 1.1 Protocol endpoint with one graph as the default graph."""
        return Endpoint(self.base + "sparql?" + urllib.parse.urlencode({"default-graph-uri": graph}))

    def said(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]


def _answers(url: str) -> bool:
    probe = url + "sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(probe, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, SIGKILL if it has not gone; always reaped."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server_program, isql = program("virtuoso-t"), program("isql-vt")
    folder = tmp_path_factory.mktemp("virtuoso")
    db = folder / "db"
    db.mkdir()
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=db, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "virtuoso.out"
    with open(log, "wb") as output:
        process = subprocess.Popen([server_program, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True,
                                   preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    server = Virtuoso(process, http_port, sql_port, log)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers(server.base):
            if process.poll() is not None:
                pytest.fail(f"virtuoso-t stopped at start (exit {process.returncode}):\n{server.said()}")
            if time.monotonic() > deadline:
                pytest.fail(f"virtuoso-t did not answer within {START_SECONDS:g} s:\n{server.said()}")
            time.sleep(0.25)
        granted = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={GRANTS}"],
                                 capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert granted.returncode == 0 and "Error" not in granted.stdout + granted.stderr, granted
        yield server
    finally:
        _stop(process)
        shutil.rmtree(db, ignore_errors=True)
    assert process.poll() is not None


def count_triples(server: Virtuoso, graph: str) -> int:
    result = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                       Endpoint(server.base + "sparql"))
    return result.records[0]["n"]


def lines_of(graph_file: Path) -> int:
    with open(graph_file, "rb") as lines:
        return sum(1 for line in lines if line.strip() and not line.startswith(b"#"))


@pytest.fixture(scope="module")
def pushed(virtuoso, built):
    """The article's build pushed into Virtuoso as one named graph, with push_graph."""
    result = push_graph(virtuoso.graph_store, GRAPH, built)
    assert result.status in (200, 201, 204)
    return result


def normalised(term):
    """A term with the two differences of representation between the engines taken out (see above)."""
    if isinstance(term, ox.Literal):
        if term.datatype.value in INTEGER_TYPES:
            return ox.Literal(str(int(term.value)), datatype=XSD_INTEGER)
        if term.datatype == XSD_BOOLEAN:
            return ox.Literal("true" if term.value in ("true", "1") else "false", datatype=XSD_BOOLEAN)
    return term


def comparable(result):
    """An answer as what must be equal: the variables and the multiset of rows, the boolean, or the triples."""
    if result.form == "select":
        rows = collections.Counter(tuple(normalised(term) for term in row) for row in result.rows)
        return result.variables, rows
    if result.form == "ask":
        return result.boolean
    return collections.Counter(ox.Triple(t.subject, t.predicate, normalised(t.object)) for t in result.triples)


def test_push_loads_the_whole_graph_and_pushing_again_replaces_it(virtuoso, pushed, built):
    triples = lines_of(built / "graph.nt")
    assert pushed.triples == triples
    assert count_triples(virtuoso, GRAPH) == triples
    again = push_graph(virtuoso.graph_store, GRAPH, built)
    assert again.status in (200, 201, 204) and again.triples == triples
    assert count_triples(virtuoso, GRAPH) == triples  # replaced, not doubled


def test_push_in_parts_loads_the_whole_graph(virtuoso, built):
    graph = GRAPH + "/parts"
    triples = lines_of(built / "graph.nt")
    for _ in range(2):  # the first part replaces what the last push left
        pushed = push_graph(virtuoso.graph_store, graph, built, part=6_000)  # the article: 9 requests
        assert pushed.triples == triples and pushed.status in (200, 201, 204)
        assert count_triples(virtuoso, graph) == triples


def test_factiongraph_push_from_the_command_line(virtuoso, built):
    graph = GRAPH + "/cli"
    command = ["push", "--endpoint", virtuoso.graph_store, "--graph", graph, "--build", str(built)]
    triples = lines_of(built / "graph.nt")
    for _ in range(2):  # the second push replaces the first
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert f"pushed {triples} triples to {virtuoso.graph_store}?graph=" in result.output
        assert count_triples(virtuoso, graph) == triples
    result = CliRunner().invoke(main, ["query", "--endpoint", virtuoso.endpoint(graph).url, "--format", "csv",
                                       "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert result.exit_code == 0 and result.output.split() == ["n", str(triples)], result.output


def test_every_competency_query_is_compared():
    assert [q.name for q in QUERIES] == sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
    assert {q.query.form for q in QUERIES} == {"select", "ask", "graph"}


@pytest.mark.parametrize("named", QUERIES, ids=[q.name for q in QUERIES])
def test_virtuoso_answers_the_competency_query_as_oxigraph(virtuoso, pushed, built, named):
    on_oxigraph = run_query(named.query, GraphFile(built / "graph.nt"))
    on_virtuoso = run_query(named.query, virtuoso.endpoint(GRAPH))
    assert on_virtuoso.form == on_oxigraph.form
    assert comparable(on_virtuoso) == comparable(on_oxigraph)


def test_the_default_graph_is_only_the_pushed_graph(virtuoso, pushed):
    """default-graph-uri is honoured: a graph nobody pushed has nothing in it."""
    ask = "ASK { ?conflict a fg:Conflict }"
    assert run_query(ask, virtuoso.endpoint(GRAPH)).boolean is True
    assert run_query(ask, virtuoso.endpoint(GRAPH + "/nothing-here")).boolean is False


def test_an_answer_virtuoso_cut_short_is_an_error_not_a_result(virtuoso, pushed):
    """Past its time limit Virtuoso sends HTTP 200 with what it found so far (here: no rows), flagged only in a header."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    hurried = Endpoint(virtuoso.endpoint(GRAPH).url + "&timeout=200")  # Virtuoso's own limit, in milliseconds
    with pytest.raises(FactionGraphError, match="incomplete answer") as raised:
        run_query(runaway, hurried)
    assert "timeout parameter" in str(raised.value)


def test_an_answer_at_virtuosos_row_cap_is_an_error_not_a_result(virtuoso, pushed, built):
    """ResultSetMaxRows (10,000, as in Debian's virtuoso.ini) cuts a SELECT with HTTP 200, flagged only in a header."""
    assert lines_of(built / "graph.nt") > 10_000
    with pytest.raises(FactionGraphError, match="cap of 10000 rows") as raised:
        run_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", virtuoso.endpoint(GRAPH))
    assert "ResultSetMaxRows" in str(raised.value)
    assert len(run_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 9999", virtuoso.endpoint(GRAPH)).rows) == 9999
