"""Conflicts across documents: labels shared by the corpus, and disagreements found by rule.

tests/data/conflicts holds two made-up reports of the same events that disagree on purpose.
"""

from __future__ import annotations

import shutil

import pytest

from graph.sources.corpus import load_corpus
from graph.build.triples import build_graph
from graph.errors import FactionGraphError
from graph.namespaces import FG, FGDOC

from support import DATA

FIXTURE = DATA / "conflicts"


@pytest.fixture
def conflicts_corpus(tmp_path):
    """A copy of the two made-up reports that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE, target)
    return target


def test_a_conflict_label_shared_by_two_documents_links_their_rows():
    graph = build_graph(load_corpus(FIXTURE))
    rows = graph.query("""SELECT ?a ?docA ?docB WHERE {
        ?a fg:conflictGroup "why-the-sit-in-ended" ; fg:conflictsWith ?b ; fg:inDocument ?docA .
        ?b fg:conflictGroup "why-the-sit-in-ended" ; fg:inDocument ?docB . }""")
    pairs = sorted((str(r.docA), str(r.docB)) for r in rows)
    assert pairs == [(str(FGDOC["report-a"]), str(FGDOC["report-b"])), (str(FGDOC["report-b"]), str(FGDOC["report-a"]))]


def test_a_label_no_row_of_any_document_shares_is_refused(conflicts_corpus):
    table = conflicts_corpus / "report-b" / "statements.csv"
    table.write_text(table.read_text("utf-8").replace(",why-the-sit-in-ended,", ",,"), "utf-8")
    with pytest.raises(FactionGraphError) as caught:
        load_corpus(conflicts_corpus)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{conflicts_corpus / 'report-a' / 'statements.csv'}:6 (column 'conflict'): "
                                   "conflict 'why-the-sit-in-ended' has only this row")
    assert "in this document or another" in problem.hint


def test_labels_of_one_document_still_link_only_their_own_rows(graph):
    """The article's labels are its own: every pair it links stays inside it."""
    rows = graph.query("SELECT ?a ?b WHERE { ?a fg:conflictsWith ?b . ?a fg:inDocument ?x . ?b fg:inDocument ?y "
                       "FILTER (?x != ?y) }")
    assert list(rows) == [] and any(graph.subject_objects(FG.conflictsWith))


def test_each_rule_finds_its_one_conflict_and_flags_no_compatible_pair():
    """report-a and report-b disagree once per rule; 'more than 3,000' and 'about 4,100' agree, as do
    14 January and 11-15 January, and 'opposed' and 'criticised'; a count of reformist candidates is
    never set against a count of all candidates."""
    from graph.build.conflicts import find_conflicts
    from graph.build.store import store_of
    from graph.build.stream import build_triples

    found = find_conflicts(store_of(build_triples(load_corpus(FIXTURE))))
    assert sorted(rule for rule, *_ in found) == ["annotated", "dates", "figures", "signs"]
    reasons = {rule: reason for rule, _, _, reason in found}
    assert "2250, 2750" in reasons["figures"] and "3690, 4100" in reasons["figures"]
    assert "rejects" in reasons["signs"] and "supports" in reasons["signs"]
    assert "2004-01-11" in reasons["dates"] and "2004-01-12" in reasons["dates"]


def test_the_article_alone_has_no_conflict_across_documents(corpus):
    from graph.build.conflicts import find_conflicts
    from graph.build.store import store_of
    from graph.build.stream import build_triples

    found = find_conflicts(store_of(build_triples(corpus)))
    # the only disagreement a rule finds in the article is the one the annotators labelled: 26 vs 22 days
    by_rule = {(a, b) for rule, a, b, _ in found if rule != "annotated"}
    labelled = {(a, b) for rule, a, b, reason in found if rule == "annotated" and "sit-in-length" in reason}
    assert by_rule == labelled and len(labelled) == 1


