"""The authoring tools through the real command line: new, suggest, quote reuse, Web Annotations.

Every test works on a copy of tests/data/mini in tmp_path, adds the made-up report of
tests/data/webannotation/report.txt with `factiongraph new`, and checks what a reader of that
report can see for themselves (it was published on Friday 16 January 2004).
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from datetime import date

import pytest
from click.testing import CliRunner

from graph.sources.corpus import load_corpus
from graph.cli import main
from graph.errors import FactionGraphError
from graph.sources.suggest import resolve_relative_date
from support import DATA

REPORT = DATA / "webannotation" / "report.txt"
NEW = ["new", "vetting-row", "--type", "NewspaperArticle", "--text", str(REPORT), "--title", "Vetting row deepens",
       "--author", "Nina Okafor", "--in", "Daily News", "--date", "2004-01-16", "--url", "https://example.org/vetting-row"]


def run(*args, corpus=None):
    full = list(args) + (["--corpus", str(corpus)] if corpus else [])
    return CliRunner().invoke(main, full, catch_exceptions=False)


@pytest.fixture
def with_report(mini_corpus):
    result = run(*NEW, corpus=mini_corpus)
    assert result.exit_code == 0, result.output
    return mini_corpus


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_makes_a_folder_the_build_reads(with_report):
    folder = with_report / "vetting-row"
    meta = tomllib.loads((folder / "document.toml").read_text(encoding="utf-8"))
    assert (meta["type"], meta["date"], meta["year"], meta["url"]) == (
        "NewspaperArticle", "2004-01-16", 2004, "https://example.org/vetting-row")
    assert meta["journal"] == "daily-news"            # an existing entity, found by its label
    assert meta["author"] == "nina-okafor"             # a new name, given an entity row
    entities = {row["id"]: row for row in csv_rows((with_report / "entities.csv").read_text(encoding="utf-8"))}
    assert (entities["nina-okafor"]["type"], entities["nina-okafor"]["label"]) == ("Person", "Nina Okafor")
    text = (folder / "text.txt").read_text(encoding="utf-8")
    assert text.split("\n\n")[1] == ("Yesterday the Guardians rejected 120 appeals, the Daily News reported. "
                                     "Nina Okafor called it a disgrace.")
    for table, first in (("statements.csv", "subject,relation,object"), ("figures.csv", "measure,value,unit"),
                         ("sources.csv", "note,id,type")):
        assert (folder / table).read_text(encoding="utf-8").startswith(first)
    document = next(d for d in load_corpus(with_report).documents if d.id == "vetting-row")
    assert len(document.source.paragraphs) == 2
    assert document.source.sections[0].title == "Vetting row deepens"


def test_new_warns_about_the_layout_it_changed(mini_corpus):
    result = CliRunner().invoke(main, NEW + ["--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    assert "each line became a paragraph" in result.stderr
    assert "text.txt:1: 'Vetting row deepens' will be read as a section heading" in result.stderr


@pytest.mark.parametrize("change, message", [
    (["--date", "2004-13-01"], "bad --date '2004-13-01'"),
    (["--type", "NewsArticle"], "unknown document type 'NewsArticle'"),
])
def test_new_refuses_bad_metadata_and_writes_nothing(mini_corpus, change, message):
    before = snapshot(mini_corpus)
    args = list(NEW)
    at = args.index(change[0])
    args[at + 1] = change[1]
    result = run(*args, corpus=mini_corpus)
    assert result.exit_code == 1 and message in result.output
    assert snapshot(mini_corpus) == before


def test_new_refuses_a_bad_id_an_existing_folder_and_a_text_outside_utf8(mini_corpus, tmp_path):
    before = snapshot(mini_corpus)
    bad_id = run(*(["new", "Vetting_Row"] + NEW[2:]), corpus=mini_corpus)
    assert bad_id.exit_code == 1 and "bad document id 'Vetting_Row'" in bad_id.output
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le député a démissionné.\n".encode("latin-1"))
    args = list(NEW)
    args[args.index("--text") + 1] = str(latin1)
    not_utf8 = run(*args, corpus=mini_corpus)
    assert not_utf8.exit_code == 1 and "the text is not UTF-8: byte 0xe9" in not_utf8.output
    assert "latin1.txt:1" in not_utf8.output
    assert snapshot(mini_corpus) == before
    assert run(*NEW, corpus=mini_corpus).exit_code == 0
    again = run(*NEW, corpus=mini_corpus)
    assert again.exit_code == 1 and "the folder already exists" in again.output


@pytest.mark.parametrize("words, day", [
    ("yesterday", "2004-01-15"), ("today", "2004-01-16"), ("tomorrow", "2004-01-17"),
    ("on Wednesday", "2004-01-14"), ("Friday", "2004-01-09"), ("next Monday", "2004-01-19"),
    ("last night", "2004-01-15"),
])
def test_relative_days_of_a_report_of_friday_16_january_2004(words, day):
    resolved = resolve_relative_date(words, date(2004, 1, 16))
    assert resolved.date == day
    assert "2004-01-16" in resolved.derivation and words in resolved.derivation


def test_suggest_drafts_what_is_left_and_what_can_be_reused(with_report):
    result = run("suggest", "vetting-row", corpus=with_report)
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.output)
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    known = {row["id"]: row for row in by_kind["known"]}
    assert {"guardian-council", "daily-news", "reformists", "the-leader", "ban-2004"} <= set(known)
    assert known["ban-2004"]["dates"] == "date 2004-01-11"
    assert known["ban-2004"]["type"] == "Disqualification"
    assert known["ban-2004"]["description"] == "The ban of the reformists."
    figures = {row["value"]: row for row in by_kind["figure"]}
    assert set(figures) == {"120", "40"}
    assert (figures["40"]["unit"], figures["40"]["approximation"]) == ("percent", "about")
    assert figures["40"]["date"] == "2004-01-14"
    statements = {row["quote"]: row for row in by_kind["statement"]}
    assert len(statements) == 4
    first = statements["Yesterday the Guardians rejected 120 appeals, the Daily News reported."]
    assert first["date"] == "2004-01-15" and "the day before" in first["derivation"]
    assert statements["The Leader said nothing."]["date"] == ""


def test_suggest_forgets_what_is_annotated_and_proposes_dates_for_rows_without(with_report):
    statements = with_report / "vetting-row" / "statements.csv"
    with statements.open("a", encoding="utf-8") as table:
        table.write("guardian-council,opposes,reformists,,,reported,daily-news,"
                    "Yesterday the Guardians rejected 120 appeals,,,,\n")
    rows = csv_rows(run("suggest", "vetting-row", "--only", "statement", corpus=with_report).output)
    assert [row["quote"] for row in rows] == [
        "Nina Okafor called it a disgrace.",
        "On Wednesday about 40 percent of the reformists walked out of the ban hearing.",
        "The Leader said nothing."]
    dates = csv_rows(run("suggest", "vetting-row", "--only", "date", corpus=with_report).output)
    assert dates == [{"where": "statements.csv:2", "date": "2004-01-15",
                      "derivation": dates[0]["derivation"], "quote": "Yesterday the Guardians rejected 120 appeals"}]
    assert "'Yesterday' in a text dated 2004-01-16" in dates[0]["derivation"]


def test_suggest_only_entity_is_a_paste_ready_entities_table(with_report):
    (with_report / "vetting-row" / "document.toml").write_text(
        (with_report / "vetting-row" / "document.toml").read_text(encoding="utf-8")
        .replace('author = "nina-okafor"', 'author = "ana-author"'), encoding="utf-8")
    lines = (with_report / "entities.csv").read_text(encoding="utf-8").splitlines()
    (with_report / "entities.csv").write_text("\n".join(l for l in lines if not l.startswith("nina-okafor")) + "\n",
                                              encoding="utf-8")
    output = run("suggest", "vetting-row", "--only", "entity", corpus=with_report).output
    assert output == "id,type,label,aliases,description,cameo\nnina-okafor,,Nina Okafor,Nina Okafor,,\n"


def test_suggest_out_writes_a_new_file_and_never_overwrites(with_report, tmp_path):
    target = tmp_path / "drafts.csv"
    assert run("suggest", "vetting-row", "--out", str(target), corpus=with_report).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("kind,where,id")
    target.write_text("my own notes\n", encoding="utf-8")
    again = run("suggest", "vetting-row", "--out", str(target), corpus=with_report)
    assert again.exit_code == 1 and "the file already exists" in again.output
    assert target.read_text(encoding="utf-8") == "my own notes\n"


STATEMENTS_HEADER = "subject,relation,object,value,date,status,source,quote,occurrence,derivation,conflict,comment\n"


def test_a_quote_of_caret_reuses_the_row_above(with_report):
    (with_report / "vetting-row" / "statements.csv").write_text(
        STATEMENTS_HEADER
        + "guardian-council,opposes,reformists,,2004-01-15,reported,daily-news,the Guardians rejected 120 appeals,,"
          "'Yesterday' in a text dated 2004-01-16: the day before,,\n"
        + "the-leader,supports,guardian-council,,,speculation,,^,,,,\n", encoding="utf-8")
    document = next(d for d in load_corpus(with_report).documents if d.id == "vetting-row")
    first, second = (s.evidence.anchor for s in document.statements)
    assert second.exact == "the Guardians rejected 120 appeals"
    assert (second.start, second.end) == (first.start, first.end)


def test_a_reused_quote_with_nothing_above_or_its_own_occurrence_is_an_error(with_report):
    (with_report / "vetting-row" / "statements.csv").write_text(
        STATEMENTS_HEADER
        + "the-leader,supports,guardian-council,,,stated,,^,,,,\n"
        + "guardian-council,opposes,reformists,,,reported,daily-news,the reformists,1,,,\n"
        + "reformists,opposes,ban-2004,,,stated,,^,2,,,\n", encoding="utf-8")
    with pytest.raises(FactionGraphError) as raised:
        load_corpus(with_report)
    messages = [str(p) for p in raised.value.problems]
    assert any("statements.csv:2 (column 'quote'): quote '^' means the quote of the row above, "
               "but this is the first row" in m for m in messages)
    assert any("statements.csv:4 (column 'occurrence'): a reused quote takes the occurrence of the row above (1)"
               in m for m in messages)


def test_the_build_writes_every_anchor_as_a_web_annotation(with_report, tmp_path):
    (with_report / "vetting-row" / "statements.csv").write_text(
        STATEMENTS_HEADER
        + "guardian-council,opposes,reformists,,,reported,daily-news,the Guardians rejected 120 appeals,,,,\n"
        + "the-leader,supports,guardian-council,,,speculation,,^,,,,\n", encoding="utf-8")
    out = tmp_path / "output"
    assert run("build", "--out", str(out), corpus=with_report).exit_code == 0
    collection = json.loads((out / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = collection["first"]["items"]
    mini_rows = 5  # tests/data/mini/note/statements.csv, no figures
    assert collection["total"] == len(items) == mini_rows + 2
    texts = {"https://w3id.org/factiongraph/doc/mini-note-text": (with_report / "note" / "text.txt"),
             "https://w3id.org/factiongraph/doc/vetting-row-text": (with_report / "vetting-row" / "text.txt")}
    graph_nt = (out / "graph.nt").read_text(encoding="utf-8")
    for item in items:
        text = texts[item["target"]["source"]].read_text(encoding="utf-8")
        quote, position = item["target"]["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert f"<{item['id']}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " \
               "<http://www.w3.org/ns/oa#Annotation>" in graph_nt
    vetting = [i for i in items if i["target"]["source"].endswith("vetting-row-text")]
    assert sorted(i["body"][0]["value"] for i in vetting) == ["Guardian Council opposes Reformists",
                                                              "The Leader supports Guardian Council"]
    drafts = run("suggest", "vetting-row", "--from", str(out / "annotations.jsonld"), corpus=with_report).output
    rows = csv_rows(drafts)
    assert sorted((r["subject"], r["relation"], r["object"], r["status"]) for r in rows) == [
        ("guardian-council", "opposes", "reformists", "reported"),
        ("the-leader", "supports", "guardian-council", "speculation")]
    assert [r["quote"] for r in rows] == ["the Guardians rejected 120 appeals", "^"]


def test_drafts_read_from_annotations_jsonld_load_as_the_same_statements(with_report, tmp_path):
    table = with_report / "vetting-row" / "statements.csv"
    table.write_text(STATEMENTS_HEADER
                     + "guardian-council,opposes,reformists,,,stated,,the Guardians rejected 120 appeals,,,,\n"
                     + "the-leader,supports,guardian-council,,,stated,,^,,,,\n"
                     + "reformists,opposes,ban-2004,,,stated,,the,3,,,\n", encoding="utf-8")  # the third "the": of the reformists
    out = tmp_path / "output"
    assert run("build", "--out", str(out), corpus=with_report).exit_code == 0
    before = next(d for d in load_corpus(with_report).documents if d.id == "vetting-row").statements
    drafts = run("suggest", "vetting-row", "--from", str(out / "annotations.jsonld"), corpus=with_report).output
    table.write_text(drafts, encoding="utf-8")
    after = next(d for d in load_corpus(with_report).documents if d.id == "vetting-row").statements
    def claims(statements):
        return sorted((s.subject, s.relation, s.object, s.evidence.status, s.evidence.anchor.start,
                       s.evidence.anchor.end) for s in statements)
    assert claims(after) == claims(before)


def test_suggest_from_a_hypothesis_export(with_report):
    rows = csv_rows(run("suggest", "vetting-row", "--from", str(DATA / "webannotation" / "hypothesis.json"),
                        corpus=with_report).output)
    assert [(r["quote"], r["subject"], r["relation"], r["object"], r["status"], r["comment"]) for r in rows] == [
        ("the Guardians rejected 120 appeals", "guardian-council", "", "", "reported", "Who rejected what"),
        ("the reformists walked out of the ban hearing", "reformists", "opposes", "ban-2004", "stated",
         "the walk-out; a date for the event?"),
        ("The Leader said nothing.", "", "", "", "speculation", "silence as support?")]


def test_suggest_from_annotations_of_another_text_says_which(with_report, tmp_path):
    export = tmp_path / "other.json"
    export.write_text(json.dumps([{"id": "x1", "target": {"selector": {"type": "TextQuoteSelector",
                                                                        "exact": "a sentence of another text"}}}]),
                      encoding="utf-8")
    result = run("suggest", "vetting-row", "--from", str(export), corpus=with_report)
    assert result.exit_code == 1
    assert "other.json: annotation 1 (x1): its quote is not in the text of vetting-row" in result.output


def test_new_leaves_no_staging_folder_behind(with_report):
    assert sorted(p.name for p in with_report.iterdir() if p.name.startswith(".")) == []


def test_new_keeps_a_hard_wrapped_text_as_one_paragraph_and_says_so(mini_corpus, tmp_path):
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("The Guardians rejected the appeals of\r\nthe reformists, who had asked for a review\r\n"
                       "of the ban before the vote, and the deputies\r\nsaid that they would go on with their protest\r\n"
                       "until the Leader spoke or the council gave way\r\nto them, whatever it would cost them in the end\r\n"
                       "of the campaign that was to start in February\r\nand would last, they said, for several weeks\r\n"
                       "in every province of the country, with rallies\r\nand sit-ins where the ban had hit hardest\r\n",
                       encoding="utf-8")
    args = list(NEW)
    args[args.index("--text") + 1] = str(wrapped)
    result = CliRunner().invoke(main, args + ["--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    assert "its lines do not end like sentences (hard-wrapped?): it stays one paragraph" in result.stderr
    assert "the text is one paragraph" in result.stderr
    text = (mini_corpus / "vetting-row" / "text.txt").read_bytes()
    assert b"\r" not in text and b"\n\n" not in text


def test_suggest_keeps_quotes_verbatim_and_makes_read_only_cells_spreadsheet_safe(with_report):
    entities = with_report / "entities.csv"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "The ban of the reformists.", '"=HYPERLINK(""http://x"",""ban"")"'), encoding="utf-8")
    rows = csv_rows(run("suggest", "vetting-row", corpus=with_report).output)
    ban = next(row for row in rows if row["kind"] == "known" and row["id"] == "ban-2004")
    assert ban["description"] == "'=HYPERLINK(\"http://x\",\"ban\")"
    assert "On Wednesday about 40 percent of the reformists walked out of the ban hearing." in [
        row["quote"] for row in rows if row["kind"] == "statement"]


def test_suggest_lists_an_event_whose_dates_hold_a_day_the_text_speaks_of(with_report):
    note = with_report / "note" / "statements.csv"
    with note.open("a", encoding="utf-8") as table:  # the ban: 11 January (its date) to 20 January 2004
        table.write("ban-2004,endDate,,2004-01-20,,stated,,The ban was,,,,\n")
    (with_report / "vetting-row" / "text.txt").write_text(
        (with_report / "vetting-row" / "text.txt").read_text(encoding="utf-8").replace(" of the ban hearing", ""),
        encoding="utf-8")  # the report no longer names the ban
    rows = csv_rows(run("suggest", "vetting-row", "--only", "known", corpus=with_report).output)
    ban = next(row for row in rows if row["id"] == "ban-2004")
    assert ban["mentioned_as"] == "" and ban["dates"] == "date 2004-01-11; endDate 2004-01-20"
    assert ban["hint"] == ("its dates hold 2004-01-15, the day of 'Yesterday'; "
                           "its dates hold 2004-01-14, the day of 'On Wednesday'")


def test_suggest_leaves_out_an_event_known_only_to_the_month(with_report):
    with (with_report / "note" / "statements.csv").open("a", encoding="utf-8") as table:
        table.write("ban-2004,endDate,,2004-01,,stated,,The ban was,,,,\n")
    (with_report / "vetting-row" / "text.txt").write_text(
        (with_report / "vetting-row" / "text.txt").read_text(encoding="utf-8").replace(" of the ban hearing", ""),
        encoding="utf-8")
    rows = csv_rows(run("suggest", "vetting-row", "--only", "known", corpus=with_report).output)
    assert "ban-2004" not in [row["id"] for row in rows]


def test_suggest_names_the_documents_when_the_id_is_wrong(with_report):
    result = run("suggest", "vetting-rows", corpus=with_report)
    assert result.exit_code == 1
    assert "no document 'vetting-rows' in the corpus" in result.output
    assert "the documents are: mini-note, vetting-row" in result.output


def test_new_reads_an_entity_table_that_starts_with_a_byte_order_mark(mini_corpus):
    entities = mini_corpus / "entities.csv"
    entities.write_bytes(b"\xef\xbb\xbf" + entities.read_bytes())
    assert run(*NEW, corpus=mini_corpus).exit_code == 0
    lines = entities.read_text(encoding="utf-8-sig").splitlines()
    assert lines[-1].startswith("nina-okafor,Person,Nina Okafor,")
    assert len([line for line in lines if line.startswith("daily-news,")]) == 1  # found by its label, not added again
    assert next(d for d in load_corpus(mini_corpus).documents if d.id == "vetting-row").metadata["journal"] == "daily-news"
