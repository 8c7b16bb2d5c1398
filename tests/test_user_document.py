"""The suite stays green when a user adds a document of their own to corpus/.

A copy of corpus/ gets tests/data/user-document (a made-up news report that reuses the article's
entities and brings its own), and the article's test modules run against it in a fresh pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from graph.annotations import load_corpus
from support import CORPUS, DATA, ROOT

USER_DOCUMENT = DATA / "user-document"
ARTICLE_MODULES = ("test_article.py", "test_competency.py", "test_competency_queries.py", "test_cite.py",
                   "test_build.py", "test_mentions.py", "test_render.py")


def add_user_document(corpus_dir):
    """corpus/ copied to corpus_dir, with the made-up report and its entities added as a user would."""
    shutil.copytree(CORPUS, corpus_dir)
    shutil.copytree(USER_DOCUMENT / "made-up-wire-2004", corpus_dir / "made-up-wire-2004")
    with open(corpus_dir / "entities.csv", "a", encoding="utf-8") as entities:
        entities.write((USER_DOCUMENT / "entities-extra.csv").read_text(encoding="utf-8"))
    return corpus_dir


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
