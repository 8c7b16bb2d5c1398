"""The project's own query page, served by `factiongraph serve` at ``/`` (offline, no script from elsewhere).

The page binds the project's prefixes (the front adds them to every query it passes on, as
`factiongraph query` does), offers the competency queries as examples and the ontology's terms to
insert, checks a query as it is typed (the same readable syntax errors and "did you mean" warnings
as the command line), and shows results with labels, each project IRI a link to its own page.
Everything the page needs from the server is data: the examples and terms travel as JSON in the
page, a query is sent as a form field, IRIs to label as a JSON list.
"""

from __future__ import annotations

import json
import re
from functools import cache

from ..access.competency import load_named_queries
from ..errors import FactionGraphError
from ..namespaces import PREFIX_IRIS
from ..access.prepare import prepare_query, undefined_terms
from .resource import page_environment
from ..sources.vocabulary import defined_terms

ASSETS = {"/query.js": ("query.js", "text/javascript; charset=utf-8"),
          "/query.css": ("query.css", "text/css; charset=utf-8")}
PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " \
              "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
"""The page may load only its own script and style and talk only to this server."""
RESULT_TYPES = ("application/sparql-results", "application/n-triples", "text/turtle", "application/ld+json",
                "application/rdf+xml", "text/csv", "text/tab-separated-values", "application/json")
DECLARED_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def wants_page(accept: str | None) -> bool:
    """Whether a request's Accept asks for a page (a browser's navigation) rather than results.

    >>> wants_page("text/html,application/xhtml+xml,*/*;q=0.8"), wants_page("application/sparql-results+json")
    (True, False)
    """
    types = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    return "text/html" in types and not any(t.startswith(RESULT_TYPES) for t in types)


@cache
def page_data() -> str:
    """The examples, prefixes and terms the page offers, as JSON (the same for every request)."""
    examples = [{"name": q.name, "title": q.title, "description": q.description, "query": q.query.text}
                for q in load_named_queries()]
    return json.dumps({"prefixes": PREFIX_IRIS, "examples": examples,
                       "terms": sorted(f"fg:{term}" for term in defined_terms())},
                      ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")  # no text can close the script


def render_query_page(query: str = "") -> bytes:
    """The page, with a query already in the editor (run at once) when one is given."""
    return page_environment().get_template("query.html").render(data=page_data(), query=query).encode("utf-8")


def asset(path: str) -> tuple[bytes, str] | None:
    """The page's script or style sheet for its path, with its media type; None for any other path."""
    if path not in ASSETS:
        return None
    name, media_type = ASSETS[path]
    environment = page_environment()
    source = environment.loader.get_source(environment, name)[0]
    return source.encode("utf-8"), media_type


def check_query(text: str) -> dict:
    """What the page shows under the editor: the syntax problem, or warnings about undefined terms."""
    try:
        prepared = prepare_query(text)
    except FactionGraphError as err:
        return {"error": "\n".join(problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
                                   for problem in err.problems), "warnings": []}
    return {"error": None, "warnings": undefined_terms(prepared), "form": prepared.form}


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query declares itself.

    >>> sorted(declared_prefixes("PREFIX ex: <http://e/>\\nprefix : <http://d/> SELECT * {}"))
    ['', 'ex']
    """
    return {match.group(1) or "" for match in DECLARED_PREFIX.finditer(text)}


def with_prefixes(text: str) -> str:
    """The query with a PREFIX line for every project prefix it does not declare itself, before its own."""
    declared = declared_prefixes(text)
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIX_IRIS.items() if p not in declared) + text
