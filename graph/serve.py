"""The graph as a real SPARQL endpoint, served here by Oxigraph's server behind a front of our own.

`running_server` serves the on-disk Oxigraph database made from the built graph (graph.access.database: graph.nq,
the default graph, which holds the plain triples of the facts layer only and the statements, and the named
graph of each evidence layer and document) read-only, as it is (made on first use, not loaded again on
every start; where the cache cannot be written, into a fresh database of its own), with the default graph as
it is, not the union, so a query without GRAPH or FROM never returns a rumour as a fact: the SPARQL 1.1 Protocol at ``/query`` and the project's query page at ``/`` (graph/views/querypage.py).
The front (graph.front) listens on the address the user chose and passes each request to one of a
few Oxigraph servers (graph.backends). The servers and the database live exactly
as long as the ``with`` block (and die with this process on Linux), which holds the database's
shared lock so that nothing removes it meanwhile; a temporary database left by a killed run is
removed by the next. Pushing the graph to another store is graph.push.
"""

from __future__ import annotations

import errno
import http.server
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .access.database import built_graph, open_database, remove_dead_owners
from .access.query import checked_seconds
from .backends import DEFAULT_HOST, START_SECONDS, Backends, load_database
from .errors import FactionGraphError, Problem
from .front import Front

DEFAULT_PORT = 7878
WORKSPACE_PREFIX = "factiongraph-server-"
WORKSPACE_OWNER = re.compile(re.escape(WORKSPACE_PREFIX) + r"(\d+)-")


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


def _address_problem(host: str, port: int, err: OSError) -> FactionGraphError:
    if err.errno == errno.EADDRINUSE:
        return FactionGraphError(Problem(f"{host}:{port}", "the port is in use",
                                         "choose another with --port, or stop what runs there"))
    return FactionGraphError(Problem(f"{host}:{port}", f"cannot listen there: {err.strerror or err}",
                                     "use --host 127.0.0.1, or an address of this machine"))


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
