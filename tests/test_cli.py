"""The command line, through click's runner, writing into tmp_path."""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner

from graph.cli import main
from support import overlay


def test_build_writes_the_outputs_and_says_what_it_built(mini_corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--corpus", str(mini_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 statements" in result.output and "SHACL: conforms" in result.output
    assert (out / "graph.ttl").exists()


def copy_note(corpus, copies):
    """The mini corpus's one document copied under new ids, mini-note-2 and on."""
    ids = ["mini-note"]
    for n in range(2, copies + 2):
        folder = shutil.copytree(corpus / "note", corpus / f"note-{n}")
        toml = folder / "document.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace('id = "mini-note"', f'id = "mini-note-{n}"'),
                        encoding="utf-8")
        ids.append(f"mini-note-{n}")
    return ids


def test_a_build_of_a_few_documents_counts_each_one(mini_corpus, tmp_path):
    ids = copy_note(mini_corpus, 4)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--corpus", str(mini_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    triples = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["triples"]
    # entities.csv has 8 rows, one an event (the ban); note/statements.csv has 5 rows and no figures
    assert result.output.splitlines()[0] == (f"built {triples} triples: 8 entities (1 event), "
                                             + ", ".join(f"5 statements and 0 figures from {i}" for i in ids))


def test_a_build_of_many_documents_sums_them_up_in_one_line(mini_corpus, tmp_path):
    copy_note(mini_corpus, 6)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--corpus", str(mini_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    triples = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["triples"]
    built, shacl, cache = result.output.splitlines()
    summed = re.fullmatch(rf"built {triples} triples in (\d+\.\d) s: 8 entities \(1 event\), "
                          r"35 statements and 0 figures from 7 documents", built)
    assert summed, built
    assert 0 < float(summed[1]) < 600
    assert "mini-note" not in result.output and shacl.startswith("SHACL: conforms")
    assert re.fullmatch(r"build cache: took [01] of 8 pieces \(documents, analysis\) from earlier builds; "
                        r"--clean makes them all again", cache), cache  # 7 documents (new here) and the analysis


def test_build_errors_are_listed_and_exit_non_zero(mini_corpus, tmp_path):
    overlay(mini_corpus, "several-problems")
    result = CliRunner().invoke(main, ["build", "--corpus", str(mini_corpus), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "3 problems found" in result.output
    assert "statements.csv:4 (column 'quote')" in result.output
    assert "Traceback" not in result.output
