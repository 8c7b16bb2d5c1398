"""`factiongraph bibliography`: every cited work and the documents, read back by pandoc --citeproc,
citeproc-py, pybtex and rispy, each compared with what the article's notes say.

Expected renderings are written from the notes themselves (pandoc's default style is Chicago
author-date): note [5] "Sharq, January 15, 2004." is a newspaper's issue of that day, not a work
titled "Sharq".
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import rispy
from click.testing import CliRunner
from pybtex.database import parse_string

from graph.cli import main
from graph.access.query import GraphFile, run_query
from graph.access.values import term_value

pytestmark = pytest.mark.pandoc


@pytest.fixture(scope="module")
def files(built, tmp_path_factory):
    """The bibliography in every format, written by the command as a user runs it."""
    folder = tmp_path_factory.mktemp("bibliography")
    written = {}
    for fmt, suffix in (("bibtex", "bib"), ("csl-json", "json"), ("ris", "ris")):
        result = CliRunner().invoke(main, ["bibliography", "--format", fmt, "--build", str(built)])
        assert result.exit_code == 0, result.output
        written[fmt] = folder / f"bibliography.{suffix}"
        written[fmt].write_text(result.stdout, encoding="utf-8")
    return written


def rendered_by_pandoc(pandoc: str, bibliography) -> list[str]:
    document = '---\nnocite: "@*"\n---\n'
    done = subprocess.run([pandoc, "--citeproc", "--bibliography", str(bibliography), "-t", "plain", "--wrap=none"],
                          input=document, capture_output=True, text=True, timeout=60, check=True)
    return [entry.strip() for entry in done.stdout.split("\n\n") if entry.strip()]


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json"])
def test_pandoc_renders_each_kind_of_work_as_its_note_gives_it(pandoc, files, fmt):
    entries = rendered_by_pandoc(pandoc, files[fmt])
    text = "\n".join(entries)
    # [5] "Sharq, January 15, 2004." -- the newspaper stands for the author, the day is kept
    assert re.search(r"^(Sharq|———)\. 2004[a-z]?, January 15, 2004\.$", text, re.M)
    assert "“Sharq.”" not in text  # never a work titled "Sharq"
    # [7] "Hamshahri, January 17, 2004."
    assert re.search(r"^Hamshahri\. 2004[a-z]?, January 17, 2004\.$", text, re.M)
    # [15] "Asef Bayat, Street Politics: Poor People’s Movements in Iran (New York: Columbia University Press, 1997)"
    assert "Bayat, Asef. 1997. Street Politics: Poor People’s Movements in Iran. New York: Columbia University " \
           "Press." in entries
    # [13] "Goft-o-Gu 40 (Spring 2004) on Kurdistan": the journal's issue 40 of Spring 2004
    assert re.search(r"2004[a-z]?\. Goft-o-Gu, no\. 40,? \(?Spring\)?\.", text)
    # the article itself, with its translator
    assert re.search(r"2004[a-z]?\. “The New Landscape of Iranian Politics\.” Translated by Kaveh Ehsani\. "
                     r"Middle East Report, no\. 233", text)


def cited_works(built) -> set[str]:
    """Every work a note cites, except the author's own comments, by SPARQL on the built graph."""
    result = run_query("""SELECT DISTINCT ?work WHERE { ?note fg:cites ?work .
        FILTER NOT EXISTS { ?work a fabio:Comment } }""", GraphFile(built / "graph.nq"))
    return {str(term_value(row[0])).rsplit("/", 1)[-1] for row in result.rows}


def test_every_cited_work_and_every_document_is_in_each_format(built, files):
    documents = {str(term_value(row[0])).rsplit("/", 1)[-1] for row in run_query(
        "SELECT ?doc WHERE { ?doc a fg:Document }", GraphFile(built / "graph.nq")).rows}
    expected = cited_works(built) | documents
    assert "note-12-commentary" not in expected and "sharq-2004-01-15" in expected
    assert set(parse_string(files["bibtex"].read_text(encoding="utf-8"), "bibtex").entries) == expected
    assert {item["id"] for item in json.loads(files["csl-json"].read_text(encoding="utf-8"))} == expected
    assert {record["id"] for record in rispy.loads(files["ris"].read_text(encoding="utf-8"))} == expected


def test_the_entry_types_and_dates_are_those_of_the_kind_of_work(files):
    bibtex = parse_string(files["bibtex"].read_text(encoding="utf-8"), "bibtex").entries
    issue = bibtex["sharq-2004-01-15"]
    assert (issue.type, issue.fields["entrysubtype"], issue.fields["journal"], issue.fields["date"]) == \
        ("article", "newspaper", "Sharq", "2004-01-15")
    assert "title" not in issue.fields
    journal = bibtex["goft-o-gu-40"]
    assert (journal.type, journal.fields["title"], journal.fields["number"], journal.fields["issue"]) == \
        ("periodical", "Goft-o-Gu", "40", "Spring")
    assert bibtex["interior-ministry-district-data-2004"].type == "dataset"
    csl = {item["id"]: item for item in json.loads(files["csl-json"].read_text(encoding="utf-8"))}
    assert csl["sharq-2004-01-15"]["type"] == "article-newspaper"
    assert csl["sharq-2004-01-15"]["issued"] == {"date-parts": [[2004, 1, 15]]}
    ris = {record["id"]: record for record in rispy.loads(files["ris"].read_text(encoding="utf-8"))}
    assert (ris["sharq-2004-01-15"]["type_of_reference"], ris["sharq-2004-01-15"]["secondary_title"],
            ris["sharq-2004-01-15"]["date"]) == ("NEWS", "Sharq", "2004/01/15/")
    assert (ris["goft-o-gu-40"]["type_of_reference"], ris["goft-o-gu-40"]["number"]) == ("JFULL", "40")
    assert ris["saghafi-2004"]["subsidiary_authors"] == ["Ehsani, Kaveh"]  # the translator, as Zotero writes it


def test_citeproc_py_renders_a_newspaper_issue_as_the_newspaper_of_that_day(files):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(files["csl-json"].read_text(encoding="utf-8"))
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert "Sharq (2004) Sharq, 15 January." in rendered
    assert "Moslem, M. (2002) Factional Politics in Post-Khomeini Iran. Syracuse, NY: Syracuse University Press." \
        in rendered
