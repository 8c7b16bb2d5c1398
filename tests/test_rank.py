"""`factiongraph rank` through click's runner, on the real article built once per session."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pandas as pd
import pytest
from click.testing import CliRunner

from graph.analysis.networks import parse_slice
from graph.cli import main
from graph.analysis.rank import RankRow, compute_ranking, load_ranking, render_ranking


def rank(built, *args):
    return CliRunner().invoke(main, ["rank", "--build", str(built), *args])


def test_rank_by_degree_lists_the_guardian_council(built):
    result = rank(built, "--by", "degree", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["rank"] for r in rows] == list(range(1, 11))
    assert "guardian-council" in {r["id"] for r in rows}
    assert {"rank", "id", "label", "type", "score"} == set(rows[0])


def test_rank_agrees_with_the_centrality_table(built):
    result = rank(built, "--by", "pagerank", "--top", "5", "--format", "csv")
    ranked = pd.read_csv(io.StringIO(result.output))
    table = pd.read_csv(built / "centrality.csv")
    table = table[(table.network == "actors") & (table.time_slice == "all") & (table.evidence == "facts")].set_index("id")
    assert list(ranked["score"]) == sorted(ranked["score"], reverse=True)
    assert all(abs(table.loc[i, "pagerank"] - s) < 1e-9 for i, s in zip(ranked["id"], ranked["score"]))


def test_the_default_table_is_betweenness_in_the_actor_network(built):
    result = rank(built)
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[0].split() == ["rank", "label", "type", "score"]
    assert len(lines) == 11 and lines[1].split()[0] == "1"
    default = json.loads(rank(built, "--format", "json").output)
    table = pd.read_csv(built / "centrality.csv")
    actors = table[(table.network == "actors") & (table.time_slice == "all") & (table.evidence == "facts")]
    by_betweenness = actors.sort_values(["betweenness", "label"], ascending=[False, True]).head(10)
    assert [r["score"] for r in default] == pytest.approx(list(by_betweenness["betweenness"]))
    by_degree = actors.sort_values("degree", ascending=False).head(10)
    assert [r["id"] for r in default] != list(by_degree["id"])  # the two orders differ on the article


def test_a_slice_the_build_did_not_store_is_computed_like_the_stored_ones(built):
    stored = load_ranking(built / "graph.nt", "actors", "2004-01-11-to-2004-02-20", "degree", 10)
    computed = compute_ranking(built / "graph.nt", "actors", parse_slice("2004-01-11-to-2004-02-20"), "degree", 10)
    assert stored == computed
    # Khatami met Khamenei and visited the Council in mid-January
    result = rank(built, "--slice", "2004-01-11-to-2004-01-31", "--by", "degree", "--top", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "mohammad-khatami" in {r["id"] for r in json.loads(result.output)}


def test_without_a_build_rank_says_to_build_first(tmp_path):
    result = rank(tmp_path / "nothing")
    assert result.exit_code == 1
    assert "run `factiongraph build` first" in result.output and "Traceback" not in result.output


def test_bad_options_are_explained(built):
    result = rank(built, "--by", "popularity")
    assert result.exit_code == 1 and "--by" in result.output and "betweenness" in result.output
    result = rank(built, "--slice", "soon")
    assert result.exit_code == 1 and "before-2004-01-11" in result.output
    result = rank(built, "--network", "co-participation", "--slice", "after-2004-02-20")
    assert result.exit_code == 1 and "only over: all" in result.output


def test_rank_csv_keeps_labels_from_running_as_formulas():
    rows = [RankRow(1, "=cmd", '=HYPERLINK("http://x","y")', "Organisation", Decimal("0.5")),
            RankRow(2, "plain", "-2+3", "Person", Decimal("-0.25"))]
    table = list(csv.reader(io.StringIO(render_ranking(rows, "csv"))))
    assert table[1] == ["1", "'=cmd", '\'=HYPERLINK("http://x","y")', "Organisation", "0.5"]
    assert table[2] == ["2", "plain", "'-2+3", "Person", "-0.25"]
