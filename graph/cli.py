"""The command line: parse arguments, call one library function, print, exit."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

import click

from .errors import FactionGraphError, Problem, raise_if_any


def reports_errors(command):
    """Turn a FactionGraphError into every problem printed on stderr and exit status 1.

    Text arguments that are not UTF-8 (Python keeps their bytes as lone surrogates) are refused
    here, once for every command, before any library function meets them.
    """
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            refuse_undecodable(kwargs)
            return command(*args, **kwargs)
        except FactionGraphError as err:
            count = len(err.problems)
            click.echo(f"error: {count} problem{'s' if count != 1 else ''} found:", err=True)
            for problem in err.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(1)
    return wrapper


def refuse_undecodable(arguments: dict) -> None:
    """Every text argument that is not UTF-8, named as the user knows it (--option or ARGUMENT)."""
    names = {param.name: param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
             for param in click.get_current_context().command.params}
    problems = []
    for name, value in arguments.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                problems.append(Problem(names.get(name, name), f"{shown!r} is not UTF-8 text",
                                        "type it again in a UTF-8 terminal, or convert the file it came from"))
    raise_if_any(problems)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factiongraph")
def main():
    """factiongraph: an annotated, citable knowledge graph of a political-science text."""


def _build_option(command):
    return click.option("--build", "build_dir", default="output", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="The folder `factiongraph build` wrote.")(command)


def _corpus_option(help_text: str = "Folder of annotated documents."):
    """The --corpus option several commands share, each saying what it reads there."""
    return click.option("--corpus", "corpus_dir", default="corpus", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path), help=help_text)


def _format_option(*choices: str, help_text: str | None = None):
    """The --format option several commands share: the formats each offers, the first one by default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True,
                        help=help_text)


def _timeout_option(default: float, help_text: str, minimum: float = 0, min_open: bool = False):
    """The --timeout option several commands share (seconds), each saying what it limits."""
    return click.option("--timeout", type=click.FloatRange(min=minimum, min_open=min_open), default=default,
                        show_default=True, help=help_text)


_endpoint_option = click.option("--endpoint", metavar="URL",
                                help="A SPARQL 1.1 query endpoint instead of the built graph.")


@main.command()
@_corpus_option()
@click.option("--out", "out_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write: new, empty, or one a build wrote (replaced atomically, views/ kept).")
@click.option("--clean", is_flag=True,
              help="Make every document and the analysis again instead of taking unchanged ones from the build cache.")
@reports_errors
def build(corpus_dir: Path, out_dir: Path, clean: bool):
    """Check the annotations and build the whole graph into OUT."""
    from .pipeline import run_build
    from .views.report import render_build_line, render_cache_line

    started = time.monotonic()
    result = run_build(corpus_dir, out_dir, clean=clean)
    s = result.summary
    click.echo(render_build_line(s, time.monotonic() - started))
    click.echo(f"SHACL: {'conforms' if s['shacl']['conforms'] else 'violations'}; "
               f"wrote {len(result.files)} files to {result.out_dir}/")
    cache = result.cache
    click.echo(render_cache_line(len(cache.found), len(cache.used), cache.reads))


@main.command()
@_corpus_option()
@_format_option("text", "json")
@reports_errors
def stats(corpus_dir: Path, fmt: str):
    """Coverage of the annotations: counts, gaps, and names that match no entity."""
    from .sources.corpus import load_corpus
    from .build.mentions import index_mentions
    from .views.coverage import render_coverage_json, render_coverage_text, summarize_coverage

    corpus = load_corpus(corpus_dir)
    summary = summarize_coverage(corpus, index_mentions(corpus))
    render = render_coverage_json if fmt == "json" else render_coverage_text
    click.echo(render(summary).decode("utf-8"), nl=False)


@main.command()
@click.argument("doc_id", metavar="DOC-ID")
@click.option("--type", "doc_type", required=True, metavar="TYPE",
              help="JournalArticle, NewspaperArticle, MagazineArticle, ReportDocument, BookChapter or WebPage.")
@click.option("--text", "text_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The text (UTF-8); its paragraphs are laid out the way the build reads them.")
@click.option("--title", required=True, help="The title as printed.")
@click.option("--author", required=True, help="An entity id, label or alias; a new name gets an entity row.")
@click.option("--in", "container", required=True, metavar="NAME",
              help="Where it appeared: journal, newspaper, magazine, book or web site (id, label or new name).")
