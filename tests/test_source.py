"""Parsing the article's text and anchoring quotes in it."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import FactionGraphError
from graph.sources.source import anchor_quote, parse_text
from support import ARTICLE

TEXT = (ARTICLE / "text.txt").read_text(encoding="utf-8")
SOURCE, PROBLEMS = parse_text(TEXT)


def test_the_article_parses_without_problems():
    assert PROBLEMS == []


def test_sections_are_the_article_headings_in_order():
    titles = [s.title for s in SOURCE.sections]
    assert titles == ["Opening", "Sitting In", "Lukewarm Reaction", "An Impatient Europe", "Who Voted?",
                      "Rumors of Something", "With or Without the State", "Brazen Reaction",
                      "Futures and the Past"]
    assert SOURCE.sections[0].untitled and not SOURCE.sections[1].untitled


def test_paragraph_count_and_first_words():
    assert len(SOURCE.paragraphs) == 38
    first = SOURCE.paragraphs[0]
    assert TEXT[first.start:].startswith("After seven turbulent years")
    sit_in = [p for p in SOURCE.paragraphs if p.section == 2]
    assert [p.number for p in sit_in] == [4, 5, 6, 7]
    assert TEXT[SOURCE.paragraphs[-1].start:].startswith("Nevertheless, here also the historical past")


def test_all_seventeen_footnotes_including_the_three_on_one_line():
    assert [n.number for n in SOURCE.footnotes] == list(range(1, 18))
    notes = {n.number: n.text for n in SOURCE.footnotes}
    assert notes[3] == "Sharq, January 12, 2004."
    assert notes[13].startswith("See Goft-o-Gu 40 (Spring 2004) on Kurdistan")
    assert notes[13].endswith("[Persian]")
    assert notes[14] == "See Goft-o-Gu 39 (Winter 2004) on parastatal foundations and the state. [Persian]"
    assert notes[15].startswith("On urban classes, see Asef Bayat")


def test_markers_link_to_their_paragraphs():
    where = {m.number: m.paragraph for m in SOURCE.markers}
    assert sorted(where) == list(range(1, 18))
    assert where[1] == where[2] == 5
    assert where[3] == 6
    assert where[4] == where[5] == where[6] == where[7] == 7
    assert where[8] == where[9] == 9
    assert where[11] == 17


def test_ibid_resolves_to_the_note_before():
    note4 = SOURCE.footnote(4)
    assert note4.ibid_of == 3
    assert SOURCE.cited_footnote(4) == 3
    assert SOURCE.cited_footnote(5) == 5


def test_credit_and_citation_are_not_body_paragraphs():
    assert SOURCE.credit == "Translated from French by Kaveh Ehsani"
    assert SOURCE.citation.startswith("Morad Saghafi \"The New Landscape of Iranian Politics,\"")


def test_anchor_derives_paragraph_section_and_footnote_of_the_sentence():
    anchor = anchor_quote(SOURCE, "provincial governors converged on Tehran to issue an ultimatum")
    assert (anchor.paragraph, anchor.section, anchor.cited_notes) == (7, 2, (5,))
    assert TEXT[anchor.start:anchor.end] == anchor.exact
    # the sentence before it ends with [4]: that marker must not leak into this one
    assert 4 not in anchor.cited_notes
    no_marker = anchor_quote(SOURCE, "By January 15, the press reported")
    assert no_marker.cited_notes == ()


def test_anchor_in_a_footnote():
    anchor = anchor_quote(SOURCE, "roughly 35 percent of Iranians who have never voted")
    assert anchor.footnote == 12 and anchor.paragraph is None and anchor.cited_notes == (12,)


def test_persian_tag_is_not_a_marker():
    assert all(m.number != 0 for m in SOURCE.markers)
    assert "[Persian]" not in [TEXT[m.start:m.end] for m in SOURCE.markers]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_unique_passage_anchors_back_onto_itself(data):
    start = data.draw(st.integers(0, len(TEXT) - 2))
    end = data.draw(st.integers(start + 1, min(len(TEXT), start + 120)))
    quote = TEXT[start:end]
    count = TEXT.count(quote)
    occurrence = None
    if count > 1:
        positions, at = [], TEXT.find(quote)
        while at != -1:
            positions.append(at)
            at = TEXT.find(quote, at + 1)
        if start not in positions:  # overlapping repeats: str.count and regex disagree; skip
            return
        occurrence = positions.index(start) + 1
    try:
        anchor = anchor_quote(SOURCE, quote, occurrence)
    except FactionGraphError:
        assert quote.strip() == "" or count > 1
        return
    assert TEXT[anchor.start:anchor.end] == quote
    assert anchor.prefix == TEXT[max(0, anchor.start - 32):anchor.start]
    assert anchor.suffix == TEXT[anchor.end:anchor.end + 32]


def test_a_long_mistyped_quote_gets_its_closest_passage_in_bounded_time():
    mistyped = TEXT[:50_000].replace("e", "3")  # difflib over the whole quote took over 30 s here
    started = time.perf_counter()
    with pytest.raises(FactionGraphError) as caught:
        anchor_quote(SOURCE, mistyped)
    assert time.perf_counter() - started < 10
    problem, = caught.value.problems
    assert problem.message == "the quote is not in the text"
    assert problem.hint.startswith("copy it verbatim from the text; the closest passage is: 'After seven turbulent years")


@pytest.mark.parametrize("text, row, message", [
    ("Reformists protested.\nThe Guardians refused.\n", 2, "a sentence ends a line and the next line starts another"),
    ("Sitting In\nThe deputies sat in. [1]\n\n[1] Sharq.\n", 2, "the line 'Sitting In' looks like a heading"),
    ("The deputies said “no.” [1]\nThe Leader spoke.\n\n[1] Sharq.\n", 2, "a sentence ends a line"),
])
def test_paragraphs_separated_by_single_line_breaks_are_refused(text, row, message):
    source, problems = parse_text(text, "text.txt")
    assert [(p.row, p.message.startswith(message)) for p in problems] == [(row, True)]
    assert "separate paragraphs (and headings) with a blank line" in problems[0].hint


def test_a_line_break_inside_a_sentence_is_not_a_paragraph_break():
    source, problems = parse_text("The Guardians barred\nthe reformists. Then the Leader\nspoke.\n")
    assert problems == [] and len(source.paragraphs) == 1
