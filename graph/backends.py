"""The Oxigraph servers behind the front: a few `oxigraph serve-read-only` processes on one database.

Each server is lent to one request at a time (graph.front); one that overran or broke is killed
and a fresh one started in its place, by one long-lived thread, so that on Linux every server dies
with this process. `load_database` makes a database of the server's own where the cache cannot be written.
"""

from __future__ import annotations

import ctypes
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import FactionGraphError, Problem

DEFAULT_HOST = "127.0.0.1"
START_SECONDS = 30.0
STOP_SECONDS = 5.0
BACKENDS = 2


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