@click.option("--date", "when", required=True, help="Publication date: YYYY-MM-DD (or YYYY-MM, YYYY).")
@click.option("--url", default="", help="Where it is published.")
@click.option("--publisher", default="", help="Publisher (default: the --in publication).")
@click.option("--volume", default="", help="Volume, where the type has one.")
@click.option("--issue", default="", help="Issue number, where there is one.")
@click.option("--language", default="en", show_default=True, help="Language of the text (ISO 639-1).")
@_corpus_option()
@reports_errors
def new(doc_id: str, doc_type: str, text_file: Path, title: str, author: str, container: str, when: str, url: str,
        publisher: str, volume: str, issue: str, language: str, corpus_dir: Path):
    """Make corpus/DOC-ID/ from a text: document.toml, text.txt laid out, and empty tables with headers."""
    from .sources.authoring import new_document

    made = new_document(corpus_dir, doc_id, doc_type, text_file, title, author, container, when, url, publisher,
                        volume, issue, language)
    for warning in made.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"made {made.folder}/: document.toml, text.txt ({made.paragraphs} paragraphs), "
               "statements.csv, figures.csv, sources.csv")
    if made.added_entities:
        click.echo(f"added to entities.csv: {', '.join(made.added_entities)} (check their type and description)")
    click.echo(f"next: factiongraph suggest {doc_id}")


@main.command()
@click.argument("doc_id", metavar="DOC-ID")
@click.option("--only", type=click.Choice(["entity", "known", "figure", "statement", "date"]),
              help="One kind of draft, in the columns of its own table (entity: entities.csv; figure: "
                   "figures.csv; statement: statements.csv), ready to paste.")
@click.option("--from", "annotations_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A Web Annotation export (Hypothesis, Recogito, annotations.jsonld) on the same text: "
                   "its annotations as draft statements.csv rows.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the CSV here (refuses an existing file) instead of printing it.")
@_corpus_option()
@reports_errors
def suggest(doc_id: str, only: str | None, annotations_file: Path | None, out_file: Path | None, corpus_dir: Path):
    """Draft rows for what is left to annotate in DOC-ID, and the entities and events it can reuse (CSV)."""
    from .sources.corpus import load_corpus
    from .sources.authoring import write_new_file
    from .sources.suggest import find_document, render_suggestions, suggest_rows
    from .views.webannotation import read_web_annotations

    if only and annotations_file:
        raise click.UsageError("--from gives statements only; leave out --only")
    corpus = load_corpus(corpus_dir)
    if annotations_file:
        rows = read_web_annotations(annotations_file, find_document(corpus, doc_id), corpus.entities)
    else:
        rows = suggest_rows(corpus, doc_id)
    drafts = render_suggestions(rows, "statement" if annotations_file else only)
    if out_file:
        write_new_file(out_file, drafts)
        click.echo(f"wrote {out_file}", err=True)
    else:
        click.echo(drafts, nl=False)


@main.command()
@click.option("--quick", is_flag=True, help="Only the article and the 10k corpus, one run each (what the tests run).")
@click.option("--sizes", default="10k,100k,1m", show_default=True,
              help="Comma-separated synthetic corpus sizes: 10k, 100k, 1m (triples).")
@click.option("--runs", type=click.IntRange(min=1), help="Runs per stage (default: 5 small, 3 at 100k, 1 at 1m).")
@click.option("--seed", default=0, show_default=True, help="Seed of the corpus generator.")
@_corpus_option("The real corpus, measured first.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the generated corpora and raw measurements here (default: a temporary folder).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The report to write, a .md name (its measurements go beside it as .json); it replaces only a "
                   "report bench wrote.  [default: BENCHMARKS.md; with --quick, BENCHMARKS-quick.md]")
@click.option("--limit", default=300, show_default=True, type=click.FloatRange(min=1),
              help="Seconds after which the full build is stopped and reported as such.")
@click.option("--browser-sizes", default="1000,2000,5000,10000", show_default=True,
              help="Node counts of the pages opened in headless Chromium, drawn from the largest corpus "
                   "('' or --quick: none).")