@pytest.fixture(scope="module")
def conflicts_build(tmp_path_factory):
    """The two made-up reports and a third that agrees with both, built as a user builds them."""
    from click.testing import CliRunner

    from graph.cli import main

    corpus = tmp_path_factory.mktemp("conflicts") / "corpus"
    shutil.copytree(FIXTURE, corpus)
    shutil.copytree(FIXTURE / "report-a", corpus / "report-c")
    toml = corpus / "report-c" / "document.toml"
    toml.write_text(toml.read_text("utf-8").replace('"report-a"', '"report-c"'), "utf-8")
    (corpus / "report-c" / "text.txt").write_text("The Guardian Council opposed the reformists.\n", "utf-8")
    (corpus / "report-c" / "statements.csv").write_text(
        "subject,relation,object,value,date,status,source,quote,occurrence,derivation,conflict,comment\n"
        "guardian-council,opposes,reformists,,,stated,,The Guardian Council opposed the reformists,,,,\n", "utf-8")
    (corpus / "report-c" / "figures.csv").unlink()
    sources = corpus / "report-c" / "sources.csv"
    sources.write_text(sources.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    out = corpus.parent / "output"
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _conflicts_command(build, *options):
    from click.testing import CliRunner

    from graph.cli import main

    return CliRunner().invoke(main, ["conflicts", "--build", str(build), *options])


def test_the_conflicts_command_names_both_documents_of_each_side(conflicts_build):
    import json

    result = _conflicts_command(conflicts_build, "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["conflicts"]
    assert sorted(c["found_by"] for c in listed) == ["annotated", "dates", "figures", "signs"]
    for conflict in listed:
        assert {conflict["first"]["document"], conflict["second"]["document"]} == {"report-a", "report-b"}
        assert conflict["across_documents"] and all(conflict[side]["quote"] for side in ("first", "second"))


def test_the_conflicts_command_reads_as_text_and_markdown(conflicts_build):
    text = _conflicts_command(conflicts_build).output
    assert text.startswith("4 conflicts (both sides kept)")
    assert "figures (across documents): " in text and "report-a " in text and "report-b " in text
    markdown = _conflicts_command(conflicts_build, "--format", "md").output
    assert markdown.startswith("# Conflicts\n") and markdown.count("\n## ") == 4


def test_the_conflicts_command_keeps_those_of_one_document_and_refuses_an_unknown_one(conflicts_build):
    import json

    def listed(document):
        output = _conflicts_command(conflicts_build, "--document", document, "--format", "json").output
        return json.loads(output)["conflicts"]

    assert len(listed("report-a")) == 4 and listed("report-c") == []
    unknown = _conflicts_command(conflicts_build, "--document", "report-d")
    assert unknown.exit_code == 1
    assert "no document 'report-d'" in unknown.output and "report-a, report-b, report-c" in unknown.output


def test_the_competency_query_lists_each_conflict_with_both_documents(conflicts_build):
    from graph.access.competency import load_named_queries
    from graph.access.query import GraphFile, run_query

    [named] = [q for q in load_named_queries() if q.name == "conflicting-statements"]
    rows = run_query(named.query, GraphFile(conflicts_build / "graph.nq")).records
    assert sorted(r["foundBy"] for r in rows) == ["annotated", "dates", "figures", "signs"]
    for row in rows:
        documents = {row["firstDocument"], row["secondDocument"]}
        assert documents == {str(FGDOC["report-a"]), str(FGDOC["report-b"])}, row
    [annotated] = [r for r in rows if r["foundBy"] == "annotated"]
    assert annotated["group"] == "why-the-sit-in-ended"


def test_cite_names_the_document_of_every_claim(conflicts_build):
    from click.testing import CliRunner

    from graph.cli import main

    text = CliRunner().invoke(main, ["cite", "Guardian Council", "--build", str(conflicts_build)]).output
    claims = text.split("\n\n")[1:-1]
    # report-a and report-c say the Council "opposed" the reformists, report-b that it "criticised" them
    opposed = [c for c in claims if "opposed the reformists" in c]
    [criticised] = [c for c in claims if "criticised the reformists" in c]
    documents = sorted(line.split(",")[0] for c in opposed for line in c.splitlines() if line.startswith("    in: "))
    assert documents == ["    in:      report-a", "    in:      report-c"]
    assert "in:      report-a, “Made-up Report on the Vetting” (First Reporter, 2004)" in "".join(opposed)
    assert "in:      report-b, “Another Made-up Report on the Vetting” (Second Reporter, 2004)" in criticised
    assert "Cite report-a as: First Reporter, \"Made-up Report on the Vetting,\"" in text
    markdown = CliRunner().invoke(main, ["cite", "Guardian Council", "--build", str(conflicts_build),
                                         "--format", "md"]).output
    assert "- **in:** report-b, “Another Made-up Report on the Vetting” (Second Reporter, 2004)" in markdown
