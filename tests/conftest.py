"""Shared fixtures: the real article, built once per test session.

The article's facts are checked against a corpus of the article's own folder and the shared tables,
so the suite stays green when a user adds documents of their own to corpus/ (the whole corpus is
built by the tests that mean it: tests/test_build.py, tests/test_user_document.py).
"""

from __future__ import annotations

import os
import shutil

import pytest

from graph.sources.corpus import load_corpus
from graph.access.database import CACHE_ENV
from graph.build.triples import build_graph
from graph.pipeline import run_build

from support import DATA, copy_article_corpus


@pytest.fixture(scope="session", autouse=True)
def database_cache(tmp_path_factory):
    """The databases made of built graphs (graph.access.database) go into the session's own folder, never ~/.cache;
    set in the environment, so the commands the tests start as processes use it too."""
    folder = tmp_path_factory.mktemp("database-cache")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def article_corpus_dir(tmp_path_factory):
    """corpus/ with the article's folder as its only document."""
    return copy_article_corpus(tmp_path_factory.mktemp("article") / "corpus")


@pytest.fixture(scope="session")
def corpus(article_corpus_dir):
    return load_corpus(article_corpus_dir)


@pytest.fixture(scope="session")
def article(corpus):
    return next(d for d in corpus.documents if d.id == "saghafi-2004")


@pytest.fixture(scope="session")
def graph(corpus):
    """The real article's graph, built in memory."""
    return build_graph(corpus)


@pytest.fixture(scope="session")
def built(tmp_path_factory, article_corpus_dir):
    """The real article built into a fresh output folder."""
    out = tmp_path_factory.mktemp("build") / "output"
    run_build(article_corpus_dir, out)
    return out


@pytest.fixture
def mini_corpus(tmp_path):
    """A copy of the small valid test corpus that a test may break."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "mini", target)
    return target


@pytest.fixture(scope="session")
def pandoc() -> str:
    """pandoc, the renderer the Markdown and the bibliography must survive; skipped where it is missing,
    except under CI."""
    found = shutil.which("pandoc")
    if found is None:
        missing = "pandoc is not installed: `apt-get install pandoc` (as .ci/run does)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    return found
