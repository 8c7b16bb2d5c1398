"""The graph as a real SPARQL endpoint: served here by Oxigraph's server, or pushed to another store.

`running_server` serves the on-disk Oxigraph database made from the built graph (graph.access.database: graph.nq,
the default graph, which holds the plain triples of the facts layer only and the statements, and the named
graph of each evidence layer and document) read-only, as it is (made on first use, not loaded again on
every start; where the cache cannot be written, into a fresh database of its own), with the default graph as
it is, not the union, so a query without GRAPH or FROM never returns a rumour as a fact: the SPARQL 1.1 Protocol at ``/query`` and the project's query page at ``/`` (graph/views/querypage.py).
Oxigraph's own ``--timeout-s`` does not stop every query (an aggregate over a cartesian product
runs on), and it runs SERVICE calls to any address, so a small front in Python listens on the
address the user chose and passes each request to one of a few ``oxigraph serve-read-only``
processes on that database, one request at a time each. The front answers only requests
addressed to its own name (no DNS rebinding), sends no CORS headers, refuses SERVICE unless
allowed, and kills the Oxigraph process of a request that overruns the time limit (then starts
a fresh one), so other queries keep being answered. The servers and the database live exactly
as long as the ``with`` block (and die with this process on Linux), which holds the database's
shared lock so that nothing removes it meanwhile; a temporary database left by a killed run is
removed by the next. `push_graph` sends the graph to any SPARQL 1.1 Graph Store Protocol
endpoint, for graphs that outgrow one machine.
"""

from __future__ import annotations

import ctypes
import errno
import http.client
import http.server
import ipaddress
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .access.database import built_graph, open_database, remove_dead_owners
from .errors import FactionGraphError, Problem
from .access.endpoint import Endpoint, open_url
from .access.prepare import calls_service, prepare_query
from .access.query import checked_seconds
from .views.querypage import PAGE_POLICY, asset, check_query, render_query_page, wants_page, with_prefixes
from .views.resource import PAGE_POLICY as RESOURCE_POLICY
from .views.resource import RDF_FORMATS, chosen_format, iri_of_path, path_of_iri, read_labels, read_resource, render_page, render_rdf

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
START_SECONDS = 30.0
STOP_SECONDS = 5.0
BACKENDS = 2
CHUNK = 64 * 1024
MAX_BODY = 10 * 1024 * 1024
WORKSPACE_PREFIX = "factiongraph-server-"
WORKSPACE_OWNER = re.compile(re.escape(WORKSPACE_PREFIX) + r"(\d+)-")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
              "proxy-authorization", "content-length"}


