"""PLOVER event coding: the shipped codebook, the coding tables and their errors, the event data files.

Expected codes are read from the PLOVER manual (openeventdata/PLOVER, PLOVER_MANUAL.tex at 5e0c24f;
sections cited in each test) and from the article's words (quoted beside them), never copied from the
code's output.
"""

from __future__ import annotations

import csv
import json
import shutil

import jsonschema
import pandas as pd
import pytest

from graph.sources.coding import auxiliary_modes, load_codebook, load_coded_corpus
from graph.errors import FactionGraphError
from graph.analysis.events import plover_records
from graph.namespaces import FG, FGD, PLOVER
from graph.access.query import GraphFile, run_query
from graph.sources.vocabulary import ontology_dir
from support import CORPUS, DATA, ROOT

SCHEMA = json.loads((ontology_dir() / "plover-event.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def coded(article_corpus_dir):
    return load_coded_corpus(article_corpus_dir)


@pytest.fixture(scope="module")
def records(built):
    lines = (built / "events" / "plover.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def test_the_codebook_has_the_manuals_sixteen_event_types_in_their_quad_classes():
    """Manual 3.1-3.16, the "Quad category" of each event type's section (1 verbal cooperation,
    2 material cooperation, 3 verbal conflict, 4 material conflict). The summary table of 7.3 puts
    SANCTION in verbal conflict; its own section 3.13 says MATERIAL CONFLICT, which the table follows."""
    events = load_codebook().of_kind("event")
    assert {code: int(e.quad) for code, e in events.items()} == {
        "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
        "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
        "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}


def test_the_codebook_has_the_manuals_auxiliary_modes_contexts_and_sectors():
    """Manual 2.3 (four auxiliary modes), 2.2 (the table of general contexts, 37 rows) and 5.2 (the
    table of sector codes: 11 frequently and 14 less frequently used)."""
    codebook = load_codebook()
    assert set(codebook.of_kind("auxiliary")) == {"historical", "future", "hypothetical", "negation"}
    assert len(codebook.of_kind("context")) == 37
    assert {"election", "legislative", "political_institutions", "repression", "pro_autocracy"} <= set(
        codebook.of_kind("context"))
    assert len(codebook.of_kind("sector")) == 25
    assert {"GOV", "MIL", "OPP", "ELI", "REL", "LEG", "JUD"} <= set(codebook.of_kind("sector"))


def test_modes_belong_to_their_event_types_as_the_manual_lists_them():
    """Manual 3.11 (THREATEN modes), 3.12 (PROTEST modes), 3.15 (COERCE modes); REQUEST and REJECT
    share theirs (3.8, 3.10)."""
    codebook = load_codebook()
    assert set(codebook.modes_of("PROTEST")) == {"demo", "riot", "strike", "hunger", "boycott", "obstruct",
                                                 "vandalize"}
    assert set(codebook.modes_of("THREATEN")) == {"restrict", "arrest", "relations", "expel", "territory",
                                                  "violence"}
    assert "restrict" in codebook.modes_of("COERCE") and "ban" not in codebook.modes_of("COERCE")
    assert set(codebook.modes_of("REQUEST")) == set(codebook.modes_of("REJECT")) == {"assist", "change", "yield",
                                                                                       "meet"}
    assert codebook.modes_of("AGREE") == {}


def test_the_schema_names_the_codebooks_event_types_contexts_and_auxiliary_modes():
    codebook = load_codebook()
    properties = SCHEMA["properties"]
    assert set(properties["event"]["items"]["enum"]) == set(codebook.of_kind("event"))
    assert set(properties["context"]["items"]["enum"]) == set(codebook.of_kind("context"))
    assert set(properties["auxiliary"]["items"]["enum"]) == set(codebook.of_kind("auxiliary"))


def test_every_coding_of_the_corpus_uses_the_shipped_codes(coded):
    codebook = load_codebook()
    _, coding = coded
    assert coding.events and coding.actors
    for event in coding.events.values():
        assert set(event.types) <= set(codebook.of_kind("event"))
        assert all(mode in codebook.modes_of(event_type) and event_type in event.types
                   for event_type, mode in event.modes)
        assert set(event.contexts) <= set(codebook.of_kind("context"))
    for actor in coding.actors.values():
        assert {actor.sector, *actor.other_sectors} - {""} <= set(codebook.of_kind("sector"))


def test_the_governors_ultimatum_is_a_threat(coded):
    """Manual 3.11 THREATEN: "All threats, coercive or forceful warnings with serious potential
    repercussions". The text: "provincial governors converged on Tehran to issue an ultimatum to the
    Guardian Council: if the decision were not retracted within ten days, they would resign en masse"."""
    ultimatum = coded[1].events["governors-ultimatum"]
    assert ultimatum.types == ("THREATEN",)
    assert "ultimatum" in ultimatum.anchor.exact


def test_the_sit_in_is_a_protest_demonstration(coded):
    """Manual 3.12 PROTEST, mode 'demo': an organized, continuous, largely peaceful action directed
    toward government authorities. The text: "In protest, the disqualified deputies organized a sit-in
    at the Majles building"; they occupied Parliament for days against the Guardian Council's decision."""
    sit_in = coded[1].events["majles-sit-in-2004"]
    assert sit_in.types == ("PROTEST",)
    assert sit_in.modes == (("PROTEST", "demo"),)
    assert "legislative" in sit_in.contexts


def test_the_disqualifications_ban_candidates_from_political_life(coded):
    """Manual 3.15 COERCE, mode 'restrict': "the banning of individuals or organizations from political
    life". The text: the Guardian Council "eliminated half of the 8,200 candidates"; they were "barred
    from running" (as in 1996). Not SANCTION (3.13: "reductions in existing, routine, or cooperative
    relations") and not REJECT (3.10: "rejections and refusals"): the candidates lose the right to run."""
    disqualifications = coded[1].events["disqualifications-2004"]
    assert disqualifications.types == ("COERCE",)
    assert disqualifications.modes == (("COERCE", "restrict"),)
    assert {"election", "pro_autocracy"} <= set(disqualifications.contexts)


def test_the_resignations_are_retreats(coded):
    """Manual 3.7: RETREAT "also covers resignations of government officials", mode 'resign'; 3.13
    excludes "official resignations from an occupation or elected position" from SANCTION. The text:
    "124 deputies collectively resigned"; "100 deputy ministers offered their resignations"."""
    for event in ("deputies-mass-resignation", "deputy-ministers-resignation"):
        assert coded[1].events[event].modes == (("RETREAT", "resign"),)


def test_the_guardian_council_governs_and_the_protesting_deputies_legislate_in_opposition(coded):
    """Manual 5.2: GOV "Government"; LEG "Legislature: parliaments, assemblies, lawmakers"; OPP "political
    opposition ... typically assigned as a secondary code". The text: "the unelected Guardian Council";
    "the disqualified deputies organized a sit-in" against its decision."""
    actors = coded[1].actors
    assert (actors["guardian-council"].sector, actors["guardian-council"].country) == ("GOV", "IRN")
    assert (actors["reformist-deputies"].sector, actors["reformist-deputies"].other_sectors) == ("LEG", ("OPP",))


def test_every_record_validates_against_the_schema(records):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert records
    for record in records.values():
        assert not list(validator.iter_errors(record)), record["id"]


def test_the_schema_refuses_a_record_without_an_actor_or_with_an_unknown_type(records):
    """Manual chapter 6, the PLOVER JSON table: id, date, actor and event are required."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    record = dict(records["governors-ultimatum"])
    del record["actor"]
    assert not validator.is_valid(record)
    assert not validator.is_valid({**records["governors-ultimatum"], "event": ["ULTIMATUM"]})


def test_the_ultimatum_record_names_who_threatened_whom_and_where_the_words_are(records):
    """The text: "provincial governors converged on Tehran to issue an ultimatum to the Guardian Council";
    by January 15 the press had reported the deal that followed it, so the ultimatum came between the
    disqualifications of January 11 and January 15."""
    record = records["governors-ultimatum"]
    text = (CORPUS / "saghafi-2004" / "text.txt").read_text(encoding="utf-8")
    assert [a["identifier_text"] for a in record["actor"]] == ["Provincial governors"]
    assert [r["identifier_text"] for r in record["recipient"]] == ["Guardian Council"]
    assert (record["date"], record["date_latest"], record["date_precision"]) == ("2004-01-11", "2004-01-15", "range")
    assert record["quad_code"] == 3
    cite = record["cite_info"]
    assert text[cite["start"]:cite["end"]] == cite["quote"] == record["text"]


def test_rumoured_sanctions_are_marked_as_resting_on_rumour(records):
    """The text: "there are rumors among the more affluent classes that non-voters will be prohibited
    from traveling abroad"; "there is talk that ration coupons ... will be denied"; "it was said that
    students who failed to vote would see their application rejected". Manual 2.3: 'future'."""
    for event in ("rumoured-travel-ban-for-non-voters", "rumoured-ration-coupon-denial",
                  "rumoured-university-application-rejection"):
        assert records[event]["rests_on_rumour"] is True
        assert records[event]["status"] == ["rumour"]
        assert "future" in records[event]["auxiliary"]
    assert records["majles-sit-in-2004"]["rests_on_rumour"] is False


def test_statuses_map_onto_auxiliary_modes():
    """Manual 2.3: a prediction is 'future', speculation 'hypothetical'; a claim also stated stays plain."""
    assert auxiliary_modes({"prediction"}) == ("future",)
    assert auxiliary_modes({"speculation", "rumour"}) == ("hypothetical",)
    assert auxiliary_modes({"prediction", "stated"}) == ()
    assert auxiliary_modes({"stated"}, ("negation",)) == ("negation",)


def test_the_dyads_load_in_pandas_with_the_ultimatum_as_a_verbal_conflict(built):
    dyads = pd.read_csv(built / "events" / "cameo-dyads.csv", dtype={"cameo_code": str},
                        parse_dates=["date", "date_latest"])
    ultimatum = dyads[dyads["event"] == "governors-ultimatum"]
    assert ultimatum[["source_actor", "target_actor", "cameo_code", "quad_class"]].values.tolist() == [
        ["provincial-governors", "guardian-council", "139", 3]]
    assert dyads["date"].dropna().is_monotonic_increasing and dyads["date"].isna().sum() < len(dyads)


def test_the_competency_query_lists_the_sit_in_as_material_conflict(built):
    result = run_query((ROOT / "queries" / "the-crisis-as-plover-events.rq").read_text(encoding="utf-8"),
                       GraphFile(built / "graph.nt"))
    rows = result.records
    sit_in = [r for r in rows if r["event"] == str(FGD["majles-sit-in-2004"])]
    assert [(r["type"], r["quadClass"]) for r in sit_in] == [("PROTEST", "Material conflict")]
    assert {r["event"] for r in rows if r["restsOnRumour"]} >= {str(FGD["rumoured-travel-ban-for-non-voters"])}


def test_the_codes_are_skos_concepts_in_the_graph(graph_with_codes):
    assert (FGD["majles-sit-in-2004"], FG.ploverMode, PLOVER["mode-PROTEST-demo"]) in graph_with_codes
    assert (PLOVER["mode-PROTEST-demo"], None, None) in graph_with_codes


@pytest.fixture(scope="module")
def graph_with_codes(built):
    from rdflib import Graph
    return Graph().parse(built / "graph.nt", format="nt")


# Errors: every problem of the coding tables at once, with file, line, column and a hint.

@pytest.fixture
def coded_mini(mini_corpus):
    for name in ("event-codes.csv", "actor-codes.csv"):
        shutil.copy(DATA / "coding" / name, mini_corpus / name)
    return mini_corpus


def test_the_coded_mini_corpus_is_valid(coded_mini):
    corpus, coding = load_coded_corpus(coded_mini)
    assert [r["event"] for r in plover_records(corpus, coding)] == [["COERCE"]]


def _rewrite(path, column, value):
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("table, column, value, message, hint", [
    ("event-codes.csv", "plover_type", "COERSE", "unknown PLOVER event 'COERSE'", "did you mean 'COERCE'"),
    ("event-codes.csv", "plover_mode", "demo", "'demo' is a mode of none of COERCE", "the modes of COERCE are:"),
    ("event-codes.csv", "plover_context", "elections", "unknown PLOVER context 'elections'", "did you mean 'election'"),
    ("event-codes.csv", "event", "guardian-council", "'guardian-council' is a StateInstitution, not an event",
     "name an event id"),
    ("event-codes.csv", "event", "ban-2040", "unknown entity id 'ban-2040'", "did you mean 'ban-2004'"),
    ("event-codes.csv", "quote", "The Guardians banned everyone", "the quote is not in the text", ""),
    ("actor-codes.csv", "sector", "GOVT", "unknown PLOVER sector 'GOVT'", "did you mean 'GOV'"),
    ("actor-codes.csv", "country", "IRA", "unknown country code 'IRA'", "ISO 3166-1 alpha-3"),
])
def test_a_bad_cell_is_named_with_its_file_line_column_and_hint(coded_mini, table, column, value, message, hint):
    _rewrite(coded_mini / table, column, value)
    with pytest.raises(FactionGraphError) as caught:
        load_coded_corpus(coded_mini)
    problems = [p for p in caught.value.problems if p.column == column]
    assert len(problems) == 1, caught.value
    assert str(problems[0].path).endswith(table) and problems[0].row == 2
    assert message in problems[0].message and hint in problems[0].hint


def test_a_type_other_than_the_crosswalks_needs_a_reason(coded_mini):
    """CAMEO2PLOVER-2021.txt gives CAMEO 1722 the type COERCE; SANCTION without a note is refused."""
    path = coded_mini / "event-codes.csv"
    _rewrite(path, "plover_mode", "")
    _rewrite(path, "plover_type", "SANCTION")
    _rewrite(path, "note", "")
    with pytest.raises(FactionGraphError) as caught:
        load_coded_corpus(coded_mini)
    assert [p.column for p in caught.value.problems] == ["note"]
    assert "the crosswalk gives CAMEO 1722 the type COERCE" in caught.value.problems[0].message


def test_problems_in_the_corpus_and_in_the_coding_are_reported_together(coded_mini):
    _rewrite(coded_mini / "actor-codes.csv", "sector", "GOVT")
    statements = coded_mini / "note" / "statements.csv"
    statements.write_text(statements.read_text(encoding="utf-8").replace("stated", "stateed", 1), encoding="utf-8")
    with pytest.raises(FactionGraphError) as caught:
        load_coded_corpus(coded_mini)
    assert {p.column for p in caught.value.problems} == {"status", "sector"}
