"""A real Oxigraph server on a free loopback port: the competency queries over HTTP, read-only, push, Ctrl-C.

Every server a test starts is stopped by its fixture's teardown or its own `with` block, also
when the test fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.competency import load_named_queries
from graph.errors import FactionGraphError
from graph.query import Endpoint, GraphFile, run_query
from graph.serve import free_port, oxigraph_command, push_graph, running_server, stop_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(built):
    with running_server(built, port=0) as running:
        yield running


@pytest.fixture
def writable_store(tmp_path):
    """A read-write Oxigraph server with an empty store, as a user's own SPARQL store would be."""
    port = free_port()
    process = subprocess.Popen([oxigraph_command(), "serve", "-l", str(tmp_path / "store"), "-b", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        stop_server(process)


def servers_bound_to(port: int) -> list[int]:
    """Process ids of Oxigraph servers listening on this port (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve-read-only" in command and f"127.0.0.1:{port}".encode() in command:
                found.append(int(entry.name))
    return found


def test_every_competency_query_answers_the_same_over_http(server, built):
    local, remote = GraphFile(built / "graph.nt"), Endpoint(server.query_url)
    for named in load_named_queries():
        here, there = run_query(named.query, local), run_query(named.query, remote)
        assert (here.variables, here.rows, here.boolean, here.triples) == \
               (there.variables, there.rows, there.boolean, there.triples), named.name
        assert here.rows or here.boolean is not None or here.triples, f"{named.name} answered nothing"


def test_the_served_default_graph_is_the_facts_and_the_layers_are_named_graphs(server):
    remote = Endpoint(server.query_url)
    weak_as_fact = """ASK { ?p rdfs:subPropertyOf+ fg:assertedRelation . ?s ?p ?o .
        FILTER NOT EXISTS { ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:layer fg:FactsLayer } }"""
    assert run_query(weak_as_fact, remote).boolean is False
    layers = run_query("SELECT DISTINCT ?layer WHERE { GRAPH ?layer { ?s ?p ?o } ?layer a fg:EvidenceLayer }", remote)
    assert {row[0].value.rsplit("#", 1)[-1] for row in layers.rows} == {
        "FactsLayer", "ReportedLayer", "HedgedLayer", "RumourLayer"}


def test_a_query_with_a_timeout_runs_over_http_too(server):
    rows = run_query("SELECT ?who WHERE { ?who fg:leads fgd:participation-front }", Endpoint(server.query_url),
                     timeout=30).rows
    assert [r[0].value for r in rows] == ["https://w3id.org/factiongraph/id/mohammad-reza-khatami"]


def test_an_update_is_refused(server, built):
    request = urllib.request.Request(server.url + "update", method="POST",
                                     data=b"INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 403
    assert not run_query("ASK { <http://example.org/a> ?p ?o }", Endpoint(server.query_url)).boolean
    with pytest.raises(FactionGraphError, match="answered 403"):
        push_graph(server.url + "store", build_dir=built)


def test_the_query_page_is_served_by_the_server_itself(server):
    with urllib.request.urlopen(server.url, timeout=10) as response:
        page = response.read().decode("utf-8")
        assert response.headers.get_content_type() == "text/html"
    assert "yasgui" in page.lower() and "http://" not in page and "https://" not in page  # nothing from the internet
    with urllib.request.urlopen(server.url + "yasgui.min.js", timeout=10) as script:
        assert script.status == 200 and len(script.read()) > 10_000


def test_cli_query_against_the_endpoint(server):
    result = CliRunner().invoke(main, ["query", "turnout-by-province", "--endpoint", server.query_url])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2].startswith("fgd:kuhkiluyeh")  # "89 percent in Kuhkiluyeh", the highest


def test_a_port_in_use_is_a_clear_error(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(FactionGraphError, match="the port is in use"):
            with running_server(built, port=port):
                pass
    assert servers_bound_to(port) == []


def test_serving_without_a_build_says_to_build_first(tmp_path):
    with pytest.raises(FactionGraphError, match="run `factiongraph build` first"):
        with running_server(tmp_path, port=0):
            pass


def test_an_unreachable_endpoint_is_a_clear_error():
    nobody = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(FactionGraphError, match="cannot reach the endpoint") as caught:
        run_query("ASK { ?s ?p ?o }", Endpoint(nobody), timeout=10)
    assert "`factiongraph serve`" in str(caught.value)
    with pytest.raises(FactionGraphError, match="not a usable URL"):
        run_query("ASK { ?s ?p ?o }", Endpoint("localhost:7878/query"))


def test_push_replaces_a_named_graph_in_a_graph_store(writable_store, built):
    triples = sum(1 for line in (built / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    graph = "https://w3id.org/factiongraph/graph"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for _ in range(2):  # pushing again replaces the graph rather than adding to it
        pushed = push_graph(writable_store + "store", graph, built)
        assert pushed.triples == triples and pushed.status in (200, 201, 204)
        assert run_query(count, Endpoint(writable_store + "query")).rows[0][0].value == str(triples)
    result = CliRunner().invoke(main, ["push", "--endpoint", writable_store + "store", "--build", str(built)])
    assert result.exit_code == 0 and f"pushed {triples} triples" in result.output
    assert run_query("ASK { fgd:behzad-nabavi fg:leads fgd:mojahedin-of-the-islamic-revolution }",
                     Endpoint(writable_store + "query")).boolean


def test_push_needs_an_absolute_graph_iri(built):
    with pytest.raises(FactionGraphError, match="not an absolute IRI"):
        push_graph("http://127.0.0.1:1/store", "my graph", built)


def _start_cli_server(built: Path, scratch: Path) -> tuple[subprocess.Popen, str]:
    """`factiongraph serve` as a user runs it; its database goes under scratch (what a killed one leaves)."""
    process = subprocess.Popen([sys.executable, "-c", "from graph.cli import main; main()", "serve", "--port", "0",
                                "--build", str(built)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=os.environ | {"TMPDIR": str(scratch)})
    for line in process.stdout:
        if line.startswith("SPARQL endpoint:"):
            return process, line.split()[2]
    process.kill()
    raise AssertionError(f"the server did not start: {process.stderr.read()}")


def test_serve_stops_cleanly_on_ctrl_c_and_leaves_no_process(built, tmp_path):
    process, endpoint = _start_cli_server(built, tmp_path)
    port = urllib.parse.urlsplit(endpoint).port
    try:
        assert run_query("ASK { fgd:majles-sit-in-2004 fg:hasPlace fgd:majles-building }", Endpoint(endpoint)).boolean
        assert len(servers_bound_to(port)) == 1
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0, process.stderr.read()
        assert "stopped" in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert servers_bound_to(port) == [] and list(tmp_path.iterdir()) == []  # its database is deleted too
    with pytest.raises(FactionGraphError, match="cannot reach the endpoint"):
        run_query("ASK { ?s ?p ?o }", Endpoint(endpoint), timeout=10)


@pytest.mark.skipif(sys.platform != "linux", reason="the server dies with its parent through Linux's PDEATHSIG")
def test_the_server_dies_with_a_killed_factiongraph(built, tmp_path):
    process, endpoint = _start_cli_server(built, tmp_path)
    port = urllib.parse.urlsplit(endpoint).port
    assert len(servers_bound_to(port)) == 1
    process.kill()
    process.wait()
    for _ in range(100):
        if not servers_bound_to(port):
            break
        time.sleep(0.1)
    assert servers_bound_to(port) == []