@dataclass(frozen=True)
class Server:
    """A running server and where to reach it."""

    host: str
    port: int
    front: http.server.ThreadingHTTPServer

    @property
    def url(self) -> str:
        """The query page."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"


def oxigraph_command() -> str:
    """The `oxigraph` program installed with this Python (the `oxigraph` package), else one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise FactionGraphError(Problem(None, "the Oxigraph server program is not installed",
                                        "pip install oxigraph (it is a dependency of factiongraph)"))
    return found


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port nobody listens on at host right now (the system picks it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _address_problem(host: str, port: int, err: OSError) -> FactionGraphError:
    if err.errno == errno.EADDRINUSE:
        return FactionGraphError(Problem(f"{host}:{port}", "the port is in use",
                                         "choose another with --port, or stop what runs there"))
    return FactionGraphError(Problem(f"{host}:{port}", f"cannot listen there: {err.strerror or err}",
                                     "use --host 127.0.0.1, or an address of this machine"))


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to stop the server if the thread that started it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def load_database(graph: Path, location: Path) -> None:
    """`oxigraph load`: the graph file into a new on-disk database."""
    done = subprocess.run([oxigraph_command(), "load", "-l", str(location), "-f", str(graph)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise FactionGraphError(Problem(graph, f"oxigraph could not load the graph: {done.stderr.strip()[-500:]}",
                                        "rebuild it with `factiongraph build`"))


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not gone within a few seconds; always reaped."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


# --- The database folder ------------------------------------------------------------------------

def remove_stale_workspaces(folder: Path | None = None) -> list[Path]:
    """Delete the folders that servers killed before they could clean up left behind (owner gone)."""
    return remove_dead_owners(Path(folder or tempfile.gettempdir()).glob(WORKSPACE_PREFIX + "*"), WORKSPACE_OWNER)


@contextmanager
def server_workspace() -> Iterator[Path]:
    """A fresh temporary folder named after this process, deleted when the block ends."""
    path = Path(tempfile.mkdtemp(prefix=f"{WORKSPACE_PREFIX}{os.getpid()}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --- Oxigraph servers behind the front ----------------------------------------------------------

@dataclass(frozen=True)
class Backend:
    """One `oxigraph serve-read-only` on the database, on a loopback port of its own."""

    process: subprocess.Popen
    port: int


class Backends:
    """A few Oxigraph servers on one database, each lent to one request at a time.

    A server is started, and a killed one replaced, by one long-lived thread: Linux stops a
    child when the thread that started it ends (PR_SET_PDEATHSIG), so request threads must not.
    """

    def __init__(self, location: Path, log_dir: Path, timeout: float | None, size: int = BACKENDS):
        self.location, self.log_dir, self.timeout = location, log_dir, timeout
        self.idle: queue.Queue[Backend] = queue.Queue()
        self.wanted: queue.Queue[bool] = queue.Queue()
        self.running: set[Backend] = set()
        self.failure: FactionGraphError | None = None
        self.lock = threading.Lock()
        self.starter = threading.Thread(target=self._start_when_wanted, name="oxigraph-starter", daemon=True)
        self.starter.start()
        for _ in range(size):
            self.wanted.put(True)

    def _start_when_wanted(self) -> None:
        while self.wanted.get():
            try:
                backend = self._start()
            except FactionGraphError as err:
                self.failure = err
                self.idle.put(None)
                continue
            with self.lock:
                self.running.add(backend)
            self.idle.put(backend)

    def _start(self) -> Backend:
        port = free_port()
        command = [oxigraph_command(), "serve-read-only", "-l", str(self.location), "-b", f"127.0.0.1:{port}"]
        if self.timeout:
            command += ["--timeout-s", str(max(1, round(self.timeout)))]
        log = self.log_dir / f"oxigraph-{port}.log"
        with open(log, "ab") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        backend = Backend(process, port)
        _wait_until_answering(backend, log)
        return backend

    def wait_ready(self) -> None:
        """Return once one server answers, or raise why none could start."""
        backend = self.borrow(START_SECONDS * 2)
        if backend is None:
            raise FactionGraphError(Problem(None, f"no Oxigraph server answered within {START_SECONDS * 2:g} s",
                                            "the machine may be overloaded; try again"))
        self.give_back(backend)

    def borrow(self, wait: float | None) -> Backend | None:
        """An idle server, waiting at most `wait` seconds (None: for as long as it takes)."""
        try:
            backend = self.idle.get(timeout=wait)
        except queue.Empty:
            return None
        if backend is None:
            raise self.failure
        return backend

    def give_back(self, backend: Backend) -> None:
        self.idle.put(backend)

    def replace(self, backend: Backend) -> None:
        """Kill a server (its query overran or it broke) and have a fresh one started in its place."""
        backend.process.kill()
        backend.process.wait()
        with self.lock:
            self.running.discard(backend)
        self.wanted.put(True)

    def close(self) -> None:
        self.wanted.put(False)
        self.starter.join(START_SECONDS)
        with self.lock:
            running, self.running = list(self.running), set()
        for backend in running:
            stop_server(backend.process)


def _wait_until_answering(backend: Backend, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    probe = f"http://127.0.0.1:{backend.port}/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if backend.process.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace").strip()
            raise FactionGraphError(Problem(None, f"the Oxigraph server stopped at start: {said[-500:]}",
                                            "check the build (`factiongraph build`) and try again"))
        try:
            with urllib.request.urlopen(probe, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    stop_server(backend.process)
    raise FactionGraphError(Problem(None, f"the Oxigraph server did not answer within {START_SECONDS:g} s",
                                    "the machine may be overloaded; try again"))


# --- The front ----------------------------------------------------------------------------------

def allowed_host(header: str | None, bound: str, port: int) -> bool:
    """Whether a request's Host names this server: its own address, localhost, or any IP literal, on its port.

    A page on another site that makes the browser resolve its own domain name to this machine
    (DNS rebinding) still sends that domain name, and is refused.

    >>> allowed_host("localhost:7878", "127.0.0.1", 7878), allowed_host("evil.example:7878", "127.0.0.1", 7878)
    (True, False)
    """
    if not header:
        return False
    parsed = urllib.parse.urlsplit("//" + header)
    try:
        if parsed.port != port:
            return False
    except ValueError:
        return False
    name = (parsed.hostname or "").lower()
    if name in ("localhost", bound.lower().strip("[]")):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def queries_in(path: str, content_type: str, body: bytes) -> list[str]:
    """Every SPARQL query a request carries: ?query= in the URL, a query= form field, or a sparql-query body."""
    found = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("query", [])
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        found += urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query", [])
    elif media_type == "application/sparql-query":
        found.append(body.decode("utf-8", "replace"))
    return found


class Front(http.server.ThreadingHTTPServer):
    """The address the user asked for: checks each request, and passes it to an idle Oxigraph server."""

    daemon_threads = True

    def __init__(self, host: str, port: int, backends: Backends, timeout: float | None, allow_service: bool):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.backends, self.timeout, self.allow_service = backends, timeout, allow_service
        self.bound_host = host
        super().__init__((host, port), FrontHandler)


class FrontHandler(http.server.BaseHTTPRequestHandler):
    """Host check, SERVICE check, then the request forwarded to a backend with a deadline."""

    server: Front
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # the front is quiet, like Oxigraph's server
        pass

    def _refuse(self, status: int, message: str) -> None:
        self._reply(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _reply(self, status: int, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _answer_own(self, path: str, body: bytes) -> bool:
        """Answer what the front serves itself (the query page, its checks and labels); False for the rest."""
        reading = self.command in ("GET", "HEAD")
        asked = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if reading and (path == "/" or path == "/query" and wants_page(self.headers.get("Accept"))):
            self._reply(200, render_query_page(asked.get("query", [""])[0]), "text/html; charset=utf-8",
                        {"Content-Security-Policy": PAGE_POLICY, "Vary": "Accept"})
        elif reading and (found := asset(path)):
            self._reply(200, *found)
        elif path == "/check" and self.command == "POST":
            text = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query", [""])[0]
            self._reply(200, json.dumps(check_query(text), ensure_ascii=False).encode("utf-8"),
                        "application/json; charset=utf-8")
        elif path == "/labels" and self.command == "POST":
            self._answer_labels(body)
        elif reading and iri_of_path(path):
            self._answer_resource(iri_of_path(path), asked.get("format", [None])[0])
        else:
            return False
        return True

    def _answer_labels(self, body: bytes) -> None:
        try:
            iris = json.loads(body.decode("utf-8", "replace") or "null")
            with self._endpoint() as endpoint:
                labels = read_labels(iris, endpoint)
        except json.JSONDecodeError:
            self._refuse(400, "the request is not JSON: send a JSON list of IRIs")
            return
        self._reply(200, json.dumps(labels, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                    "application/json; charset=utf-8")

    def _answer_resource(self, iri: str, asked: str | None) -> None:
        """A minted IRI's page or its RDF, by ?format= or content negotiation (Vary: Accept)."""
        fmt = chosen_format(self.headers.get("Accept"), asked)
        if fmt is None:
            self._refuse(406, "this resource is offered as text/html, " +
                         ", ".join(f.media_type for f in RDF_FORMATS.values()) + " (or ?format=html|" +
                         "|".join(RDF_FORMATS) + ")")
            return
        with self._endpoint() as endpoint:
            resource = read_resource(iri, endpoint)
        if resource is None:
            self._refuse(404, f"the graph holds nothing on {iri}")
        elif fmt == "html":
            self._reply(200, render_page(resource, path_of_iri, "/", lambda name: f"?format={name}"),
                        "text/html; charset=utf-8", {"Content-Security-Policy": RESOURCE_POLICY, "Vary": "Accept"})
        else:
            media_type = RDF_FORMATS[fmt].media_type
            self._reply(200, render_rdf(resource, fmt), media_type + ("; charset=utf-8" if "json" not in media_type
                                                                       else ""), {"Vary": "Accept"})

    @contextmanager
    def _endpoint(self) -> Iterator[Endpoint]:
        """An idle backend for the front's own queries (within the server's time limit), given back after."""
        front = self.server
        backend = front.backends.borrow(front.timeout)
        if backend is None:
            raise FactionGraphError(Problem(None, f"every query slot stayed busy for {front.timeout:g} s",
                                            "try again"))
        try:
            yield Endpoint(f"http://127.0.0.1:{backend.port}/query", front.timeout or START_SECONDS)
        except FactionGraphError:
            front.backends.give_back(backend)
            raise
        except BaseException:
            front.backends.replace(backend)
            raise
        front.backends.give_back(backend)

    def _prefixed_request(self, path: str, body: bytes) -> tuple[bytes, str] | None:
        """A query request to /query as a form body with the project's prefixes added (None: not one).

        The query is checked first, so a mistake gets the same readable message as on the command line."""
        queries = queries_in(self.path, self.headers.get("Content-Type", ""), body)
        if path != "/query" or len(queries) != 1:
            return None
        prepare_query(queries[0])
        fields = urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)
        if self.headers.get("Content-Type", "").split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            fields += urllib.parse.parse_qsl(body.decode("utf-8", "replace"))
        fields = [(name, value) for name, value in fields if name != "query"] + [("query", with_prefixes(queries[0]))]
        return urllib.parse.urlencode(fields).encode("utf-8"), "application/x-www-form-urlencoded"

    def _handle(self) -> None:
        front = self.server
        if not allowed_host(self.headers.get("Host"), front.bound_host, front.server_address[1]):
            self._refuse(403, f"this server answers only requests addressed to it "
                              f"({front.bound_host}:{front.server_address[1]} or localhost)")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._refuse(413 if length > MAX_BODY else 400, f"the request body must be 0 to {MAX_BODY} bytes long")
            return
        body = self.rfile.read(length)
        path = urllib.parse.urlsplit(self.path).path
        try:
            if self._answer_own(path, body):
                return
            rewritten = self._prefixed_request(path, body)
        except FactionGraphError as err:
            self._refuse(400, str(err))
            return
        if not front.allow_service and any(calls_service(text) for text in
                                           queries_in(self.path, self.headers.get("Content-Type", ""), body)):
            self._refuse(403, "SERVICE (a query that calls another endpoint) is refused by this server; "
                              "start it with `factiongraph serve --allow-service` to allow it")
            return
        deadline = None if front.timeout is None else time.monotonic() + front.timeout
        try:
            backend = front.backends.borrow(front.timeout)
        except FactionGraphError as err:
            self._refuse(503, f"no Oxigraph server could be started: {err}")
            return
        if backend is None:
            self._refuse(503, f"every query slot stayed busy for {front.timeout:g} s; try again")
            return
        try:
            finished = self._forward(backend, body, deadline, rewritten)
        except OSError:
            finished = False
        if finished:
            front.backends.give_back(backend)
        else:
            front.backends.replace(backend)

    def _forward(self, backend: Backend, body: bytes, deadline: float | None,
                 rewritten: tuple[bytes, str] | None = None) -> bool:
        """Relay the request (or its rewritten query, POSTed) and its answer; False if the backend had to be
        stopped (overran or broke)."""
        def left() -> float | None:
            return None if deadline is None else max(0.001, deadline - time.monotonic())
        connection = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=left())
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() in ("accept", "content-type", "accept-language")}
        method, path = self.command, self.path
        if rewritten is not None:
            method, path, body = "POST", "/query", rewritten[0]
            headers["Content-Type"] = rewritten[1]
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
        except TimeoutError:
            self._refuse(503, f"the query ran longer than {self.server.timeout:g} s and was stopped; "
                              f"add a LIMIT or make the patterns more selective")
            return False
        except OSError:
            self._refuse(502, "the Oxigraph server broke off; try again")
            return False
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and not name.lower().startswith("access-control-"):
                self.send_header(name, value)
        self.end_headers()
        try:
            while True:
                if deadline is not None and connection.sock is not None:
                    connection.sock.settimeout(left())
                chunk = response.read1(CHUNK)
                if not chunk:
                    return True
                if deadline is not None and time.monotonic() > deadline:
                    return False  # the answer is cut off; the client sees a broken response
                self.wfile.write(chunk)
        except (TimeoutError, OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _handle


def _wait_until_front_answers(server: Server) -> None:
    probe = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    with urllib.request.urlopen(probe, timeout=START_SECONDS):
        return


@contextmanager
def running_server(build_dir: Path | str = "output", host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                   timeout: float | None = None, allow_service: bool = False) -> Iterator[Server]:
    """A read-only server over the built graph's database, stopped when the block ends (a database of its own,
    made only when the cache cannot be written, is deleted then).

    port=0 picks a free port. timeout is the limit on each request, in seconds (None: none);
    a query that calls SERVICE is refused unless allow_service.
    """
    timeout = checked_seconds(timeout) or None
    database = open_database(built_graph(build_dir))
    try:
        remove_stale_workspaces()
        with server_workspace() as workspace:
            location = database.location
            if location is None:  # the cache could not be written: a database of this server's own
                location = workspace / "store"
                load_database(database.graph, location)
            backends = Backends(location, workspace, timeout)
            try:
                backends.wait_ready()
                try:
                    front = Front(host, port, backends, timeout, allow_service)
                except OSError as err:
                    raise _address_problem(host, port, err) from err
                server = Server(host, front.server_address[1], front)
                serving = threading.Thread(target=front.serve_forever, name="front", daemon=True)
                serving.start()
                try:
                    _wait_until_front_answers(server)
                    yield server
                finally:
                    front.shutdown()
                    front.server_close()
            finally:
                backends.close()
    finally:
        database.close()


def serve_until_stopped(build_dir: Path | str, host: str, port: int, timeout: float | None,
                        announce: Callable[[Server], None], allow_service: bool = False) -> None:
    """Serve until Ctrl-C, SIGTERM or SIGHUP, cleaning up in every case.

    `announce` is told where the server listens as soon as it answers.
    """
    def stop(signum, frame):
        raise KeyboardInterrupt
    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        with running_server(build_dir, host, port, timeout, allow_service) as server:
            announce(server)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass(frozen=True)
class Pushed:
    url: str
    triples: int
    status: int


def graph_store_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol address of the target graph: ?graph=IRI, or ?default.

    >>> graph_store_url("http://localhost:7878/store", "https://example.org/g")
    'http://localhost:7878/store?graph=https%3A%2F%2Fexample.org%2Fg'
    """
    if graph_iri is not None:
        try:
            ox.NamedNode(graph_iri)
        except ValueError as err:
            raise FactionGraphError(Problem("--graph", f"{graph_iri!r} is not an absolute IRI: {err}",
                                            "give a full IRI, like https://w3id.org/factiongraph/graph")) from err
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri is not None else "default"
    return endpoint + ("&" if "?" in endpoint else "?") + query


def push_graph(endpoint: str, graph_iri: str | None = None, build_dir: Path | str = "output",
               timeout: float = 60.0) -> Pushed:
    """Replace the target graph of a Graph Store Protocol endpoint with the built graph (HTTP PUT).

    The file is streamed, so its size is not limited by memory; PUT makes pushing again after a
    rebuild replace the old graph instead of piling up triples.
    """
    graph = built_graph(build_dir, ("graph.nt",))
    url = graph_store_url(endpoint, graph_iri)
    with open(graph, "rb") as body:
        request = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": "application/n-triples", "Content-Length": str(graph.stat().st_size)})
        with open_url(request, endpoint, timeout) as response:
            status = response.status
    with open(graph, "rb") as lines:
        triples = sum(1 for line in lines if line.strip() and not line.startswith(b"#"))
    return Pushed(url, triples, status)
