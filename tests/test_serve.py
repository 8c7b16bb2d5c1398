"""A real Oxigraph server on a free loopback port: the competency queries over HTTP, read-only, push, Ctrl-C.

Every server a test starts is stopped by its fixture's teardown or its own `with` block, also
when the test fails.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.access.database import CACHE_ENV, MARKER, stores_folder
from graph.access.competency import load_named_queries
from graph.errors import FactionGraphError
from graph.access.query import Endpoint, GraphFile, run_query
from graph.backends import free_port, oxigraph_command, stop_server
from graph.push import push_graph
from graph.serve import running_server
from support import default_sigint

pytestmark = pytest.mark.server
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


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


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """tmp_path holding this test's temporary folder (tmp/: the server's workspace) and database cache (cache/),
    for the servers started here and in the commands it runs."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path


def left_behind(scratch: Path) -> list[str]:
    """What serving left in scratch besides the cached database it served (kept, so the next start does not
    load the graph again) with its lock file and the graph's remembered digest."""
    kept = {p for p in stores_folder().glob("*-*") if (p / MARKER).is_file()}
    kept |= {p.with_name(p.name + ".lock") for p in kept} | set(stores_folder().glob("files/*.json"))
    return sorted(str(p.relative_to(scratch)) for p in scratch.rglob("*")
                  if p.is_file() and not any(p == k or k in p.parents for k in kept))


def oxigraph_servers_in(folder: Path) -> list[int]:
    """Process ids of Oxigraph servers whose database lies under folder (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve-read-only" in command and any(part.startswith(str(folder).encode()) for part in command):
                found.append(int(entry.name))
    return found


def wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Bait:
    """A loopback socket that counts who connects to it: the address a SERVICE call would reach."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def bait():
    listening = Bait()
    yield listening
    listening.close()


