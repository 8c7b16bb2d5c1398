"""Citation lookup: by any alias, by footnote, paragraph or statement; text, JSON, Markdown, BibTeX, CSL-JSON.

Expected answers are read off the article's text and its notes.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from click.testing import CliRunner
from pybtex.database import parse_string

from graph.access.cite import look_up
from graph.views.citation import render_lookup
from graph.cli import main
from graph.errors import FactionGraphError
from graph.pipeline import run_build
from graph.access.query import GraphFile
from support import ARTICLE, DATA, add_document, copy_article_corpus

TEXT = (ARTICLE / "text.txt").read_text(encoding="utf-8")
HOW_TO_CITE = 'Morad Saghafi "The New Landscape of Iranian Politics," Middle East Report 233 (Winter 2004).'


@pytest.fixture(scope="module")
def source(built):
    return GraphFile(built / "graph.nt")


def test_any_alias_finds_the_entity(source):
    # The text calls the Council "the Guardian Council", "the Guardians" and "Guardians".
    for name in ("Guardian Council", "the Guardians", "guardian-council", "GUARDIAN COUNCIL"):
        assert look_up(source, name=name).subject.startswith("Guardian Council (fgd:guardian-council")


def test_every_quote_is_verbatim_and_in_text_order(source):
    lookup = look_up(source, name="Guardian Council")
    assert len(lookup.assertions) > 20
    for a in lookup.assertions:
        assert TEXT[a.start:a.end] == a.quote
    assert [a.start for a in lookup.assertions] == sorted(a.start for a in lookup.assertions)
    # "By January 15, the press reported that an honorable solution had been found at a meeting between the
    # members of the Guardian Council and Khamenei": reported, by the press, not stated by the author
    meeting = next(a for a in lookup.assertions if a.claim.startswith("Meeting of the Guardian Council with Khamenei")
                   and "has participant Guardian Council" in a.claim)
    assert (meeting.status, meeting.attributed_to, meeting.section_title) == ("reported", "The press",
                                                                              "Sitting In")


def test_an_exact_alias_wins_over_names_that_merely_contain_it(source):
    # The text calls the president "Khatami"; his brother is always "Mohammad Reza Khatami".
    assert look_up(source, name="Khatami").subject.startswith("Mohammad Khatami (fgd:mohammad-khatami")


def test_a_name_shared_by_several_entities_lists_them(source):
    with pytest.raises(FactionGraphError) as caught:
        look_up(source, name="Mohammad")  # President Mohammad Khatami and his brother Mohammad Reza Khatami
    message = str(caught.value)
    assert "could be any of" in message
    assert "mohammad-khatami: Mohammad Khatami (Person)" in message
    assert "mohammad-reza-khatami: Mohammad Reza Khatami (Person)" in message


def test_an_unknown_name_suggests_close_ones(source):
    with pytest.raises(FactionGraphError, match="did you mean 'Guardian Council'"):
        look_up(source, name="Guardien Council")


def test_a_footnote_gives_what_rests_on_it_and_its_source(source):
    lookup = look_up(source, footnote=5)
    # "... provincial governors converged on Tehran to issue an ultimatum ... could be held. [5]"
    assert any("ultimatum" in a.quote for a in lookup.assertions)
    assert all(5 in a.footnotes for a in lookup.assertions)
    note = lookup.footnotes[("saghafi-2004", 5)]
    assert note.text == "Sharq, January 15, 2004." and note.works == ("sharq-2004-01-15",)
    text = render_lookup(lookup)
    assert "note 5: Sharq, January 15, 2004." in text and "source: Sharq (15 January 2004) [newspaper issue]" in text
    assert text.rstrip().endswith(HOW_TO_CITE + " Translated from French by Kaveh Ehsani.")


def test_an_ibid_note_resolves_to_the_work_of_the_note_before(source):
    lookup = look_up(source, footnote=4)
    note = lookup.footnotes[("saghafi-2004", 4)]
    assert (note.text, note.ibid_of, note.works) == ("Ibid.", 3, ("sharq-2004-01-12",))  # [3] Sharq, January 12, 2004.


def test_a_paragraph_and_a_statement(source):
    lookup = look_up(source, paragraph=7)
    assert {a.paragraph for a in lookup.assertions} == {7}
    assert any("the ayatollah ordered" in a.quote for a in lookup.assertions)
    one = lookup.assertions[0]
    again = look_up(source, statement=one.id)
    assert [a.id for a in again.assertions] == [one.id]
    with pytest.raises(FactionGraphError, match="no statement or figure 'nope'"):
        look_up(source, statement="nope")


def test_numbers_out_of_range_say_the_range(source):
    with pytest.raises(FactionGraphError, match="has no footnote 18") as caught:
        look_up(source, footnote=18)
    assert "numbered 1-17" in str(caught.value)  # the article's notes run from [1] to [17]


def test_conflicting_figures_point_at_each_other(source):
    lookup = look_up(source, name="Sit-in at the Majles (2004)")
    lengths = [a for a in lookup.assertions if a.kind == "figure" and a.claim.startswith("length of the sit-in")]
    # "the 26-day occupation of the Majles" against "By occupying Parliament for 22 days"
    assert len(lengths) == 2
    assert lengths[0].conflicts_with == (lengths[1].id,) and lengths[1].conflicts_with == (lengths[0].id,)


def test_bibtex_parses_and_keeps_what_the_notes_give(source):
    bibliography = parse_string(render_lookup(look_up(source, footnote=16), "bibtex"), "bibtex")
    article = bibliography.entries["saghafi-2004"]
    assert article.type == "article"
    assert str(article.persons["author"][0]) == "Saghafi, Morad"
    assert article.fields["translator"] == "Ehsani, Kaveh"  # a biblatex field; BibTeX styles skip it
    assert (article.fields["journal"], article.fields["number"], article.fields["issue"], article.fields["year"]) == \
        ("Middle East Report", "233", "Winter", "2004")
    # [16] Paul Vieille and Farhad Khosrokhavar, Le discours populaire de la revolution Iranienne (Paris :
    # Contemporaneité, 1990). -- the authors in the note's order
    book = bibliography.entries["vieille-khosrokhavar-1990-discours-populaire"]
    assert book.type == "book"
    assert [str(p) for p in book.persons["author"]] == ["Vieille, Paul", "Khosrokhavar, Farhad"]
    assert (book.fields["publisher"], book.fields["address"], book.fields["year"]) == ("Contemporaneité", "Paris", "1990")


def test_csl_json_renders_with_a_citation_style(source):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(render_lookup(look_up(source, footnote=15), "csl-json"))
    assert [i["id"] for i in items] == ["saghafi-2004", "bayat-1997-street-politics",
                                        "hooglund-1986-land-and-revolution"]
    assert items[0]["issued"] == {"date-parts": [[2004]], "season": 4}
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = "\n".join(str(entry) for entry in bibliography.bibliography())
    # [15] "Asef Bayat, Street Politics: Poor People’s Movements in Iran (New York: Columbia University Press, 1997)"
    assert "Bayat, A. (1997) Street Politics: Poor People’s Movements in Iran. New York: Columbia University " \
           "Press." in rendered
    assert "Hooglund, E. (1986) Land and Revolution in Iran. Austin, TX: University of Texas Press." in rendered
    assert "Saghafi, M. (2004) “The New Landscape of Iranian Politics”, Middle East Report" in rendered


def test_json_and_markdown_carry_the_same_evidence(source):
    lookup = look_up(source, footnote=11)
    data = json.loads(render_lookup(lookup, "json"))
    assert len(data["assertions"]) == len(lookup.assertions)
    # [11] "Detailed data, by electoral district, are posted at the website of the Ministry of Interior"
    assert data["footnotes"][0]["number"] == 11 and data["works"][0]["id"] == "interior-ministry-district-data-2004"
    assert data["documents"][0]["how_to_cite"] == HOW_TO_CITE
    markdown = render_lookup(lookup, "md")
    assert markdown.startswith("# what rests on note 11 of saghafi-2004\n")
    assert "- **quote:** “89 percent in Kuhkiluyeh”" in markdown


def test_json_says_what_kind_of_fact_each_claim_is_and_the_dates_it_gives(source):
    """The JSON carries what the explorer's panel shows of a claim, from the same reader: its layer, its
    parts as ids and the date the text gives with its span."""
    # "there are rumors among the more affluent classes that non-voters will be prohibited from traveling abroad"
    lookup = look_up(source, name="Rumoured travel ban for non-voters")
    rumours = [a for a in json.loads(render_lookup(lookup, "json"))["assertions"]
               if a["quote"].startswith("there are rumors among the more affluent classes")]
    assert rumours and all((a["status"], a["layer"], a["attributed_to"]) == ("rumour", "rumour", "Affluent classes")
                           for a in rumours)
    assert {(a["relation"], a["object"]) for a in rumours} >= {("hasTarget", "non-voters")}
    # "In protest, the disqualified deputies organized a sit-in at the Majles building." (from 11 January to
    # the eve of the vote on 20 February, as the annotation's date records)
    sit_in = [a for a in json.loads(render_lookup(look_up(source, name="Disqualified deputies"), "json"))["assertions"]
              if a["quote"] == "In protest, the disqualified deputies organized a sit-in at the Majles building."
              and a["relation"] == "opposes"]
    assert [(a["date"], a["earliest"], a["latest"], a["precision"]) for a in sit_in] == \
        [("2004-01-11/2004-02-19", "2004-01-11", "2004-02-19", "range")]


def test_cli_cite_prints_the_evidence_and_checks_its_arguments(built):
    runner = CliRunner()
    result = runner.invoke(main, ["cite", "Behzad Nabavi", "--build", str(built)])
    assert result.exit_code == 0, result.output
    assert "“the Organization of the Mojahedin of the Islamic Revolution, headed by Behzad Nabavi”" in result.output
    assert "status:  stated by the author (Morad Saghafi)" in result.output
    both = runner.invoke(main, ["cite", "Nabavi", "--footnote", "3", "--build", str(built)])
    assert both.exit_code == 2 and "exactly one of" in both.output
    missing = runner.invoke(main, ["cite", "Nabavi", "--build", str(built / "nowhere")])
    assert missing.exit_code == 1 and "run `factiongraph build` first" in missing.output


def test_a_statement_id_cannot_change_the_query(source):
    # An id that closes the IRI and adds a pattern of its own, as `cite --statement` once pasted it.
    for injected in ("x> ?p ?o . ?a ?b ?c . ?d ?e ?f } #", "s1> fg:quote ?q } ASK { ?s ?p ?o", "fgst:s 1"):
        with pytest.raises(FactionGraphError, match="is not an IRI"):
            look_up(source, statement=injected)
    with pytest.raises(FactionGraphError, match="no statement or figure"):
        look_up(source, statement="https://w3id.org/factiongraph/statement/none")


def test_a_name_is_matched_as_text_whatever_it_holds(source):
    for name in ('Guardian") || true || ("', "Guardian' ) } #", "Guardians\\"):
        with pytest.raises(FactionGraphError, match="no actor, event or other entity is called"):
            look_up(source, name=name)


def test_cite_gives_up_on_a_silent_endpoint():
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        result = CliRunner().invoke(main, ["cite", "Khatami", "--endpoint", url, "--timeout", "1"])
    assert result.exit_code == 1 and "no answer from the endpoint within 1 s" in result.output, result.output
    assert time.monotonic() - started < 10


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    """The article and tests/data/second-document built together: note 1 and paragraph 1 exist in both."""
    folder = tmp_path_factory.mktemp("two-documents")
    corpus_dir = add_document(copy_article_corpus(folder / "corpus"), DATA / "second-document", "made-up-2005")
    run_build(corpus_dir, folder / "output")
    return GraphFile(folder / "output" / "graph.nt")


def test_a_footnote_or_paragraph_of_several_documents_needs_the_document(two_documents):
    for number in ({"footnote": 1}, {"paragraph": 1}):
        with pytest.raises(FactionGraphError, match="say which with --document: made-up-2005, saghafi-2004"):
            look_up(two_documents, **number)
    # the made-up text's only note: "[1] Test Gazette, March 1, 2005."
    made_up = look_up(two_documents, footnote=1, document="made-up-2005")
    assert [a.quote for a in made_up.assertions] == ["the Guardian Council again opposed the reformists"]
    assert made_up.footnotes[("made-up-2005", 1)].text == "Test Gazette, March 1, 2005."
    # the article's note 1 cites Saghafi's own 1996 article: what rests on it is all the article's
    article_note = look_up(two_documents, footnote=1, document="saghafi-2004")
    assert article_note.assertions and {a.document for a in article_note.assertions} == {"saghafi-2004"}


def test_a_name_in_several_documents_gives_each_documents_evidence_in_its_text_order(two_documents):
    lookup = look_up(two_documents, name="Guardian Council")
    documents = [a.document for a in lookup.assertions]
    assert documents == sorted(documents) and set(documents) == {"made-up-2005", "saghafi-2004"}
    for doc_id, text in (("saghafi-2004", TEXT),
                         ("made-up-2005", (DATA / "second-document" / "made-up-2005" / "text.txt").read_text("utf-8"))):
        starts = [a.start for a in lookup.assertions if a.document == doc_id]
        assert starts == sorted(starts)
        assert all(text[a.start:a.end] == a.quote for a in lookup.assertions if a.document == doc_id)
    rendered = render_lookup(lookup)
    assert HOW_TO_CITE in rendered and 'Test Author, "A Made-up Follow-up on the Guardians,"' in rendered


@pytest.mark.parametrize("name, notes", [
    ("Sharq", {3, 4, 5, 6, 8, 9}),  # [3] "Sharq, January 12, 2004." ... [9] "Sharq, January 27, 2004."; [4] "Ibid."
    ("Hamshahri", {7}),             # [7] "Hamshahri, January 17, 2004."
    ("Bayat", {15}),                # [15] "Asef Bayat, Street Politics: ..."
    ("Moslem", {17}),               # [17] "Mehdi Moslem, Factional Politics in Post-Khomeini Iran ..."
    ("Street Politics", {15}),      # the work itself
])
def test_a_newspaper_an_author_or_a_work_gives_the_claims_resting_on_it(source, name, notes):
    lookup = look_up(source, name=name)
    article = [a for a in lookup.assertions if a.document == "saghafi-2004"]  # a user's own documents aside
    assert article and all(set(a.footnotes) & notes for a in article)
    assert {n for a in article for n in a.footnotes} >= notes
    resting = {a.id for n in notes for a in look_up(source, footnote=n, document="saghafi-2004").assertions}
    assert {a.id for a in article} == resting
    cited = f"note {min(notes)}" if len(notes) == 1 else "notes 3, 4, 5, 6, 8 and 9"
    assert f"The text cites it or its works in {cited}." in lookup.subject


def test_a_name_matches_whatever_its_apostrophes_and_quotes_and_ids_and_iris_find_the_entity(source):
    # the entity is "Provincial governors’ ultimatum to the Guardian Council" (a curly apostrophe)
    straight = look_up(source, name="Provincial governors' ultimatum to the Guardian Council")
    assert straight.subject.startswith("Provincial governors’ ultimatum to the Guardian Council "
                                       "(fgd:governors-ultimatum")
    assert straight.picked == ""
    council = look_up(source, name="Guardian Council").subject
    assert look_up(source, name="fgd:guardian-council").subject == council
    assert look_up(source, name="https://w3id.org/factiongraph/id/guardian-council").subject == council
    issue = look_up(source, name="fgwork:sharq-2004-01-15")
    assert issue.subject.startswith("Sharq, 15 January 2004 (fgwork:sharq-2004-01-15, Work)")
    # [5] "Sharq, January 15, 2004."
    assert {n for a in issue.assertions if a.document == "saghafi-2004" for n in a.footnotes} >= {5}


def test_a_part_of_a_name_says_which_entity_it_picked(source, built):
    assert look_up(source, name="America").picked == \
        "'America' is part of one name only: American neo-conservatives (fgd:american-neoconservatives)"
    result = CliRunner().invoke(main, ["cite", "America", "--build", str(built)])
    assert result.exit_code == 0
    assert "note: 'America' is part of one name only: American neo-conservatives" in result.stderr
    assert "note:" not in CliRunner().invoke(main, ["cite", "Guardian Council", "--build", str(built)]).stderr


def test_a_name_gives_the_claims_it_is_the_source_of_but_not_every_claim_of_an_author(source):
    """The Ministry of the Interior is the source the article gives for its turnout figures; the author
    is the voice of every stated claim, which must not all come back under the author's name."""
    ministry = look_up(source, name="Interior Ministry")
    quotes = {a.quote for a in ministry.assertions if a.document == "saghafi-2004"}
    # "according to figures published by the Ministry of the Interior", then, in the same paragraph:
    assert {"The shrine city of Mashhad saw a higher turnout of 47 percent",
            "National figures show an 18 percent drop in voter participation compared to 2000"} <= quotes
    assert "It is the source of " in ministry.subject
    author = look_up(source, name="Morad Saghafi")
    assert len(author.assertions) < 30 and "It is the source of" not in author.subject
