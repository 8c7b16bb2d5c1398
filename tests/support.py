"""Paths and helpers shared by the tests."""

from __future__ import annotations

import csv
import os
import shutil
import signal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# FACTIONGRAPH_TEST_CORPUS runs the suite against another corpus (a copy with a user's document added).
CORPUS = Path(os.environ.get("FACTIONGRAPH_TEST_CORPUS", ROOT / "corpus"))
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = CORPUS / "saghafi-2004"


def copy_article_corpus(target: Path) -> Path:
    """A corpus holding the shared tables of CORPUS and the article's folder, and no other document."""
    target.mkdir(parents=True)
    for shared in CORPUS.iterdir():
        if shared.is_file():
            shutil.copy2(shared, target / shared.name)
    shutil.copytree(ARTICLE, target / ARTICLE.name)
    return target


def add_document(corpus_dir: Path, fixture: Path, folder: str) -> Path:
    """Add the document folder of a tests/data fixture to a corpus copy, with the fixture's entities
    (entities-extra.csv) that the corpus does not hold yet: the corpus may already hold the same
    document under another id, as when a user copies a fixture into corpus/ to try the tool."""
    shutil.copytree(fixture / folder, corpus_dir / folder, dirs_exist_ok=True)
    with open(corpus_dir / "entities.csv", encoding="utf-8", newline="") as entities:
        known = {row["id"] for row in csv.DictReader(entities)}
    with open(fixture / "entities-extra.csv", encoding="utf-8", newline="") as extra:
        new = [row for row in csv.reader(extra) if row and row[0] not in known]
    ends_a_line = (corpus_dir / "entities.csv").read_bytes().endswith(b"\n")
    with open(corpus_dir / "entities.csv", "a", encoding="utf-8", newline="") as entities:
        entities.write("" if ends_a_line else "\n")
        csv.writer(entities, lineterminator="\n").writerows(new)
    return corpus_dir


def overlay(corpus_dir: Path, case: str) -> Path:
    """Copy the broken files of tests/data/bad/<case> over a corpus copy."""
    shutil.copytree(DATA / "bad" / case, corpus_dir, dirs_exist_ok=True)
    return corpus_dir


def default_sigint() -> None:
    """In a child before exec: the default SIGINT, so Ctrl-C stops it even where pytest runs with it ignored.

    A background job starts with SIGINT ignored, and its children inherit that; Python installs
    its KeyboardInterrupt handler only where SIGINT is not ignored at start.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
