"""The SPARQL 1.1 Protocol client: send a query to an endpoint, read its answer back in the wire format.

A failure a user can act on (no answer, a cut-short answer, a URL that is not an endpoint) is
reported as a Problem naming the URL, not as a traceback.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import FactionGraphError, Problem
from ..namespaces import sparql_prologue

if TYPE_CHECKING:
    from .prepare import PreparedQuery

NETWORK_SECONDS = 60.0
RESULTS_JSON = ox.QueryResultsFormat.JSON
WIRE_TYPES = {"graph": "application/n-triples", "select": "application/sparql-results+json",
              "ask": "application/sparql-results+json"}


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 Protocol query endpoint, such as http://127.0.0.1:7878/query.

    timeout is how long any call to it may wait for an answer (seconds) when the query has no
    time limit of its own: none waits for ever.
    """

    url: str
    timeout: float = NETWORK_SECONDS


def fetch(endpoint: Endpoint, query: PreparedQuery, timeout: float | None = None) -> bytes:
    """Send a query to a SPARQL 1.1 Protocol endpoint (POST, form-encoded); the answer in the wire format.

    Without a timeout the endpoint's own (NETWORK_SECONDS unless set) bounds the wait.
    """
    timeout = timeout or endpoint.timeout
    body = urllib.parse.urlencode({"query": sparql_prologue() + query.text}).encode("utf-8")
    request = urllib.request.Request(endpoint.url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": WIRE_TYPES[query.form]})
    with open_url(request, endpoint.url, timeout) as response:
        media_type = response.headers.get_content_type()
        refuse_incomplete(response.headers, endpoint.url)
        data = _read_response(response, endpoint.url, timeout)
    try:
        if query.form == "graph":
            triples = ox.parse(data, format=ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES)
            return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in triples],
                                format=ox.RdfFormat.N_TRIPLES) or b""
        results_format = ox.QueryResultsFormat.from_media_type(media_type) or RESULTS_JSON
        return ox.parse_query_results(data, format=results_format).serialize(format=RESULTS_JSON)
    except (SyntaxError, ValueError) as err:
        raise FactionGraphError(Problem(endpoint.url, f"the endpoint's answer ({media_type}) could not be read: {err}",
                                        "is this URL a SPARQL query endpoint (often ending in /query or /sparql)?")) from err


def refuse_incomplete(headers, url: str) -> None:
    """An error for an answer the endpoint says it cut short, which would otherwise read as the whole answer.

    Virtuoso answers a query that runs past the timeout parameter of its /sparql (an "anytime
    query") with HTTP 200 and what it found so far, saying so only in the X-SQL-State header (S1TAT)
    and X-SQL-Message (past MaxQueryExecutionTime in virtuoso.ini it fails: HTTP 500); and it sends no more SELECT rows than
    ResultSetMaxRows (10,000 in Debian's virtuoso.ini), with X-SPARQL-MaxRows set when it reached
    that cap. (Its CONSTRUCT answers are cut at the cap with no sign.)
    """
    cap = headers.get("X-SPARQL-MaxRows", "").strip()
    if cap:
        raise FactionGraphError(Problem(url, f"the endpoint's answer reached its cap of {cap} rows, so it may be cut short",
                                        "raise the server's cap (Virtuoso: ResultSetMaxRows in the [SPARQL] section "
                                        "of virtuoso.ini), or ask for fewer rows (LIMIT below the cap)"))
    if headers.get("X-SQL-State", "").strip().upper() == "S1TAT":
        said = " ".join(headers.get("X-SQL-Message", "").split())[:200]
        raise FactionGraphError(Problem(url, f"the endpoint stopped the query and sent an incomplete answer ({said})",
                                        "give it more time (Virtuoso: the timeout parameter in the endpoint's "
                                        "URL, in milliseconds, or none), or ask a narrower query"))


def _read_response(response, url: str, timeout: float) -> bytes:
    """The body of an answer, with a server that stops sending mid-way reported like one that never answers."""
    try:
        return response.read()
    except TimeoutError as err:
        raise FactionGraphError(Problem(url, f"the endpoint stopped sending for {timeout:g} s",
                                        "try again later, or raise --timeout")) from err
    except OSError as err:
        raise FactionGraphError(Problem(url, f"the endpoint's answer broke off: {err}", "try again")) from err


def open_url(request: urllib.request.Request, url: str, timeout: float):
    """urlopen with the failures a user can act on turned into clear errors; timeout bounds every wait."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FactionGraphError(Problem(url, "not a usable URL: it does not start with http:// or https://",
                                        "give the endpoint's full URL, like http://127.0.0.1:7878/query"))
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip()[:500]
        raise FactionGraphError(Problem(url, f"the endpoint answered {err.code} {err.reason}: {detail}",
                                        "check the URL and the query; the server's words are above")) from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise FactionGraphError(Problem(url, f"no answer from the endpoint within {timeout:g} s",
                                            "try again later, or raise --timeout")) from err
        raise FactionGraphError(Problem(url, f"cannot reach the endpoint: {err.reason}",
                                        "check the URL, and that the server runs (`factiongraph serve` "
                                        "starts one on this machine)")) from err
    except TimeoutError as err:
        raise FactionGraphError(Problem(url, f"no answer from the endpoint within {timeout:g} s",
                                        "try again later, or raise --timeout")) from err
    except (OSError, http.client.HTTPException) as err:
        raise FactionGraphError(Problem(url, f"the endpoint's answer broke off: {err}", "try again")) from err
    except ValueError as err:
        raise FactionGraphError(Problem(url, f"not a usable URL: {err}",
                                        "give an http:// or https:// URL")) from err
