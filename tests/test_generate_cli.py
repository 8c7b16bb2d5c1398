"""The benchmarks' command lines: real help, clear refusals, and generate writing what generate_corpus writes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph.bench.synthetic_corpus import generate_corpus
from support import ROOT


def run(*arguments):
    return subprocess.run([sys.executable, "-m", "graph.bench.generate", *arguments], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_help_says_how_to_call_it():
    helped = run("--help")
    assert helped.returncode == 0 and "usage: python -m graph.bench.generate" in helped.stdout
    assert "--triples" in helped.stdout and "--seed" in helped.stdout


def test_it_writes_the_corpus_of_the_library_call_and_refuses_what_it_cannot_do(tmp_path):
    made = run(str(tmp_path / "cli"), "--triples", "20000", "--seed", "7")
    assert made.returncode == 0, made.stderr
    generate_corpus(tmp_path / "library", 20_000, seed=7)
    assert (tmp_path / "cli" / "entities.csv").read_bytes() == (tmp_path / "library" / "entities.csv").read_bytes()
    again = run(str(tmp_path / "cli"))
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    wrong = run(str(tmp_path / "other"), "--triples", "lots")
    assert wrong.returncode == 2 and "'lots' is not 10k, 100k, 1m or a whole number" in wrong.stderr


def run_module(module, *arguments):
    return subprocess.run([sys.executable, "-m", module, *arguments], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_the_single_stage_benchmarks_have_help_and_refuse_a_missing_graph(tmp_path):
    for module in ("graph.bench.shacl", "graph.bench.betweenness"):
        helped = run_module(module, "--help")
        assert helped.returncode == 0 and f"usage: python -m {module}" in helped.stdout
    missing = run_module("graph.bench.shacl", str(tmp_path / "graph.nt"))
    assert missing.returncode == 2 and "is not a file" in missing.stderr and "Traceback" not in missing.stderr
    small = run_module("graph.bench.betweenness", "--sizes", "40")
    assert small.returncode == 0 and "| 40 |" in small.stdout


def test_a_failing_measuring_child_is_the_projects_error(tmp_path):
    from graph.bench.run import run_child
    from graph.errors import FactionGraphError

    with pytest.raises(FactionGraphError) as raised:
        run_child([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, "measuring it")
    assert f"{tmp_path}: the benchmark stopped while measuring it" in str(raised.value)
    assert "exited with 3" in str(raised.value)
