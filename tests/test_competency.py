"""Competency questions on the real article graph, answered by hand from the article.

Each expected answer below was read off the article's text, not off the code's output.
"""

from __future__ import annotations

from graph.namespaces import FGD


def ids(rows, column=0):
    return sorted({str(row[column]).rsplit("/", 1)[-1] for row in rows})


def test_who_leads_the_participation_front(graph):
    # "the Participation Front, led by the president’s brother Mohammad Reza Khatami"
    rows = graph.query("SELECT ?who WHERE { ?who fg:leads fgd:participation-front }")
    assert ids(rows) == ["mohammad-reza-khatami"]


def test_who_heads_the_mojahedin_of_the_islamic_revolution(graph):
    # "the Organization of the Mojahedin of the Islamic Revolution, headed by Behzad Nabavi"
    rows = graph.query("SELECT ?who WHERE { ?who fg:leads fgd:mojahedin-of-the-islamic-revolution }")
    assert ids(rows) == ["behzad-nabavi"]


def test_the_leader_of_the_participation_front_is_the_presidents_brother(graph):
    assert graph.query("""ASK {
        { fgd:mohammad-reza-khatami fg:siblingOf fgd:mohammad-khatami }
        UNION { fgd:mohammad-khatami fg:siblingOf fgd:mohammad-reza-khatami } }""").askAnswer


def test_which_footnote_supports_the_governors_ultimatum(graph):
    # "... they would resign en masse, effectively nixing any chance that elections could be held. [5]"
    # and note [5] is "Sharq, January 15, 2004."
    rows = list(graph.query("""
        SELECT DISTINCT ?number ?text ?date WHERE {
            ?s rdf:subject fgd:governors-ultimatum ; fg:citesFootnote ?note ; cito:citesAsEvidence ?work .
            ?note fg:number ?number ; fg:footnoteText ?text .
            ?work dcterms:date ?date .
        }"""))
    assert {(int(r.number), str(r.text), str(r.date)) for r in rows} == {(5, "Sharq, January 15, 2004.", "2004-01-15")}


def test_who_disqualified_the_candidates_and_when_it_became_official(graph):
    organisers = graph.query("SELECT ?who WHERE { fgd:disqualifications-2004 fg:hasOrganiser ?who }")
    assert "guardian-council" in ids(organisers)
    # "The mass disqualifications were made official on January 11, 2004"
    dates = graph.query("""SELECT ?d WHERE {
        ?s rdf:subject fgd:disqualifications-2004 ; rdf:predicate fg:date ; fg:earliest ?d ; fg:latest ?d }""")
    assert [str(r.d) for r in dates] == ["2004-01-11"]


def test_the_sit_in_was_at_the_majles_and_answered_the_disqualifications(graph):
    assert graph.query("ASK { fgd:majles-sit-in-2004 fg:hasPlace fgd:majles-building }").askAnswer
    assert graph.query("ASK { fgd:majles-sit-in-2004 fg:respondsTo fgd:disqualifications-2004 }").askAnswer


def test_the_press_report_of_the_deal_is_reported_not_stated(graph):
    # "By January 15, the press reported ... According to these reports, the ayatollah ordered ..."
    statuses = {str(r.status).rsplit("#", 1)[-1] for r in graph.query("""
        SELECT ?status WHERE { ?s rdf:subject fgd:khamenei-deal ; rdf:predicate fg:hasOrganiser ;
                                  fg:status ?status ; fg:quote ?q . FILTER(CONTAINS(?q, "ordered")) }""")}
    assert statuses == {"Reported"}


def test_the_ibid_note_cites_the_same_sharq_issue_as_note_3(graph):
    rows = graph.query("""SELECT ?work WHERE { fgdoc:saghafi-2004-note-4 fg:cites ?work }""")
    assert ids(rows) == ["sharq-2004-01-12"]
    assert graph.query("ASK { fgdoc:saghafi-2004-note-4 fg:ibidemOf fgdoc:saghafi-2004-note-3 }").askAnswer


def test_half_of_8200_candidates_were_eliminated(graph):
    rows = list(graph.query("""SELECT ?v ?q WHERE { ?f a fg:Figure ; fg:value ?v ; fg:quote ?q .
                                  FILTER(CONTAINS(?q, "8,200")) }"""))
    assert 8200 in {int(r.v) for r in rows}


def test_the_document_metadata(graph):
    row = next(iter(graph.query("""SELECT ?title ?author ?translator ?issue ?journal WHERE {
        fgdoc:saghafi-2004 dcterms:title ?title ; dcterms:creator ?author ; fg:translator ?translator ;
                           schema:issueNumber ?issue ; schema:isPartOf ?journal . }""")))
    assert str(row.title) == "The New Landscape of Iranian Politics"
    assert row.author == FGD["morad-saghafi"] and row.translator == FGD["kaveh-ehsani"]
    assert str(row.issue) == "233" and row.journal == FGD["middle-east-report"]
