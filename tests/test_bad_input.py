"""Odd but legal input builds, and hostile input is refused with the project's error, never a traceback."""

from __future__ import annotations

import os

import pytest

from graph.sources.corpus import load_corpus
from graph.errors import FactionGraphError
from graph.pipeline import build_outputs


def problems_for(corpus_dir):
    with pytest.raises(FactionGraphError) as caught:
        load_corpus(corpus_dir)
    return caught.value.problems


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


def test_a_text_linked_from_outside_the_document_folder_is_never_read(mini_corpus, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The Guardians banned the reformists on January 11, 2004.\n", encoding="utf-8")
    text = mini_corpus / "note" / "text.txt"
    text.unlink()
    os.symlink(secret, text)
    problems = problems_for(mini_corpus)
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        (text, f"the file lies outside its folder {mini_corpus / 'note'}")]
    assert "copy it in" in problems[0].hint


@pytest.mark.parametrize("name", ["entities.csv", "note/document.toml", "note/text.txt", "note/statements.csv",
                                  "note/sources.csv", "note/figures.csv"])
def test_a_folder_where_a_file_is_expected_is_named(mini_corpus, name):
    path = mini_corpus / name
    path.unlink()
    path.mkdir()
    problems = problems_for(mini_corpus)
    assert (path, "not a regular file (a folder, device or pipe)") in [(p.path, p.message) for p in problems]


def test_a_pipe_as_the_text_is_refused_without_waiting_on_it(mini_corpus):
    text = mini_corpus / "note" / "text.txt"
    text.unlink()
    os.mkfifo(text)
    assert (text, "not a regular file (a folder, device or pipe)") in [(p.path, p.message)
                                                                        for p in problems_for(mini_corpus)]


def test_a_file_given_as_the_corpus_folder_is_named(mini_corpus):
    problems = problems_for(mini_corpus / "entities.csv")
    assert [p.message for p in problems] == ["the corpus is not a folder"]


def test_folders_named_with_a_dot_or_underscore_are_not_documents(mini_corpus):
    for name in ("_drafts", ".cache"):
        (mini_corpus / name).mkdir()
        (mini_corpus / name / "notes.txt").write_text("not a document\n", encoding="utf-8")
    assert [d.id for d in load_corpus(mini_corpus).documents] == ["mini-note"]


def test_a_byte_order_mark_is_read_past_in_tables_and_metadata(mini_corpus):
    for name in ("entities.csv", "note/document.toml", "note/statements.csv"):
        path = mini_corpus / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    corpus = load_corpus(mini_corpus)
    assert corpus.documents[0].id == "mini-note" and "guardian-council" in corpus.entities
    assert len(corpus.documents[0].statements) == 5


def test_offsets_count_the_characters_of_a_crlf_text(mini_corpus):
    text = mini_corpus / "note" / "text.txt"
    text.write_bytes(text.read_bytes().replace(b"\n", b"\r\n"))
    document = load_corpus(mini_corpus).documents[0]
    shipped = text.read_bytes().decode("utf-8")
    anchors = [s.evidence.anchor for s in document.statements] + [w.anchor for w in document.works]
    assert [shipped[a.start:a.end] for a in anchors] == [a.exact for a in anchors]
    # the second section starts after two CRLF line ends; its paragraph after four
    assert shipped[document.source.paragraphs[1].start:].startswith("The ban was")
    assert [s.title for s in document.source.sections] == ["Opening", "Vetting"]
    assert [n.text for n in document.source.footnotes] == ["Daily News, January 12, 2004.", "Ibid."]