def http_get(server, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    return connection.getresponse()


def test_every_competency_query_answers_the_same_over_http(server, built):
    local, remote = GraphFile(built / "graph.nt"), Endpoint(server.query_url)
    for named in load_named_queries():
        here, there = run_query(named.query, local), run_query(named.query, remote)
        assert (here.variables, here.rows, here.boolean, here.triples) == \
               (there.variables, there.rows, there.boolean, there.triples), named.name
        if named.name != "corroborated-claims":  # the article alone makes no claim of several documents
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


def test_the_query_page_is_the_projects_own_and_loads_nothing_from_elsewhere(server):
    with urllib.request.urlopen(server.url, timeout=10) as response:
        page = response.read().decode("utf-8")
        assert response.headers.get_content_type() == "text/html"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    loaded = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sorted(loaded) == ["/query.css", "/query.js"]
    assert "who-leads-what" in page  # the competency queries are its examples
    for asset in loaded:
        with urllib.request.urlopen(server.url + asset[1:], timeout=10) as answer:
            assert answer.status == 200 and len(answer.read()) > 1000


def _post(server, path: str, data: bytes, headers: dict) -> tuple[int, str]:
    request = urllib.request.Request(server.url + path.lstrip("/"), data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_a_query_without_prefix_lines_runs_over_plain_http(server):
    form = urllib.parse.urlencode({"query": "SELECT ?who WHERE { ?who fg:leads fgd:participation-front }"})
    status, body = _post(server, "/query", form.encode(), {"Accept": "application/sparql-results+json",
                                                          "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    # "the Participation Front, led by the president's brother Mohammad Reza Khatami"
    assert json.loads(body)["results"]["bindings"] == [
        {"who": {"type": "uri", "value": "https://w3id.org/factiongraph/id/mohammad-reza-khatami"}}]
    status, body = _post(server, "/query", b"SELECT ?who WHERE { ?who fg:leads }",
                         {"Content-Type": "application/sparql-query"})
    assert status == 400 and "line 1, column 35" in body and "^" in body


def test_a_browser_asking_query_for_a_page_gets_the_page_with_the_query_in_it(server):
    query = "SELECT * WHERE { ?s fg:share ?o FILTER(?o < 3) }"
    response = http_get(server, "/query?" + urllib.parse.urlencode({"query": query}), {"Accept": "text/html"})
    page = response.read().decode("utf-8")
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/html")
    assert "FILTER(?o &lt; 3)" in page and "?o < 3" not in page


def test_the_page_checks_a_query_and_labels_iris(server):
    form = urllib.parse.urlencode({"query": "SELECT ?a WHERE { ?a fg:leadz ?b }"}).encode()
    status, body = _post(server, "/check", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["warnings"] == [
        "fg:leadz is not defined by the ontology; did you mean fg:leads?"]
    council = "https://w3id.org/factiongraph/id/guardian-council"
    status, body = _post(server, "/labels", json.dumps([council, "https://example.org/none"]).encode(),
                         {"Content-Type": "application/json"})
    assert status == 200 and json.loads(body) == {council: "Guardian Council"}
    for wrong in (b"{", b'{"iri": 1}', json.dumps(["> } DROP ALL"]).encode()):
        status, body = _post(server, "/labels", wrong, {"Content-Type": "application/json"})
        assert status == 400, wrong


def test_cli_query_against_the_endpoint(server):
    result = CliRunner().invoke(main, ["query", "turnout-by-province", "--endpoint", server.query_url])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2].startswith("fgd:kuhkiluyeh")  # "89 percent in Kuhkiluyeh", the highest


def test_a_port_in_use_is_a_clear_error(built, scratch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(FactionGraphError, match="the port is in use"):
            with running_server(built, port=port):
                pass
    assert oxigraph_servers_in(scratch) == [] and left_behind(scratch) == []


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


def test_push_in_parts_gives_the_same_graph_and_says_what_a_failed_part_left(writable_store, built, tmp_path):
    triples = sum(1 for line in (built / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    graph = "https://w3id.org/factiongraph/graph/parts"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    pushed = push_graph(writable_store + "store", graph, built, part=7_000)  # the article: 8 requests
    assert pushed.triples == triples
    assert run_query(count, Endpoint(writable_store + "query")).rows[0][0].value == str(triples)
    broken = tmp_path / "broken"
    broken.mkdir()
    lines = (built / "graph.nt").read_bytes().splitlines(True)
    lines[7_500] = b"<not a triple\n"  # in the second part
    (broken / "graph.nt").write_bytes(b"".join(lines))
    with pytest.raises(FactionGraphError, match="the graph holds only the first 7,000 triples") as raised:
        push_graph(writable_store + "store", graph, broken, part=7_000)
    assert "(part 2 failed)" in str(raised.value) and "push again" in str(raised.value)
    assert run_query(count, Endpoint(writable_store + "query")).rows[0][0].value == "7000"


def test_push_needs_an_absolute_graph_iri(built):
    with pytest.raises(FactionGraphError, match="not an absolute IRI"):
        push_graph("http://127.0.0.1:1/store", "my graph", built)


def _start_cli_server(built: Path, scratch: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`factiongraph serve` as a user runs it, its temporary folder and database cache under scratch.

    Ctrl-C reaches it even when pytest itself runs with SIGINT ignored (a background job).
    """
    process = subprocess.Popen([sys.executable, "-c", "from graph.cli import main; main()", "serve", "--port", "0",
                                "--build", str(built), *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=os.environ | {"TMPDIR": str(scratch / "tmp")}, preexec_fn=default_sigint)
    for line in process.stdout:
        if line.startswith("SPARQL endpoint:"):
            return process, line.split()[2]
    process.kill()
    raise AssertionError(f"the server did not start: {process.stderr.read()}")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_serve_stops_cleanly_on_a_signal_and_leaves_nothing(built, scratch, stop):
    process, endpoint = _start_cli_server(built, scratch)
    try:
        assert run_query("ASK { fgd:majles-sit-in-2004 fg:hasPlace fgd:majles-building }", Endpoint(endpoint)).boolean
        assert wait_until(lambda: len(oxigraph_servers_in(scratch)) == 2)  # the second starts in the background
        process.send_signal(stop)
        assert process.wait(30) == 0, process.stderr.read()
        assert "stopped" in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert oxigraph_servers_in(scratch) == [] and left_behind(scratch) == []  # only the cached database is left
    with pytest.raises(FactionGraphError, match="cannot reach the endpoint"):
        run_query("ASK { ?s ?p ?o }", Endpoint(endpoint), timeout=10)


@pytest.mark.skipif(sys.platform != "linux", reason="the server dies with its parent through Linux's PDEATHSIG")
def test_a_killed_factiongraph_takes_its_servers_along_and_the_next_start_removes_what_it_left(built, scratch):
    process, endpoint = _start_cli_server(built, scratch)
    assert wait_until(lambda: len(oxigraph_servers_in(scratch)) == 2)  # the second starts in the background
    process.kill()
    process.wait()
    assert wait_until(lambda: oxigraph_servers_in(scratch) == [])
    left = list((scratch / "tmp").iterdir())
    assert [path.name.startswith(f"factiongraph-server-{process.pid}-") for path in left] == [True]
    (database,) = [p for p in stores_folder().glob("*-*") if p.is_dir()]
    made = database.stat().st_ino
    again, _ = _start_cli_server(built, scratch)
    try:
        assert [path for path in (scratch / "tmp").iterdir() if path in left] == []
        assert database.stat().st_ino == made  # served as it is, not loaded again
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(30)
    assert left_behind(scratch) == []


def test_a_runaway_query_is_stopped_at_the_timeout_while_others_still_answer(built, scratch):
    with running_server(built, port=0, timeout=2) as server:
        assert wait_until(lambda: len(oxigraph_servers_in(scratch)) == 2)  # the second starts in the background
        before = set(oxigraph_servers_in(scratch))
        outcome = {}

        def ask_the_runaway():
            started = time.monotonic()
            try:
                urllib.request.urlopen(server.query_url, data=urllib.parse.urlencode({"query": RUNAWAY}).encode(),
                                       timeout=60).read()
            except urllib.error.HTTPError as err:
                outcome["status"], outcome["message"] = err.code, err.read().decode()
            outcome["seconds"] = time.monotonic() - started
        runaway = threading.Thread(target=ask_the_runaway)
        runaway.start()
        time.sleep(0.5)
        started = time.monotonic()
        assert run_query("ASK { fgd:behzad-nabavi fg:leads ?party }", Endpoint(server.query_url)).boolean
        assert time.monotonic() - started < 2  # answered beside the runaway, not after it
        runaway.join(60)
        assert outcome["status"] == 503 and "ran longer than 2 s and was stopped" in outcome["message"]
        assert outcome["seconds"] < 10
        # the runaway's server is killed, and replaced (after its 503 went out: wait for both)
        assert wait_until(lambda: len(now := set(oxigraph_servers_in(scratch))) == 2 and len(before - now) == 1)
        assert run_query("ASK { ?s ?p ?o }", Endpoint(server.query_url)).boolean


def test_service_is_refused_by_the_server_unless_allowed(built, bait):
    call = f"SELECT * WHERE {{ SERVICE <{bait.url}> {{ ?s ?p ?o }} }}"
    with running_server(built, port=0) as server:
        with pytest.raises(FactionGraphError, match="403 Forbidden: SERVICE .* is refused"):
            run_query(call, Endpoint(server.query_url), allow_service=True)
        for quoted in ("SELECT * WHERE { ?s rdfs:label 'service' }", "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1"):
            run_query(quoted, Endpoint(server.query_url))  # the word alone is no SERVICE call
    assert bait.connections == 0
    with running_server(built, port=0, allow_service=True) as server:
        with pytest.raises(FactionGraphError):  # the bait hangs up: what matters is that it was called
            run_query(call, Endpoint(server.query_url), allow_service=True)
    assert bait.connections >= 1


def test_the_server_answers_only_its_own_host_and_allows_no_other_origin(server):
    ask = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        response = http_get(server, ask, {"Host": host})
        assert response.status == 200 and response.read() == b'{"head":{},"boolean":true}'
    for host in (f"attacker.example:{server.port}", "127.0.0.1:80", f"localhost.attacker.example:{server.port}"):
        response = http_get(server, ask, {"Host": host})
        assert response.status == 403, host
    response = http_get(server, ask, {"Origin": "http://attacker.example"})
    assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") is None
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("OPTIONS", "/query", headers={"Origin": "http://attacker.example",
                                                     "Access-Control-Request-Method": "POST"})
    preflight = connection.getresponse()
    assert [name for name, _ in preflight.getheaders() if name.lower().startswith("access-control-")] == []


def _fetch(server, path: str, accept: str | None = None) -> tuple[int, str, bytes, dict]:
    response = http_get(server, path, {"Accept": accept} if accept else {})
    return response.status, response.getheader("Content-Type", ""), response.read(), dict(response.getheaders())


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                                   ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
                                                   ("*/*", "turtle")])
def test_an_entity_iri_resolves_to_rdf_by_content_negotiation(server, accept, rdflib_format):
    import rdflib

    status, media_type, body, headers = _fetch(server, "/id/guardian-council", accept)
    assert status == 200 and headers["Vary"] == "Accept"
    read = rdflib.Graph().parse(data=body, format=rdflib_format)  # a second RDF parser reads it
    council = rdflib.URIRef("https://w3id.org/factiongraph/id/guardian-council")
    assert (council, rdflib.RDFS.label, rdflib.Literal("Guardian Council", lang="en")) in read
    assert set(read.subjects()) == {council}


def test_a_minted_iri_that_names_nothing_is_404_and_an_unoffered_type_406(server):
    assert _fetch(server, "/id/no-such-thing", "text/turtle")[0] == 404
    assert _fetch(server, "/id/guardian-council", "image/png")[0] == 406
    assert _fetch(server, "/id/..%2F..%2Fetc", "text/html")[0] != 200


def test_an_entity_page_shows_its_evidence_and_runs_no_script(server):
    status, media_type, body, headers = _fetch(server, "/id/guardian-council",
                                               "text/html,application/xhtml+xml,*/*;q=0.8")
    page = body.decode("utf-8")
    assert status == 200 and media_type.startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"] and "<script" not in page
    # the article: "the unelected Guardian Council, which succeeded in rejecting the candidacy of 2,400
    # reformist candidates" (section 1, paragraph 1)
    assert "the unelected Guardian Council, which succeeded in rejecting the candidacy of 2,400 reformist" in page
    assert "paragraph 1" in page and 'href="/statement/s' in page and 'href="?format=turtle"' in page


def test_a_statement_iri_resolves_with_its_web_annotation_anchor(server):
    import rdflib

    page = _fetch(server, "/id/guardian-council", "text/html")[2].decode("utf-8")
    statement = re.search(r'href="(/statement/s[0-9a-f]+)"', page).group(1)
    body = _fetch(server, statement, "text/turtle")[2]
    read = rdflib.Graph().parse(data=body, format="turtle")
    iri = rdflib.URIRef("https://w3id.org/factiongraph" + statement)
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    exact = set(read.objects(None, oa.exact))
    assert len(exact) == 1 and next(iter(exact)) in set(read.objects(iri, rdflib.URIRef(
        "https://w3id.org/factiongraph/ontology#quote")))
    assert "The claim and its evidence" in _fetch(server, statement, "text/html")[2].decode("utf-8")


def test_an_entity_description_never_holds_a_weaker_layers_triple_as_a_fact(server, built):
    import rdflib

    weak = run_query("""SELECT DISTINCT ?s ?p ?o WHERE { ?st a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ;
        rdf:object ?o ; fg:layer ?layer . FILTER(?layer != fg:FactsLayer)
        FILTER NOT EXISTS { ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:layer fg:FactsLayer } }
        ORDER BY ?s LIMIT 20""", GraphFile(built / "graph.nq")).rows
    assert weak, "the article has reported, hedged and rumoured relations"
    for s, p, o in weak:
        path = "/" + s.value.removeprefix("https://w3id.org/factiongraph/")
        read = rdflib.Graph().parse(data=_fetch(server, path, "application/n-triples")[2], format="nt")
        assert (rdflib.URIRef(s.value), rdflib.URIRef(p.value), rdflib.URIRef(o.value)) not in read, (s, p, o)


def test_where_the_cache_cannot_be_written_a_server_loads_a_database_of_its_own_and_deletes_it(built, scratch):
    (scratch / "cache").write_text("a file where the cache would go\n")
    with running_server(built, port=0) as server:
        assert wait_until(lambda: len(oxigraph_servers_in(scratch / "tmp")) == 2)  # on a database in its workspace
        assert run_query("ASK { fgd:behzad-nabavi fg:leads ?party }", Endpoint(server.query_url)).boolean
    assert oxigraph_servers_in(scratch) == [] and list((scratch / "tmp").iterdir()) == []
