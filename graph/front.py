"""The front of `factiongraph serve`: the HTTP server on the address the user chose, in front of Oxigraph's.

Oxigraph's own ``--timeout-s`` does not stop every query (an aggregate over a cartesian product
runs on), and it runs SERVICE calls to any address, so a small front in Python listens on the
address the user chose and passes each request to one of a few ``oxigraph serve-read-only``
processes on that database (graph.backends), one request at a time each. The front answers only requests
addressed to its own name (no DNS rebinding), sends no CORS headers, refuses SERVICE unless
allowed, and kills the Oxigraph process of a request that overruns the time limit (then starts
a fresh one), so other queries keep being answered. It serves the project's query page at ``/``
(graph/views/querypage.py) and the page and RDF of every minted IRI itself.
"""

from __future__ import annotations

import http.client
import http.server
import ipaddress
import json
import socket
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

from .access.endpoint import Endpoint
from .access.prepare import calls_service, prepare_query
from .backends import START_SECONDS, Backend, Backends
from .errors import FactionGraphError, Problem
from .views.querypage import PAGE_POLICY, asset, check_query, render_query_page, wants_page, with_prefixes
from .views.resource import PAGE_POLICY as RESOURCE_POLICY
from .views.resource import RDF_FORMATS, chosen_format, iri_of_path, path_of_iri, read_labels, read_resource, render_page, render_rdf

CHUNK = 64 * 1024
MAX_BODY = 10 * 1024 * 1024
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
              "proxy-authorization", "content-length"}


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
