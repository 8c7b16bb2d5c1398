"""`factiongraph mentions NAME`: where the text names an entity, checked against the shipped text itself."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph.access.cite import look_up
from graph.cli import main
from graph.access.locate import look_up_mentions
from graph.access.query import GraphFile
from support import ARTICLE, CORPUS

TEXT = (ARTICLE / "text.txt").read_text(encoding="utf-8")


def test_each_mention_is_the_texts_own_words_in_their_sentence(built):
    found = look_up_mentions("the Guardians", CORPUS, GraphFile(built / "graph.nq"))
    assert found.subject.startswith("Guardian Council (fgd:guardian-council")
    article = [m for m in found.mentions if m.document == "saghafi-2004"]  # a user's own documents aside
    assert article and [m.start for m in article] == sorted(m.start for m in article)
    for mention in article:
        assert TEXT[mention.start:mention.end] == mention.words
        assert mention.words in mention.sentence and mention.sentence in TEXT
    # "After a month of scrutiny, the Guardian Council — the staid clerical body charged to ensure ..."
    scrutiny = next(m for m in article if m.sentence.startswith("After a month of scrutiny, the Guardian Council"))
    assert scrutiny.sentence.endswith("eliminated half of the 8,200 candidates for the Seventh Majles.")
    assert scrutiny.section_title == "Sitting In"
    in_paragraph = look_up(GraphFile(built / "graph.nq"), paragraph=scrutiny.paragraph,
                           document="saghafi-2004").assertions
    assert any("the staid clerical body" in a.quote for a in in_paragraph)


def test_a_name_cited_only_in_notes_is_found_in_its_notes(built):
    found = look_up_mentions("Sharq", CORPUS, GraphFile(built / "graph.nq"))
    article = [m for m in found.mentions if m.document == "saghafi-2004"]
    # [3] "Sharq, January 12, 2004." [5], [6], [8], [9]: the same newspaper; [4] is "Ibid."
    assert [(m.footnote, m.sentence) for m in article][:2] == \
        [(3, "Sharq, January 12, 2004."), (5, "Sharq, January 15, 2004.")]
    assert {m.footnote for m in article} == {3, 5, 6, 8, 9}


def test_cli_mentions_prints_the_places_and_says_what_a_partial_name_picked(built):
    runner = CliRunner()
    result = runner.invoke(main, ["mentions", "America", "--build", str(built), "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "note: 'America' is part of one name only: American neo-conservatives" in result.stderr
    data = json.loads(runner.invoke(main, ["mentions", "fgd:sharq", "--format", "json", "--build", str(built),
                                           "--corpus", str(CORPUS)]).stdout)
    assert data["subject"].startswith("Sharq (fgd:sharq")
    assert len([m for m in data["mentions"] if m["document"] == "saghafi-2004"]) == 5
    unknown = runner.invoke(main, ["mentions", "Guardian Councl", "--build", str(built)])
    assert unknown.exit_code == 1 and "did you mean 'Guardian Council'" in unknown.stderr


def test_a_missing_text_says_to_pass_the_corpus(built, tmp_path):
    result = CliRunner().invoke(main, ["mentions", "Sharq", "--build", str(built), "--corpus", str(tmp_path)])
    assert result.exit_code == 1
    assert "the document's text is missing" in result.stderr and "pass --corpus" in result.stderr
