"""SPARQL from Python and from the command line: parsing errors, formats, typed tables, timeouts."""

from __future__ import annotations

import csv
import doctest
import io
import json
import math
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import Graph

import graph.access.prepare
from graph.cli import main
from graph.errors import FactionGraphError
from graph.access.competency import read_query
from graph.access.prepare import calls_service, prepare_query
from graph.access.query import Endpoint, GraphFile, run_query, select
from graph.views.results import render_result
from graph.backends import free_port
from support import default_sigint

LEADERS = "SELECT ?who ?party WHERE { ?who fg:leads ?party } ORDER BY ?who"
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def source(built):
    return GraphFile(built / "graph.nt")


def problem_of(query: str) -> str:
    with pytest.raises(FactionGraphError) as caught:
        prepare_query(query)
    return str(caught.value)


def test_the_module_doctests_pass():
    assert doctest.testmod(graph.access.prepare).failed == 0


def test_the_query_forms_are_recognised():
    assert prepare_query("SELECT * WHERE { ?s ?p ?o }").form == "select"
    assert prepare_query("ASK { ?s ?p ?o }").form == "ask"
    assert prepare_query("CONSTRUCT WHERE { ?s ?p ?o }").form == "graph"
    assert prepare_query("DESCRIBE fgd:guardian-council").form == "graph"


def test_a_syntax_error_gives_line_column_and_the_offending_text():
    message = problem_of("SELECT ?s WHERE {\n  ?s ?p ?o .\n} LIMIT ten")
    assert "line 3, column 9, at 'ten': expected one of" in message
    assert "\n        } LIMIT ten\n                ^\n" in message


def test_an_unknown_prefix_is_named():
    message = problem_of("SELECT * WHERE {\n  ?s ?p ?o .\n  ?s fgx:leads ?o }")
    assert "line 3, column 15: unknown prefix 'fgx:' in 'fgx:leads'" in message
    assert "`factiongraph prefixes`" in message


def test_the_project_prefixes_are_bound_and_a_query_may_still_declare_its_own(source):
    # "the Participation Front, led by the president’s brother Mohammad Reza Khatami"; no PREFIX line needed
    leaders = select("SELECT ?who WHERE { ?who fg:leads fgd:participation-front }", source)
    assert "https://w3id.org/factiongraph/id/mohammad-reza-khatami" in set(leaders["who"])
    assert prepare_query("SELECT * WHERE { ?s foaf:name ?n ; cito:cites ?w }").form == "select"
    own = select("PREFIX fg: <http://example.org/> SELECT ?who WHERE { ?who fg:leads ?party }", source)
    assert own.empty  # the query's own fg: wins over the project's


