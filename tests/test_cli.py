"""The command line, through click's runner, writing into tmp_path."""

from __future__ import annotations

from click.testing import CliRunner

from graph.cli import main
from support import overlay


def test_build_writes_the_outputs_and_says_what_it_built(mini_corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--corpus", str(mini_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 statements" in result.output and "SHACL: conforms" in result.output
    assert (out / "graph.ttl").exists()


def test_build_errors_are_listed_and_exit_non_zero(mini_corpus, tmp_path):
    overlay(mini_corpus, "several-problems")
    result = CliRunner().invoke(main, ["build", "--corpus", str(mini_corpus), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "3 problems found" in result.output
    assert "statements.csv:4 (column 'quote')" in result.output
    assert "Traceback" not in result.output
