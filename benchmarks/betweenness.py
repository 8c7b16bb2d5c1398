"""Exact against sampled betweenness on growing sparse graphs: where graph.analyze switches.

``python -m benchmarks.betweenness`` prints, for seeded random graphs with 1.5 edges per node (as
sparse as the article's actor network), the seconds exact betweenness takes, the seconds the sampled
estimate takes (BETWEENNESS_SAMPLES pivots, seeded), its largest error and how many of the exact
top ten it keeps. graph.analyze is exact up to BETWEENNESS_EXACT_MAX_NODES nodes.
"""

from __future__ import annotations

import time

import networkx as nx

from graph.analyze import BETWEENNESS_EXACT_MAX_NODES, BETWEENNESS_SAMPLES, SEED

SIZES = (250, 500, 1000, 2000)


def _seconds(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def _top_ten(scores: dict) -> set:
    return set(sorted(scores, key=lambda node: (-scores[node], node))[:10])


def measure_betweenness_costs(sizes=SIZES, seed: int = SEED) -> list[dict]:
    """One row per size: exact and sampled seconds, the largest error, the top ten kept."""
    rows = []
    for size in sizes:
        graph = nx.gnm_random_graph(size, int(1.5 * size), seed=seed)
        exact, exact_seconds = _seconds(nx.betweenness_centrality, graph)
        sampled, sampled_seconds = _seconds(nx.betweenness_centrality, graph, k=min(BETWEENNESS_SAMPLES, size),
                                            seed=seed)
        rows.append({"nodes": size, "exact_seconds": exact_seconds, "sampled_seconds": sampled_seconds,
                     "largest_error": max(abs(exact[node] - sampled[node]) for node in graph),
                     "top_ten_kept": len(_top_ten(exact) & _top_ten(sampled))})
    return rows


def render_table(rows: list[dict]) -> str:
    lines = [f"exact up to {BETWEENNESS_EXACT_MAX_NODES} nodes, then {BETWEENNESS_SAMPLES} pivots", "",
             "| nodes | exact s | sampled s | largest error | exact top 10 kept |", "|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['nodes']} | {r['exact_seconds']:.2f} | {r['sampled_seconds']:.2f} | {r['largest_error']:.4f} | "
              f"{r['top_ten_kept']} |" for r in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_table(measure_betweenness_costs()), end="")
