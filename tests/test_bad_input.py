"""Odd but legal input builds, and hostile input is refused with the project's error, never a traceback."""

from __future__ import annotations

import pytest

from graph.annotations import load_corpus
from graph.pipeline import build_outputs


def drop_rows(table, *needles):
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(l for l in lines if not any(n in l for n in needles)), encoding="utf-8")


@pytest.mark.parametrize("needles", [
    ("the-leader,supports",),  # no statement relates two actors
    ("ban-2004", "the-leader"),  # a statements table with its header only
])
def test_a_corpus_without_actor_ties_reports_an_empty_actor_network(mini_corpus, needles):
    drop_rows(mini_corpus / "note" / "statements.csv", *needles)
    files, _, _ = build_outputs(load_corpus(mini_corpus))
    report = files["analysis.md"].decode()
    assert "- **Most central**: no one; no statement relates two actors, so the actor network is empty." in report
    assert "### Degree\n\n*How many other actors it has a relation with, in either direction.*\n\n" \
           "None: the actors network has no actor.\n" in report
