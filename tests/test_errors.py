"""Bad input gets a clear error: which file, row and column, what is wrong, how to fix it."""

from __future__ import annotations

import pytest

from graph.sources.corpus import load_corpus
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
    ("document-type-unknown", "note/document.toml:2", "unknown document type 'NewsArticle'",
     "did you mean 'NewspaperArticle'"),
    ("newspaper-without-date", "note/document.toml", "missing key 'date'",
     "a NewspaperArticle needs it; add: date = 2004-01-16"),
    ("key-of-another-type", "note/document.toml:7", "unknown key 'issue'",
     "issue belongs to a JournalArticle or MagazineArticle, not a NewspaperArticle"),
    ("date-not-a-day", "note/document.toml:6", "date '2004-01' is not a day", "date = 2004-01-16"),
    ("url-not-an-address", "note/document.toml:5", "url 'www.daily-news.example.org/note' is not a web address",
     "https://"),
    ("authors-without-id", "note/document.toml:4", "authors entry 1 names no entity id",
     'given = "Dan", family = "De Luce"'),
    ("stated-with-source", "note/statements.csv:2 (column 'source')",
     "stated is the author's own voice and takes no source", "use reported"),
    ("lonely-conflict", "note/statements.csv:2", "conflict 'leader-stance' has only this row",
     "same conflict label"),
    ("unknown-column", "note/statements.csv:1", "unknown column 'occurence'", "did you mean 'occurrence'"),
    ("duplicate-id", "entities.csv:10", "duplicate id 'guardian-council' (first on row 2)", "merge"),
    ("missing-footnote", "note/sources.csv:3", "footnote '7' does not exist", "the text has notes 1-2"),
    ("text-absolute", "note/document.toml:11", "text '/etc/passwd' is not a file name in the document's folder",
     'text = "text.txt"'),
    ("text-parent", "note/document.toml:11", "text '../../secret.txt' is not a file name", "beside document.toml"),
    ("text-number", "note/document.toml:11", "text is a number, not text", 'text = "..."'),
    ("id-with-space", "note/document.toml:1", "bad document id 'mini note'", "joined by hyphens"),
    ("id-empty", "note/document.toml:1", "id is empty", "give the document's id"),
    ("year-circa", "note/document.toml:8", "year 'circa 2004' is not a four-digit year", "year = 2004"),
    ("unknown-key", "note/document.toml:12", "unknown key 'translater'", "did you mean 'translator'"),
    ("control-in-metadata", "note/document.toml:3", "title holds a control character U+000B at character 2",
     "no other control characters"),
    ("toml-syntax", "note/document.toml:6", "not valid TOML", "strings in double quotes"),
    ("occurrence-superscript", "note/statements.csv:2 (column 'occurrence')", "occurrence '²' is not a positive whole",
     "write 1 for the first occurrence"),
    ("note-superscript", "note/sources.csv:2 (column 'note')", "footnote '¹' does not exist", "the text has notes 1-2"),
    ("work-year-circa", "note/sources.csv:2 (column 'year')", "year 'circa 2004' is not a four-digit year",
     "leave year empty: the quote keeps its words"),
    ("issue-date-month", "note/sources.csv:2 (column 'issue_date')", "issue_date '2004-01' is not a day",
     "YYYY-MM-DD"),
    ("date-fullwidth", "note/statements.csv:4 (column 'value')", "malformed date '２００４-01-11'", "YYYY-MM-DD"),
    ("folder-without-document", "other/document.toml", "file not found", "start its name with '_'"),
    ("multi-line-cell", "note/statements.csv:4 (column 'quote')", "the quote is not in the text",
     "the closest passage is: 'The Guardians banned the reformist'"),
    ("duplicate-column", "note/statements.csv:1 (column 'relation')", "column 'relation' appears twice",
     "delete one of the two"),
    ("too-many-cells", "note/statements.csv:5", "the row has 13 cells, the header 12", "quote cells that hold commas"),
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


def test_an_unreadable_entity_table_is_reported_once_not_at_every_reference(mini_corpus):
    problems = problems_for(overlay(mini_corpus, "unreadable-entities"))
    assert [(p.path.name, p.row, p.message) for p in problems] == [("entities.csv", 1, "unknown column 'id;type;label'"),
                                                                  ("entities.csv", 1, "missing column 'id'"),
                                                                  ("entities.csv", 1, "missing column 'type'"),
                                                                  ("entities.csv", 1, "missing column 'label'")]


@pytest.mark.parametrize("table, old, new, where", [
    ("entities.csv", "A vetting council.", "A vetting\x01 council.", "entities.csv:2 (column 'description')"),
    ("entities.csv", "A camp.", "A\x00 camp.", "entities.csv:3 (column 'description')"),
    ("note/statements.csv", "The Leader backed them.,,", "The Leader backed them.,\x0b,", "note/statements.csv:5 "
     "(column 'occurrence')"),
    ("note/sources.csv", "Daily News, January", "Daily News,\x1f January", "note/sources.csv:2 (column 'quote')"),
    ("note/figures.csv", "comment\n", "comment\n\x7f\n", "note/figures.csv:2 (column 'measure')"),
    ("note/text.txt", "The Leader backed", "The\x0bLeader backed", "note/text.txt:1"),
    ("note/text.txt", "[2] Ibid.", "[2] Ibid.\x00", "note/text.txt:10"),
    ("note/text.txt", "Vetting", "Vet\rting", "note/text.txt:3"),
])
def test_control_characters_are_refused_where_they_stand(mini_corpus, table, old, new, where):
    path = mini_corpus / table
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8", newline="")
    rendered = [str(p).replace(str(mini_corpus) + "/", "") for p in problems_for(mini_corpus)]
    matching = [r for r in rendered if r.startswith(where + ":") and ("control character U+" in r or
                                                                    "carriage return that ends no line" in r)]
    assert matching, f"no control-character problem at {where} in {rendered}"
    assert "no other control characters" in matching[0]
