"""The suite stays green when a user adds a document of their own to corpus/.

A copy of corpus/ gets tests/data/user-document (a made-up news report that reuses the article's
entities and brings its own), and the article's test modules run against it in a fresh pytest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from pybtex.database import parse_string

from graph.sources.corpus import load_corpus
from graph.access.cite import look_up
from graph.views.citation import render_lookup
from graph.namespaces import PREFIX_IRIS
from graph.pipeline import run_build
from graph.access.query import GraphFile
from graph.build.store import load_store
from support import CORPUS, DATA, ROOT, add_document

USER_DOCUMENT = DATA / "user-document"
ARTICLE_MODULES = ("test_article.py", "test_competency.py", "test_competency_queries.py", "test_cite.py",
                   "test_build.py", "test_mentions.py", "test_render.py")


def add_user_document(corpus_dir):
    """corpus/ copied to corpus_dir, with the made-up report and its entities added as a user would."""
    shutil.copytree(CORPUS, corpus_dir)
    return add_document(corpus_dir, USER_DOCUMENT, "made-up-wire-2004")


def test_the_user_document_builds_beside_the_article(tmp_path):
    corpus = load_corpus(add_user_document(tmp_path / "corpus"))
    assert {d.id for d in corpus.documents} >= {"saghafi-2004", "made-up-wire-2004"}


@pytest.mark.slow
def test_the_article_tests_pass_with_a_user_document_in_the_corpus(tmp_path):
    corpus_dir = add_user_document(tmp_path / "corpus")
    environment = dict(os.environ, FACTIONGRAPH_TEST_CORPUS=str(corpus_dir))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser",
                             "--basetemp", str(tmp_path / "pytest"), *(f"tests/{m}" for m in ARTICLE_MODULES)],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


@pytest.fixture(scope="module")
def user_build(tmp_path_factory):
    """corpus/ with the made-up news report, built."""
    folder = tmp_path_factory.mktemp("user-build")
    run_build(add_user_document(folder / "corpus"), folder / "output")
    return folder / "output"


def test_a_news_reports_day_and_address_are_in_the_graph(user_build):
    # document.toml: date = 2004-02-03, url = "https://made-up-wire.example.org/2004/02/03/deputies-appeal-again"
    store = load_store(user_build / "graph.nq")
    report = "fgdoc:made-up-wire-2004"
    assert bool(store.query(f"""ASK {{ {report} a fabio:NewspaperArticle ; dcterms:date "2004-02-03"^^xsd:date ;
        schema:url "https://made-up-wire.example.org/2004/02/03/deputies-appeal-again"^^xsd:anyURI ;
        schema:isPartOf fgd:made-up-wire ; dcterms:creator fgd:jane-de-example }}""", prefixes=PREFIX_IRIS))
    assert bool(store.query('ASK { fgdoc:saghafi-2004 dcterms:date "2004"^^xsd:gYear }', prefixes=PREFIX_IRIS))


def test_a_news_report_cites_as_a_newspaper_article_with_its_name_parts(user_build):
    lookup = look_up(GraphFile(user_build / "graph.nt"), footnote=1, document="made-up-wire-2004")
    item = json.loads(render_lookup(lookup, "csl-json"))[0]
    # authors = [{id = "jane-de-example", given = "Jane", family = "De Example"}]
    assert (item["type"], item["author"], item["container-title"]) == (
        "article-newspaper", [{"family": "De Example", "given": "Jane"}], "Made-up Wire")
    assert item["issued"] == {"date-parts": [[2004, 2, 3]]}
    assert item["URL"] == "https://made-up-wire.example.org/2004/02/03/deputies-appeal-again"
    entry = parse_string(render_lookup(lookup, "bibtex"), "bibtex").entries["made-up-wire-2004"]
    assert (entry.type, entry.fields["entrysubtype"], entry.fields["journaltitle"]) == ("article", "newspaper",
                                                                                        "Made-up Wire")
    person = entry.persons["author"][0]
    assert (person.first_names, person.last_names) == (["Jane"], ["De", "Example"])
    assert entry.fields["date"] == "2004-02-03"
