"""The competency queries in queries/*.rq, each answered by hand from the article's text.

Every expected answer below was read off corpus/saghafi-2004/text.txt (the words are quoted
beside it), never copied from the code's output.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from graph.access.competency import NamedQuery, load_named_queries, parse_named_query
from graph.errors import FactionGraphError
from graph.namespaces import FG, FGD
from graph.access.query import GraphFile, run_query
from support import ARTICLE

TEXT = (ARTICLE / "text.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def answer(built):
    source = GraphFile(built / "graph.nt")
    queries = {q.name: q for q in load_named_queries()}

    def run(name: str) -> list[dict]:
        return run_query(queries[name].query, source).records
    return run


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_every_query_has_a_title_a_description_and_a_stable_order():
    queries = load_named_queries()
    assert len(queries) >= 14
    for named in queries:
        assert named.title and len(named.description) > 40, named.name
        if named.query.form == "select":
            assert "ORDER BY" in named.query.text, f"{named.name} needs ORDER BY for a stable queries.md"


def test_a_query_file_without_a_title_is_refused(tmp_path):
    with pytest.raises(FactionGraphError, match="the query has no title"):
        parse_named_query("untitled", "SELECT * WHERE { ?s ?p ?o }", str(tmp_path / "untitled.rq"))


def test_who_leads_what(answer):
    rows = answer("who-leads-what")
    assert {(local(r["leader"]), local(r["led"])) for r in rows} == {
        ("mohammad-reza-khatami", "participation-front"),   # "the Participation Front, led by ... Mohammad Reza Khatami"
        ("behzad-nabavi", "mojahedin-of-the-islamic-revolution"),  # "... Islamic Revolution, headed by Behzad Nabavi"
        ("head-of-state-broadcasting", "state-radio-and-television"),  # "the head of state radio and television"
        ("conservatives", "islamic-republic"),               # "the conservative-dominated Iranian regime"
    }
    assert {local(r["status"]) for r in rows} == {"Stated"}


def test_the_camps_and_their_members(answer):
    rows = answer("camps-and-their-members")
    members = {(local(r["camp"]), local(r["member"])): local(r["status"]) for r in rows}
    assert members == {
        ("reformists", "participation-front"): "Stated",            # "the two most popular reformist parties,
        ("reformists", "mojahedin-of-the-islamic-revolution"): "Stated",  # the Participation Front ... and the Mojahedin"
        ("reformists", "reformist-deputies"): "Stated",              # "reformist deputies announced their intention"
        # "By occupying Parliament for 22 days ... the reformist deputies managed": the protesting deputies
        ("reformists", "protesting-deputies"): "Stated",
        ("reformists", "islamist-activists"): "Stated",  # "Islamist activists who were the cadres ... of the reform movement"
        ("conservatives", "hardline-core"): "Stated",                # "The extremist conservative current"
        # "One distinct possibility is the emergence of a democratic front": a forecast, never a fact
        ("democratic-front", "independent-secular-and-religious-forces"): members[
            ("democratic-front", "independent-secular-and-religious-forces")],
    }
    assert members[("democratic-front", "independent-secular-and-religious-forces")] in {"Prediction", "Speculation"}


def test_who_opposed_the_guardian_council(answer):
    rows = answer("who-opposed-the-guardian-council")
    # "the protesting deputies did not stop at demanding that the Guardian Council reverse its decision";
    # "provincial governors converged on Tehran to issue an ultimatum to the Guardian Council: if the decision
    # were not retracted within ten days, they would resign en masse"; "In protest, the disqualified deputies
    # organized a sit-in" that demanded the Council reverse its decision.
    assert {local(r["actor"]) for r in rows} == {"disqualified-deputies", "protesting-deputies", "provincial-governors"}
    how = {(local(r["actor"]), r["how"]) for r in rows}
    assert ("protesting-deputies", "demands") in how
    assert ("provincial-governors", "threatens") in how
    assert any(actor == "provincial-governors" and "ultimatum" in h for actor, h in how)
    # The president and the speaker "visited the Guardian Council hoping to find a way out": not opposition.
    assert not {"mohammad-khatami", "mehdi-karroubi"} & {local(r["actor"]) for r in rows}


def test_the_timeline_of_january_2004(answer):
    rows = answer("timeline-of-january-2004")
    events = {(local(r["event"]), r["what"]): (str(r["earliest"]), str(r["latest"])) for r in rows}
    # The days the text names: "made official on January 11, 2004", "the next day" (the sit-in),
    # "On January 21", "The next day, 100 deputy ministers", "On January 26".
    assert events[("disqualifications-2004", "happened")] == ("2004-01-11", "2004-01-11")
    assert events[("majles-sit-in-2004", "began")] == ("2004-01-12", "2004-01-12")
    assert events[("call-to-postpone-elections", "happened")] == ("2004-01-21", "2004-01-21")
    assert events[("deputy-ministers-resignation", "happened")] == ("2004-01-22", "2004-01-22")
    assert events[("cabinet-refusal", "happened")] == ("2004-01-26", "2004-01-26")
    # Only bounded: "By January 15, the press reported" (note 5, Sharq of January 15); the Guardians'
    # answer "soon" after (note 7, Hamshahri of January 17); the visit to the Council (note 8, January 18).
    assert events[("press-report-honorable-solution", "happened")][1] == "2004-01-15"
    assert events[("governors-ultimatum", "happened")][1] == "2004-01-15"
    assert events[("guardians-interpretation", "happened")][1] == "2004-01-17"
    assert events[("khatami-karroubi-visit-guardian-council", "happened")][1] == "2004-01-18"
    for event in ("khatami-karroubi-meet-khamenei", "nsc-panel-appointment", "sit-in-announcement",
                  "deputies-appeal-to-society", "khamenei-deal", "guardians-khamenei-meeting"):
        assert (event, "happened") in events, event
    # Not wholly in January: the month of scrutiny before January 11, the resignation of 124 deputies
    # "two days later" (late January or February), the vote of February 20.
    kept = {event for event, _ in events}
    assert not kept & {"candidate-scrutiny-2004", "deputies-mass-resignation", "election-2004-majles"}
    assert [r["earliest"] for r in rows] == sorted(r["earliest"] for r in rows)


def test_turnout_by_province(answer):
    rows = answer("turnout-by-province")
    # "73 percent in Ilam, 62 percent in Bushehr, 75 percent in Charmahal and Bakhtiari, 75 percent in
    # Sistan and Baluchestan, 62 percent in Luristan, 89 percent in Kuhkiluyeh. [11]"
    assert [(local(r["province"]), r["turnout"]) for r in rows] == [
        ("kuhkiluyeh", 89), ("chaharmahal-and-bakhtiari", 75), ("sistan-and-baluchestan", 75),
        ("ilam", 73), ("bushehr", 62), ("luristan", 62)]
    assert {r["note"] for r in rows} == {11}
    assert {r["source"] for r in rows} == {"Ministry of the Interior"}  # "according to figures published by the Ministry"


def test_rumours_versus_facts(answer):
    rows = answer("rumours-versus-facts")
    rumoured = {local(r["rumoured"]) for r in rows if local(r["status"]) == "Rumour"}
    # "rumors ... that non-voters will be subject to coercive surveillance", "rumors among the more affluent
    # classes that non-voters will be prohibited from traveling abroad", "talk that ration coupons ... will be
    # denied", "it was said that students who failed to vote would see their application rejected"
    assert rumoured == {"rumoured-surveillance-of-non-voters", "rumoured-travel-ban-for-non-voters",
                        "rumoured-ration-coupon-denial", "rumoured-university-application-rejection"}
    # The author answers the students' rumour: "No one seemed to notice that the application form required ..."
    answered = [r for r in rows if local(r["rumoured"]) == "rumoured-university-application-rejection"
                and local(r["status"]) == "Argument"]
    assert answered and "No one seemed to notice" in answered[0]["quote"]


def test_claims_by_status(answer):
    rows = answer("claims-by-status")
    counts = {local(r["status"]): r["claims"] for r in rows}
    # The article uses every kind of claim: "the press reported", "rumors", "An estimated 2-3 percent",
    # "Perhaps", "Such a scenario will not transpire", and the author's own narrative and judgements.
    assert set(counts) == {"Stated", "Reported", "Rumour", "Estimate", "Argument", "Prediction", "Speculation"}
    assert counts["Estimate"] == 1 == TEXT.count("estimated")  # "An estimated 2-3 percent" is the text's only estimate
    assert local(rows[0]["status"]) == "Stated"  # mostly a narrative of what happened


def test_the_evidence_for_the_governors_ultimatum(answer):
    rows = answer("evidence-for-a-statement")
    assert len(rows) == 1
    row = rows[0]
    quote = "Following the deputies’ call, provincial governors converged on Tehran to issue an ultimatum to the " \
            "Guardian Council"
    start = TEXT.index(quote)  # the governors' ultimatum is told once
    assert row["quote"] == quote and (row["start"], row["end"]) == (start, start + len(quote))
    assert local(row["status"]) == "Stated" and local(row["attributedTo"]) == "morad-saghafi"
    # The seventh paragraph of the article, the second in "Sitting In", ends "... could be held. [5]"
    assert (row["section"], row["paragraph"]) == ("Sitting In", 7)
    assert (row["note"], row["noteText"], local(row["work"])) == (5, "Sharq, January 15, 2004.", "sharq-2004-01-15")


def test_statements_whose_sources_conflict(answer):
    rows = answer("conflicting-statements")
    labelled = [r for r in rows if r["foundBy"] == "annotated"]
    pairs = {r["group"]: r["firstQuote"] + " / " + r["secondQuote"] for r in labelled}
    assert len(labelled) == len(pairs)  # each pair once
    # the one pair a rule finds in the article is the sit-in's 26 and 22 days, labelled as well
    [found] = [r for r in rows if r["foundBy"] != "annotated"]
    assert found["foundBy"] == "figures" and found["group"] is None
    assert {found["firstQuote"], found["secondQuote"]} == {"the 26-day occupation of the Majles",
                                                           "By occupying Parliament for 22 days"}
    expected = {
        # "bringing to an end the 26-day occupation of the Majles" / "By occupying Parliament for 22 days"
        "sit-in-length": ("26-day occupation", "22 days"),
        # "it was said that students who failed to vote would see their application rejected" /
        # "No one seemed to notice that the application form required ... only the first page"
        "university-application-rumour": ("it was said that students who failed to vote", "No one seemed to notice"),
        # the press: "the ayatollah ordered that the Guardians uphold the candidacy"; the Guardians: "Khamenei had
        # urged them to be more vigilant than ever"
        "khamenei-directives": ("the ayatollah ordered", "more vigilant than ever"),
        # "their withdrawal from the elections would lead to a dramatic fall in popular participation" /
        # "the anticipated mass abstention did not take place"
        "withdrawal-effect": ("dramatic fall in popular participation", "the anticipated mass abstention did not take place"),
    }
    for group, (one, other) in expected.items():
        assert group in pairs and one in pairs[group] and other in pairs[group], group


def test_footnotes_and_what_rests_on_them(answer):
    rows = {r["note"]: r for r in answer("footnotes-and-what-rests-on-them")}
    assert sorted(rows) == list(range(1, 18))  # the article has notes [1] to [17]
    assert rows[3]["noteText"] == "Sharq, January 12, 2004." and rows[4]["noteText"] == "Ibid."
    assert rows[4]["works"] == rows[3]["works"]  # "Ibid." cites the same issue of Sharq as note 3
    # Note 15: "Asef Bayat, Street Politics ... Eric Hooglund, Land and Revolution in Iran"
    assert set(rows[15]["works"].split(" | ")) == {"Street Politics: Poor People’s Movements in Iran",
                                                   "Land and Revolution in Iran"}
    assert rows[11]["claims"] >= 6  # the six provincial turnouts stand in the sentence marked [11]
    assert rows[5]["claims"] >= 1  # the governors' ultimatum, "... could be held. [5]"


def test_the_figures_the_text_hedges(answer):
    rows = answer("hedged-figures")
    hedged = {(r["value"], r["approximation"], r["place"]) for r in rows}
    for expected in [
        # "in the large cities of Tehran, Shiraz, Isfahan and Tabriz around 32 percent of voters showed up"
        (Decimal(32), "around", "Large cities of Tehran, Shiraz, Isfahan and Tabriz"),
        (Decimal(700000), "more than", "Tehran"),      # "annulled more than 700,000 ballots in Tehran alone"
        (Decimal(20), "nearly", "Tehran"),             # "nearly 20 percent of the votes cast in the capital"
        (Decimal(24000000), "more than", "Iran"),      # "more than 24 million Iranians went to the polls"
        (Decimal(20), "at best", "Iran"),              # "the conservatives garnered at best 20 percent"
        (Decimal(1700000), "around", "Iran"),          # "around 1.7 million people had reached 16"
        (Decimal(7000000), "around", "Iran"),          # "at around 7 million"
        (Decimal(35), "roughly", "Iran"),              # "the roughly 35 percent of Iranians who have never voted"
    ]:
        assert expected in hedged, expected
    # "about 50 of their colleagues" joined the sit-in in the Majles building
    assert (Decimal(50), "about", "Majles building") in hedged
    # That one figure is for the four cities together: the text gives no value for any one of them
    assert not {(r["value"], r["place"]) for r in rows} & {(Decimal(32), c) for c in ("Tehran", "Shiraz", "Isfahan", "Tabriz")}
    # Exact numbers are not hedged: "eliminated half of the 8,200 candidates", "124 deputies"
    assert not {r["value"] for r in rows} & {Decimal(8200), Decimal(124)}


def test_who_the_text_relies_on_for_what_it_reports(answer):
    rows = answer("sources-of-reported-claims")
    sources = [local(r["source"]) for r in rows]
    # "according to figures published by the Ministry of the Interior", "the press reported", "the reason
    # most consistently cited by the Guardians", the student communiqué, "these voters believed" (the "some
    # reformist supporters [who] participated in the last Majles elections", not the whole popular base)
    assert {"interior-ministry", "the-press", "guardian-council", "office-for-consolidation-of-unity",
            "reformist-voters-2004"} <= set(sources)
    assert "morad-saghafi" not in sources  # what the author says himself is stated or argued, never "reported"
    assert sources[0] == "interior-ministry"  # every turnout figure of "Who Voted?" rests on the ministry


def test_the_sit_in_was_held_in_the_majles(built):
    named = next(q for q in load_named_queries() if q.name == "was-the-sit-in-held-in-the-majles")
    assert run_query(named.query, GraphFile(built / "graph.nt")).boolean is True


def test_the_sit_in_as_a_graph(built):
    named = next(q for q in load_named_queries() if q.name == "the-sit-in-as-a-graph")
    result = run_query(named.query, GraphFile(built / "graph.nt"))
    from graph.views.results import render_result
    graph = Graph().parse(data=render_result(result), format="turtle")
    sit_in = FGD["majles-sit-in-2004"]
    # "In protest, the disqualified deputies organized a sit-in at the Majles building. They were joined by about
    # 50 of their colleagues ... precipitating a constitutional crisis"; "announced their intention to sit in the
    # next day" (January 12); "demanding that the Guardian Council reverse its decision".
    for relation, value in [(FG.hasOrganiser, FGD["disqualified-deputies"]), (FG.hasPlace, FGD["majles-building"]),
                            (FG.respondsTo, FGD["disqualifications-2004"]),
                            (FG.hasParticipant, FGD["colleagues-who-joined"]),
                            (FG.causes, FGD["constitutional-crisis-2004"]), (FG.hasTarget, FGD["guardian-council"]),
                            (FG.startDate, Literal("2004-01-12", datatype=XSD.date))]:
        assert (sit_in, relation, value) in graph, relation
    assert all(s == sit_in or p != FG.hasPlace for s, p, _ in graph)


def test_the_most_central_actors_of_each_camp(answer):
    rows = answer("most-central-actors-of-each-camp")
    reformists = [local(r["member"]) for r in rows if local(r["camp"]) == "reformists"]
    # The protesting deputies carry the sections "Sitting In" and "Lukewarm Reaction" (they appeal, demand,
    # reject the deal, call for postponement; "By occupying Parliament ... the reformist deputies"), while the
    # two parties and the Islamist activists appear in a sentence or two.
    assert reformists[0] == "protesting-deputies"
    assert set(reformists) == {"protesting-deputies", "reformist-deputies", "participation-front",
                               "mojahedin-of-the-islamic-revolution", "islamist-activists"}
    ranks = [r["degreeRank"] for r in rows if local(r["camp"]) == "reformists"]
    assert ranks == sorted(ranks)


def test_opposition_on_the_facts_alone_and_with_every_claim(answer):
    facts = {(local(r["actor"]), r["how"], local(r["target"])) for r in answer("opposition-on-the-facts")}
    claims = answer("opposition-with-every-claim")
    layers: dict[tuple, set[str]] = {}
    for r in claims:
        layers.setdefault((local(r["actor"]), r["how"], local(r["target"])), set()).add(r["layer"])
    # a pair is a plain fact exactly when one of its claims is in the facts layer
    assert facts == {pair for pair, found in layers.items() if "facts" in found}
    assert facts and set(layers) - facts
    # "The Europeans seem to have been most frustrated by ...": a speculation, so not a fact
    assert layers[("iranian-state", "alienates", "european-union")] == {"hedged"}
    assert ("iranian-state", "alienates", "european-union") not in facts


def test_the_build_writes_every_question_with_its_answer(built):
    page = (built / "queries.md").read_text(encoding="utf-8")
    for named in load_named_queries():
        assert f"## {named.title}\n" in page and f"`factiongraph query {named.name}`" in page
    turnout = page.split("## Turnout by province")[1].split("\n## ")[0]
    assert "6 rows:" in turnout and "| fgd:kuhkiluyeh | Kuhkiluyeh | 89 |" in turnout
    assert "Answer: **true**" in page and "```turtle" in page
    assert re.search(r"## Who leads what\n", page)


def test_a_broken_query_in_the_library_names_its_file(tmp_path):
    (tmp_path / "good.rq").write_text("# Good\n# says things\nASK { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "bad.rq").write_text("# Bad\nSELECT * WHERE { ?s nope:x ?o }\n", encoding="utf-8")
    (tmp_path / "Bad Name.rq").write_text("# Oops\nASK {}\n", encoding="utf-8")
    with pytest.raises(FactionGraphError) as caught:
        load_named_queries.__wrapped__(tmp_path)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2
    assert any(p.startswith(f"{tmp_path / 'bad.rq'}:") and "unknown prefix 'nope:'" in p for p in problems)
    assert any("not a usable query name" in p for p in problems)
    assert isinstance(load_named_queries()[0], NamedQuery)
