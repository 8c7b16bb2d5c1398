"""Exact networkx betweenness against what the build computes, on growing sparse graphs.

``python -m graph.bench.betweenness`` prints, for seeded random graphs with 1.5 edges per node (as
sparse as the article's actor network), the seconds networkx's exact betweenness takes, the seconds
graph.analysis.centrality.measure_betweenness takes (exact up to BETWEENNESS_EXACT_MAX_NODES nodes, from
BETWEENNESS_SAMPLES seeded pivots above), its largest error against the exact scores and how many
of the exact top ten it keeps.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx

from ..analysis.centrality import BETWEENNESS_EXACT_MAX_NODES, BETWEENNESS_SAMPLES, measure_betweenness
from ..analysis.numbers import SEED

SIZES = (250, 500, 1000, 2000)


def _seconds(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def _top_ten(scores: dict) -> set:
    return set(sorted(scores, key=lambda node: (-scores[node], node))[:10])


def measure_betweenness_costs(sizes=SIZES, seed: int = SEED) -> list[dict]:
    """One row per size: networkx exact and build seconds, whether the build sampled, the largest
    error, the top ten kept."""
    rows = []
    for size in sizes:
        graph = nx.gnm_random_graph(size, int(1.5 * size), seed=seed)
        exact, exact_seconds = _seconds(nx.betweenness_centrality, graph)
        (built, sampled), built_seconds = _seconds(measure_betweenness, graph, seed=seed)
        rows.append({"nodes": size, "exact_seconds": exact_seconds, "build_seconds": built_seconds,
                     "sampled": sampled, "largest_error": max(abs(exact[node] - built[node]) for node in graph),
                     "top_ten_kept": len(_top_ten(exact) & _top_ten(built))})
    return rows


def render_table(rows: list[dict]) -> str:
    lines = [f"the build: exact up to {BETWEENNESS_EXACT_MAX_NODES} nodes, then {BETWEENNESS_SAMPLES} pivots", "",
             "| nodes | networkx exact s | build s | build sampled | largest error | exact top 10 kept |",
             "|---:|---:|---:|---|---:|---:|"]
    lines += [f"| {r['nodes']} | {r['exact_seconds']:.2f} | {r['build_seconds']:.2f} | "
              f"{'yes' if r['sampled'] else 'no'} | {r['largest_error']:.4f} | {r['top_ten_kept']} |" for r in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m graph.bench.betweenness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda text: tuple(int(n) for n in text.split(",")), default=SIZES,
                        help="comma-separated node counts (default %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED, help="the random graphs' seed (default %(default)s)")
    arguments = parser.parse_args()
    print(render_table(measure_betweenness_costs(arguments.sizes, arguments.seed)), end="")
