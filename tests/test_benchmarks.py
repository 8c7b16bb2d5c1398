"""The benchmark: a deterministic corpus generator, and a quick run whose every stage produced what it should.

What each stage produced is compared with what the generator wrote (counted as it wrote it) or
with the article's own tables; how fast anything ran is never asserted.
"""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from graph.bench.synthetic_corpus import generate_corpus
from graph.bench.run import parse_sizes
from graph.cli import main
from graph.errors import FactionGraphError
from support import ARTICLE


def files_of(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_gives_byte_identical_corpora(tmp_path):
    first = generate_corpus(tmp_path / "a", 20_000, seed=7)
    second = generate_corpus(tmp_path / "b", 20_000, seed=7)
    assert files_of(tmp_path / "a").keys() == files_of(tmp_path / "b").keys()
    same = {name: data for name, data in files_of(tmp_path / "a").items() if name != "manifest.json"}
    assert same == {name: data for name, data in files_of(tmp_path / "b").items() if name != "manifest.json"}
    assert (first.statements, first.probe_actor) == (second.statements, second.probe_actor)


def test_another_seed_gives_another_corpus(tmp_path):
    generate_corpus(tmp_path / "a", 20_000, seed=7)
    generate_corpus(tmp_path / "b", 20_000, seed=8)
    a, b = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert a["entities.csv"] != b["entities.csv"]


def test_a_generated_corpus_is_in_the_projects_input_format(tmp_path):
    made = generate_corpus(tmp_path / "corpus", 20_000, seed=3)
    documents = sorted(p for p in (tmp_path / "corpus").iterdir() if p.is_dir())
    assert len(documents) == made.documents > 1
    for folder in documents:
        assert {p.name for p in folder.iterdir()} == {"document.toml", "text.txt", "sources.csv",
                                                      "statements.csv", "figures.csv"}
        text = (folder / "text.txt").read_text(encoding="utf-8")
        with open(folder / "statements.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                assert row["quote"] in text
                if row["occurrence"]:
                    assert text.count(row["quote"]) >= int(row["occurrence"]) > 0


def test_an_unknown_size_is_a_clear_error():
    with pytest.raises(FactionGraphError, match="use a comma-separated list of: 10k, 100k, 1m"):
        parse_sizes("10k,2m")


@pytest.mark.slow
def test_a_quick_run_measures_every_stage_and_each_produced_what_it_should(tmp_path, article_corpus_dir):
    out = tmp_path / "BENCHMARKS.md"
    result = CliRunner().invoke(main, ["bench", "--quick", "--corpus", str(article_corpus_dir), "--out", str(out),
                                       "--workdir", str(tmp_path / "work")], prog_name="factiongraph")
    assert result.exit_code == 0, result.output
    results = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    manifest = results["sizes"]["10k"]["manifest"]
    counts = results["sizes"]["10k"]["measurement"]["counts"]
    assert counts["documents"] == manifest["documents"]
    assert (counts["statements"], counts["figures"], counts["cited works"]) == (
        manifest["statements"], manifest["figures"], manifest["works"])
    assert counts["quotes anchored"] == manifest["statements"] + manifest["figures"] + manifest["works"]
    assert counts["shacl conforms"] and counts["shacl violations"] == 0
    assert counts["triples in each file"] == {fmt: counts["triples"] for fmt in ("ttl", "nt", "jsonld")}
    assert counts["triples loaded"] == counts["triples built"] == counts["triples"] > counts["triples from annotations"]
    assert counts["pyshacl agrees"]
    assert set(counts["html bytes"]) == {"graph.html", "text.html"} and "failed stages" not in counts
    answers = counts["answers"]
    assert answers["evidence statements"] == manifest["probe_statements"]
    assert answers["events by month"] == manifest["dated_events_by_month"]
    assert answers["two-hop"] == manifest["probe_two_hop"]
    assert all(ours == rdflib for ours, rdflib in counts["answer rows (pyoxigraph, rdflib)"].values())

    article = results["sizes"]["article"]["measurement"]["counts"]
    with open(ARTICLE / "statements.csv", encoding="utf-8", newline="") as handle:
        assert article["statements"] == sum(1 for _ in csv.DictReader(handle))
    assert article["shacl conforms"]

    report = out.read_text(encoding="utf-8")
    for stage in ("read and check tables", "anchor quotes", "build triples (graph.pipeline.corpus_lines)", "SHACL (Oxigraph",
                  "network measures", "serialise ttl", "serialise jsonld", "competency queries page", "HTML pages",
                  "for comparison: SHACL with pyshacl", "load for queries", "query: evidence for one actor",
                  "query: events per month (aggregate)", "query: two-hop path from one actor"):
        assert report.count(f"| {stage}") == 2, stage
    assert "`factiongraph bench --quick" in report and "## Goals" in report


def test_a_scale_run_builds_the_corpus_whole_again_after_an_edit_and_measures_the_floor(tmp_path):
    from graph.bench.report import scale_section
    from graph.bench.scale import measure_scale

    generated = generate_corpus(tmp_path / "same", 20_000, seed=3)
    [row] = measure_scale((20_000,), tmp_path / "work", seed=3, limit=600, echo=lambda _: None)
    assert row["documents"] == generated.documents > 1
    assert row["build"]["finished"] and row["edit"]["finished"] and row["floor"]["finished"], row
    assert row["triples"] > generated.statements
    # one document edited: every other document and the analysis (same ties) come from the cache
    assert row["pieces reused"] == f"{generated.documents} of {generated.documents + 1}"
    table = "\n".join(scale_section([row]))
    assert f"| 20,000 | {generated.documents} | {row['triples']:,} |" in table
    assert not any((tmp_path / "work").iterdir())  # each size's corpus, outputs and cache are removed


def test_scale_targets_are_read_from_names_and_numbers():
    from graph.bench.run import parse_scale

    assert parse_scale("1m, 6250000") == (1_000_000, 6_250_000)
    with pytest.raises(FactionGraphError, match="'ten' is not a number of triples"):
        parse_scale("1m,ten")
