"""The command line: parse arguments, call one library function, print, exit."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import FactionGraphError


def reports_errors(command):
    """Turn a FactionGraphError into every problem printed on stderr and exit status 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except FactionGraphError as err:
            count = len(err.problems)
            click.echo(f"error: {count} problem{'s' if count != 1 else ''} found:", err=True)
            for problem in err.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(1)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factiongraph")
def main():
    """factiongraph: an annotated, citable knowledge graph of a political-science text."""


@main.command()
@click.option("--corpus", "corpus_dir", default="corpus", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of annotated documents.")
@click.option("--out", "out_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write (replaced atomically).")
@reports_errors
def build(corpus_dir: Path, out_dir: Path):
    """Check the annotations and build the whole graph into OUT."""
    from .pipeline import run_build

    result = run_build(corpus_dir, out_dir)
    s = result.summary
    click.echo(f"built {s['triples']} triples: {s['entities']} entities ({s['events']} events), "
               + ", ".join(f"{d['statements']} statements and {d['figures']} figures from {d['id']}"
                           for d in s["documents"]))
    click.echo(f"SHACL: {'conforms' if s['shacl']['conforms'] else 'violations'}; "
               f"wrote {len(result.files)} files to {result.out_dir}/")


@main.command()
@click.option("--corpus", "corpus_dir", default="corpus", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of annotated documents.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def stats(corpus_dir: Path, fmt: str):
    """Coverage of the annotations: counts, gaps, and names that match no entity."""
    from .annotations import load_corpus
    from .build import index_mentions
    from .coverage import render_coverage_json, summarize_coverage

    corpus = load_corpus(corpus_dir)
    summary = summarize_coverage(corpus, index_mentions(corpus))
    if fmt == "json":
        click.echo(render_coverage_json(summary).decode("utf-8"), nl=False)
        return
    click.echo(f"entities: {summary['entities']} "
               f"({', '.join(f'{t} {n}' for t, n in summary['entities_by_type'].items())})")
    for doc in summary["documents"]:
        click.echo(f"\n{doc['id']}: {doc['statements']} statements, {doc['figures']} figures, "
                   f"{doc['mentions']} entity mentions")
        click.echo("  by status: " + ", ".join(f"{k} {v}" for k, v in doc["by_status"].items()))
        for section in doc["by_section"]:
            click.echo(f"  section {section['section']:>2} {section['title']:<28} {section['assertions']:>4} assertions")
        click.echo(f"  paragraphs without assertion: {doc['paragraphs_without_assertion'] or 'none'}")
        click.echo(f"  footnotes without assertion: {doc['footnotes_without_assertion'] or 'none'}")
        names = [u["name"] for u in doc["unmatched_names"]]
        click.echo(f"  names matching no entity: {', '.join(names) or 'none'}")
    if summary["entities_never_used"]:
        click.echo(f"\nentities in no statement, figure or source: {', '.join(summary['entities_never_used'])}")