@click.option("--scale", default="", metavar="TRIPLES,...",
              help="Also build whole corpora of these generator targets (1m, 6250000), each in a fresh process: "
                   "clean, after a one-row edit, and the floor.")
@reports_errors
def bench(quick: bool, sizes: str, runs: int | None, seed: int, corpus_dir: Path, workdir: Path | None,
          out: Path | None, limit: float, browser_sizes: str, scale: str):
    """Time every build stage on the article and on synthetic corpora of 10k-1M triples, beside the floors."""
    from .bench.browser import parse_sizes as parse_node_counts
    from .bench.run import FULL_REPORT, QUICK_REPORT, parse_scale, parse_sizes, run_benchmarks

    out = out or Path(QUICK_REPORT if quick else FULL_REPORT)
    chosen = ("10k",) if quick else parse_sizes(sizes)
    pages = () if quick or not browser_sizes.strip() else parse_node_counts(browser_sizes)
    runs = 1 if quick and runs is None else runs
    command = click.get_current_context().command_path + (" --quick" if quick else f" --sizes {','.join(chosen)}")
    command += f" --runs {runs}" if runs else ""
    command += f" --seed {seed}" if seed else ""
    command += f" --limit {limit:g}" if limit != 300 else ""
    command += f" --browser-sizes '{browser_sizes}'" if not quick and browser_sizes != "1000,2000,5000,10000" else ""
    command += f" --scale {scale}" if scale.strip() else ""
    results = run_benchmarks(chosen, out, runs, seed, corpus_dir, workdir, command, limit, pages, echo=click.echo,
                             scale=parse_scale(scale))
    click.echo(f"wrote {out} ({', '.join(results['sizes'])})")


def _source(endpoint: str | None, build_dir: Path, timeout: float | None = None):
    from .access.database import built_graph
    from .access.endpoint import NETWORK_SECONDS, Endpoint
    from .access.query import GraphFile, checked_seconds

    if not endpoint:
        return GraphFile(built_graph(build_dir))
    return Endpoint(endpoint, checked_seconds(timeout) or NETWORK_SECONDS)


@main.command()
@click.argument("query_text", metavar="QUERY", required=False)
@_format_option("table", "csv", "tsv", "json", "md",
                help_text="table and md for people; csv, tsv and json are the W3C results formats.")
@_endpoint_option
@_build_option
@_timeout_option(10.0, "Seconds before the query is stopped (0: no limit).")
@click.option("--list", "list_queries", is_flag=True, help="List the competency queries by name.")
@click.option("--allow-service", is_flag=True,
              help="Let the query call other endpoints with SERVICE (refused by default: it sends requests out).")
@reports_errors
def query(query_text: str | None, fmt: str, endpoint: str | None, build_dir: Path, timeout: float, list_queries: bool,
          allow_service: bool):
    """Run a SPARQL query (its text, a .rq file, or a competency query's name) with the project's prefixes.

    SELECT prints a table; ASK prints true or false and exits 0 or 1; CONSTRUCT and DESCRIBE print Turtle.
    """
    from .access.competency import load_named_queries, read_query
    from .access.prepare import undefined_terms
    from .access.query import run_query
    from .views.results import render_result

    if list_queries or not query_text:
        for named in load_named_queries():
            click.echo(f"{named.name:<36} {named.title}")
        if not list_queries:
            click.echo("\ngive a query, a .rq file or one of these names", err=True)
            sys.exit(2)
        return
    prepared = read_query(query_text)
    for warning in undefined_terms(prepared):
        click.echo(f"warning: {warning}", err=True)
    result = run_query(prepared, _source(endpoint, build_dir), timeout or float("inf"), allow_service)
    click.echo(render_result(result, fmt), nl=False)
    if result.form == "ask":
        sys.exit(0 if result.boolean else 1)


@main.command()
def prefixes():
    """Print the prefixes every query has bound, as SPARQL PREFIX lines."""
    from .views.results import render_prefixes

    click.echo(render_prefixes(), nl=False)


@main.command()
@click.argument("name", required=False)
@click.option("--footnote", type=click.IntRange(min=1), metavar="N", help="Every statement that rests on note N.")
@click.option("--paragraph", type=click.IntRange(min=1), metavar="N", help="What the graph holds from paragraph N.")
@click.option("--statement", metavar="ID", help="One statement or figure, by the id cite prints.")
@click.option("--document", metavar="ID", help="Which document --footnote and --paragraph mean (if several).")
@_format_option("text", "json", "md", "bibtex", "csl-json", "ris",
                help_text="bibtex, csl-json and ris give the article and its footnote sources.")
