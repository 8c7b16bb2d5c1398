"""Finding every mention of every alias, and the names that match no entity."""

from __future__ import annotations

from click.testing import CliRunner

from graph.build.mentions import index_mentions
from graph.cli import main
from graph.views.coverage import summarize_coverage
from graph.sources.mentions import find_mentions, find_unmatched_names, index_aliases
from graph.sources.source import parse_text
from graph.sources.records import Entity, Origin

ORIGIN = Origin("test", 1)


def entity(id_, *aliases):
    return Entity(id_, "Person", aliases[0], aliases, "", "", ORIGIN)


def test_longest_alias_wins_and_possessives_still_match():
    source, _ = parse_text("Mohammad Reza Khatami met Khatami and the Supreme Leader’s aide.\n")
    entities = {e.id: e for e in [entity("mk", "Khatami"), entity("mrk", "Mohammad Reza Khatami"),
                                  entity("leader", "the Supreme Leader")]}
    found = [(m.entity, source.text[m.start:m.end]) for m in find_mentions(source, index_aliases(entities))]
    assert found == [("mrk", "Mohammad Reza Khatami"), ("mk", "Khatami"), ("leader", "the Supreme Leader")]


def test_alias_is_a_whole_word_and_case_sensitive():
    source, _ = parse_text("USA and US and us and Iranian and Iran.\n")
    aliases = index_aliases({"us": entity("us", "US"), "iran": entity("iran", "Iran")})
    found = [source.text[m.start:m.end] for m in find_mentions(source, aliases)]
    assert found == ["US", "Iran"]


def test_unmatched_names_skip_sentence_starters_and_covered_spans():
    source, _ = parse_text("The Office of Unity met Ali Khamenei. Then the NSC spoke.\n")
    mentions = find_mentions(source, index_aliases({"k": entity("k", "Ali Khamenei")}))
    names = [u.text for u in find_unmatched_names(source, [(m.start, m.end) for m in mentions])]
    assert names == ["Office of Unity", "NSC"]


def test_where_the_guardian_council_appears_in_the_article(corpus):
    mentions = index_mentions(corpus)["saghafi-2004"]
    paragraphs = sorted({m.paragraph for m in mentions if m.entity == "guardian-council" and m.paragraph})
    # Read from the text: "Guardian Council" or "the Guardians" stand in paragraphs 1, 4, 5, 7 (Sitting In),
    # 9, 10 (Lukewarm Reaction) and 29 (Brazen Reaction).
    assert paragraphs == [1, 4, 5, 7, 9, 10, 29]


def test_every_name_in_the_article_is_explained(corpus):
    summary = summarize_coverage(corpus, index_mentions(corpus))
    article = summary["documents"][0]
    assert article["unmatched_names"] == []
    assert article["paragraphs_without_assertion"] == []
    assert article["footnotes_without_assertion"] == []


def test_stats_command_prints_the_coverage(article_corpus_dir):
    result = CliRunner().invoke(main, ["stats", "--corpus", str(article_corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "Sitting In" in result.output and "names matching no entity: none" in result.output


def test_an_alias_starting_with_punctuation_is_still_found():
    source, _ = parse_text("The “revolutionary foundations” grew.\n")
    aliases = index_aliases({"rf": entity("rf", "“revolutionary foundations”")})
    found = [source.text[m.start:m.end] for m in find_mentions(source, aliases)]
    assert found == ["“revolutionary foundations”"]


def test_a_lower_case_alias_matches_capitalised_only_at_a_sentence_start():
    source, _ = parse_text("The MPs left. Later “The MPs” returned; then The MPs spoke. the MPs agreed.\n")
    found = [m.start for m in find_mentions(source, index_aliases({"mps": entity("mps", "the MPs")}))]
    # the first sentence, the one inside quotes after a full stop is not a sentence start, the third
    # is mid-sentence; the lower-case one matches as written
    assert found == [0, source.text.index("the MPs agreed")]


def test_the_label_counts_as_an_alias():
    source, _ = parse_text("Majles deputies met the Speaker.\n")
    speaker = Entity("speaker", "Post", "the Speaker", ("Speaker of the Majles",), "", "", ORIGIN)
    found = [(m.entity, m.alias) for m in find_mentions(source, index_aliases({"speaker": speaker}))]
    assert found == [("speaker", "the Speaker")]


def test_one_alias_index_serves_every_document():
    aliases = index_aliases({e.id: e for e in [entity("mk", "Khatami"), entity("mrk", "Mohammad Reza Khatami"),
                                               entity("mps", "the MPs")]})
    first, _ = parse_text("The MPs heard Khatami.\n")
    second, _ = parse_text("Mohammad Reza Khatami left; the MPs stayed.\n")
    in_first = [("mps", 0), ("mk", first.text.index("Khatami"))]
    assert [(m.entity, m.start) for m in find_mentions(first, aliases)] == in_first
    assert [(m.entity, m.start) for m in find_mentions(second, aliases)] == [("mrk", 0), ("mps", second.text.index("the MPs"))]
    assert [(m.entity, m.start) for m in find_mentions(first, aliases)] == in_first  # reading it changed nothing
