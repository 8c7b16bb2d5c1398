"""The competency queries in queries/*.rq: named, commented, and answered by every build.

Each file starts with a comment block: its first line is the title, the rest says what the
query asks and how to read the answer. The build runs them all on the graph it has just made
and writes ``queries.md`` (graph.views.results), so a reader sees every question with its current answer.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ..errors import FactionGraphError, Problem, raise_if_any
from .prepare import PreparedQuery, prepare_query, read_query_file
from .query import QueryResult, execute

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUERY_NAME = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|[a-z0-9]+")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    query: PreparedQuery


def queries_dir() -> Path:
    """The folder holding the competency queries (shipped in the package as graph.queries)."""
    return Path(str(resources.files("graph.queries")))


def parse_named_query(name: str, text: str, origin: str) -> NamedQuery:
    """A .rq file's title and description (its leading comments) and its checked query."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    if not header or not header[0]:
        raise FactionGraphError(Problem(origin, "the query has no title", "start the file with a comment: '# Title'",
                                        row=1))
    description = " ".join(header[1:]).strip()
    return NamedQuery(name, header[0], description, prepare_query(text, origin))


@cache
def load_named_queries(folder: Path | None = None) -> tuple[NamedQuery, ...]:
    """Every competency query, sorted by name; every broken file reported at once."""
    folder = folder or queries_dir()
    queries, problems = [], []
    for path in sorted(folder.glob("*.rq")):
        if not NAME.match(path.stem):
            problems.append(Problem(path, f"{path.stem!r} is not a usable query name",
                                    "name the file in lower-case kebab-case, like who-leads-what.rq"))
            continue
        try:
            queries.append(parse_named_query(path.stem, path.read_text(encoding="utf-8"), str(path)))
        except FactionGraphError as err:
            problems.extend(err.problems)
    raise_if_any(problems)
    return tuple(queries)


def find_named_query(name: str) -> NamedQuery | None:
    """The competency query called name, if there is one."""
    if not NAME.match(name):
        return None
    return next((q for q in load_named_queries() if q.name == name), None)


def read_query(argument: str) -> PreparedQuery:
    """A query from the command line: a path to a .rq file, the name of a library query, or the text itself."""
    path = Path(argument)
    looks_like_file = "\n" not in argument and argument.endswith((".rq", ".sparql"))
    if looks_like_file or ("\n" not in argument and _is_file(path)):
        return prepare_query(read_query_file(path), str(path))
    named = find_named_query(argument)
    if named is not None:
        return named.query
    if QUERY_NAME.fullmatch(argument):
        raise FactionGraphError(_unknown_query_name(argument))
    return prepare_query(argument)


def _unknown_query_name(name: str) -> Problem:
    """A word that is no query and names no competency query: the closest names, not a parse error."""
    names = [named.name for named in load_named_queries()]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    return Problem("<query>", f"no competency query is named {name!r}",
                   f"did you mean {' or '.join(close)}? (`factiongraph query --list` lists them)" if close
                   else "`factiongraph query --list` lists the names; or give a SPARQL query or a .rq file")


def _is_file(path: Path) -> bool:
    """Path.is_file, with a text too long to be a file name (or otherwise no path) answering False."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def answer_named_queries(store: ox.Store) -> list[tuple[NamedQuery, QueryResult]]:
    """Every competency query with its answer on the store."""
    return [(named, QueryResult(named.query.form, execute(store, named.query))) for named in load_named_queries()]
