"""Bad input gets a clear error: which file, row and column, what is wrong, how to fix it."""

from __future__ import annotations

import pytest

from graph.annotations import load_corpus
from graph.errors import FactionGraphError
from support import overlay


def problems_for(corpus_dir):
    with pytest.raises(FactionGraphError) as caught:
        load_corpus(corpus_dir)
    return caught.value.problems


def test_the_mini_corpus_itself_is_valid(mini_corpus):
    corpus = load_corpus(mini_corpus)
    assert len(corpus.documents[0].statements) == 5


@pytest.mark.parametrize("case, where, message, hint", [
    ("unknown-entity", "note/statements.csv:2", "unknown entity id 'guardian-councl'",
     "did you mean 'guardian-council'"),
    ("quote-dash-differs", "note/statements.csv:2", "only quote marks, dashes or spaces differ",
     "“total” — or so the reformists said"),
    ("quote-not-found", "note/statements.csv:2", "the quote is not in the text", "The Guardians banned"),
    ("ambiguous-quote", "note/statements.csv:2", "the quote occurs 2 times", "set the occurrence column"),
    ("malformed-date", "note/statements.csv:2", "malformed date '2004-13-01'", "YYYY-MM-DD"),
    ("unknown-relation", "note/statements.csv:2", "unknown relation 'suports'", "did you mean 'supports'"),
    ("unknown-status", "note/statements.csv:2", "unknown status 'fact'", "stated"),
    ("lonely-conflict", "note/statements.csv:2", "conflict 'leader-stance' has only this row",
     "same conflict label"),
    ("unknown-column", "note/statements.csv:1", "unknown column 'occurence'", "did you mean 'occurrence'"),
    ("duplicate-id", "entities.csv:10", "duplicate id 'guardian-council' (first on row 2)", "merge"),
    ("missing-footnote", "note/sources.csv:3", "footnote '7' does not exist", "the text has notes 1-2"),
])
def test_each_bad_input_names_file_row_problem_and_fix(mini_corpus, case, where, message, hint):
    problems = problems_for(overlay(mini_corpus, case))
    rendered = [str(p).replace(str(mini_corpus) + "/", "") for p in problems]
    matching = [r for r in rendered if r.startswith(where) and message in r]
    assert matching, f"no problem at {where} saying {message!r} in {rendered}"
    assert hint in matching[0]


def test_every_problem_of_a_run_is_reported_together(mini_corpus):
    problems = problems_for(overlay(mini_corpus, "several-problems"))
    rows = sorted((p.row, p.column) for p in problems)
    assert rows == [(2, "object"), (3, "value"), (4, "quote")]


def test_column_names_the_cell(mini_corpus):
    problems = problems_for(overlay(mini_corpus, "malformed-date"))
    assert problems[0].column == "value"


def test_a_missing_corpus_folder_is_a_clear_error(tmp_path):
    problems = problems_for(tmp_path / "nowhere")
    assert "the corpus folder does not exist" in str(problems[0]) and "--corpus" in problems[0].hint
