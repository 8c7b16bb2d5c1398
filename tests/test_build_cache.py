"""The build cache (graph/build/cache.py): a build after an edit writes the bytes a clean build writes,
taking from the cache only what the edit did not touch."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.access.database import CACHE_ENV
from graph.pipeline import run_build

from support import ROOT, copy_article_corpus

STATEMENTS = Path("saghafi-2004") / "statements.csv"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def pieces_in(cache: Path) -> set[str]:
    return {path.name for path in (cache / "build-1").glob("*.zip")}


def edit_statement(corpus_dir: Path, row: int, **values: str) -> dict[str, str]:
    """Change columns of the statement on line `row` of the article's statements.csv; the row as it was."""
    path = corpus_dir / STATEMENTS
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), reader.fieldnames
    before = dict(rows[row - 2])
    rows[row - 2].update(values)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return before


def first_row(corpus_dir: Path, wanted) -> int:
    """The editor line of the first statement for which wanted(row) holds (the article has no multi-line rows)."""
    with open(corpus_dir / STATEMENTS, encoding="utf-8", newline="") as handle:
        return next(line for line, row in enumerate(csv.DictReader(handle), start=2) if wanted(row))


def clean_build(corpus_dir: Path, out: Path, cache: Path, monkeypatch) -> dict[str, bytes]:
    """What a build with an empty cache writes."""
    monkeypatch.setenv(CACHE_ENV, str(cache))
    result = run_build(corpus_dir, out)
    assert not result.cache.found
    return files_of(out)


@pytest.fixture
def warm(tmp_path, monkeypatch):
    """A copy of the article's corpus, built once into a cache of this test's own."""
    corpus_dir = copy_article_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    first = run_build(corpus_dir, tmp_path / "first")
    assert not first.cache.found and len(first.cache.used) == 2  # the article's triples, the analysis
    return corpus_dir, cache, files_of(tmp_path / "first")


def test_an_unchanged_corpus_takes_every_piece_from_the_cache_and_writes_the_same_bytes(warm, tmp_path):
    corpus_dir, cache, first = warm
    again = run_build(corpus_dir, tmp_path / "again")
    assert again.cache.found == again.cache.used and len(again.cache.found) == 2
    assert files_of(tmp_path / "again") == first


def test_a_comment_edit_makes_its_document_again_keeps_the_analysis_and_matches_a_clean_build(
        warm, tmp_path, monkeypatch):
    corpus_dir, cache, first = warm
    row = first_row(corpus_dir, lambda r: r["subject"] == "guardian-council" and not r["comment"])
    edit_statement(corpus_dir, row, comment="Checked against the printed issue (a test's edit).")
    edited = run_build(corpus_dir, tmp_path / "edited")
    assert len(edited.cache.found) == 1 and len(edited.cache.used) == 2  # the analysis read the same ties
    output = files_of(tmp_path / "edited")
    assert "a test's edit" in output["graph.nt"].decode("utf-8")
    assert output["centrality.csv"] == first["centrality.csv"]
    assert output == clean_build(corpus_dir, tmp_path / "clean", tmp_path / "empty-cache", monkeypatch)
    assert len(pieces_in(cache)) == 2  # the document's old piece is gone


def test_a_status_edit_makes_the_analysis_again_and_matches_a_clean_build(warm, tmp_path, monkeypatch):
    corpus_dir, cache, first = warm
    row = first_row(corpus_dir, lambda r: r["subject"] == "mohammad-khatami" and r["relation"] == "negotiatesWith"
                    and r["status"] == "stated")
    edit_statement(corpus_dir, row, status="rumour")
    edited = run_build(corpus_dir, tmp_path / "edited")
    assert not edited.cache.found
    output = files_of(tmp_path / "edited")
    assert output["analysis.md"] != first["analysis.md"]
    assert output == clean_build(corpus_dir, tmp_path / "clean", tmp_path / "empty-cache", monkeypatch)


def test_clean_reads_no_piece_and_keeps_what_it_made(warm, tmp_path):
    corpus_dir, cache, first = warm
    rebuilt = run_build(corpus_dir, tmp_path / "clean", clean=True)
    assert not rebuilt.cache.found and len(rebuilt.cache.used) == 2
    assert files_of(tmp_path / "clean") == first
    assert len(run_build(corpus_dir, tmp_path / "after", clean=False).cache.found) == 2


def test_damaged_pieces_are_made_again(warm, tmp_path):
    corpus_dir, cache, first = warm
    for name in pieces_in(cache):
        piece = cache / "build-1" / name
        piece.write_bytes(piece.read_bytes()[: piece.stat().st_size // 2])
    rebuilt = run_build(corpus_dir, tmp_path / "rebuilt")
    assert not rebuilt.cache.found
    assert files_of(tmp_path / "rebuilt") == first
    assert len(run_build(corpus_dir, tmp_path / "after").cache.found) == 2


def test_another_corpus_keeps_its_pieces_and_what_is_not_ours_stays(warm, tmp_path):
    corpus_dir, cache, first = warm
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    edit_statement(other, first_row(other, lambda r: not r["comment"]), comment="The other corpus's note.")
    stranger = cache / "build-1" / "notes.zip"
    stranger.write_bytes(b"not a piece of ours\n")
    listed = cache / "build-1" / "corpora" / "notes.json"
    listed.write_text('{"corpus": "/no/such/folder", "pieces": []}\n')
    run_build(other, tmp_path / "other-out")
    assert len(run_build(corpus_dir, tmp_path / "again").cache.found) == 2
    assert len(run_build(other, tmp_path / "other-again").cache.found) == 2
    assert len(pieces_in(cache)) == 4  # the article's and the other's document, one analysis, notes.zip
    assert stranger.read_bytes() == b"not a piece of ours\n" and listed.is_file()


def test_pieces_are_named_alike_in_processes_with_different_string_hashes(warm, tmp_path):
    """The names come from the records' repr, which must not follow Python's per-process hash order."""
    corpus_dir, cache, first = warm
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, str(ROOT / "build_graph.py"), "--corpus", str(corpus_dir), "--out",
                               str(tmp_path / f"out-{seed}")], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed, CACHE_ENV: str(cache)})
        assert done.returncode == 0, done.stderr
        assert "build cache: took 2 of 2 pieces" in done.stdout
        assert files_of(tmp_path / f"out-{seed}") == first


def test_a_cache_that_cannot_be_written_changes_nothing_but_the_time(warm, tmp_path, monkeypatch):
    corpus_dir, cache, first = warm
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache would go\n")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    result = run_build(corpus_dir, tmp_path / "out")
    assert not result.cache.found
    assert files_of(tmp_path / "out") == first
    assert blocked.read_text() == "a file where the cache would go\n"