@_endpoint_option
@_timeout_option(60.0, "Seconds to wait for each answer of --endpoint.", min_open=True)
@_build_option
@reports_errors
def cite(name: str | None, footnote: int | None, paragraph: int | None, statement: str | None,
         document: str | None, fmt: str, endpoint: str | None, timeout: float, build_dir: Path):
    """Show the evidence for what the graph says about NAME (any alias), a footnote, a paragraph or a statement."""
    from .access.cite import look_up
    from .views.citation import render_lookup

    chosen = [given for given in (name, footnote, paragraph, statement) if given is not None]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of NAME, --footnote, --paragraph or --statement")
    lookup = look_up(_source(endpoint, build_dir, timeout), name=name, footnote=footnote, paragraph=paragraph,
                     statement=statement, document=document)
    if lookup.picked:
        click.echo(f"note: {lookup.picked}", err=True)
    click.echo(render_lookup(lookup, fmt), nl=False)


@main.command()
@click.argument("name")
@_format_option("text", "json")
@_endpoint_option
@_corpus_option("Folder holding the texts (for the sentences).")
@_build_option
@reports_errors
def mentions(name: str, fmt: str, endpoint: str | None, corpus_dir: Path, build_dir: Path):
    """Where the text names NAME (any alias, id or IRI): document, section, paragraph or note, and sentence."""
    from .access.locate import look_up_mentions, render_mentions

    found = look_up_mentions(name, corpus_dir, _source(endpoint, build_dir))
    if found.picked:
        click.echo(f"note: {found.picked}", err=True)
    click.echo(render_mentions(found, fmt), nl=False)


@main.command()
@_format_option("bibtex", "csl-json", "ris",
                help_text="BibTeX (biblatex types), CSL-JSON (Zotero, pandoc, citeproc) or RIS (EndNote, Zotero, "
                          "Mendeley).")
@_endpoint_option
@_build_option
@reports_errors
def bibliography(fmt: str, endpoint: str | None, build_dir: Path):
    """Every annotated document and every work its notes cite, as one file a reference manager imports."""
    from .access.evidence import read_bibliography
    from .views.citation import render_bibliography

    click.echo(render_bibliography(read_bibliography(_source(endpoint, build_dir)), fmt), nl=False)


@main.command()
@_format_option("text", "json", "md")
@click.option("--document", metavar="ID", help="Only the conflicts with a side in this document.")
@_endpoint_option
@_build_option
@reports_errors
def conflicts(fmt: str, document: str | None, endpoint: str | None, build_dir: Path):
    """Where the graph disagrees with itself: labelled conflicts and those the rules found, both sides kept."""
    from .build.conflicts import read_conflicts, render_conflicts

    click.echo(render_conflicts(read_conflicts(_source(endpoint, build_dir), document), fmt), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@_timeout_option(30.0, "The limit on each query, in seconds (0: none); a query past it is stopped.")
@click.option("--allow-service", is_flag=True,
              help="Let queries call other endpoints with SERVICE (refused by default: the server would send "
                   "requests wherever a query says).")
@_build_option
@reports_errors
def serve(host: str, port: int, timeout: float, allow_service: bool, build_dir: Path):
    """Serve the built graph read-only as a SPARQL endpoint (Oxigraph) until Ctrl-C."""
    from .serve import serve_until_stopped

    def announce(server):
        click.echo(f"query page:      {server.url}")
        click.echo(f"SPARQL endpoint: {server.query_url}  (read-only; Ctrl-C stops it)")

    serve_until_stopped(build_dir, host, port, timeout or None, announce, allow_service)
    click.echo("stopped")


@main.command()
@click.option("--out", "out_dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write: new, empty, or one factiongraph wrote (replaced atomically).")
@click.option("--base-url", metavar="URL",
              help="Where the site will be published; writes .htaccess, w3id.org's redirect rules, pointing the IRIs there.")
@_build_option
@reports_errors
def site(out_dir: Path, base_url: str | None, build_dir: Path):
    """Write a page and the RDF of every IRI the graph mints, as a static site."""
    from .views.site import write_site

    pages = write_site(build_dir, out_dir, base_url)
    click.echo(f"wrote {pages} pages, each with Turtle, JSON-LD, N-Triples and RDF/XML, and index.html to {out_dir}/"
               + (" (and .htaccess)" if base_url else ""))


@main.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="A SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://localhost:7878/store.")
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to replace (default: the default graph).")
@_timeout_option(60.0, "Seconds to wait for the endpoint to answer each request.", minimum=1)
@click.option("--part", default=100_000, show_default=True, type=click.IntRange(min=1), metavar="TRIPLES",
              help="Triples per request: the first part replaces the graph (PUT), the others are added to it (POST).")