def test_an_update_is_refused_with_a_reason():
    message = problem_of("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    assert "INSERT is SPARQL Update" in message and "only reads" in message


def test_select_returns_typed_columns(source):
    frame = select("""SELECT ?place ?turnout ?day ?year ?precise ?note WHERE {
        ?f fg:measure "turnout" ; fg:place ?place ; fg:value ?turnout ; fg:earliest ?day .
        ?f fg:citesFootnote/fg:number ?note .
        BIND(xsd:gYear("2004") AS ?year) BIND(?turnout > 70 AS ?precise)
    } ORDER BY ?place""", source)
    assert str(frame["turnout"].dtype) == "Float64" and str(frame["note"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["day"])
    assert str(frame["year"].dtype) == "period[Y-DEC]" and str(frame["precise"].dtype) == "boolean"
    assert str(frame["place"].dtype) == "string"
    # "89 percent in Kuhkiluyeh. [11]" -- on the polling day, February 20, 2004
    kuhkiluyeh = frame[frame["place"] == "https://w3id.org/factiongraph/id/kuhkiluyeh"].iloc[0]
    assert kuhkiluyeh["turnout"] == 89 and kuhkiluyeh["note"] == 11
    assert kuhkiluyeh["day"] == pd.Timestamp("2004-02-20")


def test_a_column_of_mixed_values_keeps_each_value_typed(source):
    frame = select("""SELECT ?value WHERE {
        ?s rdf:subject fgd:disqualifications-2004 ; rdf:predicate ?p ; rdf:object ?value .
        FILTER(?p IN (fg:date, fg:reason)) } ORDER BY STR(?value)""", source)
    values = frame["value"].tolist()
    assert str(frame["value"].dtype) == "object"
    # "made official on January 11, 2004" and "“Lack of respect for Islam” was the reason"
    assert values == [pd.Timestamp("2004-01-11").date(), "Lack of respect for Islam"]


def test_select_refuses_a_query_without_a_table(source):
    with pytest.raises(FactionGraphError, match="ASK query has no table"):
        select("ASK { ?s ?p ?o }", source)


def test_the_table_is_aligned_and_uses_prefixed_names(source):
    text = render_result(run_query(LEADERS, source))
    lines = text.splitlines()
    assert lines[0].split() == ["who", "party"]
    assert set(lines[1]) == {"-", " "}
    row = next(line for line in lines if line.startswith("fgd:behzad-nabavi"))
    assert row.index("fgd:mojahedin-of-the-islamic-revolution") == lines[0].index("party")


def test_csv_tsv_json_and_markdown_follow_their_formats(source):
    result = run_query(LEADERS, source)
    rows = list(csv.DictReader(io.StringIO(render_result(result, "csv"))))
    assert {"who": "https://w3id.org/factiongraph/id/behzad-nabavi",
            "party": "https://w3id.org/factiongraph/id/mojahedin-of-the-islamic-revolution"} in rows
    tsv = render_result(result, "tsv").splitlines()
    assert tsv[0] == "?who\t?party"
    assert "<https://w3id.org/factiongraph/id/behzad-nabavi>\t<https://w3id.org/factiongraph/id/" \
           "mojahedin-of-the-islamic-revolution>" in tsv
    document = json.loads(render_result(result, "json"))
    assert document["head"]["vars"] == ["who", "party"]
    assert {"type": "uri", "value": "https://w3id.org/factiongraph/id/mohammad-reza-khatami"} in [
        b["who"] for b in document["results"]["bindings"]]
    markdown = render_result(result, "md").splitlines()
    assert markdown[0] == "| who | party |" and markdown[1] == "|---|---|"


def test_ask_prints_true_or_false_and_json_is_the_w3c_boolean(source):
    assert render_result(run_query("ASK { fgd:behzad-nabavi fg:leads ?party }", source)) == "true\n"
    assert render_result(run_query("ASK { fgd:guardian-council fg:leads fgd:reformists }", source)) == "false\n"
    assert json.loads(render_result(run_query("ASK { ?s ?p ?o }", source), "json")) == {"head": {}, "boolean": True}


def test_construct_prints_turtle_that_parses_back(source):
    text = render_result(run_query("CONSTRUCT { ?who fg:leads ?party } WHERE { ?who fg:leads ?party }", source))
    parsed = Graph().parse(data=text, format="turtle")
    assert len(parsed) == len(run_query(LEADERS, source).rows)
    with pytest.raises(FactionGraphError, match="--format csv is for SELECT and ASK"):
        render_result(run_query("DESCRIBE fgd:sharq", source), "csv")


def test_a_long_query_is_stopped_at_the_timeout_and_leaves_no_worker(source):
    started = time.monotonic()
    with pytest.raises(FactionGraphError) as caught:
        run_query(FOREVER, source, timeout=1)
    assert "ran longer than 1 s and was stopped" in str(caught.value)
    assert "raise --timeout" in str(caught.value)
    assert time.monotonic() - started < 60  # a hang guard: without the worker this never returns
    assert multiprocessing.active_children() == []


def test_a_query_in_a_worker_gives_the_same_answer_with_or_without_a_limit(source):
    here = run_query(LEADERS, source).payload
    assert run_query(LEADERS, source, timeout=30).payload == here
    assert run_query(LEADERS, source, timeout=math.inf).payload == here


def test_a_missing_build_says_to_build_first(tmp_path):
    with pytest.raises(FactionGraphError, match="run `factiongraph build` first"):
        run_query(LEADERS, GraphFile(tmp_path / "graph.nt"), timeout=5)


def test_read_query_takes_a_file_a_library_name_or_text(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT * WHERE {\n  ?s nope:p ?o }\n", encoding="utf-8")
    with pytest.raises(FactionGraphError) as caught:
        read_query(str(path))
    assert str(caught.value).startswith(f"{path}:") and "unknown prefix 'nope:'" in str(caught.value)
    assert read_query("who-leads-what").origin.endswith("who-leads-what.rq")
    assert read_query("ASK { ?s ?p ?o }").form == "ask"
    with pytest.raises(FactionGraphError, match="query file not found"):
        read_query(str(tmp_path / "missing.rq"))


def test_cli_query_prints_a_table_and_the_ask_answer_sets_the_exit_code(built):
    runner = CliRunner()
    result = runner.invoke(main, ["query", LEADERS, "--build", str(built)])
    assert result.exit_code == 0, result.output
    assert "fgd:mohammad-reza-khatami" in result.output
    yes = runner.invoke(main, ["query", "ASK { fgd:behzad-nabavi fg:leads ?x }", "--build", str(built)])
    no = runner.invoke(main, ["query", "ASK { fgd:behzad-nabavi fg:opposes ?x }", "--build", str(built)])
    assert (yes.exit_code, yes.output, no.exit_code, no.output) == (0, "true\n", 1, "false\n")


def test_cli_query_reports_errors_and_the_timeout(built):
    runner = CliRunner()
    bad = runner.invoke(main, ["query", "SELECT * WHERE { ?s ?p }", "--build", str(built)])
    assert bad.exit_code == 1 and "line 1, column" in bad.output and "Traceback" not in bad.output
    slow = runner.invoke(main, ["query", FOREVER, "--build", str(built), "--timeout", "1"])
    assert slow.exit_code == 1 and "was stopped" in slow.output
    unlimited = runner.invoke(main, ["query", LEADERS, "--build", str(built), "--timeout", "0"])
    assert unlimited.exit_code == 0 and "fgd:behzad-nabavi" in unlimited.output


def test_cli_lists_the_named_queries_and_the_prefixes():
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"])
    assert listing.exit_code == 0 and "who-leads-what" in listing.output and "Who leads what" in listing.output
    prefixes = runner.invoke(main, ["prefixes"]).output.splitlines()
    assert "PREFIX fg: <https://w3id.org/factiongraph/ontology#>" in prefixes
    assert "PREFIX fgd: <https://w3id.org/factiongraph/id/>" in prefixes


def start_cli_query(marker: str, built: Path, timeout: str) -> subprocess.Popen:
    """`factiongraph query FOREVER` as a user runs it, marked so that it and its worker can be found in /proc."""
    return subprocess.Popen([sys.executable, "-c", "from graph.cli import main; main()", "query",
                             f"{marker}\n{FOREVER}", "--timeout", timeout, "--build", str(built)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=default_sigint)


def processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_stops_a_query_without_a_time_limit_and_its_worker(built):
    marker = f"# {uuid.uuid4()}"
    process = start_cli_query(marker, built, "0")
    try:
        for _ in range(200):  # the CLI process and its forked worker carry the marker on their command line
            if len(processes_mentioning(marker)) >= 2:
                break
            time.sleep(0.05)
        assert len(processes_mentioning(marker)) >= 2
        process.send_signal(signal.SIGINT)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Aborted" in process.stderr.read().decode()
    assert processes_mentioning(marker) == []


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_the_worker_dies_with_its_killed_parent(built, stop):
    marker = f"# {uuid.uuid4()}"
    process = start_cli_query(marker, built, "600")
    try:
        assert wait_for(lambda: len(processes_mentioning(marker)) >= 2, 20)
        process.send_signal(stop)
        process.wait(30)
        assert wait_for(lambda: processes_mentioning(marker) == [], 5)
    finally:
        for pid in processes_mentioning(marker):  # only if the test fails: no orphan outlives it
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_the_worker_ends_itself_at_its_deadline_when_its_parent_cannot_stop_it(built):
    marker = f"# {uuid.uuid4()}"
    process = start_cli_query(marker, built, "1")
    try:
        assert wait_for(lambda: len(processes_mentioning(marker)) >= 2, 20)
        process.send_signal(signal.SIGSTOP)  # a parent that hangs never kills its worker
        assert wait_for(lambda: processes_mentioning(marker) == [process.pid], 15)
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        process.wait()
        for pid in processes_mentioning(marker):
            os.kill(pid, signal.SIGKILL)


def test_the_check_parses_without_running_the_query(built):
    # 60^5 rows counted: minutes of work if anything evaluated it before the timed worker starts.
    values = " ".join(f"VALUES ?v{i} {{ {' '.join(map(str, range(60)))} }}" for i in range(5))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "query",
                           f"SELECT (COUNT(*) AS ?n) WHERE {{ {values} }}", "--timeout", "1", "--build", str(built)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "ran longer than 1 s and was stopped" in done.stderr
    assert time.monotonic() - started < 20


def test_service_is_found_only_where_oxigraph_reads_the_keyword():
    assert calls_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert calls_service("select * where { service silent ?where { ?s ?p ?o } VALUES ?where { <http://a/> } }")
    assert calls_service("SELECT * WHERE { ?s ?p 'service' . SERVICE<http://a/>{?s ?p ?o} }")
    for harmless in ("SELECT * WHERE { ?s ?p 'civil service' }", "SELECT ?service WHERE { ?service ?p ?o }",
                     "SELECT * WHERE { ?s <http://example.org/service> ?o }  # no SERVICE here",
                     "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:SERVICE ?o }",
                     "SELECT * WHERE { ?s ?p '''\nSERVICE <http://a/> { ?s ?p ?o }''' }",
                     r"SELECT * WHERE { ?s ?p '\u0053ERVICE <http://a/> {}' }"):
        assert not calls_service(harmless), harmless
    # Oxigraph does not decode \u escapes outside strings and IRIs, so none can spell the keyword
    with pytest.raises(FactionGraphError):
        prepare_query(r"SELECT * WHERE { \u0053ERVICE <http://a/> { ?s ?p ?o } }")


@pytest.fixture
def listener():
    """A loopback port that accepts connections and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    yield server
    server.close()


def test_a_query_calls_service_only_when_allowed(source, listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    call = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(FactionGraphError, match="calls another endpoint .SERVICE.") as caught:
        run_query(call, source, timeout=5)
    assert "--allow-service" in str(caught.value)
    with pytest.raises(FactionGraphError, match="calls another endpoint"):
        run_query(call, Endpoint(f"http://127.0.0.1:{free_port()}/query"))  # refused before anything is sent
    listener.settimeout(0.5)
    with pytest.raises(TimeoutError):
        listener.accept()
    with pytest.raises(FactionGraphError, match="ran longer than 1 s"):
        run_query(call, source, timeout=1, allow_service=True)
    listener.accept()[0].close()  # this time the query did call it


def test_service_to_a_refused_port_is_a_clear_error(source):
    refused = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
    for timeout in ("5", "0"):
        result = CliRunner().invoke(main, ["query", refused, "--allow-service", "--timeout", timeout,
                                           "--build", str(Path(source.path).parent)])
        assert result.exit_code == 1 and "the query failed" in result.output, result.output
        assert "SERVICE endpoint it calls may be down" in result.output and "Traceback" not in result.output


def test_a_silent_endpoint_is_given_up_on(listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    started = time.monotonic()
    with pytest.raises(FactionGraphError, match="no answer from the endpoint within 1 s"):
        run_query("ASK { ?s ?p ?o }", Endpoint(url, timeout=1))
    assert time.monotonic() - started < 10


def test_what_used_to_escape_as_a_traceback_is_a_clear_error(built, tmp_path):
    runner = CliRunner()

    def fails(*arguments):
        result = runner.invoke(main, ["query", *arguments, "--build", str(built)])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        return result.output
    long_query = "SELECT * WHERE { ?s fg:leads ?o } # " + "x" * 300  # longer than a file name may be
    assert runner.invoke(main, ["query", long_query, "--build", str(built)]).exit_code == 0
    binary = tmp_path / "binary.rq"
    binary.write_bytes(bytes(range(128, 256)))
    assert "not UTF-8 text (byte 1 is not)" in fails(str(binary))
    (tmp_path / "folder.rq").mkdir()
    assert "this is a folder, not a query file" in fails(str(tmp_path / "folder.rq"))
    assert "QUERY: 'SELECT * WHERE { ?s ?p \"\\\\xff\" }' is not UTF-8 text" in fails(
        "SELECT * WHERE { ?s ?p \"\udcff\" }")
    assert "--timeout: nan is not a number of seconds" in fails("ASK {}", "--timeout", "nan")


def test_children_started_for_ctrl_c_tests_get_the_default_sigint_even_when_pytest_ignores_it():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in a background job
    try:
        child = subprocess.Popen([sys.executable, "-c", "import signal, sys; "
                                  "sys.stdout.write(str(signal.getsignal(signal.SIGINT) is signal.default_int_handler))"],
                                 stdout=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert child.communicate(timeout=30)[0] == "True"


def test_a_term_the_ontology_does_not_define_is_warned_about_with_the_close_ones(built):
    result = CliRunner().invoke(main, ["query", "SELECT ?who WHERE { ?who fg:leadz ?what ; a fg:Persn }",
                                       "--build", str(built)])
    assert result.exit_code == 0
    assert "warning: fg:leadz is not defined by the ontology; did you mean fg:leads?" in result.stderr
    assert "warning: fg:Persn is not defined by the ontology; did you mean fg:Person?" in result.stderr
    assert "warning" not in CliRunner().invoke(main, ["query", LEADERS, "--build", str(built)]).stderr
    namespace = "SELECT ?c WHERE { ?x a ?c FILTER(STRSTARTS(STR(?c), STR(fg:))) } LIMIT 1"
    assert "warning" not in CliRunner().invoke(main, ["query", namespace, "--build", str(built)]).stderr


def test_every_competency_query_uses_only_terms_the_ontology_defines():
    from graph.access.competency import load_named_queries

    assert {q.name: graph.access.prepare.undefined_terms(q.query) for q in load_named_queries()} == \
        {q.name: [] for q in load_named_queries()}


def test_a_misspelt_query_name_suggests_the_name_not_a_parse_error():
    problem = str(pytest.raises(FactionGraphError, read_query, "who-leads-wht").value)
    assert "no competency query is named 'who-leads-wht'" in problem
    assert "did you mean who-leads-what?" in problem and "CONSTRUCT" not in problem
