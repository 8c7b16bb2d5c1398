"""The graph as a real SPARQL endpoint: served here by Oxigraph's server, or pushed to another store.

`running_server` loads the built graph (graph.nq: the default graph, which holds the plain triples
of the facts layer only, and the named graph of each evidence layer and document) into a fresh
Oxigraph database (``oxigraph load``) and runs ``oxigraph serve-read-only`` on it, with the default
graph as it is, not the union, so a query without GRAPH or FROM never returns a rumour as a fact: the SPARQL 1.1 Protocol at ``/query`` and Oxigraph's
query page at ``/``. Updates are refused because the server is read-only. The server and its
database live exactly as long as the ``with`` block (and die with this process on Linux), so
nothing is left behind. `push_graph` sends the graph to any SPARQL 1.1 Graph Store Protocol
endpoint, for graphs that outgrow one machine.
"""

from __future__ import annotations

import ctypes
import errno
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import FactionGraphError, Problem
from .query import open_url

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
START_SECONDS = 30.0
STOP_SECONDS = 5.0


@dataclass(frozen=True)
class Server:
    """A running Oxigraph server and where to reach it."""

    host: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        """Oxigraph's query page."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"


def built_graph(build_dir: Path, name: str = "graph.nt") -> Path:
    """A graph file a build wrote (graph.nt, or the named graphs' graph.nq), or an error that says to build first."""
    path = Path(build_dir) / name
    if not path.is_file():
        raise FactionGraphError(Problem(path, "the built graph is not there", "run `factiongraph build` first"))
    return path


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


def check_port(host: str, port: int) -> None:
    """Fail early and clearly if the address cannot be listened on."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise FactionGraphError(Problem(f"{host}:{port}", "the port is in use",
                                                "choose another with --port, or stop what runs there")) from err
            raise FactionGraphError(Problem(f"{host}:{port}", f"cannot listen there: {err.strerror}",
                                            "use --host 127.0.0.1, or an address of this machine")) from err


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to stop the server if factiongraph itself dies."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def load_database(graph: Path, location: Path) -> None:
    """`oxigraph load`: the graph file into a new on-disk database."""
    done = subprocess.run([oxigraph_command(), "load", "-l", str(location), "-f", str(graph)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise FactionGraphError(Problem(graph, f"oxigraph could not load the graph: {done.stderr.strip()[-500:]}",
                                        "rebuild it with `factiongraph build`"))


def _wait_until_answering(server: Server, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    probe = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace").strip()
            if "in use" in said.lower():
                raise FactionGraphError(Problem(f"{server.host}:{server.port}", "the port is in use",
                                                "choose another with --port, or stop what runs there"))
            raise FactionGraphError(Problem(None, f"the Oxigraph server stopped at start: {said[-500:]}",
                                            "check --host and --port"))
        try:
            with urllib.request.urlopen(probe, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise FactionGraphError(Problem(server.url, f"the Oxigraph server did not answer within {START_SECONDS:g} s",
                                    "the machine may be overloaded; try again"))


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not gone within a few seconds; always reaped."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


@contextmanager
def running_server(build_dir: Path | str = "output", host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                   timeout: float | None = None) -> Iterator[Server]:
    """A read-only Oxigraph server over the built graph, stopped and deleted when the block ends.

    port=0 picks a free port. timeout is the server's own limit on each query, in seconds.
    """
    graph = built_graph(Path(build_dir), "graph.nq")
    port = port or free_port(host)
    check_port(host, port)
    with tempfile.TemporaryDirectory(prefix="factiongraph-server-") as workspace:
        location, log = Path(workspace) / "store", Path(workspace) / "server.log"
        load_database(graph, location)
        command = [oxigraph_command(), "serve-read-only", "-l", str(location), "-b", f"{host}:{port}"]
        if timeout:
            command += ["--timeout-s", str(max(1, round(timeout)))]
        with open(log, "wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        server = Server(host, port, process)
        try:
            _wait_until_answering(server, log)
            yield server
        finally:
            stop_server(process)


def serve_until_stopped(build_dir: Path | str, host: str, port: int, timeout: float | None,
                        announce: Callable[[Server], None]) -> int:
    """Serve until Ctrl-C (then 0) or until the server exits by itself (then its exit code).

    `announce` is told where the server listens as soon as it answers.
    """
    with running_server(build_dir, host, port, timeout) as server:
        try:
            announce(server)
            return server.process.wait()
        except KeyboardInterrupt:
            return 0


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
    graph = built_graph(Path(build_dir))
    url = graph_store_url(endpoint, graph_iri)
    with open(graph, "rb") as body:
        request = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": "application/n-triples", "Content-Length": str(graph.stat().st_size)})
        with open_url(request, endpoint, timeout) as response:
            status = response.status
    with open(graph, "rb") as lines:
        triples = sum(1 for line in lines if line.strip() and not line.startswith(b"#"))
    return Pushed(url, triples, status)
