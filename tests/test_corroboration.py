"""Corroboration: the same claim in several documents, counted by independent origins.

tests/data/corroboration holds three made-up reports. All three say the reformist deputies
rejected the deal: report-x and report-y on the same Sharq issue (given two different ids), report-z
on its own reporter's word, so 3 documents, 2 independent origins. report-x and report-z say the
Guardian Council opposed the reformists, report-z citing report-x: 2 documents, 1 origin. report-y
says the Council "criticised" them (another claim). On the disqualified candidates, "about 4,000"
(x) and "more than 3,500" (y) agree; "about 2,500" (z) agrees with neither.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.sources.corpus import load_corpus
from graph.cli import main
from graph.access.competency import load_named_queries
from graph.build.corroboration import find_corroborations
from graph.namespaces import FG, FGDOC, FGWORK
from graph.access.query import GraphFile, read_records, run_query
from graph.build.store import store_of
from graph.build.stream import build_triples

from support import DATA

FIXTURE = DATA / "corroboration"


@pytest.fixture(scope="module")
def fixture_store():
    return store_of(build_triples(load_corpus(FIXTURE)))


@pytest.fixture(scope="module")
def corroboration_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("corroboration") / "output"
    result = CliRunner().invoke(main, ["build", "--corpus", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _quote(store, iri: str) -> str:
    return read_records(f"SELECT ?q WHERE {{ <{iri}> fg:quote ?q }}", store)[0]["q"]


def _doc(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_each_claim_of_several_documents_is_counted_by_its_independent_origins(fixture_store):
    found = {(c.rule, tuple(_doc(d) for d in c.documents)): c for c in find_corroborations(fixture_store)}
    assert sorted(found) == [("claims", ("report-x", "report-y", "report-z")), ("claims", ("report-x", "report-z")),
                             ("figures", ("report-x", "report-y"))]
    rejected = found["claims", ("report-x", "report-y", "report-z")]
    assert {_quote(fixture_store, a) for a in rejected.assertions} == {
        "The reformist deputies rejected the deal", "the reformist deputies rejected the deal",
        "the reformist deputies rejected the deal."}
    # one Sharq issue under two ids is one origin; report-z's own word is the other
    assert sorted(resting for resting, _ in rejected.origins) == [
        (str(FGDOC["report-z"]),), (str(FGWORK["sharq-15-january"]), str(FGWORK["sharq-2004-01-15"]))]
    opposed = found["claims", ("report-x", "report-z")]
    assert opposed.origins == ((((str(FGDOC["report-x"]),), tuple(sorted(opposed.assertions))),))  # z cites x
    figures = found["figures", ("report-x", "report-y")]
    assert {_quote(fixture_store, a) for a in figures.assertions} == {
        "disqualified about 4,000 candidates", "disqualified more than 3,500 candidates"}
    assert len(figures.origins) == 2


def test_the_article_alone_makes_no_claim_twice_across_documents(corpus):
    assert find_corroborations(store_of(build_triples(corpus))) == []


def test_a_work_that_is_a_corpus_document_is_linked_to_it(corroboration_build):
    graph = GraphFile(corroboration_build / "graph.nq")
    assert run_query(f"ASK {{ <{FGWORK['report-x']}> <{FG.corpusDocument}> <{FGDOC['report-x']}> }}", graph).boolean
    assert not run_query(f"ASK {{ ?work <{FG.corpusDocument}> <{FGDOC['report-y']}> }}", graph).boolean


def test_the_build_report_lists_each_corroboration_with_its_origins(corroboration_build):
    report = json.loads((corroboration_build / "build-report.json").read_text("utf-8"))["corroborations"]
    assert (report["total"], report["on_one_origin"], report["by_rule"]) == (3, 1, {"claims": 2, "figures": 1})
    assert sorted(c["summary"] for c in report["corroborations"]) == [
        "in 2 documents (1 independent origin)", "in 2 documents (2 independent origins)",
        "in 3 documents (2 independent origins)"]
    page = (corroboration_build / "build-report.md").read_text("utf-8")
    section = page.split("## Corroborations\n")[1].split("\n## ")[0]
    assert "- origin: Sharq, 15 January 2004, for `report-x`, `report-y`" in section
    assert "- origin: report-z's own word, for `report-z`" in section
    assert "- origin: report-x's own word, for `report-x`, `report-z`" in section


def test_cite_says_in_how_many_documents_and_origins_each_claim_is(corroboration_build):
    text = CliRunner().invoke(main, ["cite", "The deal", "--build", str(corroboration_build)]).output
    claims = [c for c in text.split("\n\n") if "rejected the deal" in c]
    assert len(claims) == 3
    for claim in claims:
        assert "    agrees:  in 3 documents (2 independent origins): report-x, report-y, report-z" in claim
    council = CliRunner().invoke(main, ["cite", "Guardian Council", "--build", str(corroboration_build),
                                        "--format", "json"]).output
    agreement = {a["quote"]: a["agreement"] for a in json.loads(council)["assertions"]}
    assert agreement["The Guardian Council criticised the reformists."] == []
    assert agreement["The Guardian Council opposed the reformists."] == [
        "in 2 documents (1 independent origin): report-x, report-z"]


def test_agreement_keeps_each_assertion_status(corroboration_build):
    """A report repeated elsewhere is still a report: each agreeing assertion keeps its own status and layer."""
    [named] = [q for q in load_named_queries() if q.name == "corroborated-claims"]
    graph = GraphFile(corroboration_build / "graph.nq")
    rows = run_query(named.query, graph).records
    assert len(rows) == 3 + 2 + 2
    assert {(r["documents"], r["origins"]) for r in rows} == {(3, 2), (2, 1), (2, 2)}
    statuses = {(_doc(r["document"]), r["status"].rsplit("#", 1)[-1]) for r in rows if "rejected" in r["quote"]}
    # report-y gives the rejection as what the press (Sharq) reported
    assert statuses == {("report-x", "Stated"), ("report-y", "Reported"), ("report-z", "Stated")}
    [reported] = [r["assertion"] for r in rows if _doc(r["document"]) == "report-y" and "rejected" in r["quote"]]
    assert run_query(f"ASK {{ <{reported}> fg:layer fg:ReportedLayer }}", graph).boolean


def test_a_report_of_ones_own_on_the_same_newspaper_issue_adds_a_document_but_no_origin(tmp_path):
    """A researcher's report says, citing Sharq of 15 January 2004 under an id of its own, that the governors
    threatened the Guardian Council in January 2004; the article says so for 11-15 January, citing note [5],
    "Sharq, January 15, 2004.": in 2 documents, on 1 independent origin (that issue)."""
    from support import add_document, copy_article_corpus

    corpus = add_document(copy_article_corpus(tmp_path / "corpus"), DATA / "beside-the-article", "governors-report")
    store = store_of(build_triples(load_corpus(corpus)))
    [threat] = [c for c in find_corroborations(store)
                if any("governors-report" in d for d in c.documents)]
    assert [_doc(d) for d in threat.documents] == ["governors-report", "saghafi-2004"]
    assert {_quote(store, a) for a in threat.assertions} == {
        "the provincial governors threatened the Guardian Council with resigning en masse",
        "provincial governors converged on Tehran to issue an ultimatum to the Guardian Council: if the decision "
        "were not retracted within ten days, they would resign en masse"}
    [(resting, _)] = threat.origins
    assert resting == (str(FGWORK["sharq-15-january-2004"]), str(FGWORK["sharq-2004-01-15"]))