@_build_option
@reports_errors
def push(endpoint: str, graph_iri: str | None, timeout: float, part: int, build_dir: Path):
    """Send the built graph to a SPARQL Graph Store Protocol endpoint (Oxigraph, Fuseki, GraphDB, ...)."""
    from .push import push_graph

    pushed = push_graph(endpoint, graph_iri, build_dir, timeout, part)
    click.echo(f"pushed {pushed.triples} triples to {pushed.url} (HTTP {pushed.status})")


@main.command()
@click.option("--focus", metavar="NAME", help="Draw only this entity's neighbourhood (its id, label or any alias).")
@click.option("--depth", type=click.IntRange(min=1), help="How many relations away from --focus to go.  [default: 1]")
@click.option("--max-nodes", type=click.IntRange(min=1), metavar="N", help="Keep only the N most central nodes.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: graph.html, or a name saying which view, in the build folder's "
                   "views/, which rebuilds keep); text.html goes beside it.")
@click.option("--force", is_flag=True, help="Replace --out (and text.html beside it) even if factiongraph did not "
                                            "write them.")
@_corpus_option("Folder holding the texts the quotes link to.")
@_build_option
@reports_errors
def render(focus: str | None, depth: int | None, max_nodes: int | None, out_file: Path | None, force: bool,
           corpus_dir: Path, build_dir: Path):
    """Draw the built graph, or one entity's neighbourhood, as an explorable HTML page (with text.html beside it)."""
    from .views.render import render_view

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    result = render_view(build_dir, corpus_dir, out_file, focus, depth or 1, max_nodes, force)
    if result.picked:
        click.echo(f"note: {result.picked}", err=True)
    view = result.network
    click.echo(f"wrote {result.path}: {view.scope}, {len(view.nodes)} of {result.total_nodes} nodes and "
               f"{len(view.links)} of {result.total_links} edges")
    click.echo(f"wrote {result.text_path}: the text its quotes open")
    if view.left_out:
        shown = ", ".join(view.left_out[:10]) + (", ..." if len(view.left_out) > 10 else "")
        click.echo(f"left out {len(view.left_out)} nodes ({shown}) and {view.left_out_links} edges; "
                   f"the page lists them all")


@main.command()
@click.option("--by", "method", default="betweenness", show_default=True,
              help="The measure: degree, in-degree, out-degree, betweenness, closeness, eigenvector, pagerank "
                   "(actors); weighted-degree (co-participation).")
@click.option("--network", default="actors", show_default=True, help="actors, actor-event or co-participation.")
@click.option("--slice", "time_slice", default="all", show_default=True,
              help="all; a slice the build measured (before-2004-01-11, 2004-01-11-to-2004-02-20, after-2004-02-20); "
                   "or any before-DATE, after-DATE or DATE-to-DATE, computed from the graph.")
@click.option("--evidence", default="facts", show_default=True, type=click.Choice(["facts", "facts+reported", "all"]),
              help="Which statements the network is read from: facts (the author's own claims), facts+reported "
                   "(also what the text reports from others), all (also predictions, speculation and rumours).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many ranks to show.")
@_format_option("table", "csv", "json")
@_build_option
@reports_errors
def rank(method: str, network: str, time_slice: str, evidence: str, top: int, fmt: str, build_dir: Path):
    """Rank actors (or events) by a network measure of the built graph, under an evidence rule."""
    from .access.database import built_graph
    from .analysis.rank import load_ranking, render_ranking

    rows = load_ranking(built_graph(build_dir), network, time_slice, method, top, evidence)
    click.echo(render_ranking(rows, fmt), nl=False)
