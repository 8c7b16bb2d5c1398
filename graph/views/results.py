"""Query results for people: aligned tables, Markdown, Turtle, the W3C results formats, and the queries.md page.

`factiongraph query` prints a result with render_result; the build writes the competency queries'
answers (graph.access.competency) as queries.md with render_queries_page.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..access.competency import NamedQuery
from ..access.endpoint import RESULTS_JSON
from ..access.query import QueryResult
from ..errors import FactionGraphError, Problem
from ..escape import markdown_code, markdown_code_block, markdown_text
from ..namespaces import PREFIX_IRIS, sparql_prologue

FORMATS = ("table", "csv", "tsv", "json", "md")


def compact(term) -> str:
    """A term as a person reads it: prefixed name for a project IRI, the bare text of a literal."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIX_IRIS.items(), key=lambda item: -len(item[1])):
            local = term.value.removeprefix(namespace)
            if local != term.value and re.fullmatch(r"[\w-]*(?:[\w.-]*[\w-])?", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_table(variables: tuple[str, ...], rows: list[list[str]]) -> str:
    """An aligned plain-text table: header, rule, rows."""
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def render_markdown_table(variables: tuple[str, ...], rows: list[list[str]]) -> str:
    """A Markdown table whose cells show the values as text, whatever markup they hold."""
    lines = ["| " + " | ".join(map(markdown_text, variables)) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_turtle(triples: list[ox.Triple]) -> str:
    """Triples as Turtle, declaring only the project prefixes they use."""
    text = "\n".join(str(t) for t in triples)
    used = {prefix: namespace for prefix, namespace in PREFIX_IRIS.items() if f"<{namespace}" in text}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""
    return data.decode("utf-8")


def render_result(result: QueryResult, fmt: str = "table") -> str:
    """A result as text: an aligned table, Markdown, or the W3C CSV, TSV or JSON results formats.

    ASK prints true or false (or the W3C boolean JSON); CONSTRUCT and DESCRIBE print Turtle, which
    Markdown holds in a fenced code block (so a literal's markup stays text).
    """
    if fmt not in FORMATS:
        raise FactionGraphError(Problem("--format", f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}"))
    if result.form == "graph":
        if fmt not in ("table", "md"):
            raise FactionGraphError(Problem("--format", f"CONSTRUCT and DESCRIBE answer with a graph, printed as "
                                                        f"Turtle; --format {fmt} is for SELECT and ASK",
                                            "leave out --format"))
        turtle = render_turtle(result.triples)
        return "\n".join(markdown_code_block(turtle, "turtle")) + "\n" if fmt == "md" else turtle
    if fmt in ("csv", "tsv", "json"):
        results_format = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                          "json": RESULTS_JSON}[fmt]
        data = ox.parse_query_results(result.payload, format=RESULTS_JSON).serialize(format=results_format)
        text = data.decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    if result.form == "ask":
        return "true\n" if result.boolean else "false\n"
    rows = [[compact(term) for term in row] for row in result.rows]
    return (render_table if fmt == "table" else render_markdown_table)(result.variables, rows)


def render_prefixes() -> str:
    """The prefixes every query has bound, one per line as SPARQL PREFIX declarations."""
    return sparql_prologue()


def _anchor(title: str) -> str:
    """The anchor a Markdown renderer gives a heading (GitHub's rule: lower case, spaces to hyphens)."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _query_body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()


def render_answer(result: QueryResult) -> str:
    if result.form == "ask":
        return f"Answer: **{'true' if result.boolean else 'false'}**\n"
    if result.form == "graph":
        block = markdown_code_block(render_result(result), "turtle")
        return f"{len(result.triples)} triples:\n\n" + "\n".join(block) + "\n"
    count = len(result.rows)
    return f"{count} row{'s' if count != 1 else ''}:\n\n{render_result(result, 'md')}"


def render_queries_page(answers: list[tuple[NamedQuery, QueryResult]]) -> bytes:
    """queries.md: each competency question, its query, and its answer on this build's graph.

    Titles, descriptions and answers are data (a query file's comments, the graph's labels), so
    they are escaped; the fences of the code blocks are longer than any run of backticks inside.
    """
    lines = ["# Competency queries", "",
             "The questions `queries/*.rq` ask of the graph, each with its answer on this build's graph. "
             "Run one with `factiongraph query NAME`, or edit a copy and run `factiongraph query FILE.rq`. "
             "Prefixes: see `factiongraph prefixes`.", ""]
    lines += [f"- [{markdown_text(named.title)}](#{_anchor(named.title)}) ({markdown_code(named.name)})"
              for named, _ in answers]
    for named, result in answers:
        lines += ["", f"## {markdown_text(named.title)}", "", markdown_text(named.description), "",
                  markdown_code(f"factiongraph query {named.name}"), "",
                  *markdown_code_block(_query_body(named.query.text), "sparql"), "", render_answer(result).rstrip()]
    return ("\n".join(lines) + "\n").encode("utf-8")
