"""`python -m benchmarks.generate`: a command line with real help, writing what generate_corpus writes."""

from __future__ import annotations

import subprocess
import sys

from benchmarks.generate import generate_corpus
from support import ROOT


def run(*arguments):
    return subprocess.run([sys.executable, "-m", "benchmarks.generate", *arguments], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_help_says_how_to_call_it():
    helped = run("--help")
    assert helped.returncode == 0 and "usage: python -m benchmarks.generate" in helped.stdout
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
